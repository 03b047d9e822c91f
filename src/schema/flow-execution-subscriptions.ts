import { FixedBuffer, Repeater } from 'graphql-yoga';
import type { GatewayContext } from '../context.js';
import type { ExecutionWatches, WatchListener } from '../upstream/execution-watch.js';
import type { EventType, ExecutionEventRecord } from '../upstream/flow-execution-events.js';
import {
  type ExecutionRecord,
  executionRequestFor,
  type GetExecutionRequest,
} from '../upstream/flow-executions.js';
import { builder } from './builder.js';
import { asGraphQLError } from './errors.js';
import { normalizeKinds } from './events-window.js';
import { FlowExecution } from './flow-execution.js';
import { FlowExecutionEvent, FlowExecutionEventKind } from './flow-execution-event.js';

/** Values a slow subscriber may fall behind by before the stream fails rather than grow unbounded. */
const BUFFERED = 10_000;

/**
 * A stream fed by the shared poller of one execution. It ends when the execution is final (after
 * everything was delivered), fails with the poller's error, and leaves the poller when the client
 * goes away, so the last one to leave stops it.
 */
function watchStream<T>(
  watches: ExecutionWatches,
  executionArn: string,
  options: { events: boolean },
  listen: (push: (value: T) => void) => Omit<WatchListener, 'onEnd'>,
): Repeater<T> {
  let target: GetExecutionRequest;
  try {
    target = executionRequestFor(executionArn);
  } catch (error) {
    throw asGraphQLError(error);
  }
  return new Repeater<T>(async (push, stop) => {
    const unwatch = watches.watch(
      target,
      {
        ...listen((value) => {
          push(value).catch(() => undefined);
        }),
        onEnd: (error) => stop(error === undefined ? undefined : asGraphQLError(error)),
      },
      options,
    );
    await stop;
    unwatch();
  }, new FixedBuffer(BUFFERED));
}

/** Each event a subscription sends is read like a new operation: fresh loaders, fresh deadline. */
function fresh<T>(value: T, _args: unknown, context: GatewayContext): T {
  context.renewLoaders();
  return value;
}

builder.subscriptionField('flowExecutionUpdated', (t) =>
  t.field({
    type: FlowExecution,
    authScopes: (_root, { executionArn }) => ({ $all: { read: true, flow: executionArn } }),
    description:
      'The execution now, then again at each status change; completes after the final status (SUCCEEDED, FAILED, TIMED_OUT or ABORTED). Failures are GraphQL errors with `extensions.code`.',
    args: {
      executionArn: t.arg.string({
        required: true,
        description: 'arn:aws:bedrock:REGION:ACCOUNT:flow/FLOW/alias/ALIAS/execution/ID',
      }),
    },
    subscribe: (_root, { executionArn }, context) =>
      watchStream<ExecutionRecord>(context.watches, executionArn, { events: false }, (push) => ({
        onExecution: push,
      })),
    resolve: fresh,
  }),
);

builder.subscriptionField('flowExecutionEvents', (t) =>
  t.field({
    type: FlowExecutionEvent,
    authScopes: (_root, { executionArn }) => ({ $all: { read: true, flow: executionArn } }),
    description:
      'The execution’s events as they appear, oldest first: those already recorded, then new ones; completes once the execution is final and its last event was sent. Failures are GraphQL errors with `extensions.code`.',
    args: {
      executionArn: t.arg.string({
        required: true,
        description: 'arn:aws:bedrock:REGION:ACCOUNT:flow/FLOW/alias/ALIAS/execution/ID',
      }),
      kinds: t.arg({
        type: [FlowExecutionEventKind],
        description: 'Which events: FLOW, NODE or both (the default).',
      }),
    },
    subscribe: (_root, { executionArn, kinds }, context) => {
      let wanted: EventType[];
      try {
        wanted = normalizeKinds(kinds);
      } catch (error) {
        throw asGraphQLError(error);
      }
      return watchStream<ExecutionEventRecord>(
        context.watches,
        executionArn,
        { events: true },
        (push) => ({
          onEvents: (events) => {
            for (const event of events) if (wanted.includes(event.eventType)) push(event);
          },
        }),
      );
    },
    resolve: fresh,
  }),
);
