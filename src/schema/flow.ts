import { isObjectType } from 'graphql';
import { InvalidCursorError } from '../pagination/errors.js';
import { validateFlowIdentifier } from '../upstream/identifiers.js';
import { builder } from './builder.js';
import { asGraphQLError, lookupErrors } from './errors.js';
import {
  type ExecutionsConnection,
  executionsArgsFrom,
  executionsWindowKey,
  loadExecutionsWindow,
} from './executions-window.js';
import { FlowExecutionConnection } from './flow-execution.js';
import { selectedFields, streamsEdges } from './lookahead.js';

/** A flow, plus the execution windows its lookup already loaded (keyed by their arguments). */
interface FlowShape {
  readonly flowId: string;
  readonly windows: Map<string, Promise<ExecutionsConnection>>;
}

const newFlow = (flowId: string): FlowShape => ({ flowId, windows: new Map() });

export const Flow = builder.objectRef<FlowShape>('Flow');

/** A flow named by an untrusted identifier (a global ID, an entity key): null when it cannot be one. */
function flowReference(flowId: string): FlowShape | null {
  try {
    return newFlow(validateFlowIdentifier(flowId));
  } catch {
    return null;
  }
}

builder.node(Flow, {
  authScopes: (flow) => ({ $all: { read: true, flow: flow.flowId } }),
  description:
    'A Bedrock flow, seen through its executions. The flow itself is not fetched: Bedrock’s runtime API has no flow lookup, so existence shows when executions are read.',
  id: { resolve: (flow) => flow.flowId },
  loadOne: (id) => flowReference(id),
  fields: (t) => ({
    flowId: t.exposeString('flowId', {
      description: 'The Bedrock flow identifier, as given: 10 letters or digits, or a flow ARN.',
    }),
    executions: t.field({
      type: FlowExecutionConnection,
      description:
        'The flow’s executions, newest first, as a forward-only Relay connection. Failures show as the `flow` lookup’s union member; reached any other way (through `node`), as a GraphQL error with `extensions.code`.',
      args: {
        first: t.arg.int({
          description: 'How many executions to return: 1 to 100 (configurable), default 20.',
        }),
        after: t.arg.string({ description: 'Continue after this edge cursor.' }),
        flowAliasId: t.arg.string({
          description:
            'Only executions run through this alias (an alias id such as TSTALIASID, or an alias ARN).',
        }),
      },
      resolve: async (flow, args, context, info) => {
        const stream = info.fieldNodes.some((node) => streamsEdges(node, info.variableValues));
        try {
          return await (flow.windows.get(executionsWindowKey(args, stream)) ??
            loadExecutionsWindow(context, flow.flowId, args, stream));
        } catch (error) {
          throw asGraphQLError(error);
        }
      },
    }),
  }),
});

// A federation entity too, and a cheap one: a reference costs no upstream call until its
// executions are selected, and those go through the request's loaders like any other.
builder.asEntity(Flow, {
  key: builder.selection<{ flowId: string }>('flowId'),
  resolveReference: ({ flowId }) => flowReference(flowId),
});

builder.queryField('flow', (t) =>
  t.field({
    type: Flow,
    authScopes: (_root, args) => ({ $all: { read: true, flow: String(args.id) } }),
    description:
      'Looks a flow up by id and loads the executions selected under it, so that any failure to read them comes back as a typed member of this union.',
    args: {
      id: t.arg.id({
        required: true,
        description: 'The flow identifier: 10 letters or digits, or a flow ARN.',
      }),
    },
    errors: {
      types: [InvalidCursorError, ...lookupErrors],
      directResult: true,
      union: {
        name: 'FlowResult',
        description: 'The flow with its selected executions loaded, or why they could not be read.',
      },
    },
    resolve: async (_root, { id }, context, info) => {
      const flow = newFlow(validateFlowIdentifier(String(id), 'id'));
      // Look ahead: load every `executions` window selected under this flow now, so a failure can
      // still become this field's union member; the `executions` resolvers then read the results.
      const flowType = info.schema.getType('Flow');
      if (isObjectType(flowType)) {
        for (const selected of selectedFields(info, flowType, 'executions')) {
          const args = executionsArgsFrom(selected.args);
          // A streamed window answers after its first page: only that page's failure can still
          // become this union's member; later ones are errors in the stream.
          const stream = streamsEdges(selected.node, info.variableValues);
          const key = executionsWindowKey(args, stream);
          if (!flow.windows.has(key)) {
            flow.windows.set(key, loadExecutionsWindow(context, flow.flowId, args, stream));
          }
        }
      }
      // The first failure in document order becomes the member; every window has settled by then.
      const settled = await Promise.allSettled(flow.windows.values());
      for (const outcome of settled) {
        if (outcome.status === 'rejected') throw outcome.reason;
      }
      return flow;
    },
  }),
);
