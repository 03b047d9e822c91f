import type { SnapshotRecord } from '../upstream/flow-execution-events.js';
import { builder } from './builder.js';
import { asGraphQLError } from './errors.js';
import { loadSnapshot } from './execution-details.js';
import { FlowExecution } from './flow-execution.js';

export const FlowSnapshot = builder.objectRef<SnapshotRecord>('FlowSnapshot').implement({
  description:
    'The flow as it stood when an execution started: later edits to the flow do not change it.',
  fields: (t) => ({
    definition: t.field({
      type: 'JSON',
      description:
        'The flow definition (nodes, connections and their configuration), as a FlowDefinition document.',
      resolve: (snapshot) => snapshot.definition,
    }),
    executionRoleArn: t.exposeString('executionRoleArn', {
      description: 'The IAM role the execution ran as.',
    }),
    customerEncryptionKeyArn: t.string({
      nullable: true,
      description:
        'The customer managed KMS key that encrypts the snapshot; null when AWS owns the key.',
      resolve: (snapshot) => snapshot.customerEncryptionKeyArn ?? null,
    }),
    flowId: t.exposeString('flowId', { description: 'The flow, as Bedrock reports it.' }),
    flowAliasId: t.exposeString('flowAliasId', {
      description: 'The alias the execution ran through.',
    }),
    flowVersion: t.exposeString('flowVersion', {
      description: 'The flow version that ran: DRAFT or a number.',
    }),
  }),
});

builder.objectField(FlowExecution, 'flowSnapshot', (t) =>
  t.field({
    type: FlowSnapshot,
    description:
      'The flow definition, role, key and version this execution ran with (one GetExecutionFlowSnapshot call; cached once the execution is final). Failures show as the `flowExecution` lookup’s union member; reached any other way, as a GraphQL error.',
    resolve: async (execution, _args, context) => {
      try {
        return await loadSnapshot(context, execution);
      } catch (error) {
        throw asGraphQLError(error);
      }
    },
  }),
);
