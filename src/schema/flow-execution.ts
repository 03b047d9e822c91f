import type { GatewayContext } from '../context.js';
import { NotFoundError } from '../upstream/errors.js';
import type { ExecutionRecord } from '../upstream/flow-executions.js';
import { executionIdOf, parseExecutionArn } from '../upstream/identifiers.js';
import { builder } from './builder.js';
import { asGraphQLError, lookupErrors } from './errors.js';

export const FlowExecutionStatus = builder.enumType('FlowExecutionStatus', {
  description:
    'Where a flow execution stands. Only RUNNING ever changes; the other four are final.',
  values: {
    RUNNING: {
      value: 'Running',
      description: 'Still running (executions time out after 24 hours).',
    },
    SUCCEEDED: { value: 'Succeeded', description: 'Finished successfully.' },
    FAILED: { value: 'Failed', description: 'Finished with an error.' },
    TIMED_OUT: { value: 'TimedOut', description: 'Stopped after running for 24 hours.' },
    ABORTED: { value: 'Aborted', description: 'Stopped on request.' },
  } as const,
});

export const FlowExecution = builder.objectRef<ExecutionRecord>('FlowExecution');

builder.node(FlowExecution, {
  authScopes: (execution) => ({ flow: execution.flowId }),
  description: 'One run of a Bedrock flow through one of its aliases.',
  id: { resolve: (execution) => execution.executionArn },
  // A global ID that does not hold an execution ARN names no node: null, like an unknown one.
  loadOne: (arn, context) => loadExecutionReference(context, arn),
  fields: (t) => ({
    executionArn: t.exposeString('executionArn', {
      description:
        'The execution’s ARN: arn:aws:bedrock:REGION:ACCOUNT:flow/FLOW/alias/ALIAS/execution/ID.',
    }),
    executionId: t.string({
      description: 'The execution’s own identifier, the last part of its ARN.',
      resolve: (execution) => executionIdOf(execution.executionArn),
    }),
    flowId: t.exposeString('flowId', {
      description: 'The flow this execution ran, as Bedrock reports it.',
    }),
    flowAliasId: t.exposeString('flowAliasId', {
      description: 'The alias it ran through, as Bedrock reports it.',
    }),
    flowVersion: t.exposeString('flowVersion', {
      description: 'The flow version the alias pointed at: DRAFT or a number.',
    }),
    status: t.field({
      type: FlowExecutionStatus,
      description: 'Where the execution stands.',
      resolve: (execution) => execution.status,
    }),
    createdAt: t.field({
      type: 'DateTime',
      description:
        'When the execution was created. For an execution looked up by ARN this is when it started: Bedrock creates and starts a run together.',
      resolve: (execution) => {
        const at = execution.createdAt ?? execution.startedAt;
        if (!at) throw new Error(`Execution ${execution.executionArn} has no creation time`);
        return at;
      },
    }),
    endedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the execution ended; null while it is running.',
      resolve: (execution) => execution.endedAt ?? null,
    }),
  }),
});

/**
 * Loads the execution a reference (a global ID or an entity representation) names, through the
 * request's GetFlowExecution loader, so N references to K executions cost K concurrent calls. A
 * reference that holds no execution ARN, or names an execution Bedrock does not know, is null;
 * any other failure is a GraphQL error with `extensions.code`.
 */
async function loadExecutionReference(
  context: GatewayContext,
  arn: string,
): Promise<ExecutionRecord | null> {
  let parts: ReturnType<typeof parseExecutionArn>;
  try {
    parts = parseExecutionArn(arn);
  } catch {
    return null;
  }
  try {
    return await context.loaders.executions.load({
      flowId: parts.flowId,
      flowAliasId: parts.flowAliasId,
      executionIdentifier: parts.arn,
    });
  } catch (error) {
    if (error instanceof NotFoundError) return null;
    throw asGraphQLError(error);
  }
}

// A federation entity: other subgraphs hold execution ARNs and let the supergraph fetch the rest.
builder.asEntity(FlowExecution, {
  key: builder.selection<{ executionArn: string }>('executionArn'),
  resolveReference: ({ executionArn }, context) => loadExecutionReference(context, executionArn),
});

export const FlowExecutionConnection = builder.connectionObject(
  {
    type: FlowExecution,
    name: 'FlowExecutionConnection',
    description: 'A forward-only page of a flow’s executions, newest first.',
  },
  {
    name: 'FlowExecutionEdge',
    description: 'An execution and the cursor to continue after it.',
  },
);

builder.queryField('flowExecution', (t) =>
  t.field({
    type: FlowExecution,
    description:
      'Looks one execution up by its ARN (one GetFlowExecution call, shared within the request).',
    args: {
      executionArn: t.arg.string({
        required: true,
        description: 'arn:aws:bedrock:REGION:ACCOUNT:flow/FLOW/alias/ALIAS/execution/ID',
      }),
    },
    errors: {
      types: [...lookupErrors],
      directResult: true,
      union: {
        name: 'FlowExecutionResult',
        description: 'The execution, or why it could not be read.',
      },
    },
    resolve: (_root, { executionArn }, context) => {
      const parts = parseExecutionArn(executionArn);
      return context.loaders.executions.load({
        flowId: parts.flowId,
        flowAliasId: parts.flowAliasId,
        executionIdentifier: parts.arn,
      });
    },
  }),
);
