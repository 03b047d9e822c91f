import { ServiceError } from './errors.js';
import type { ExecutionRunner } from './execution-runner.js';
import type { FaultInjector } from './faults.js';
import type { PageTokenCodec } from './page-token.js';
import type { FlowStore } from './store.js';

/** Who signed the request, as far as the emulator cares (it never checks signatures). */
export interface Caller {
  accessKeyId: string;
}

export interface OperationRequest {
  operation: string;
  /** Path labels, percent-decoded one segment at a time (ARNs arrive with `/` as `%2F`). */
  params: Readonly<Record<string, string>>;
  query: URLSearchParams;
  body: Buffer;
  caller: Caller;
  requestId: string;
  /** The emulator clock, ms since the epoch. */
  now: number;
}

export interface OperationResponse {
  /** Default 200. */
  status?: number;
  body: unknown;
}

export type OperationHandler = (
  request: OperationRequest,
) => OperationResponse | Promise<OperationResponse>;

/** What operations share: the data, the page-token codec and the fault settings in force. */
export interface OperationDeps {
  store: FlowStore;
  tokens: PageTokenCodec;
  faults: FaultInjector;
  /** Plays started executions. */
  runner: ExecutionRunner;
  /** Running executions a flow may have at once; one more start is ServiceQuotaExceededException. */
  maxConcurrentExecutions: number;
}

export interface Route {
  operation: string;
  method: string;
  /** A restJson1 request URI such as `/flows/{flowIdentifier}/executions`. */
  path: string;
  handle: OperationHandler;
}

export interface RouteMatch {
  route: Route;
  /** Labels as sent, still percent-encoded: decode them with `decodeParams` once authorised. */
  rawParams: Record<string, string>;
}

interface CompiledRoute {
  route: Route;
  /** Literal segments as strings, labels as `{ label }`. */
  segments: (string | { label: string })[];
}

function compile(route: Route): CompiledRoute {
  const segments = route.path
    .split('/')
    .slice(1)
    .map((segment) => {
      const label = /^\{(\w+)\}$/.exec(segment)?.[1];
      return label ? { label } : segment;
    });
  return { route, segments };
}

/**
 * Matches restJson1 request URIs. The raw path is split on `/` before any decoding, so an
 * identifier whose `/` was sent as `%2F` stays one segment; each label is then decoded on its own.
 */
export class Router {
  private readonly routes: CompiledRoute[];

  constructor(routes: readonly Route[]) {
    this.routes = routes.map(compile);
  }

  match(method: string, rawPath: string): RouteMatch | undefined {
    const parts = rawPath.split('/').slice(1);
    for (const { route, segments } of this.routes) {
      if (route.method !== method || segments.length !== parts.length) continue;
      const rawParams: Record<string, string> = {};
      const matches = segments.every((segment, index) => {
        const part = parts[index] ?? '';
        if (typeof segment === 'string') return segment === part;
        rawParams[segment.label] = part;
        return true;
      });
      if (matches) return { route, rawParams };
    }
    return undefined;
  }
}

/** Decodes each label on its own; bad percent-encoding is the caller's ValidationException. */
export function decodeParams(rawParams: Readonly<Record<string, string>>): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [label, value] of Object.entries(rawParams)) {
    try {
      params[label] = decodeURIComponent(value);
    } catch {
      throw new ServiceError(
        'ValidationException',
        `The path segment for '${label}' is not valid percent-encoding.`,
      );
    }
  }
  return params;
}
