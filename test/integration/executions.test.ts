import { describe, expect, it } from 'vitest';
import {
  ConditionalWindowsDocument,
  FlowExecutionsDocument,
  type FlowExecutionsQuery,
  type FlowExecutionsQueryVariables,
  MixedWindowsDocument,
  SameWindowManyWaysDocument,
} from '../generated/graphql.js';
import { type Harness, useHarness } from '../support/harness.js';

type FlowResult = FlowExecutionsQuery['flow'];
type Connection = Extract<FlowResult, { __typename: 'Flow' }>['executions'];

const FLOW = 'SUPPORT001';

function connectionOf(flow: FlowResult | undefined): Connection {
  if (flow?.__typename !== 'Flow') throw new Error(`expected a Flow, got ${JSON.stringify(flow)}`);
  return flow.executions;
}

async function page(h: Harness, variables: FlowExecutionsQueryVariables): Promise<Connection> {
  const result = await h.execute(FlowExecutionsDocument, variables);
  expect(result.errors).toBeUndefined();
  return connectionOf(result.data?.flow);
}

/** Follows endCursor to the end; returns every ARN in order and how many pages it took. */
async function walk(h: Harness, variables: Omit<FlowExecutionsQueryVariables, 'after'>) {
  const arns: string[] = [];
  let after: string | null = null;
  for (let pages = 1; pages < 1000; pages++) {
    const connection: Connection = await page(h, { ...variables, after });
    // Never an empty page that claims more: the client would have no cursor to go on with.
    if (connection.pageInfo.hasNextPage) expect(connection.edges.length).toBeGreaterThan(0);
    expect(connection.pageInfo.hasPreviousPage).toBe(after !== null);
    arns.push(...connection.edges.map((edge) => edge.node.executionArn));
    if (!connection.pageInfo.hasNextPage) return { arns, pages };
    after = connection.pageInfo.endCursor ?? null;
  }
  throw new Error('walk did not end');
}

describe.each(['http1', 'http2'] as const)('paging executions over an %s upstream', (protocol) => {
  const h = useHarness({ protocol });

  it('walks a whole listing in order at exactly one upstream call per upstream page', async () => {
    const expected = h.emulator.store.listExecutions(FLOW).map((e) => e.executionArn);
    const { arns, pages } = await walk(h, { id: FLOW, first: 10 });
    expect(arns).toEqual(expected);
    expect(pages).toBe(Math.ceil(expected.length / 10));
    expect(h.upstreamCalls('ListFlowExecutions')).toBe(Math.ceil(expected.length / 10));
    const protocols = new Set(h.emulator.requests.map((r) => r.httpVersion));
    expect(protocols).toEqual(new Set([protocol === 'http2' ? '2.0' : '1.1']));
  });

  it('fills a page of 25 from three upstream pages and continues without a re-fetch', async () => {
    const expected = h.emulator.store.listExecutions(FLOW).map((e) => e.executionArn);
    const first = await page(h, { id: FLOW, first: 25 });
    expect(first.edges.map((e) => e.node.executionArn)).toEqual(expected.slice(0, 25));
    expect(h.upstreamCalls()).toBe(3);
    const second = await page(h, { id: FLOW, first: 25, after: first.pageInfo.endCursor });
    expect(second.edges.map((e) => e.node.executionArn)).toEqual(expected.slice(25, 50));
    expect(h.upstreamCalls()).toBe(6);
  });
});

describe('paging executions', () => {
  const h = useHarness();

  it('resumes after a mid-page cursor without losing an edge', async () => {
    const expected = h.emulator.store.listExecutions(FLOW).map((e) => e.executionArn);
    const first = await page(h, { id: FLOW, first: 10 });
    const middle = first.edges[3];
    expect(middle).toBeDefined();
    const next = await page(h, { id: FLOW, first: 10, after: middle?.cursor });
    expect(next.edges.map((e) => e.node.executionArn)).toEqual(expected.slice(4, 14));
    expect(next.pageInfo.hasNextPage).toBe(true);
  });

  it('lists only the executions of one alias when asked', async () => {
    const expected = h.emulator.store.listExecutions(FLOW, 'PRODALIAS1').map((e) => e.executionArn);
    const { arns } = await walk(h, { id: FLOW, first: 50, flowAliasId: 'PRODALIAS1' });
    expect(arns).toEqual(expected);
    expect(expected.length).toBeGreaterThan(0);
  });

  it('exposes every field of an execution as Bedrock reports it', async () => {
    const [stored] = h.emulator.store.listExecutions(FLOW);
    const connection = await page(h, { id: FLOW, first: 1 });
    const node = connection.edges[0]?.node;
    expect(node).toMatchObject({
      executionArn: stored?.executionArn,
      executionId: stored?.executionArn.split('/').at(-1),
      flowId: FLOW,
      flowAliasId: stored?.flowAliasId,
      flowVersion: stored?.flowVersion,
      createdAt: stored?.createdAt.toISOString(),
      endedAt: stored?.endedAt?.toISOString() ?? null,
    });
    expect(node?.status).toBe(
      {
        Running: 'RUNNING',
        Succeeded: 'SUCCEEDED',
        Failed: 'FAILED',
        TimedOut: 'TIMED_OUT',
        Aborted: 'ABORTED',
      }[stored?.status ?? 'Running'],
    );
  });

  it('covers every status in the demo data', async () => {
    const { arns } = await walk(h, { id: FLOW, first: 100 });
    expect(arns.length).toBe(h.emulator.store.listExecutions(FLOW).length);
    const statuses = new Set(h.emulator.store.listExecutions(FLOW).map((e) => e.status));
    expect(statuses).toEqual(new Set(['Running', 'Succeeded', 'Failed', 'TimedOut', 'Aborted']));
  });

  it('stays exact over short and empty upstream pages', async () => {
    h.emulator.setFaults({ shortPageRate: 0.4, emptyPageRate: 0.3, seed: 7 });
    const expected = h.emulator.store.listExecutions(FLOW).map((e) => e.executionArn);
    const { arns } = await walk(h, { id: FLOW, first: 17 });
    expect(arns).toEqual(expected);
  });

  it('answers a retryable UpstreamError when only empty pages come back within the call budget', async () => {
    h.emulator.setFaults({ emptyPageRate: 1 });
    const result = await h.execute(FlowExecutionsDocument, { id: FLOW, first: 10 });
    expect(result.data?.flow).toMatchObject({ __typename: 'UpstreamError', retryable: true });
    // ceil(10 / 10) + 1 for a mid-page resume + 5 extra = 7 calls at most.
    expect(h.upstreamCalls()).toBeLessThanOrEqual(7);
    expect(h.upstreamCalls()).toBeGreaterThan(1);
  });

  it('fetches the same window once however many ways a document asks for it', async () => {
    const result = await h.execute(SameWindowManyWaysDocument, { id: FLOW, first: 25 });
    expect(result.errors).toBeUndefined();
    // 25 edges = upstream pages of 10, 10 and 5, each fetched once for the three selections.
    expect(h.upstreamCalls('ListFlowExecutions')).toBe(3);
    const direct = result.data?.direct;
    const viaFragment = result.data?.viaFragment;
    if (direct?.__typename !== 'Flow' || viaFragment?.__typename !== 'Flow')
      throw new Error('not flows');
    expect(direct.executions.edges).toHaveLength(25);
    expect(viaFragment.executions.edges).toHaveLength(25);
    expect(viaFragment.again.pageInfo.hasNextPage).toBe(true);
  });

  it('loads only the windows that @include and @skip leave in the document', async () => {
    const without = await h.execute(ConditionalWindowsDocument, { id: FLOW, withProd: false });
    expect(without.data?.flow).toMatchObject({ __typename: 'Flow' });
    expect(h.upstreamCalls()).toBe(1);
    h.emulator.clearRequests();
    const withProd = await h.execute(ConditionalWindowsDocument, { id: FLOW, withProd: true });
    const flow = withProd.data?.flow;
    if (flow?.__typename !== 'Flow') throw new Error('not a flow');
    expect(flow.prod?.edges.every((e) => e.node.flowAliasId === 'PRODALIAS1')).toBe(true);
    expect(h.upstreamCalls()).toBe(2);
    h.emulator.clearRequests();
    await h.execute(ConditionalWindowsDocument, { id: FLOW, withProd: false, skipAll: true });
    expect(h.upstreamCalls()).toBe(0);
  });

  it('reports a failing window as the flow union member even when others succeed', async () => {
    const result = await h.execute(MixedWindowsDocument, { id: FLOW, badAfter: 'not-a-cursor' });
    expect(result.errors).toBeUndefined();
    expect(result.data?.flow).toMatchObject({ __typename: 'InvalidCursorError' });
  });
});
