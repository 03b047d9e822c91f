import type { Position, PositionPair } from './cursor-codec.js';
import { PageBudgetExhaustedError } from './errors.js';
import { type FetchPage, loadWindow, UPSTREAM_PAGE_SIZE, type WindowEdge } from './token-window.js';

/** One of the two token-paged listings a merged window walks. */
export interface MergeSource<T> {
  readonly fetchPage: FetchPage<T>;
  /** Stable key of an item within its listing (see `WindowRequest.keyOf`). */
  keyOf(item: T): string;
}

export interface MergedWindowRequest<T> {
  /** Edges wanted (≥ 1, validated by the caller). */
  readonly first: number;
  /** Decoded `after` cursor: where each listing continues; null starts both at their beginning. */
  readonly after: PositionPair | null;
  readonly sources: readonly [MergeSource<T>, MergeSource<T>];
  /**
   * Orders two items of different listings (negative: `a` first). Equal items are taken from the
   * first source first, so the order is total and the same on every walk.
   */
  compare(a: T, b: T): number;
  /** Bound on upstream calls for this window, both listings together (≥ 1). */
  readonly maxCalls: number;
}

export interface MergedEdge<T> {
  readonly node: T;
  /** Which listing the item came from. */
  readonly source: 0 | 1;
  /** Where both listings continue right after this edge: seal it as the edge's cursor. */
  readonly position: PositionPair;
}

export interface MergedWindow<T> {
  readonly edges: readonly MergedEdge<T>[];
  readonly hasNextPage: boolean;
  readonly hasPreviousPage: boolean;
  readonly upstreamCalls: number;
}

const START: Position = { kind: 'page', token: null };

interface SourceState<T> {
  /** Where this listing continues after its last edge taken into the merged window. */
  position: Position;
  /** Edges read but not yet taken, in listing order. */
  buffer: WindowEdge<T>[];
  /** Whether the listing may hold items beyond the buffer. */
  more: boolean;
}

/**
 * Merges two token-paged listings into one, ordered by `compare`, each listing keeping its own
 * order. Both are read lazily, about one upstream page at a time through `loadWindow`, so a window
 * reads little more than the edges it returns; the cursor of every edge carries both listings'
 * positions, and a listing consumed mid-page resumes after that edge's key, exactly.
 *
 * Throws what `loadWindow` throws, and `PageBudgetExhaustedError` when the bound runs out before
 * a single edge.
 */
export async function loadMergedWindow<T>(
  request: MergedWindowRequest<T>,
): Promise<MergedWindow<T>> {
  const { first, after, sources, compare, maxCalls } = request;
  if (!Number.isInteger(first) || first < 1)
    throw new RangeError('`first` must be an integer ≥ 1.');
  if (!Number.isInteger(maxCalls) || maxCalls < 1) {
    throw new RangeError('`maxCalls` must be an integer ≥ 1.');
  }
  const states: [SourceState<T>, SourceState<T>] = [
    { position: after?.[0] ?? START, buffer: [], more: after?.[0].kind !== 'end' },
    { position: after?.[1] ?? START, buffer: [], more: after?.[1].kind !== 'end' },
  ];
  const edges: MergedEdge<T>[] = [];
  let calls = 0;
  let outOfBudget = false;

  const fill = async (index: 0 | 1, budget: number): Promise<void> => {
    const state = states[index];
    const source = sources[index];
    // Read about a page at a time: the other listing may supply most of what is missing.
    const chunk = Math.min(first - edges.length, UPSTREAM_PAGE_SIZE);
    try {
      const window = await loadWindow({
        first: chunk,
        after: state.position,
        fetchPage: source.fetchPage,
        keyOf: (item) => source.keyOf(item),
        maxCalls: budget,
      });
      calls += window.upstreamCalls;
      state.buffer = [...window.edges];
      state.more = window.hasNextPage;
    } catch (error) {
      if (!(error instanceof PageBudgetExhaustedError)) throw error;
      calls += error.upstreamCalls;
      outOfBudget = true;
    }
  };

  while (edges.length < first) {
    const needing = ([0, 1] as const).filter(
      (i) => states[i].buffer.length === 0 && states[i].more,
    );
    if (needing.length > 0) {
      const left = maxCalls - calls;
      if (left < 1) {
        outOfBudget = true;
        break;
      }
      // Both listings are read together; the budget left is shared between them.
      const share = Math.max(1, Math.floor(left / needing.length));
      await Promise.all(needing.map((i) => fill(i, share)));
      // An item can be placed only once the other listing's next item is known.
      if (outOfBudget) break;
    }
    const [a, b] = [states[0].buffer[0], states[1].buffer[0]];
    if (!a && !b) break;
    const pick: 0 | 1 = !b ? 0 : !a ? 1 : compare(a.node, b.node) <= 0 ? 0 : 1;
    const state = states[pick];
    const edge = state.buffer.shift();
    if (!edge) break;
    state.position = edge.position;
    edges.push({
      node: edge.node,
      source: pick,
      position: [states[0].position, states[1].position],
    });
  }

  if (edges.length === 0 && outOfBudget) throw new PageBudgetExhaustedError(calls);
  const hasNextPage = states.some((state) => state.buffer.length > 0 || state.more);
  return { edges, hasNextPage, hasPreviousPage: after !== null, upstreamCalls: calls };
}
