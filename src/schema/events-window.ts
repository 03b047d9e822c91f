import type { GatewayContext } from '../context.js';
import type { PositionPair } from '../pagination/cursor-codec.js';
import { loadMergedWindow } from '../pagination/merged-window.js';
import { defaultCallBound, loadWindow } from '../pagination/token-window.js';
import { ValidationError } from '../upstream/errors.js';
import type { EventType, ExecutionEventRecord } from '../upstream/flow-execution-events.js';
import { type ExecutionRecord, executionRequestFor, isFinal } from '../upstream/flow-executions.js';
import { type Connection, connectionOf, windowError } from './connection.js';

/** The arguments of `FlowExecution.events`, as GraphQL coerced them. */
export interface EventsArgs {
  readonly first?: number | null | undefined;
  readonly after?: string | null | undefined;
  readonly kinds?: readonly EventType[] | null | undefined;
}

/** A page of an execution's events timeline. */
export type EventsConnection = Connection<ExecutionEventRecord>;

const ALL_KINDS: readonly EventType[] = ['Flow', 'Node'];

/** Reads `FlowExecution.events` arguments out of graphql-js's coerced argument map. */
export function eventsArgsFrom(raw: Readonly<Record<string, unknown>>): EventsArgs {
  const kinds = Array.isArray(raw.kinds)
    ? raw.kinds.filter((kind): kind is EventType => kind === 'Flow' || kind === 'Node')
    : null;
  return {
    first: typeof raw.first === 'number' ? raw.first : null,
    after: typeof raw.after === 'string' ? raw.after : null,
    kinds,
  };
}

/** Flow events come first on equal timestamps: a run's input precedes what its nodes do with it. */
export function compareEvents(a: ExecutionEventRecord, b: ExecutionEventRecord): number {
  const byTime = a.timestamp.getTime() - b.timestamp.getTime();
  if (byTime !== 0) return byTime;
  return ALL_KINDS.indexOf(a.eventType) - ALL_KINDS.indexOf(b.eventType);
}

/** The listings asked for, in a fixed order, without repeats. */
export function normalizeKinds(kinds: readonly EventType[] | null | undefined): EventType[] {
  if (kinds == null) return [...ALL_KINDS];
  if (kinds.length === 0) throw new ValidationError('kinds must name FLOW, NODE or both.', 'kinds');
  return ALL_KINDS.filter((kind) => kinds.includes(kind));
}

/**
 * Loads one window of an execution's events: one listing through the token window, both through
 * the merged window, one timeline in time order whose cursors carry both listings' positions.
 */
export async function loadEventsWindow(
  context: GatewayContext,
  execution: ExecutionRecord,
  args: EventsArgs,
): Promise<EventsConnection> {
  const { defaultFirst, maxFirst, extraCallsPerField } = context.pagination;
  const first = args.first ?? defaultFirst;
  if (!Number.isInteger(first) || first < 1 || first > maxFirst) {
    throw new ValidationError(`first must be between 1 and ${maxFirst}; got ${first}.`, 'first');
  }
  const kinds = normalizeKinds(args.kinds);
  const about = executionRequestFor(execution.executionArn);
  // Cursors are bound to the execution and the kinds: a cursor of one timeline opens in no other.
  const listing = JSON.stringify(['events', execution.executionArn, kinds]);
  // Pages of a finished execution never change, so the loaders may keep them across requests.
  const executionFinal = isFinal(execution.status);
  const source = (eventType: EventType) => ({
    keyOf: (event: ExecutionEventRecord) => event.key,
    fetchPage: ({ token, maxResults }: { token: string | null; maxResults: number }) =>
      context.loaders.eventPages.load({
        ...about,
        eventType,
        nextToken: token,
        maxResults,
        executionFinal,
      }),
  });

  try {
    const [only] = kinds;
    if (kinds.length === 1 && only) {
      const after = args.after == null ? null : context.cursors.decode(listing, args.after);
      const window = await loadWindow({
        first,
        after,
        maxCalls: defaultCallBound(first, after, { slack: extraCallsPerField }),
        ...source(only),
      });
      return connectionOf(window, (position) => context.cursors.encode(listing, position));
    }
    const after = args.after == null ? null : context.cursors.decodePair(listing, args.after);
    const window = await loadMergedWindow({
      first,
      after,
      sources: [source('Flow'), source('Node')],
      compare: compareEvents,
      // Both listings' minimum (each may re-read the page a cursor stopped in), plus the slack.
      maxCalls: 2 * defaultCallBound(first, null, { slack: extraCallsPerField }),
    });
    return connectionOf(window, (position: PositionPair) =>
      context.cursors.encodePair(listing, position),
    );
  } catch (error) {
    throw windowError(error);
  }
}
