import type { GatewayContext } from '../context.js';
import type { Position } from '../pagination/cursor-codec.js';
import {
  defaultCallBound,
  loadWindow,
  streamWindow,
  type Window,
  type WindowRequest,
} from '../pagination/token-window.js';
import { ValidationError } from '../upstream/errors.js';
import type { ExecutionRecord } from '../upstream/flow-executions.js';
import { validateAliasIdentifier } from '../upstream/identifiers.js';
import {
  type Connection,
  connectionOf,
  type StreamedConnection,
  streamedConnectionOf,
  windowError,
} from './connection.js';

/** The arguments of `Flow.executions`, as GraphQL coerced them. */
export interface ExecutionsArgs {
  readonly first?: number | null | undefined;
  readonly after?: string | null | undefined;
  readonly flowAliasId?: string | null | undefined;
}

/** A page of a flow's executions, whole or (for `edges @stream`) as it arrives. */
export type ExecutionsConnection =
  | Connection<ExecutionRecord>
  | StreamedConnection<ExecutionRecord>;

/** Reads `Flow.executions` arguments out of graphql-js's coerced argument map (the lookahead's). */
export function executionsArgsFrom(raw: Readonly<Record<string, unknown>>): ExecutionsArgs {
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  return {
    first: typeof raw.first === 'number' ? raw.first : null,
    after: text(raw.after),
    flowAliasId: text(raw.flowAliasId),
  };
}

/** Identifies one window of one listing: the lookahead and the field resolver must agree on it. */
export function executionsWindowKey(args: ExecutionsArgs, stream = false): string {
  return JSON.stringify([args.first ?? null, args.after ?? null, args.flowAliasId ?? null, stream]);
}

/**
 * Loads one window of a flow's executions through the request's loaders. Throws the typed errors
 * of the `flow` union: ValidationError, InvalidCursorError, NotFound/AccessDenied/Throttled/Upstream.
 */
export async function loadExecutionsWindow(
  context: GatewayContext,
  flowId: string,
  args: ExecutionsArgs,
  /** Hand the edges out page by page (`edges @stream`), answering after the first page. */
  stream = false,
): Promise<ExecutionsConnection> {
  const { defaultFirst, maxFirst, extraCallsPerField } = context.pagination;
  const first = args.first ?? defaultFirst;
  if (!Number.isInteger(first) || first < 1 || first > maxFirst) {
    throw new ValidationError(`first must be between 1 and ${maxFirst}; got ${first}.`, 'first');
  }
  const flowAliasId =
    args.flowAliasId == null ? null : validateAliasIdentifier(args.flowAliasId, 'flowAliasId');
  // The listing a cursor is bound to: a cursor from another flow or alias filter does not open here.
  const listing = JSON.stringify(['executions', flowId, flowAliasId]);
  const after = args.after == null ? null : context.cursors.decode(listing, args.after);

  const request: WindowRequest<ExecutionRecord> = {
    first,
    after,
    // The minimum the window needs (a mid-page cursor re-reads its page), plus room for short
    // and empty upstream pages.
    maxCalls: defaultCallBound(first, after, { slack: extraCallsPerField }),
    keyOf: (execution) => execution.executionArn,
    fetchPage: ({ token, maxResults }) =>
      context.loaders.executionPages.load({ flowId, flowAliasId, nextToken: token, maxResults }),
  };
  const seal = (position: Position) => context.cursors.encode(listing, position);
  if (stream) return streamedConnectionOf(streamWindow(request), seal);

  let window: Window<ExecutionRecord>;
  try {
    window = await loadWindow(request);
  } catch (error) {
    throw windowError(error);
  }
  return connectionOf(window, seal);
}
