import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCursorCodec, type PositionPair } from '../../src/pagination/cursor-codec.js';
import { InvalidCursorError, PageBudgetExhaustedError } from '../../src/pagination/errors.js';
import { loadMergedWindow, type MergedWindow } from '../../src/pagination/merged-window.js';
import {
  createScriptedListing,
  type Item,
  keyOf,
  type ListingShape,
  PAGE_SIZE,
  type ScriptedListing,
} from './scripted-listing.js';

const codec = createCursorCodec('a test secret that is long enough to use');
const LISTING = 'merged-test-listing';

const shapes = (maxSize: number): fc.Arbitrary<ListingShape> =>
  fc.record({
    size: fc.integer({ min: 0, max: maxSize }),
    seed: fc.integer(),
    emptyRate: fc.constantFrom(0, 0.1, 0.3),
    shortRate: fc.constantFrom(0, 0.2, 0.5),
    maxEmptyRun: fc.integer({ min: 0, max: 3 }),
    trailingToken: fc.boolean(),
    overfill: fc.boolean(),
  });

/** Two listings whose items carry non-decreasing times (ties across listings on purpose). */
function timedListings(a: ListingShape, b: ListingShape, seed: number) {
  const listings = [createScriptedListing(a), createScriptedListing(b)] as const;
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % 3;
  };
  const times = listings.map((listing) => {
    let t = 0;
    return listing.items.map(() => {
      t += next();
      return t;
    });
  });
  const timeOf = (source: 0 | 1, item: Item) => times[source]?.[item.index] ?? 0;
  // Tag items with their listing so the comparator and the expectation can tell them apart.
  type Tagged = Item & { readonly source: 0 | 1 };
  const tag = (source: 0 | 1, listing: ScriptedListing) => ({
    keyOf: (item: Tagged) => keyOf(item),
    fetchPage: async (request: { token: string | null; maxResults: number }) => {
      const page = await listing.fetchPage(request);
      return { ...page, items: page.items.map((item) => ({ ...item, source })) };
    },
  });
  const sources = [tag(0, listings[0]), tag(1, listings[1])] as const;
  const compare = (x: Tagged, y: Tagged) => timeOf(x.source, x) - timeOf(y.source, y);
  // The expected timeline: a stable merge, the first listing first on ties.
  const expected: string[] = [];
  let i = 0;
  let j = 0;
  const [aItems, bItems] = [listings[0].items, listings[1].items];
  while (i < aItems.length || j < bItems.length) {
    const x = aItems[i];
    const y = bItems[j];
    if (x && (!y || timeOf(0, x) <= timeOf(1, y))) {
      expected.push(`0:${x.key}`);
      i++;
    } else if (y) {
      expected.push(`1:${y.key}`);
      j++;
    }
  }
  const calls = () => listings[0].requests.length + listings[1].requests.length;
  return { sources, compare, expected, calls };
}

const label = (edge: { source: 0 | 1; node: Item }) => `${edge.source}:${edge.node.key}`;

describe('loadMergedWindow over two scripted upstreams', () => {
  it('walks one time-ordered timeline through each window’s last cursor', async () => {
    await fc.assert(
      fc.asyncProperty(
        shapes(60),
        shapes(60),
        fc.integer(),
        fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 5 }),
        async (a, b, seed, firsts) => {
          const { sources, compare, expected, calls } = timedListings(a, b, seed);
          const seen: string[] = [];
          let after: PositionPair | null = null;
          for (let step = 0; step < 500; step++) {
            const first = firsts[step % firsts.length] ?? 1;
            const before = calls();
            const window: MergedWindow<Item & { source: 0 | 1 }> = await loadMergedWindow({
              first,
              after,
              sources,
              compare,
              maxCalls: 200,
            });
            expect(window.upstreamCalls).toBe(calls() - before);
            expect(window.edges.length).toBeLessThanOrEqual(first);
            if (window.hasNextPage) expect(window.edges.length).toBe(first);
            seen.push(...window.edges.map(label));
            const last = window.edges.at(-1);
            if (!window.hasNextPage || !last) break;
            after = codec.decodePair(LISTING, codec.encodePair(LISTING, last.position));
          }
          expect(seen).toEqual(expected);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('resumes exactly from the cursor of any edge, mid-page included', async () => {
    await fc.assert(
      fc.asyncProperty(shapes(50), shapes(50), fc.integer(), fc.nat(), async (a, b, seed, pick) => {
        const { sources, compare, expected } = timedListings(a, b, seed);
        const window = await loadMergedWindow({
          first: 30,
          after: null,
          sources,
          compare,
          maxCalls: 200,
        });
        if (window.edges.length === 0) return;
        const index = pick % window.edges.length;
        const edge = window.edges[index];
        if (!edge) return;
        const rest = await loadMergedWindow({
          first: 500,
          after: edge.position,
          sources,
          compare,
          maxCalls: 1000,
        });
        expect(rest.edges.map(label)).toEqual(expected.slice(index + 1));
        expect(rest.hasNextPage).toBe(false);
      }),
      { numRuns: 100 },
    );
  });

  it('reads about one upstream page per page of either listing when pages come full', async () => {
    const full = (size: number, seed: number): ListingShape => ({
      size,
      seed,
      emptyRate: 0,
      shortRate: 0,
      maxEmptyRun: 0,
      trailingToken: false,
      overfill: false,
    });
    const { sources, compare, expected, calls } = timedListings(full(20, 1), full(95, 2), 9);
    let after: PositionPair | null = null;
    let windows = 0;
    for (;;) {
      const window: MergedWindow<Item & { source: 0 | 1 }> = await loadMergedWindow({
        first: 25,
        after,
        sources,
        compare,
        maxCalls: 20,
      });
      windows += 1;
      const last = window.edges.at(-1);
      if (!window.hasNextPage || !last) break;
      after = last.position;
    }
    expect(windows).toBe(Math.ceil(expected.length / 25));
    // Each window may re-read the page it stopped in, once per listing.
    const pages = Math.ceil(20 / PAGE_SIZE) + Math.ceil(95 / PAGE_SIZE);
    expect(calls()).toBeLessThanOrEqual(pages + 2 * windows);
  });

  it('answers PageBudgetExhaustedError rather than an empty page that claims more', async () => {
    const empty: ListingShape = {
      size: 5,
      seed: 3,
      emptyRate: 1,
      shortRate: 0,
      maxEmptyRun: 50,
      trailingToken: false,
      overfill: false,
    };
    const { sources, compare } = timedListings(empty, empty, 1);
    await expect(
      loadMergedWindow({ first: 5, after: null, sources, compare, maxCalls: 4 }),
    ).rejects.toBeInstanceOf(PageBudgetExhaustedError);
  });

  it('refuses a single-listing cursor where a merged one is expected', () => {
    const single = codec.encode(LISTING, { kind: 'page', token: 'abc' });
    expect(() => codec.decodePair(LISTING, single)).toThrow(InvalidCursorError);
    const pair = codec.encodePair(LISTING, [{ kind: 'end' }, { kind: 'page', token: null }]);
    expect(() => codec.decode(LISTING, pair)).toThrow(InvalidCursorError);
    expect(() => codec.decodePair('another listing', pair)).toThrow(InvalidCursorError);
    expect(codec.decodePair(LISTING, pair)).toEqual([
      { kind: 'end' },
      { kind: 'page', token: null },
    ]);
  });
});
