import type { BedrockAgentRuntimeClient } from '@aws-sdk/client-bedrock-agent-runtime';
import DataLoader from 'dataloader';
import {
  type EventsPage,
  type GetSnapshotRequest,
  getExecutionFlowSnapshot,
  type ListEventsRequest,
  listFlowExecutionEvents,
  type SnapshotRecord,
} from './flow-execution-events.js';
import {
  type ExecutionRecord,
  type ExecutionsPage,
  type GetExecutionRequest,
  getFlowExecution,
  isFinal,
  type ListExecutionsRequest,
  listFlowExecutions,
} from './flow-executions.js';
import type { ImmutableCache } from './immutable-cache.js';

/**
 * A request about one execution, plus whether the caller already knows that execution is final
 * (from a status it read earlier). Only then may the answer be kept across requests. The flag is
 * not part of the key: finality only ever goes from false to true.
 */
export type AboutExecution<R> = R & { readonly executionFinal: boolean };

/**
 * The request's loaders. Keys are the whole upstream request, so the same page asked for through
 * aliases, fragments or entity references is fetched once, and different requests go out together.
 */
export interface Loaders {
  readonly executionPages: DataLoader<ListExecutionsRequest, ExecutionsPage, string>;
  readonly executions: DataLoader<GetExecutionRequest, ExecutionRecord, string>;
  readonly eventPages: DataLoader<AboutExecution<ListEventsRequest>, EventsPage, string>;
  readonly snapshots: DataLoader<AboutExecution<GetSnapshotRequest>, SnapshotRecord, string>;
  /** Upstream calls this request has made (each distinct key once; cache hits cost none). */
  readonly upstreamCalls: () => number;
}

export interface LoaderOptions {
  /** Aborts every upstream call of the request: client gone or deadline passed. */
  readonly signal?: AbortSignal | undefined;
  /** Answers about finished executions, shared by every request of the process. */
  readonly cache?: ImmutableCache | undefined;
}

/** The canonical form of a GetFlowExecution request, as loaders and the cache key it. */
export function executionRequestKey(r: GetExecutionRequest): string {
  return JSON.stringify(['GetFlowExecution', r.flowId, r.flowAliasId, r.executionIdentifier]);
}

function eventsRequestKey(r: ListEventsRequest): string {
  return JSON.stringify([
    'ListFlowExecutionEvents',
    r.flowId,
    r.flowAliasId,
    r.executionIdentifier,
    r.eventType,
    r.nextToken,
    r.maxResults,
  ]);
}

function snapshotRequestKey(r: GetSnapshotRequest): string {
  return JSON.stringify([
    'GetExecutionFlowSnapshot',
    r.flowId,
    r.flowAliasId,
    r.executionIdentifier,
  ]);
}

/** Creates a fresh set of loaders; call once per GraphQL request, never share across requests. */
export function createLoaders(
  client: BedrockAgentRuntimeClient,
  options: LoaderOptions = {},
): Loaders {
  const { cache, signal } = options;
  let calls = 0;
  const counted = <V>(call: () => Promise<V>) => {
    calls += 1;
    return call();
  };
  // The upstream has no batch operations: a batch is a set of concurrent single calls, each settling
  // to its value or its Error at the same index, as DataLoader's contract requires.
  const each =
    <K, V>(call: (key: K) => Promise<V>) =>
    (keys: readonly K[]): Promise<(V | Error)[]> =>
      Promise.all(
        keys.map((key) =>
          call(key).catch((error: unknown) =>
            error instanceof Error ? error : new Error(String(error)),
          ),
        ),
      );

  return {
    executionPages: new DataLoader(
      each((request: ListExecutionsRequest) =>
        counted(() => listFlowExecutions(client, request, signal)),
      ),
      {
        cacheKeyFn: (r) =>
          JSON.stringify([
            'ListFlowExecutions',
            r.flowId,
            r.flowAliasId,
            r.nextToken,
            r.maxResults,
          ]),
      },
    ),
    executions: new DataLoader(
      each(async (request: GetExecutionRequest) => {
        const key = executionRequestKey(request);
        const cached = await cache?.executions.get(key);
        if (cached) return cached;
        const record = await counted(() => getFlowExecution(client, request, signal));
        // The answer itself says whether it can ever change.
        if (isFinal(record.status)) await cache?.executions.set(key, record);
        return record;
      }),
      { cacheKeyFn: executionRequestKey },
    ),
    eventPages: new DataLoader(
      each(async (request: AboutExecution<ListEventsRequest>) => {
        const key = eventsRequestKey(request);
        const cached = await cache?.eventPages.get(key);
        if (cached) return cached;
        const page = await counted(() => listFlowExecutionEvents(client, request, signal));
        if (request.executionFinal) await cache?.eventPages.set(key, page);
        return page;
      }),
      { cacheKeyFn: eventsRequestKey },
    ),
    snapshots: new DataLoader(
      each(async (request: AboutExecution<GetSnapshotRequest>) => {
        const key = snapshotRequestKey(request);
        const cached = await cache?.snapshots.get(key);
        if (cached) return cached;
        const snapshot = await counted(() => getExecutionFlowSnapshot(client, request, signal));
        if (request.executionFinal) await cache?.snapshots.set(key, snapshot);
        return snapshot;
      }),
      { cacheKeyFn: snapshotRequestKey },
    ),
    upstreamCalls: () => calls,
  };
}
