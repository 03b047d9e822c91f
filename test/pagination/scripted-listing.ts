import type { FetchPage, UpstreamPage } from '../../src/pagination/token-window.js';

/**
 * An in-memory token-paged listing that behaves like the upstream at its most awkward: pages of at
 * most 10, short pages, empty pages that still carry a token, a token after the last item that leads
 * to one more empty page, pages larger than asked for. A page's shape is a pure function of
 * (seed, token, maxResults), so re-sending a token restarts at the same place and answers the same.
 */

export interface Item {
  readonly key: string;
  readonly index: number;
}

export interface ListingShape {
  /** Items in the listing. */
  readonly size: number;
  readonly seed: number;
  /** Chance that a page comes back empty (with a token) while items remain. */
  readonly emptyRate: number;
  /** Chance that a page comes back short of both maxResults and 10. */
  readonly shortRate: number;
  /** Longest run of consecutive empty pages. */
  readonly maxEmptyRun: number;
  /** The page holding the last item still carries a token, which leads to an empty last page. */
  readonly trailingToken: boolean;
  /** Pages ignore maxResults and hold up to a full page. */
  readonly overfill: boolean;
}

export interface PageRequest {
  readonly token: string | null;
  readonly maxResults: number;
}

export interface ScriptedListing {
  readonly items: readonly Item[];
  readonly fetchPage: FetchPage<Item>;
  /** Every request received, in order. */
  readonly requests: readonly PageRequest[];
}

export const PAGE_SIZE = 10;

export const keyOf = (item: Item): string => item.key;

export function createScriptedListing(shape: ListingShape): ScriptedListing {
  const items = Array.from({ length: shape.size }, (_, index) => ({
    key: `arn:test:item/${index.toString().padStart(4, '0')}`,
    index,
  }));
  const requests: PageRequest[] = [];
  // Each token issued is new (the serial), yet names its position, so it can be re-sent any time.
  let serial = 0;
  const issue = (position: number, emptyRun: number) => `p${position}.e${emptyRun}.n${serial++}`;

  const fetchPage: FetchPage<Item> = async ({ token, maxResults }) => {
    requests.push({ token, maxResults });
    if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 1000) {
      throw new Error(`maxResults ${maxResults} is outside 1..1000`);
    }
    const { position, emptyRun } = token === null ? { position: 0, emptyRun: 0 } : parse(token);
    const [roll, length] = rolls(`${shape.seed}|${token}|${maxResults}`);
    const limit = shape.overfill ? PAGE_SIZE : Math.min(maxResults, PAGE_SIZE);
    let count = limit;
    if (position < shape.size && roll < shape.emptyRate && emptyRun < shape.maxEmptyRun) {
      count = 0;
    } else if (roll < shape.emptyRate + shape.shortRate && limit > 1) {
      count = 1 + Math.floor(length * (limit - 1));
    }
    count = Math.min(count, shape.size - position);
    const next = position + count;
    const page: UpstreamPage<Item> = { items: items.slice(position, next) };
    const more = next < shape.size || (shape.trailingToken && position < shape.size);
    return more ? { ...page, nextToken: issue(next, count === 0 ? emptyRun + 1 : 0) } : page;
  };

  return { items, fetchPage, requests };
}

function parse(token: string): { position: number; emptyRun: number } {
  const match = /^p(\d+)\.e(\d+)\.n\d+$/.exec(token);
  if (match === null) throw new Error(`unknown token ${token}`);
  return { position: Number(match[1]), emptyRun: Number(match[2]) };
}

// Two uniform numbers in [0, 1) from a string: FNV-1a seeds a few rounds of mulberry32.
function rolls(text: string): [number, number] {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  }
  const next = () => {
    hash = (hash + 0x6d2b79f5) | 0;
    let t = Math.imul(hash ^ (hash >>> 15), 1 | hash);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return [next(), next()];
}
