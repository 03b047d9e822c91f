import { isObjectType } from 'graphql';
import type { GatewayContext } from '../context.js';
import { InvalidCursorError } from '../pagination/errors.js';
import { NotFoundError } from '../upstream/errors.js';
import {
  type ExecutionErrorRecord,
  type ExecutionRecord,
  executionRequestFor,
  type GetExecutionRequest,
} from '../upstream/flow-executions.js';
import { executionIdOf } from '../upstream/identifiers.js';
import { builder } from './builder.js';
import { asGraphQLError, lookupErrors } from './errors.js';
import { eventsArgsFrom, loadEventsWindow } from './events-window.js';
import { loadExecutionErrors, loadSnapshot } from './execution-details.js';
import { selectedFieldArguments } from './lookahead.js';

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

const FlowExecutionErrorType = builder.enumType('FlowExecutionErrorType', {
  description: 'The kinds of execution error Bedrock names.',
  values: {
    EXECUTION_TIMED_OUT: {
      value: 'ExecutionTimedOut',
      description: 'The execution ran for 24 hours and was stopped.',
    },
  } as const,
});

const FlowExecutionError = builder.objectRef<ExecutionErrorRecord>('FlowExecutionError').implement({
  description: 'An error Bedrock recorded for an execution.',
  fields: (t) => ({
    error: t.field({
      type: FlowExecutionErrorType,
      nullable: true,
      description: 'The kind of error, when Bedrock names one.',
      // A kind this schema does not know yet still shows its message and node.
      resolve: (e) => (e.error === 'ExecutionTimedOut' ? e.error : null),
    }),
    message: t.string({
      nullable: true,
      description: 'What went wrong.',
      resolve: (e) => e.message ?? null,
    }),
    nodeName: t.string({
      nullable: true,
      description: 'The node where it went wrong, if at a node.',
      resolve: (e) => e.nodeName ?? null,
    }),
  }),
});

builder.node(FlowExecution, {
  // Wherever an execution shows up (lists, node, _entities, payloads): read scope and allowlist.
  authScopes: (execution) => ({ $all: { read: true, flow: execution.flowId } }),
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
    startedAt: t.field({
      type: 'DateTime',
      description:
        'When the execution started, as GetFlowExecution reports it; for an execution read from a listing, its creation time (Bedrock creates and starts a run together).',
      resolve: (execution) => {
        const at = execution.startedAt ?? execution.createdAt;
        if (!at) throw new Error(`Execution ${execution.executionArn} has no start time`);
        return at;
      },
    }),
    errors: t.field({
      type: [FlowExecutionError],
      description:
        'The errors Bedrock recorded (GetFlowExecution); empty when there were none. For an execution read from a listing this costs one GetFlowExecution call.',
      resolve: async (execution, _args, context) => {
        try {
          return await loadExecutionErrors(context, execution);
        } catch (error) {
          throw asGraphQLError(error);
        }
      },
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
  let request: GetExecutionRequest;
  try {
    request = executionRequestFor(arn);
  } catch {
    return null;
  }
  try {
    return await context.loaders.executions.load(request);
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
    authScopes: (_root, args) => ({ $all: { read: true, flow: args.executionArn } }),
    description:
      'Looks one execution up by its ARN (one GetFlowExecution call, shared within the request; none for a finished execution already in the gateway’s cache).',
    args: {
      executionArn: t.arg.string({
        required: true,
        description: 'arn:aws:bedrock:REGION:ACCOUNT:flow/FLOW/alias/ALIAS/execution/ID',
      }),
    },
    errors: {
      types: [InvalidCursorError, ...lookupErrors],
      directResult: true,
      union: {
        name: 'FlowExecutionResult',
        description:
          'The execution with its selected events and snapshot loaded, or why they could not be read.',
      },
    },
    resolve: async (_root, { executionArn }, context, info) => {
      const execution = await context.loaders.executions.load(executionRequestFor(executionArn));
      // Look ahead: load the event windows and the snapshot selected under this execution now, so
      // a failure becomes this field's union member; their resolvers then get the same answers
      // from the request's loaders without another upstream call.
      const executionType = info.schema.getType('FlowExecution');
      const pending: Promise<unknown>[] = [];
      if (isObjectType(executionType)) {
        for (const raw of selectedFieldArguments(info, executionType, 'events')) {
          pending.push(loadEventsWindow(context, execution, eventsArgsFrom(raw)));
        }
        if (selectedFieldArguments(info, executionType, 'flowSnapshot').length > 0) {
          pending.push(loadSnapshot(context, execution));
        }
      }
      // The first failure in document order becomes the member; every load has settled by then.
      for (const outcome of await Promise.allSettled(pending)) {
        if (outcome.status === 'rejected') throw outcome.reason;
      }
      return execution;
    },
  }),
);
