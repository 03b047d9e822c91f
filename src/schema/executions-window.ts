import type { GatewayContext } from '../context.js';
import {
  InvalidCursorError,
  PageBudgetExhaustedError,
  RepeatedTokenError,
} from '../pagination/errors.js';
import { defaultCallBound, loadWindow, type Window } from '../pagination/token-window.js';
import { UpstreamError, ValidationError } from '../upstream/errors.js';
import type { ExecutionRecord } from '../upstream/flow-executions.js';
import { validateAliasIdentifier } from '../upstream/identifiers.js';

/** The arguments of `Flow.executions`, as GraphQL coerced them. */
export interface ExecutionsArgs {
  readonly first?: number | null | undefined;
  readonly after?: string | null | undefined;
  readonly flowAliasId?: string | null | undefined;
}

/** The Relay connection the schema returns; cursors are sealed only when a client reads them. */
export interface ExecutionsConnection {
  readonly edges: readonly { readonly node: ExecutionRecord; readonly cursor: string }[];
  readonly pageInfo: {
    readonly hasNextPage: boolean;
    readonly hasPreviousPage: boolean;
    readonly startCursor: string | null;
    readonly endCursor: string | null;
  };
}

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
export function executionsWindowKey(args: ExecutionsArgs): string {
  return JSON.stringify([args.first ?? null, args.after ?? null, args.flowAliasId ?? null]);
}

/**
 * Loads one window of a flow's executions through the request's loaders. Throws the typed errors
 * of the `flow` union: ValidationError, InvalidCursorError, NotFound/AccessDenied/Throttled/Upstream.
 */
export async function loadExecutionsWindow(
  context: GatewayContext,
  flowId: string,
  args: ExecutionsArgs,
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

  let window: Window<ExecutionRecord>;
  try {
    window = await loadWindow({
      first,
      after,
      // The minimum the window needs (a mid-page cursor re-reads its page), plus room for short
      // and empty upstream pages.
      maxCalls: defaultCallBound(first, after, { slack: extraCallsPerField }),
      keyOf: (execution) => execution.executionArn,
      fetchPage: ({ token, maxResults }) =>
        context.loaders.executionPages.load({ flowId, flowAliasId, nextToken: token, maxResults }),
    });
  } catch (error) {
    throw windowError(error);
  }

  const cursorOf = memoize((index: number) => {
    const edge = window.edges[index];
    if (!edge) throw new RangeError(`no edge ${index}`);
    return context.cursors.encode(listing, edge.position);
  });
  const last = window.edges.length - 1;
  return {
    edges: window.edges.map((edge, index) => ({
      node: edge.node,
      get cursor() {
        return cursorOf(index);
      },
    })),
    pageInfo: {
      hasNextPage: window.hasNextPage,
      hasPreviousPage: window.hasPreviousPage,
      get startCursor() {
        return last >= 0 ? cursorOf(0) : null;
      },
      get endCursor() {
        return last >= 0 ? cursorOf(last) : null;
      },
    },
  };
}

/** Maps pagination failures to the typed errors the schema reports. */
export function windowError(error: unknown): unknown {
  // The upstream rejecting a token we sealed means the token expired or the listing changed.
  if (error instanceof ValidationError && error.field === 'after') {
    return new InvalidCursorError(
      'The cursor’s upstream page token is no longer accepted (it may have expired). Start again without `after`.',
      { cause: error },
    );
  }
  if (error instanceof PageBudgetExhaustedError) {
    return new UpstreamError(
      'Bedrock returned only empty pages within this field’s call budget. Retry, or continue later.',
      true,
      undefined,
      { cause: error },
    );
  }
  if (error instanceof RepeatedTokenError) {
    return new UpstreamError(
      'Bedrock returned a page token it had already returned.',
      false,
      undefined,
      {
        cause: error,
      },
    );
  }
  return error;
}

/** Computes each index once, on first use (cursors are sealed only when a client reads them). */
export function memoize<T>(compute: (index: number) => T): (index: number) => T {
  const cache = new Map<number, T>();
  return (index) => {
    let value = cache.get(index);
    if (value === undefined) {
      value = compute(index);
      cache.set(index, value);
    }
    return value;
  };
}
