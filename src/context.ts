import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import type { YogaInitialContext } from 'graphql-yoga';
import type { Authenticator, Caller } from './auth.js';
import type { PaginationLimits } from './config.js';
import type { CursorCodec } from './pagination/cursor-codec.js';
import type { BedrockClients } from './upstream/client.js';
import type { ExecutionWatches } from './upstream/execution-watch.js';
import { createLoaders, type Loaders, type Upstream } from './upstream/loaders.js';

/** What every resolver gets: who is calling, this request's loaders, and stateless helpers. */
export interface GatewayContext {
  readonly caller: Caller;
  /** This operation's loaders (for a subscription: this event's, see `renewLoaders`). */
  readonly loaders: Loaders;
  /**
   * Starts fresh loaders with a fresh deadline and call budget. A subscription calls it for every
   * event it sends, since each is read like a new operation: nothing cached for an earlier event
   * is served again.
   */
  renewLoaders(): void;
  /** Aborts upstream work of this operation: client gone or deadline passed. */
  readonly signal: AbortSignal;
  /** The process's SDK clients, for calls that go around the loaders (starting, stopping). */
  readonly clients: BedrockClients;
  /** The process's execution pollers, for subscriptions. */
  readonly watches: ExecutionWatches;
  readonly cursors: CursorCodec;
  readonly pagination: PaginationLimits;
  /** Correlates this request's logs; echoed to the client in masked errors. */
  readonly requestId: string;
}

/** The process-wide parts a context is built from. */
export interface ContextDependencies {
  readonly clients: BedrockClients;
  /** The read path: the client, the cache of finished executions, coalescing, metrics. */
  readonly upstream: Upstream;
  readonly watches: ExecutionWatches;
  readonly authenticate: Authenticator;
  readonly cursors: CursorCodec;
  readonly pagination: PaginationLimits;
  /** Upstream work of one operation stops after this long. */
  readonly operationDeadlineMs: number;
  /** Most upstream calls one operation may make. */
  readonly maxUpstreamCalls: number;
}

const REQUEST_ID = /^[\w.-]{1,64}$/;

/**
 * Builds the per-request context: the authenticated caller (a failure answers 401 before any
 * GraphQL work) and fresh loaders bound to the request's abort signal, deadline and call budget.
 */
export function createContextFactory(deps: ContextDependencies) {
  return async ({ request }: YogaInitialContext): Promise<GatewayContext> => {
    const caller = await deps.authenticate(request);
    // The client going away or the deadline passing aborts every upstream call still in flight.
    const deadline = () => {
      const signal = AbortSignal.any([
        request.signal,
        AbortSignal.timeout(deps.operationDeadlineMs),
      ]);
      // Every upstream call in flight listens on it, and one request may hold many at once (an
      // `_entities` batch of 20 executions is 20 concurrent calls): not a leak, so no warning.
      setMaxListeners(0, signal);
      return signal;
    };
    const loadersFor = (signal: AbortSignal) =>
      createLoaders(deps.upstream, { signal, maxCalls: deps.maxUpstreamCalls });
    let signal = deadline();
    let loaders = loadersFor(signal);
    const incoming = request.headers.get('x-request-id');
    return {
      caller,
      get loaders() {
        return loaders;
      },
      get signal() {
        return signal;
      },
      renewLoaders() {
        signal = deadline();
        loaders = loadersFor(signal);
      },
      clients: deps.clients,
      watches: deps.watches,
      cursors: deps.cursors,
      pagination: deps.pagination,
      requestId: incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID(),
    };
  };
}
