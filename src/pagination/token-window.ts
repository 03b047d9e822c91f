import { isWellFormed, type Position } from './cursor-codec.js';
import { InvalidCursorError, PageBudgetExhaustedError, RepeatedTokenError } from './errors.js';

/** One page of a token-paged listing, as the upstream returned it. */
export interface UpstreamPage<T> {
  readonly items: readonly T[];
  /** Absent on the last page. Present pages may still be short or empty. */
  readonly nextToken?: string | undefined;
}

/** Fetches one upstream page; `token` null asks for the listing's first page. */
export type FetchPage<T> = (request: {
  token: string | null;
  maxResults: number;
}) => Promise<UpstreamPage<T>>;

export interface WindowRequest<T> {
  /** Edges wanted (≥ 1, validated by the caller). */
  first: number;
  /** Decoded `after` cursor; null starts at the beginning of the listing. */
  after: Position | null;
  /** The caller routes this through its per-request DataLoaders. */
  fetchPage: FetchPage<T>;
  /** Stable, unique key of an item (an execution ARN, say). */
  keyOf(item: T): string;
  /** Bound on upstream calls for this window (≥ 1). See `defaultCallBound`. */
  maxCalls: number;
  /** The upstream's `maxResults` cap. Default 1000. */
  maxResultsLimit?: number;
}

export interface WindowEdge<T> {
  readonly node: T;
  /** Where the listing continues right after this edge: seal it as the edge's cursor. */
  readonly position: Position;
}

export interface Window<T> extends WindowEnd {
  readonly edges: readonly WindowEdge<T>[];
}

/** The upstream's own `maxResults` ceiling. */
export const DEFAULT_MAX_RESULTS_LIMIT = 1000;
/** Items per upstream page at most, whatever `maxResults` says. */
export const UPSTREAM_PAGE_SIZE = 10;

/** Options for `minimumCalls` and `defaultCallBound`. */
export interface CallBoundOptions {
  /** Items per full upstream page. Default 10. */
  readonly pageSize?: number;
  /** Calls allowed beyond the minimum, for short and empty pages. Default 3. */
  readonly slack?: number;
}

/**
 * Upstream calls a window needs when every page comes back full: a mid-page `after` re-fetches its
 * page, whose first `skip` items were already shown.
 */
export function minimumCalls(
  first: number,
  after: Position | null,
  { pageSize = UPSTREAM_PAGE_SIZE }: CallBoundOptions = {},
): number {
  if (after?.kind === 'end') return 0;
  const skip = after?.skip ?? 0;
  return Math.ceil((first + skip) / pageSize);
}

/** A sensible `maxCalls`: the full-page minimum plus `slack` calls for short and empty pages. */
export function defaultCallBound(
  first: number,
  after: Position | null,
  options: CallBoundOptions = {},
): number {
  return Math.max(1, minimumCalls(first, after, options) + (options.slack ?? 3));
}

/** How a window ended: everything about it but its edges. */
export interface WindowEnd {
  readonly hasNextPage: boolean;
  readonly hasPreviousPage: boolean;
  /** Upstream calls this window made (DataLoader may have served some from its cache). */
  readonly upstreamCalls: number;
}

/**
 * Loads `first` edges after `after` from a token-paged upstream, reading as many pages as it takes
 * (within `maxCalls`) and asking each for exactly what is still missing.
 *
 * Throws `InvalidCursorError` when a mid-page `after` names an item the listing no longer holds,
 * `PageBudgetExhaustedError` when the bound runs out before a single edge, `RepeatedTokenError` when
 * the upstream loops, and whatever `fetchPage` throws, unchanged.
 */
export async function loadWindow<T>(request: WindowRequest<T>): Promise<Window<T>> {
  const edges: WindowEdge<T>[] = [];
  const pages = streamWindow(request);
  for (;;) {
    const step = await pages.next();
    if (step.done) return { edges, ...step.value };
    edges.push(...step.value);
  }
}

/**
 * The same window, page by page: yields each upstream page's edges as soon as that page arrives
 * (never an empty batch), and returns how the window ended. This is what lets `@stream` send the
 * first edges after one upstream round trip, whatever `first` is. Throws as `loadWindow` does.
 */
export async function* streamWindow<T>(
  request: WindowRequest<T>,
): AsyncGenerator<readonly WindowEdge<T>[], WindowEnd, undefined> {
  const { first, after, fetchPage, keyOf, maxCalls } = request;
  const cap = request.maxResultsLimit ?? DEFAULT_MAX_RESULTS_LIMIT;
  if (!Number.isInteger(first) || first < 1) {
    throw new RangeError('`first` must be an integer ≥ 1.');
  }
  if (!Number.isInteger(maxCalls) || maxCalls < 1) {
    throw new RangeError('`maxCalls` must be an integer ≥ 1.');
  }
  if (!Number.isInteger(cap) || cap < 1) {
    throw new RangeError('`maxResultsLimit` must be an integer ≥ 1.');
  }
  const hasPreviousPage = after !== null;
  if (after !== null && !isWellFormed(after)) throw new InvalidCursorError();
  if (after?.kind === 'end') {
    return { hasNextPage: false, hasPreviousPage, upstreamCalls: 0 };
  }

  let token = after?.token ?? null;
  // A mid-page cursor: skip items until the one keyed `afterKey`, which should still sit at index
  // `resumeSkip - 1` of the first page read (the page the cursor came from).
  let seekKey = after?.afterKey ?? null;
  const resumeSkip = after?.skip ?? 0;
  const usedTokens = new Set<string>();
  if (token !== null) usedTokens.add(token);
  let delivered = 0;
  let calls = 0;
  const end = (hasNextPage: boolean): WindowEnd => ({
    hasNextPage,
    hasPreviousPage,
    upstreamCalls: calls,
  });

  for (;;) {
    if (calls >= maxCalls) {
      // Zero edges with hasNextPage would leave the client no cursor to go on with.
      if (delivered === 0) throw new PageBudgetExhaustedError(calls);
      // The last edge ended a page that carried a token, so its position continues exactly.
      return end(true);
    }
    const onCursorPage = calls === 0;
    const missing = first - delivered;
    // Ask for exactly what is missing so the last edge ends an upstream page and its position can
    // carry that page's token: the next window starts on the next page, never re-fetching this one.
    // A mid-page resume gets the page's first `skip` items again, so it asks for those too. Once
    // the key has left its page (the listing shifted) its offset is unknown: take whole pages.
    const wanted = seekKey === null ? missing : onCursorPage ? resumeSkip + missing : cap;
    const { items, nextToken } = await fetchPage({ token, maxResults: Math.min(wanted, cap) });
    calls += 1;

    let start = 0;
    if (seekKey !== null) {
      const found = indexOfKey(items, keyOf, seekKey, onCursorPage ? resumeSkip - 1 : -1);
      // Never resume at a bare offset, which would silently skip or repeat items: when the key is
      // not on this page, newer items pushed it further down, so look for it on the next pages.
      if (found === -1) {
        start = items.length;
      } else {
        start = found + 1;
        seekKey = null;
      }
    }

    const taken = items.slice(start, start + missing);
    const batch = taken.map((node, offset): WindowEdge<T> => {
      const index = start + offset;
      const position: Position =
        index < items.length - 1
          ? { kind: 'page', token, skip: index + 1, afterKey: keyOf(node) }
          : nextToken === undefined
            ? { kind: 'end' }
            : { kind: 'page', token: nextToken };
      return { node, position };
    });
    delivered += batch.length;
    if (batch.length > 0) yield batch;

    if (start + taken.length < items.length) {
      // The page held more than was needed (the upstream sent more than asked, or a resume found
      // its key early): the rest is unread, and the last edge's position resumes after its key.
      return end(true);
    }
    if (nextToken === undefined) {
      if (seekKey !== null) {
        throw new InvalidCursorError(
          'The cursor is not valid for this listing: the item it points after is gone.',
        );
      }
      return end(false);
    }
    // Order is undocumented and only a missing token ends a listing, so a token coming round again
    // is the one sign of a loop.
    if (usedTokens.has(nextToken)) throw new RepeatedTokenError();
    usedTokens.add(nextToken);
    token = nextToken;
    if (delivered === first) return end(true);
  }
}

function indexOfKey<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  key: string,
  hint: number,
): number {
  // Keys are unique, so the hint only saves calls to keyOf; it never changes the answer.
  const hinted = hint >= 0 ? items[hint] : undefined;
  if (hinted !== undefined && keyOf(hinted) === key) return hint;
  return items.findIndex((item) => keyOf(item) === key);
}
