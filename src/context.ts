import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { type Context, context as otel, type Span, SpanKind, trace } from '@opentelemetry/api';
import type { YogaInitialContext } from 'graphql-yoga';
import type { Authenticator, Caller } from './auth.js';
import type { PaginationLimits } from './config.js';
import type { CursorCodec } from './pagination/cursor-codec.js';
import { tracer } from './tracing.js';
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
  /** The operation's trace span (a no-op unless an OpenTelemetry SDK is registered). */
  readonly span: Span;
  /** Ends the request's upstream deadline and span; the server calls it once the operation is done. */
  readonly release: () => void;
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
    // The client going away or the deadline passing aborts every upstream call still in flight.
    // Not AbortSignal.timeout + AbortSignal.any: a timeout signal stays referenced until it fires,
    // so every request's signals outlived it by the whole deadline (measured ~0.3 KB a request,
    // 25 s of traffic at a time). A plain timer is cleared on release.
    const deadline = () => {
      const controller = new AbortController();
      // One operation may have many upstream calls in flight (an `_entities` batch of 20
      // executions is 20 concurrent calls), each listening: not a leak, so no warning.
      setMaxListeners(0, controller.signal);
      const onClientGone = () => controller.abort(request.signal.reason);
      const timer = setTimeout(
        () => controller.abort(new DOMException('The operation deadline passed.', 'TimeoutError')),
        deps.operationDeadlineMs,
      );
      timer.unref();
      if (request.signal.aborted) onClientGone();
      else request.signal.addEventListener('abort', onClientGone, { once: true });
      return {
        signal: controller.signal,
        release: () => {
          clearTimeout(timer);
          request.signal.removeEventListener('abort', onClientGone);
        },
      };
    };
    const incoming = request.headers.get('x-request-id');
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    const span = tracer.startSpan('graphql.request', {
      kind: SpanKind.SERVER,
      attributes: { 'gateway.request_id': requestId, 'gateway.caller': caller.id },
    });
    // Upstream calls are children of the operation's span, whatever context they run in.
    const traceContext: Context = trace.setSpan(otel.active(), span);
    let spanEnded = false;
    const loadersFor = (signal: AbortSignal) =>
      createLoaders(deps.upstream, { signal, maxCalls: deps.maxUpstreamCalls, traceContext });
    let current = deadline();
    let loaders = loadersFor(current.signal);
    return {
      caller,
      get loaders() {
        return loaders;
      },
      get signal() {
        return current.signal;
      },
      renewLoaders() {
        current.release();
        current = deadline();
        loaders = loadersFor(current.signal);
      },
      span,
      release: () => {
        current.release();
        if (!spanEnded) span.end();
        spanEnded = true;
      },
      clients: deps.clients,
      watches: deps.watches,
      cursors: deps.cursors,
      pagination: deps.pagination,
      requestId,
    };
  };
}
