import { describe, expect, it } from 'vitest';
import { useHarness } from '../support/harness.js';

const FLOW = 'SUPPORT001';

/** `executions(first)` with `edges @stream` and pageInfo deferred: edges go out page by page. */
const streamedPage = (flowId: string, first: number, after: string | null = null) =>
  `{ flow(id: "${flowId}") { __typename ... on Flow { executions(first: ${first}${after ? `, after: "${after}"` : ''}) { edges @stream(initialCount: 0) { cursor node { executionArn } } ... @defer { pageInfo { hasNextPage endCursor } } } } ... on Error { message } } }`;

interface Part {
  readonly data?: { flow?: { __typename: string; executions?: { edges: unknown[] } } };
  readonly incremental?: readonly {
    readonly items?: readonly { cursor: string; node: { executionArn: string } }[];
    readonly data?: { pageInfo?: { hasNextPage: boolean; endCursor: string } };
    readonly errors?: readonly { extensions?: { code?: string } }[];
  }[];
  readonly errors?: readonly { extensions?: { code?: string } }[];
  readonly hasNext?: boolean;
}

/** Reads an incremental answer over server-sent events, calling `onPart` as each part arrives. */
async function readParts(url: string, query: string, onPart: (part: Part) => void = () => {}) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ query }),
  });
  const reader = response.body?.getReader();
  if (!reader) throw new Error('no body');
  const decoder = new TextDecoder();
  const parts: Part[] = [];
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return parts;
    buffer += decoder.decode(value, { stream: true });
    for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = frame.split('\n').find((line) => line.startsWith('data: '));
      if (!frame.startsWith('event: next') || !data) continue;
      const part: Part = JSON.parse(data.slice('data: '.length));
      parts.push(part);
      onPart(part);
    }
  }
}

const itemsOf = (parts: readonly Part[]) =>
  parts.flatMap((p) => (p.incremental ?? []).flatMap((i) => i.items ?? []));
const pageInfoOf = (parts: readonly Part[]) =>
  parts.flatMap((p) =>
    (p.incremental ?? []).flatMap((i) => (i.data?.pageInfo ? [i.data.pageInfo] : [])),
  )[0];

describe('edges @stream', () => {
  const h = useHarness();

  it('sends the first page’s edges before the later pages are read', async () => {
    h.emulator.setFaults({ latencyMs: 200 });
    let readWhenFirstEdgesArrived: number | undefined;
    const parts = await readParts(h.url, streamedPage(FLOW, 25), (part) => {
      if (readWhenFirstEdgesArrived === undefined && itemsOf([part]).length > 0) {
        readWhenFirstEdgesArrived = h.upstreamCalls();
      }
    });
    // The first edges went out after one upstream page, while pages two and three were still coming.
    expect(readWhenFirstEdgesArrived).toBe(1);
    const expected = h.emulator.store.listExecutions(FLOW).map((e) => e.executionArn);
    expect(itemsOf(parts).map((edge) => edge.node.executionArn)).toEqual(expected.slice(0, 25));
    expect(h.upstreamCalls()).toBe(3);
    expect(pageInfoOf(parts)?.hasNextPage).toBe(true);
  });

  it('ends with a pageInfo whose endCursor continues the walk exactly', async () => {
    const first = await readParts(h.url, streamedPage(FLOW, 12));
    const endCursor = pageInfoOf(first)?.endCursor ?? null;
    expect(endCursor).not.toBeNull();
    const second = await readParts(h.url, streamedPage(FLOW, 12, endCursor));
    const expected = h.emulator.store.listExecutions(FLOW).map((e) => e.executionArn);
    expect([...itemsOf(first), ...itemsOf(second)].map((e) => e.node.executionArn)).toEqual(
      expected.slice(0, 24),
    );
  });

  it('still answers a failure of the first page as the flow’s union member', async () => {
    const parts = await readParts(h.url, streamedPage('NOSUCHFLOW', 25));
    expect(parts[0]?.data?.flow?.__typename).toBe('NotFoundError');
  });

  it('reports a failure after the first page as an error in the stream', async () => {
    let arrivals = 0;
    const off = h.emulator.onRequest(() => {
      arrivals += 1;
      // From the second upstream page on, Bedrock keeps failing.
      if (arrivals === 2) h.emulator.setFaults({ serverErrorRate: 1 });
    });
    try {
      const parts = await readParts(h.url, streamedPage(FLOW, 25));
      expect(itemsOf(parts)).toHaveLength(10);
      const codes = parts
        .flatMap((p) => [
          ...(p.errors ?? []),
          ...(p.incremental ?? []).flatMap((i) => i.errors ?? []),
        ])
        .map((e) => e.extensions?.code);
      expect(codes).toContain('UPSTREAM');
    } finally {
      off();
    }
  });
});
