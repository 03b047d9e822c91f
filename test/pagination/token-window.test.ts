import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCursorCodec, type Position } from '../../src/pagination/cursor-codec.js';
import {
  InvalidCursorError,
  PageBudgetExhaustedError,
  RepeatedTokenError,
} from '../../src/pagination/errors.js';
import {
  defaultCallBound,
  type FetchPage,
  loadWindow,
  minimumCalls,
  type UpstreamPage,
  type Window,
} from '../../src/pagination/token-window.js';
import {
  createScriptedListing,
  type Item,
  keyOf,
  type ListingShape,
  PAGE_SIZE,
} from './scripted-listing.js';

const codec = createCursorCodec('a test secret that is long enough to use');
const LISTING = 'test-listing';

const shapes: fc.Arbitrary<ListingShape> = fc.record({
  // Small listings often, so the edges of the listing are hit as often as its middle.
  size: fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 2000 })),
  seed: fc.integer(),
  emptyRate: fc.constantFrom(0, 0.1, 0.3, 0.6),
  shortRate: fc.constantFrom(0, 0.2, 0.5),
  maxEmptyRun: fc.integer({ min: 0, max: 4 }),
  trailingToken: fc.boolean(),
  overfill: fc.boolean(),
});
const firsts = fc.array(fc.integer({ min: 1, max: 60 }), { minLength: 1, maxLength: 6 });

// Enough calls for any window over these shapes: a resumed key lies at most a page into its page,
// every non-empty page yields an item, and empty pages come in runs of at most `maxEmptyRun`.
const ampleCalls = (first: number, shape: ListingShape) =>
  (first + PAGE_SIZE + 1) * (shape.maxEmptyRun + 1);

const cycle = <T>(values: readonly T[], step: number): T => {
  const value = values[step % values.length];
  if (value === undefined) throw new Error('empty cycle');
  return value;
};

// Resume the way a client does: through the sealed cursor string.
const throughCodec = (position: Position) => codec.decode(LISTING, codec.encode(LISTING, position));

/** Loads a window and checks what must hold for every window, whatever the listing. */
async function checkedWindow(
  listing: { fetchPage: FetchPage<Item>; requests: readonly unknown[] },
  first: number,
  after: Position | null,
  maxCalls: number,
): Promise<Window<Item>> {
  const before = listing.requests.length;
  const window = await loadWindow({ first, after, fetchPage: listing.fetchPage, keyOf, maxCalls });
  expect(window.upstreamCalls).toBe(listing.requests.length - before);
  expect(window.upstreamCalls).toBeLessThanOrEqual(maxCalls);
  expect(window.edges.length).toBeLessThanOrEqual(first);
  expect(window.hasPreviousPage).toBe(after !== null);
  // Never zero edges with a next page: the client would have no cursor to go on with.
  if (window.hasNextPage) expect(window.edges.length).toBeGreaterThan(0);
  return window;
}

describe('loadWindow over a scripted upstream', () => {
  it('walks the whole listing through each window’s last edge, filling every window', async () => {
    await fc.assert(
      fc.asyncProperty(shapes, firsts, fc.boolean(), async (shape, sizes, viaCodec) => {
        const listing = createScriptedListing(shape);
        const seen: string[] = [];
        let after: Position | null = null;
        for (let step = 0; ; step += 1) {
          expect(step).toBeLessThanOrEqual(shape.size + 1);
          const first = cycle(sizes, step);
          const window = await checkedWindow(listing, first, after, ampleCalls(first, shape));
          seen.push(...window.edges.map((edge) => edge.node.key));
          // With calls to spare, a window is short only where the listing ends.
          if (window.hasNextPage) expect(window.edges.length).toBe(first);
          if (!shape.trailingToken) expect(window.hasNextPage).toBe(seen.length < shape.size);
          const last = window.edges.at(-1);
          if (!window.hasNextPage || last === undefined) break;
          after = viaCodec ? throughCodec(last.position) : last.position;
        }
        expect(seen).toEqual(listing.items.map(keyOf));
      }),
      { numRuns: 150 },
    );
  });

  it('walks the whole listing when each window resumes from a random edge’s cursor', async () => {
    await fc.assert(
      fc.asyncProperty(
        shapes,
        firsts,
        fc.array(fc.nat(), { minLength: 1, maxLength: 8 }),
        async (shape, sizes, picks) => {
          const listing = createScriptedListing(shape);
          const seen: string[] = [];
          let after: Position | null = null;
          for (let step = 0; ; step += 1) {
            expect(step).toBeLessThanOrEqual(shape.size + 1);
            const first = cycle(sizes, step);
            const window = await checkedWindow(listing, first, after, ampleCalls(first, shape));
            if (window.hasNextPage) expect(window.edges.length).toBe(first);
            if (window.edges.length === 0) break;
            const pick = cycle(picks, step) % window.edges.length;
            const picked = window.edges[pick];
            if (picked === undefined) throw new Error('no edge picked');
            seen.push(...window.edges.slice(0, pick + 1).map((edge) => edge.node.key));
            if (!window.hasNextPage && pick === window.edges.length - 1) break;
            after = throughCodec(picked.position);
          }
          expect(seen).toEqual(listing.items.map(keyOf));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('costs exactly one call per upstream page and never re-fetches one when pages come full', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 2000 }),
        firsts,
        fc.constantFrom(1, 2, 3, 7, 9, 10, 11, 1000),
        async (size, sizes, maxResultsLimit) => {
          const shape = {
            size,
            seed: 0,
            emptyRate: 0,
            shortRate: 0,
            maxEmptyRun: 0,
            trailingToken: false,
            overfill: false,
          };
          const listing = createScriptedListing(shape);
          const perPage = Math.min(maxResultsLimit, PAGE_SIZE);
          let seen = 0;
          let after: Position | null = null;
          for (let step = 0; ; step += 1) {
            const first = cycle(sizes, step);
            const before = listing.requests.length;
            const window: Window<Item> = await loadWindow({
              first,
              after,
              fetchPage: listing.fetchPage,
              keyOf,
              maxCalls: minimumCalls(first, after, { pageSize: perPage }),
              maxResultsLimit,
            });
            const wanted = Math.min(first, size - seen);
            // An empty listing still takes the one call that says so.
            expect(listing.requests.length - before).toBe(Math.max(1, Math.ceil(wanted / perPage)));
            expect(window.edges.length).toBe(wanted);
            seen += window.edges.length;
            expect(window.hasNextPage).toBe(seen < size);
            const last = window.edges.at(-1);
            // The last edge ends an upstream page, so its cursor carries a token, not an offset.
            expect(last === undefined || endsPage(last.position)).toBe(true);
            if (!window.hasNextPage || last === undefined) break;
            after = last.position;
          }
          const tokens = listing.requests.map((request) => request.token);
          expect(new Set(tokens).size).toBe(tokens.length);
          expect(listing.requests.every((request) => request.maxResults <= maxResultsLimit)).toBe(
            true,
          );
        },
      ),
      { numRuns: 150 },
    );
  });

  it('stays within tight call bounds and only gives up with nothing to show', async () => {
    await fc.assert(
      fc.asyncProperty(
        shapes,
        firsts,
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 6 }),
        async (shape, sizes, bounds) => {
          const listing = createScriptedListing(shape);
          const seen: string[] = [];
          let after: Position | null = null;
          for (let step = 0; ; step += 1) {
            expect(step).toBeLessThanOrEqual(shape.size + 1);
            const first = cycle(sizes, step);
            const maxCalls = cycle(bounds, step);
            const before = listing.requests.length;
            let window: Window<Item>;
            try {
              window = await checkedWindow(listing, first, after, maxCalls);
            } catch (error) {
              expect(error).toBeInstanceOf(PageBudgetExhaustedError);
              expect(listing.requests.length - before).toBe(maxCalls);
              break;
            }
            seen.push(...window.edges.map((edge) => edge.node.key));
            // A short window with more to come means the bound, not the listing, ended it.
            if (window.hasNextPage && window.edges.length < first) {
              expect(window.upstreamCalls).toBe(maxCalls);
            }
            const last = window.edges.at(-1);
            if (!window.hasNextPage || last === undefined) {
              expect(seen.length).toBe(shape.size);
              break;
            }
            after = last.position;
          }
          expect(seen).toEqual(listing.items.slice(0, seen.length).map(keyOf));
        },
      ),
      { numRuns: 150 },
    );
  });
});

/** A hand-written upstream: one page per token ('' = first page), whatever maxResults says. */
function scriptedPages(pages: Record<string, UpstreamPage<string>>) {
  const requests: { token: string | null; maxResults: number }[] = [];
  const fetchPage: FetchPage<string> = async (request) => {
    requests.push(request);
    const page = pages[request.token ?? ''];
    if (page === undefined) throw new Error(`unknown token ${request.token}`);
    return page;
  };
  return { fetchPage, requests };
}

/**
 * A listing that can change between requests, with offset tokens: a token names a place, not an
 * item, so items inserted or removed before it shift what the page holds, as they may upstream.
 */
function mutableListing(initial: readonly string[]) {
  const items = [...initial];
  const requests: { token: string | null; maxResults: number }[] = [];
  const fetchPage: FetchPage<string> = async (request) => {
    requests.push(request);
    const offset = request.token === null ? 0 : Number(request.token.slice(1));
    const page = items.slice(offset, offset + Math.min(request.maxResults, PAGE_SIZE));
    const next = offset + page.length;
    return next < items.length ? { items: page, nextToken: `o${next}` } : { items: page };
  };
  return { items, fetchPage, requests };
}

const endsPage = (position: Position) => position.kind === 'end' || position.skip === undefined;

const letters = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => `item-${from + i}`);
const identity = (item: string) => item;

describe('loadWindow', () => {
  it('fills the window through short and empty pages, asking each for exactly what is missing', async () => {
    const upstream = scriptedPages({
      '': { items: ['a'], nextToken: 't1' },
      t1: { items: [], nextToken: 't2' },
      t2: { items: ['b', 'c'], nextToken: 't3' },
      t3: { items: ['d'] },
    });
    const window = await loadWindow({
      first: 3,
      after: null,
      fetchPage: upstream.fetchPage,
      keyOf: identity,
      maxCalls: 5,
    });
    expect(upstream.requests).toEqual([
      { token: null, maxResults: 3 },
      { token: 't1', maxResults: 2 },
      { token: 't2', maxResults: 2 },
    ]);
    expect(window).toEqual({
      edges: [
        { node: 'a', position: { kind: 'page', token: 't1' } },
        { node: 'b', position: { kind: 'page', token: 't2', skip: 1, afterKey: 'b' } },
        { node: 'c', position: { kind: 'page', token: 't3' } },
      ],
      hasNextPage: true,
      hasPreviousPage: false,
      upstreamCalls: 3,
    });
  });

  it('marks the last edge of the listing with the end position and no next page', async () => {
    const upstream = scriptedPages({ '': { items: ['a', 'b'] } });
    const window = await loadWindow({
      first: 5,
      after: null,
      fetchPage: upstream.fetchPage,
      keyOf: identity,
      maxCalls: 1,
    });
    expect(window.edges.map((edge) => edge.position)).toEqual([
      { kind: 'page', token: null, skip: 1, afterKey: 'a' },
      { kind: 'end' },
    ]);
    expect(window.hasNextPage).toBe(false);
  });

  it('answers an end cursor with no edges, no next page and no upstream call', async () => {
    const upstream = scriptedPages({});
    const window = await loadWindow({
      first: 5,
      after: { kind: 'end' },
      fetchPage: upstream.fetchPage,
      keyOf: identity,
      maxCalls: 1,
    });
    expect(window).toEqual({
      edges: [],
      hasNextPage: false,
      hasPreviousPage: true,
      upstreamCalls: 0,
    });
    expect(upstream.requests).toEqual([]);
  });

  it('throws PageBudgetExhaustedError when the bound meets a long run of empty pages', async () => {
    const pages: Record<string, UpstreamPage<string>> = { '': { items: [], nextToken: 't1' } };
    for (let i = 1; i < 10; i += 1) pages[`t${i}`] = { items: [], nextToken: `t${i + 1}` };
    pages.t10 = { items: ['late'] };
    const upstream = scriptedPages(pages);
    const attempt = loadWindow({
      first: 2,
      after: null,
      fetchPage: upstream.fetchPage,
      keyOf: identity,
      maxCalls: 4,
    });
    await expect(attempt).rejects.toBeInstanceOf(PageBudgetExhaustedError);
    await expect(attempt).rejects.toMatchObject({ retryable: true, upstreamCalls: 4 });
    expect(upstream.requests).toHaveLength(4);
  });

  it('returns what it has with hasNextPage when the bound runs out after an edge, and continues from it', async () => {
    const upstream = scriptedPages({
      '': { items: ['a'], nextToken: 't1' },
      t1: { items: [], nextToken: 't2' },
      t2: { items: [], nextToken: 't3' },
      t3: { items: ['b', 'c'] },
    });
    const request = { first: 3, fetchPage: upstream.fetchPage, keyOf: identity, maxCalls: 2 };
    const window = await loadWindow({ ...request, after: null });
    expect(window.edges.map((edge) => edge.node)).toEqual(['a']);
    expect(window.hasNextPage).toBe(true);
    expect(window.upstreamCalls).toBe(2);
    const after = window.edges.at(-1)?.position ?? null;
    expect(after).toEqual({ kind: 'page', token: 't1' });
    const rest = await loadWindow({ ...request, after, maxCalls: 3 });
    expect(rest.edges.map((edge) => edge.node)).toEqual(['b', 'c']);
    expect(rest.hasNextPage).toBe(false);
  });

  it('throws RepeatedTokenError when the upstream hands back a token it already used', async () => {
    const upstream = scriptedPages({
      '': { items: ['a'], nextToken: 't1' },
      t1: { items: ['b'], nextToken: 't2' },
      t2: { items: ['c'], nextToken: 't1' },
    });
    const attempt = loadWindow({
      first: 10,
      after: null,
      fetchPage: upstream.fetchPage,
      keyOf: identity,
      maxCalls: 10,
    });
    await expect(attempt).rejects.toBeInstanceOf(RepeatedTokenError);
    await expect(attempt).rejects.toMatchObject({ retryable: false });
    expect(upstream.requests).toHaveLength(3);
  });

  it('counts the token it started from as used', async () => {
    const upstream = scriptedPages({ t1: { items: ['a'], nextToken: 't1' } });
    await expect(
      loadWindow({
        first: 1,
        after: { kind: 'page', token: 't1' },
        fetchPage: upstream.fetchPage,
        keyOf: identity,
        maxCalls: 3,
      }),
    ).rejects.toBeInstanceOf(RepeatedTokenError);
  });

  it('takes only what it needs from a page larger than asked, ending mid-page', async () => {
    const upstream = scriptedPages({ '': { items: letters(0, 10), nextToken: 't1' } });
    const window = await loadWindow({
      first: 3,
      after: null,
      fetchPage: upstream.fetchPage,
      keyOf: identity,
      maxCalls: 3,
    });
    expect(window.edges.map((edge) => edge.node)).toEqual(letters(0, 3));
    expect(window.edges.at(-1)?.position).toEqual({
      kind: 'page',
      token: null,
      skip: 3,
      afterKey: 'item-2',
    });
    expect(window.hasNextPage).toBe(true);
    expect(window.upstreamCalls).toBe(1);
  });

  it('resumes after a mid-page cursor without losing an edge', async () => {
    const listing = mutableListing(letters(0, 25));
    const request = { fetchPage: listing.fetchPage, keyOf: identity, maxCalls: 5 };
    const head = await loadWindow({ ...request, first: 5, after: null });
    const middle = head.edges[1]?.position ?? null;
    expect(middle).toEqual({ kind: 'page', token: null, skip: 2, afterKey: 'item-1' });
    listing.requests.length = 0;
    const window = await loadWindow({ ...request, first: 12, after: middle });
    expect(window.edges.map((edge) => edge.node)).toEqual(letters(2, 12));
    // The cursor's page again, with its first two items, then exactly what is still missing.
    expect(listing.requests).toEqual([
      { token: null, maxResults: 14 },
      { token: 'o10', maxResults: 4 },
    ]);
    expect(window.edges.at(-1)?.position).toEqual({ kind: 'page', token: 'o14' });
  });

  it('still resumes after the right item when items were inserted before the cursor’s page', async () => {
    for (const inserted of [3, 12]) {
      const listing = mutableListing(letters(0, 25));
      const request = { fetchPage: listing.fetchPage, keyOf: identity, maxCalls: 5 };
      const head = await loadWindow({ ...request, first: 5, after: null });
      const after = codecRoundTrip(head.edges[1]?.position);
      listing.items.unshift(...letters(100, inserted));
      const window = await loadWindow({ ...request, first: 4, after });
      expect(window.edges.map((edge) => edge.node)).toEqual(letters(2, 4));
    }
  });

  it('still resumes after the right item when items before it were removed', async () => {
    const listing = mutableListing(letters(0, 25));
    const request = { fetchPage: listing.fetchPage, keyOf: identity, maxCalls: 5 };
    const head = await loadWindow({ ...request, first: 5, after: null });
    const after = head.edges[3]?.position ?? null;
    listing.items.splice(0, 2);
    const window = await loadWindow({ ...request, first: 3, after });
    expect(window.edges.map((edge) => edge.node)).toEqual(letters(4, 3));
  });

  it('throws InvalidCursorError when the cursor’s item has vanished from the listing', async () => {
    const listing = mutableListing(letters(0, 25));
    const request = { fetchPage: listing.fetchPage, keyOf: identity, maxCalls: 10 };
    const head = await loadWindow({ ...request, first: 5, after: null });
    const after = head.edges[1]?.position ?? null;
    listing.items.splice(1, 1);
    await expect(loadWindow({ ...request, first: 4, after })).rejects.toBeInstanceOf(
      InvalidCursorError,
    );
    // It looked through the whole rest of the listing before giving up, never at a bare offset.
    expect(listing.requests.map((r) => r.token)).toEqual([null, null, 'o6', 'o16']);
  });

  it('throws PageBudgetExhaustedError when the bound runs out while looking for the cursor’s item', async () => {
    const listing = mutableListing(letters(0, 25));
    const request = { fetchPage: listing.fetchPage, keyOf: identity };
    const head = await loadWindow({ ...request, first: 5, after: null, maxCalls: 1 });
    const after = head.edges[1]?.position ?? null;
    listing.items.unshift(...letters(100, 30));
    await expect(loadWindow({ ...request, first: 4, after, maxCalls: 2 })).rejects.toBeInstanceOf(
      PageBudgetExhaustedError,
    );
  });

  it('rejects a hand-made position that has a skip but no key', async () => {
    const upstream = scriptedPages({});
    await expect(
      loadWindow({
        first: 1,
        after: { kind: 'page', token: null, skip: 2 },
        fetchPage: upstream.fetchPage,
        keyOf: identity,
        maxCalls: 1,
      }),
    ).rejects.toBeInstanceOf(InvalidCursorError);
    expect(upstream.requests).toEqual([]);
  });

  it('propagates errors from fetchPage unchanged', async () => {
    const failure = new Error('upstream said no');
    let calls = 0;
    const fetchPage: FetchPage<string> = async () => {
      calls += 1;
      if (calls === 2) throw failure;
      return { items: ['a'], nextToken: `t${calls}` };
    };
    await expect(
      loadWindow({ first: 3, after: null, fetchPage, keyOf: identity, maxCalls: 5 }),
    ).rejects.toBe(failure);
  });

  it('refuses a first or a bound below one', async () => {
    const { fetchPage } = scriptedPages({});
    const base = { after: null, fetchPage, keyOf: identity };
    await expect(loadWindow({ ...base, first: 0, maxCalls: 1 })).rejects.toBeInstanceOf(RangeError);
    await expect(loadWindow({ ...base, first: 1, maxCalls: 0 })).rejects.toBeInstanceOf(RangeError);
  });
});

describe('call bounds', () => {
  it('needs one call per full page, one more when a mid-page resume re-reads its page', () => {
    expect(minimumCalls(1, null)).toBe(1);
    expect(minimumCalls(10, null)).toBe(1);
    expect(minimumCalls(11, null)).toBe(2);
    expect(minimumCalls(100, { kind: 'page', token: 't' })).toBe(10);
    expect(minimumCalls(7, { kind: 'page', token: 't', skip: 3, afterKey: 'k' })).toBe(1);
    expect(minimumCalls(8, { kind: 'page', token: 't', skip: 3, afterKey: 'k' })).toBe(2);
    expect(minimumCalls(5, { kind: 'end' })).toBe(0);
  });

  it('adds slack for short and empty pages to the minimum', () => {
    expect(defaultCallBound(20, null)).toBe(5);
    expect(defaultCallBound(20, null, { slack: 5 })).toBe(7);
    expect(defaultCallBound(20, { kind: 'page', token: 't', skip: 1, afterKey: 'k' })).toBe(6);
    expect(defaultCallBound(5, { kind: 'end' }, { slack: 0 })).toBe(1);
  });
});

function codecRoundTrip(position: Position | undefined): Position {
  if (position === undefined) throw new Error('no position');
  return throughCodec(position);
}
