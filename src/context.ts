import { randomUUID } from 'node:crypto';
import type { YogaInitialContext } from 'graphql-yoga';
import type { PaginationLimits } from './config.js';
import type { CursorCodec } from './pagination/cursor-codec.js';
import type { BedrockClients } from './upstream/client.js';
import type { ExecutionWatches } from './upstream/execution-watch.js';
import type { ImmutableCache } from './upstream/immutable-cache.js';
import { createLoaders, type Loaders } from './upstream/loaders.js';

/** What every resolver gets: this request's loaders and the process-wide, stateless helpers. */
export interface GatewayContext {
  /** This operation's loaders (for a subscription: this event's, see `renewLoaders`). */
  readonly loaders: Loaders;
  /**
   * Starts fresh loaders with a fresh deadline. A subscription calls it for every event it sends,
   * since each is read like a new operation: nothing cached for an earlier event is served again.
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
  readonly cursors: CursorCodec;
  readonly pagination: PaginationLimits;
  /** Finished executions' details, snapshots and event pages, across requests. */
  readonly cache: ImmutableCache;
  readonly watches: ExecutionWatches;
  /** Upstream work of one operation stops after this long. */
  readonly operationDeadlineMs: number;
}

const REQUEST_ID = /^[\w.-]{1,64}$/;

/** Builds the per-request context: fresh loaders, bound to the request's abort signal and deadline. */
export function createContextFactory(deps: ContextDependencies) {
  return ({ request }: YogaInitialContext): GatewayContext => {
    // The client going away or the deadline passing aborts every upstream call still in flight.
    const deadline = () =>
      AbortSignal.any([request.signal, AbortSignal.timeout(deps.operationDeadlineMs)]);
    let signal = deadline();
    let loaders = createLoaders(deps.clients.client, { signal, cache: deps.cache });
    const incoming = request.headers.get('x-request-id');
    return {
      get loaders() {
        return loaders;
      },
      get signal() {
        return signal;
      },
      renewLoaders() {
        signal = deadline();
        loaders = createLoaders(deps.clients.client, { signal, cache: deps.cache });
      },
      clients: deps.clients,
      watches: deps.watches,
      cursors: deps.cursors,
      pagination: deps.pagination,
      requestId: incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID(),
    };
  };
}
