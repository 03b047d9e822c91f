import type { BedrockAgentRuntimeClient } from '@aws-sdk/client-bedrock-agent-runtime';
import { type Context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import DataLoader from 'dataloader';
import type { Coalescer } from './coalescer.js';
import { attemptsOf, translateUpstreamError } from './error-mapping.js';
import { LimitExceededError } from './errors.js';
import {
  type EventsPage,
  type GetSnapshotRequest,
  getExecutionFlowSnapshot,
  type ListEventsRequest,
  listFlowExecutionEvents,
  type SnapshotRecord,
} from './flow-execution-events.js';
import {
  type Attempted,
  type ExecutionRecord,
  type ExecutionsPage,
  type GetExecutionRequest,
  getFlowExecution,
  isFinal,
  type ListExecutionsRequest,
  listFlowExecutions,
} from './flow-executions.js';
import type { CacheSection, ImmutableCache } from './immutable-cache.js';
import { outcomeOf, silentObserver, type UpstreamObserver } from './observer.js';

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

/** The process-wide side of the upstream: one client (one identity) and what shares its answers. */
export interface Upstream {
  readonly client: BedrockAgentRuntimeClient;
  /** Shares identical reads in flight across requests; absent: no sharing. */
  readonly coalescer?: Coalescer | undefined;
  /** Answers about finished executions, shared by every request of the process. */
  readonly cache?: ImmutableCache | undefined;
  readonly observer?: UpstreamObserver | undefined;
}

export interface LoaderOptions {
  /** Aborts every upstream call of the request: client gone or deadline passed. */
  readonly signal?: AbortSignal | undefined;
  /** Most upstream calls this request may make. Default: unbounded. */
  readonly maxCalls?: number | undefined;
  /** Where upstream call spans hang (the operation's span). Default: the active context. */
  readonly traceContext?: Context | undefined;
}

/** Spans of upstream calls; a no-op unless an OpenTelemetry SDK is registered. */
const upstreamTracer = trace.getTracer('bedrock-flows-gateway/upstream');

/** The canonical form of a GetFlowExecution request, as loaders and the cache key it. */
export function executionRequestKey(r: GetExecutionRequest): string {
  return JSON.stringify(['GetFlowExecution', r.flowId, r.flowAliasId, r.executionIdentifier]);
}

function executionPageKey(r: ListExecutionsRequest): string {
  return JSON.stringify(['ListFlowExecutions', r.flowId, r.flowAliasId, r.nextToken, r.maxResults]);
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

/** Where a loader may keep answers across requests, and which answers qualify. */
interface Keeping<K, V> {
  readonly section: CacheSection<V> | undefined;
  readonly keep: (request: K, value: V) => boolean;
}

/** Creates a fresh set of loaders; call once per GraphQL request, never share across requests. */
export function createLoaders(upstream: Upstream, options: LoaderOptions = {}): Loaders {
  const { client, cache } = upstream;
  const observer = upstream.observer ?? silentObserver;
  const maxCalls = options.maxCalls ?? Number.POSITIVE_INFINITY;
  let calls = 0;

  /**
   * One upstream read, within the request's call budget, shared with identical reads of other
   * requests in flight, and reported to the observer.
   */
  const read = <V>(
    operation: string,
    key: string,
    call: (signal: AbortSignal | undefined) => Promise<Attempted<V>>,
  ): Promise<V> => {
    if (calls >= maxCalls) {
      return Promise.reject(
        new LimitExceededError(
          `This operation needs more than ${maxCalls} upstream calls; ask for fewer or smaller pages.`,
          'upstreamCalls',
          maxCalls,
        ),
      );
    }
    calls += 1;
    const span = upstreamTracer.startSpan(
      `bedrock.${operation}`,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          'rpc.system': 'aws-api',
          'rpc.service': 'BedrockAgentRuntime',
          'rpc.method': operation,
        },
      },
      options.traceContext,
    );
    const timed = async (signal: AbortSignal | undefined) => {
      const started = performance.now();
      try {
        const { value, attempts } = await call(signal);
        observer.called(operation, 'ok', attempts, (performance.now() - started) / 1000);
        span.setAttributes({ 'gateway.outcome': 'ok', 'aws.attempts': attempts });
        return value;
      } catch (error) {
        const seconds = (performance.now() - started) / 1000;
        const outcome = outcomeOf(error);
        observer.called(operation, outcome, attemptsOf(error), seconds);
        span.setAttributes({ 'gateway.outcome': outcome, 'aws.attempts': attemptsOf(error) });
        span.setStatus({ code: SpanStatusCode.ERROR, message: outcome });
        throw error;
      } finally {
        span.end();
      }
    };
    if (!upstream.coalescer) return timed(options.signal);
    return upstream.coalescer
      .run(key, timed, options.signal, () => {
        observer.coalesced(operation);
        // This request's span records that it joined another's call instead of making one.
        span.setAttribute('gateway.coalesced', true);
        span.end();
      })
      .catch((error: unknown) => {
        // This request stopped waiting (deadline or disconnect) while others may still wait.
        throw translateUpstreamError(error, { operation, resourceId: key });
      });
  };

  // The upstream has no batch operations: a batch is a set of concurrent single calls, each settling
  // to its value or its Error at the same index, as DataLoader's contract requires. Answers that can
  // never change are looked up in, and kept in, the process-wide cache.
  const loader = <K, V>(
    operation: string,
    keyOf: (request: K) => string,
    call: (request: K, signal: AbortSignal | undefined) => Promise<Attempted<V>>,
    keeping?: Keeping<K, V>,
  ) =>
    new DataLoader<K, V, string>(
      (requests) =>
        Promise.all(
          requests.map(async (request) => {
            try {
              const key = keyOf(request);
              const kept = await keeping?.section?.get(key);
              if (kept !== undefined) return kept;
              const value = await read(operation, key, (signal) => call(request, signal));
              if (keeping?.section && keeping.keep(request, value))
                await keeping.section.set(key, value);
              return value;
            } catch (error) {
              return error instanceof Error ? error : new Error(String(error));
            }
          }),
        ),
      { cacheKeyFn: keyOf, cacheMap: new CountingMap(() => observer.deduplicated(operation)) },
    );

  return {
    executionPages: loader('ListFlowExecutions', executionPageKey, (r, signal) =>
      listFlowExecutions(client, r, signal),
    ),
    executions: loader(
      'GetFlowExecution',
      executionRequestKey,
      (r, signal) => getFlowExecution(client, r, signal),
      // The answer itself says whether it can ever change.
      { section: cache?.executions, keep: (_, record) => isFinal(record.status) },
    ),
    eventPages: loader(
      'ListFlowExecutionEvents',
      (r: AboutExecution<ListEventsRequest>) => eventsRequestKey(r),
      (r, signal) => listFlowExecutionEvents(client, r, signal),
      { section: cache?.eventPages, keep: (r) => r.executionFinal },
    ),
    snapshots: loader(
      'GetExecutionFlowSnapshot',
      (r: AboutExecution<GetSnapshotRequest>) => snapshotRequestKey(r),
      (r, signal) => getExecutionFlowSnapshot(client, r, signal),
      { section: cache?.snapshots, keep: (r) => r.executionFinal },
    ),
    upstreamCalls: () => calls,
  };
}

/** A DataLoader cache that reports each hit: a load the request had already asked for. */
class CountingMap<K, V> extends Map<K, V> {
  constructor(private readonly onHit: () => void) {
    super();
  }
  override get(key: K): V | undefined {
    const value = super.get(key);
    if (value !== undefined) this.onHit();
    return value;
  }
}
