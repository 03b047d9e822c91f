import type { BedrockAgentRuntimeClient } from '@aws-sdk/client-bedrock-agent-runtime';
import DataLoader from 'dataloader';
import type { Coalescer } from './coalescer.js';
import { attemptsOf, translateUpstreamError } from './error-mapping.js';
import { LimitExceededError } from './errors.js';
import {
  type Attempted,
  type ExecutionRecord,
  type ExecutionsPage,
  type GetExecutionRequest,
  getFlowExecution,
  type ListExecutionsRequest,
  listFlowExecutions,
} from './flow-executions.js';
import { outcomeOf, silentObserver, type UpstreamObserver } from './observer.js';

/**
 * The request's loaders. Keys are the whole upstream request, so the same page asked for through
 * aliases, fragments or entity references is fetched once, and different requests go out together.
 */
export interface Loaders {
  readonly executionPages: DataLoader<ListExecutionsRequest, ExecutionsPage, string>;
  readonly executions: DataLoader<GetExecutionRequest, ExecutionRecord, string>;
  /** Upstream calls this request has made (each distinct key once). */
  readonly upstreamCalls: () => number;
}

/** The process-wide side of the upstream: one client (one identity) and what shares its calls. */
export interface Upstream {
  readonly client: BedrockAgentRuntimeClient;
  /** Shares identical reads in flight across requests; absent: no sharing. */
  readonly coalescer?: Coalescer | undefined;
  readonly observer?: UpstreamObserver | undefined;
}

export interface LoaderOptions {
  /** Aborts every upstream call of the request: client gone or deadline passed. */
  readonly signal?: AbortSignal | undefined;
  /** Most upstream calls this request may make. Default: unbounded. */
  readonly maxCalls?: number | undefined;
}

/** Creates a fresh set of loaders; call once per GraphQL request, never share across requests. */
export function createLoaders(upstream: Upstream, options: LoaderOptions = {}): Loaders {
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
    const timed = async (signal: AbortSignal | undefined) => {
      const started = performance.now();
      try {
        const { value, attempts } = await call(signal);
        observer.called(operation, 'ok', attempts, (performance.now() - started) / 1000);
        return value;
      } catch (error) {
        observer.called(
          operation,
          outcomeOf(error),
          attemptsOf(error),
          (performance.now() - started) / 1000,
        );
        throw error;
      }
    };
    if (!upstream.coalescer) return timed(options.signal);
    return upstream.coalescer
      .run(`${operation}|${key}`, timed, options.signal, () => observer.coalesced(operation))
      .catch((error: unknown) => {
        // This request stopped waiting (deadline or disconnect) while others may still wait.
        throw translateUpstreamError(error, { operation, resourceId: key });
      });
  };

  // The upstream has no batch operations: a batch is a set of concurrent single calls, each settling
  // to its value or its Error at the same index, as DataLoader's contract requires.
  const loader = <K, V>(
    operation: string,
    keyOf: (key: K) => string,
    call: (key: K, signal: AbortSignal | undefined) => Promise<Attempted<V>>,
  ) =>
    new DataLoader<K, V, string>(
      (keys) =>
        Promise.all(
          keys.map((key) =>
            read(operation, keyOf(key), (signal) => call(key, signal)).catch((error: unknown) =>
              error instanceof Error ? error : new Error(String(error)),
            ),
          ),
        ),
      { cacheKeyFn: keyOf, cacheMap: new CountingMap(() => observer.deduplicated(operation)) },
    );

  return {
    executionPages: loader(
      'ListFlowExecutions',
      (r: ListExecutionsRequest) =>
        JSON.stringify([r.flowId, r.flowAliasId, r.nextToken, r.maxResults]),
      (r, signal) => listFlowExecutions(upstream.client, r, signal),
    ),
    executions: loader(
      'GetFlowExecution',
      (r: GetExecutionRequest) => JSON.stringify([r.flowId, r.flowAliasId, r.executionIdentifier]),
      (r, signal) => getFlowExecution(upstream.client, r, signal),
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
