import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import type { BedrockAgentRuntimeClient } from '@aws-sdk/client-bedrock-agent-runtime';
import type { YogaInitialContext } from 'graphql-yoga';
import type { PaginationLimits } from './config.js';
import type { CursorCodec } from './pagination/cursor-codec.js';
import { createLoaders, type Loaders } from './upstream/loaders.js';

/** What every resolver gets: this request's loaders and the process-wide, stateless helpers. */
export interface GatewayContext {
  readonly loaders: Loaders;
  readonly cursors: CursorCodec;
  readonly pagination: PaginationLimits;
  /** Correlates this request's logs; echoed to the client in masked errors. */
  readonly requestId: string;
  /** Ends the request's upstream deadline; the server calls it once the operation is done. */
  readonly release: () => void;
}

/** The process-wide parts a context is built from. */
export interface ContextDependencies {
  readonly client: BedrockAgentRuntimeClient;
  readonly cursors: CursorCodec;
  readonly pagination: PaginationLimits;
  /** Upstream work of one operation stops after this long. */
  readonly operationDeadlineMs: number;
}

const REQUEST_ID = /^[\w.-]{1,64}$/;

/** Builds the per-request context: fresh loaders, bound to the request's abort signal and deadline. */
export function createContextFactory(deps: ContextDependencies) {
  return ({ request }: YogaInitialContext): GatewayContext => {
    // The client going away or the deadline passing aborts every upstream call still in flight.
    // Not AbortSignal.timeout + AbortSignal.any: a timeout signal stays referenced until it fires,
    // so every request's signals outlived it by the whole deadline (measured ~0.3 KB a request,
    // 25 s of traffic at a time). A plain timer is cleared on release.
    const controller = new AbortController();
    // One operation may have many upstream calls in flight, each listening: not a leak.
    setMaxListeners(0, controller.signal);
    const onClientGone = () => controller.abort(request.signal.reason);
    const deadline = setTimeout(
      () => controller.abort(new DOMException('The operation deadline passed.', 'TimeoutError')),
      deps.operationDeadlineMs,
    );
    deadline.unref();
    if (request.signal.aborted) onClientGone();
    else request.signal.addEventListener('abort', onClientGone, { once: true });
    const incoming = request.headers.get('x-request-id');
    return {
      loaders: createLoaders(deps.client, { signal: controller.signal }),
      cursors: deps.cursors,
      pagination: deps.pagination,
      requestId: incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID(),
      release: () => {
        clearTimeout(deadline);
        request.signal.removeEventListener('abort', onClientGone);
      },
    };
  };
}
