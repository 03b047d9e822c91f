import { describe, expect, it } from 'vitest';
import { FlowExecutionsDocument, TwoFlowsDocument } from '../generated/graphql.js';
import { type Harness, useHarness } from '../support/harness.js';

const FLOW = 'SUPPORT001';

/** Posts a raw document; returns the status and parsed body. */
async function post(h: Harness, body: unknown, headers: Record<string, string> = {}) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const response = await fetch(`${h.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: text,
  });
  const raw = await response.text();
  return { status: response.status, body: raw ? JSON.parse(raw) : null };
}

const codes = (body: { errors?: { extensions?: { code?: string; limit?: string } }[] }) =>
  (body.errors ?? []).map((e) => `${e.extensions?.code}:${e.extensions?.limit ?? ''}`);

/** `{ a: __typename b: __typename ... }` with `n` aliases. */
const aliases = (n: number) =>
  `{ ${Array.from({ length: n }, (_, i) => `a${i}: __typename`).join(' ')} }`;
/** A query nesting `depth` fields: flow > executions > edges > node > executionArn is 5. */
const nested = (depth: number) =>
  ({
    4: '{ flow(id: "SUPPORT001") { ... on Flow { executions(first: 1) { pageInfo { hasNextPage } } } } }',
    5: '{ flow(id: "SUPPORT001") { ... on Flow { executions(first: 1) { edges { node { executionArn } } } } } }',
  })[depth] ?? '';

describe('request limits, each at N and N+1', () => {
  const h = useHarness({
    env: {
      MAX_DEPTH: '4',
      MAX_ALIASES: '3',
      MAX_DIRECTIVES: '2',
      MAX_TOKENS: '100',
      MAX_BODY_BYTES: '2048',
    },
  });

  it('accepts a depth of 4 and refuses 5', async () => {
    expect(codes((await post(h, { query: nested(4) })).body)).toEqual([]);
    const refused = await post(h, { query: nested(5) });
    expect(codes(refused.body)).toEqual(['LIMIT_EXCEEDED:depth']);
    expect(h.upstreamCalls()).toBe(1);
  });

  it('accepts 3 aliases and refuses 4', async () => {
    expect(codes((await post(h, { query: aliases(3) })).body)).toEqual([]);
    expect(codes((await post(h, { query: aliases(4) })).body)).toEqual(['LIMIT_EXCEEDED:aliases']);
  });

  it('accepts 2 directives and refuses 3', async () => {
    const withDirectives = (n: number) =>
      `{ ${Array.from({ length: n }, () => '__typename @include(if: true)').join(' ')} }`;
    expect(codes((await post(h, { query: withDirectives(2) })).body)).toEqual([]);
    expect(codes((await post(h, { query: withDirectives(3) })).body)).toEqual([
      'LIMIT_EXCEEDED:directives',
    ]);
  });

  it('accepts 100 tokens and refuses 101', async () => {
    // `{` + n × `__typename` + `}`: n + 2 tokens (the end-of-file token is not counted).
    const tokens = (n: number) => `{${' __typename'.repeat(n - 2)} }`;
    const accepted = await post(h, { query: tokens(100) });
    expect(accepted.body.errors).toBeUndefined();
    const refused = await post(h, { query: tokens(101) });
    expect(refused.body.errors?.[0]?.message).toMatch(/more that 100 tokens/);
  });

  it('accepts a body of 2048 bytes and refuses 2049', async () => {
    const padded = (size: number) => {
      const base = JSON.stringify({ query: '{ __typename }', variables: { pad: '' } });
      return JSON.stringify({
        query: '{ __typename }',
        variables: { pad: 'x'.repeat(size - base.length) },
      });
    };
    expect(Buffer.byteLength(padded(2048))).toBe(2048);
    expect((await post(h, padded(2048))).status).toBe(200);
    const refused = await post(h, padded(2049));
    expect(refused.status).toBe(413);
    expect(codes(refused.body)).toEqual(['LIMIT_EXCEEDED:body']);
  });
});

describe('cost and upstream-call limits, each at N and N+1', () => {
  const h = useHarness({ env: { MAX_COST: '300', MAX_UPSTREAM_CALLS: '3' } });

  it('accepts a cost of 300 and refuses 301, with `first` multiplying its subtree', async () => {
    // flow 1 + executions 1 + first × (edges 1 + cursor 1) = 2 + 2 × first.
    const query = (extra: string) =>
      `query Q($first: Int) { ${extra} flow(id: "SUPPORT001") { ... on Flow { executions(first: $first) { edges { cursor } } } } }`;
    expect(codes((await post(h, { query: query(''), variables: { first: 149 } })).body)).toEqual(
      [],
    );
    h.emulator.clearRequests();
    const over = await post(h, {
      query: query('b: flowExecution(executionArn: "x") { __typename }'),
      variables: { first: 149 },
    });
    expect(codes(over.body)).toEqual(['LIMIT_EXCEEDED:cost']);
    expect(h.upstreamCalls()).toBe(0);
  });

  it('answers LimitExceededError once an operation would pass 3 upstream calls', async () => {
    const within = await h.execute(TwoFlowsDocument, { a: FLOW, b: 'SUMMARY002', first: 10 });
    expect(within.data?.a).toMatchObject({ __typename: 'Flow' });
    expect(within.data?.b).toMatchObject({ __typename: 'Flow' });
    h.emulator.clearRequests();
    // 15 edges a flow: pages of 10 and 5, four calls in all; the fourth is never sent.
    const over = await h.execute(TwoFlowsDocument, { a: FLOW, b: 'SUMMARY002', first: 15 });
    const members = [over.data?.a, over.data?.b];
    expect(members).toContainEqual(
      expect.objectContaining({
        __typename: 'LimitExceededError',
        limit: 'upstreamCalls',
        maximum: 3,
      }),
    );
    expect(h.upstreamCalls()).toBe(3);
  });
});

describe('HTTP hardening', () => {
  const h = useHarness({ env: { INTROSPECTION: 'false' } });

  it('refuses requests a browser could forge cross-site', async () => {
    const query = encodeURIComponent('{ __typename }');
    const forms = await fetch(`${h.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(forms.status).toBe(403);
    expect((await fetch(`${h.url}/graphql?query=${query}`)).status).toBe(403);
    const preflighted = await fetch(`${h.url}/graphql?query=${query}`, {
      headers: { 'x-graphql-csrf': '1' },
    });
    expect(preflighted.status).toBe(200);
    expect((await post(h, { query: '{ __typename }' })).status).toBe(200);
  });

  it('refuses a body without a declared length', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${h.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end(JSON.stringify({ query: '{ __typename }' }));
    });
    expect(status).toBe(411);
  });

  it('turns introspection off when configured', async () => {
    const { body } = await post(h, { query: '{ __schema { queryType { name } } }' });
    expect(body.errors?.[0]?.message).toMatch(/introspection/i);
    expect((await post(h, { query: '{ __typename }' })).body.data).toEqual({ __typename: 'Query' });
  });

  it('shares one upstream call between concurrent identical requests', async () => {
    h.emulator.setFaults({ latencyMs: 1000 });
    const arrived = new Promise<void>((resolve) => {
      const off = h.emulator.onRequest(() => {
        off();
        resolve();
      });
    });
    const first = h.execute(FlowExecutionsDocument, { id: FLOW, first: 5 });
    await arrived;
    // The first request's call is now in flight upstream; these join it instead of calling again.
    const rest = Array.from({ length: 9 }, () =>
      h.execute(FlowExecutionsDocument, { id: FLOW, first: 5 }),
    );
    const results = await Promise.all([first, ...rest]);
    for (const result of results) expect(result.data?.flow).toMatchObject({ __typename: 'Flow' });
    expect(h.upstreamCalls()).toBe(1);
    const metrics = await (await fetch(`${h.url}/metrics`)).text();
    expect(metrics).toMatch(/bedrock_upstream_coalesced_total\{operation="ListFlowExecutions"\} 9/);
  });

  it('answers liveness, readiness and metrics', async () => {
    expect((await fetch(`${h.url}/health/live`)).status).toBe(200);
    expect(await (await fetch(`${h.url}/health/ready`)).json()).toEqual({ status: 'ready' });
    await h.execute(FlowExecutionsDocument, { id: FLOW, first: 3 });
    const metrics = await (await fetch(`${h.url}/metrics`)).text();
    expect(metrics).toMatch(
      /bedrock_upstream_calls_total\{operation="ListFlowExecutions",outcome="ok"\} [1-9]/,
    );
    expect(metrics).toMatch(
      /graphql_request_duration_seconds_count\{operation_type="query",outcome="ok"\} [1-9]/,
    );
  });
});

describe('upstream discipline', () => {
  const h = useHarness({
    env: { UPSTREAM_REQUEST_TIMEOUT_MS: '300', OPERATION_DEADLINE_MS: '4000' },
  });

  it.each([
    ['a body that is not JSON', 'garbled'],
    ['a body that stalls', 'slow-body'],
  ] as const)('answers a retryable UpstreamError for %s', async (_, fault) => {
    h.emulator.setFaults({ failNext: [fault, fault, fault] });
    const result = await h.execute(FlowExecutionsDocument, { id: FLOW, first: 5 });
    expect(result.data?.flow).toMatchObject({ __typename: 'UpstreamError', retryable: true });
  });

  it('answers a retryable UpstreamError when the upstream hangs past the deadline', async () => {
    h.emulator.setFaults({ latencyMs: 60_000 });
    const result = await h.execute(FlowExecutionsDocument, { id: FLOW, first: 5 });
    expect(result.data?.flow).toMatchObject({ __typename: 'UpstreamError', retryable: true });
  });

  it('answers a retryable UpstreamError when connections keep being reset', async () => {
    h.emulator.setFaults({ failNext: ['reset', 'reset', 'reset'] });
    const result = await h.execute(FlowExecutionsDocument, { id: FLOW, first: 5 });
    expect(result.data?.flow).toMatchObject({ __typename: 'UpstreamError', retryable: true });
  });

  it('stops the upstream call when the only client waiting for it goes away', async () => {
    const abandoned = async () => {
      const text = await (await fetch(`${h.url}/metrics`)).text();
      const match =
        /bedrock_upstream_calls_total\{operation="ListFlowExecutions",outcome="upstream"\} (\d+)/.exec(
          text,
        );
      return Number(match?.[1] ?? 0);
    };
    const before = await abandoned();
    h.emulator.setFaults({ latencyMs: 5000 });
    const arrived = new Promise<void>((resolve) => {
      const off = h.emulator.onRequest(() => {
        off();
        resolve();
      });
    });
    const controller = new AbortController();
    const started = performance.now();
    const pending = fetch(`${h.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query:
          '{ flow(id: "SUPPORT001") { ... on Flow { executions(first: 2) { edges { cursor } } } } }',
      }),
      signal: controller.signal,
    }).catch((error: unknown) => error);
    await arrived;
    controller.abort();
    expect(await pending).toBeInstanceOf(Error);
    // The gateway notices the disconnect and abandons its upstream call, long before the upstream's
    // 5 s answer (and before the 4 s deadline): wait for the metric, not for time to pass.
    let count = await abandoned();
    while (count === before && performance.now() - started < 3000) count = await abandoned();
    expect(count).toBe(before + 1);
    expect(performance.now() - started).toBeLessThan(3000);
  });
});
