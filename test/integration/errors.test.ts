import { describe, expect, it } from 'vitest';
import { FlowExecutionByArnDocument, FlowExecutionsDocument } from '../generated/graphql.js';
import { useHarness } from '../support/harness.js';

const FLOW = 'SUPPORT001';

describe('failures come back as typed union members', () => {
  const h = useHarness();

  it.each([
    ['../../x/ABCDEFGHIJ', 'id'],
    ['SUPPORT00', 'id'],
    ['SUPPORT001x', 'id'],
    ['', 'id'],
    ['arn:aws:bedrock:us-east-1:123456789012:flow/SUPPORT001/../../x', 'id'],
  ])('rejects the flow id %j with a ValidationError and no upstream call', async (id, field) => {
    const result = await h.execute(FlowExecutionsDocument, { id, first: 5 });
    expect(result.data?.flow).toMatchObject({ __typename: 'ValidationError', field });
    expect(h.upstreamCalls()).toBe(0);
  });

  it.each([0, -1, 101])(
    'rejects first: %d with a ValidationError naming the argument',
    async (first) => {
      const result = await h.execute(FlowExecutionsDocument, { id: FLOW, first });
      expect(result.data?.flow).toMatchObject({ __typename: 'ValidationError', field: 'first' });
      expect(h.upstreamCalls()).toBe(0);
    },
  );

  it.each(['PROD ALIAS', 'x/../y', 'TSTALIASID?maxResults=1000'])(
    'rejects the alias %j with a ValidationError',
    async (flowAliasId) => {
      const result = await h.execute(FlowExecutionsDocument, { id: FLOW, first: 5, flowAliasId });
      expect(result.data?.flow).toMatchObject({
        __typename: 'ValidationError',
        field: 'flowAliasId',
      });
      expect(h.upstreamCalls()).toBe(0);
    },
  );

  it('answers NotFoundError for a flow Bedrock does not know', async () => {
    const result = await h.execute(FlowExecutionsDocument, { id: 'NOSUCHFLOW', first: 5 });
    expect(result.data?.flow).toMatchObject({
      __typename: 'NotFoundError',
      resourceId: 'NOSUCHFLOW',
    });
  });

  it('answers AccessDeniedError when Bedrock denies the gateway’s identity', async () => {
    const result = await h.execute(FlowExecutionsDocument, { id: 'LOCKED0004', first: 5 });
    expect(result.data?.flow).toMatchObject({ __typename: 'AccessDeniedError' });
    expect(result.data?.flow).toHaveProperty('message');
  });

  it('answers ThrottledError with the upstream’s Retry-After once retries run out', async () => {
    h.emulator.setFaults({ throttleRate: 1, retryAfterSeconds: 1 });
    const result = await h.execute(FlowExecutionsDocument, { id: FLOW, first: 5 });
    expect(result.data?.flow).toMatchObject({ __typename: 'ThrottledError', retryAfterSeconds: 1 });
    // The SDK's standard mode: three attempts, then the typed error.
    expect(h.upstreamCalls()).toBe(3);
  });

  it('answers ThrottledError with a default wait when throttles carry no Retry-After', async () => {
    h.emulator.setFaults({ throttleRate: 1 });
    const result = await h.execute(FlowExecutionsDocument, { id: FLOW, first: 5 });
    expect(result.data?.flow).toMatchObject({ __typename: 'ThrottledError', retryAfterSeconds: 1 });
  });

  it.each([500, 502, 503, 504] as const)(
    'answers a retryable UpstreamError when Bedrock keeps failing with %d',
    async (status) => {
      h.emulator.setFaults({ serverErrorRate: 1, serverErrorStatus: status });
      const result = await h.execute(FlowExecutionsDocument, { id: FLOW, first: 5 });
      expect(result.data?.flow).toMatchObject({ __typename: 'UpstreamError', retryable: true });
      expect(h.upstreamCalls()).toBe(3);
    },
  );

  it('retries transient throttling and 5xx away', async () => {
    h.emulator.setFaults({ failNext: ['throttle', 503] });
    const result = await h.execute(FlowExecutionsDocument, { id: FLOW, first: 5 });
    expect(result.data?.flow).toMatchObject({ __typename: 'Flow' });
    expect(h.upstreamCalls()).toBe(3);
  });

  it('retries a reset connection away', async () => {
    h.emulator.setFaults({ failNext: ['reset'] });
    const result = await h.execute(FlowExecutionsDocument, { id: FLOW, first: 5 });
    expect(result.data?.flow).toMatchObject({ __typename: 'Flow' });
  });

  describe('cursors', () => {
    async function endCursor(variables: { id: string; flowAliasId?: string }) {
      const result = await h.execute(FlowExecutionsDocument, { ...variables, first: 5 });
      const flow = result.data?.flow;
      if (flow?.__typename !== 'Flow') throw new Error('not a flow');
      const cursor = flow.executions.pageInfo.endCursor;
      if (!cursor) throw new Error('no end cursor');
      return cursor;
    }

    it.each(['garbage', '', 'v1.abc.def', 'x'.repeat(5000)])(
      'answers InvalidCursorError for the garbled cursor %#',
      async (after) => {
        const result = await h.execute(FlowExecutionsDocument, { id: FLOW, first: 5, after });
        expect(result.data?.flow).toMatchObject({ __typename: 'InvalidCursorError' });
        expect(h.upstreamCalls()).toBe(0);
      },
    );

    it('answers InvalidCursorError for a forged cursor', async () => {
      const cursor = await endCursor({ id: FLOW });
      h.emulator.clearRequests();
      const i = Math.floor(cursor.length / 2);
      const forged = `${cursor.slice(0, i)}${cursor[i] === 'A' ? 'B' : 'A'}${cursor.slice(i + 1)}`;
      const result = await h.execute(FlowExecutionsDocument, { id: FLOW, first: 5, after: forged });
      expect(result.data?.flow).toMatchObject({ __typename: 'InvalidCursorError' });
      expect(h.upstreamCalls()).toBe(0);
    });

    it('answers InvalidCursorError for a cursor from another flow or alias filter', async () => {
      const otherFlow = await endCursor({ id: 'SUMMARY002' });
      const otherAlias = await endCursor({ id: FLOW, flowAliasId: 'PRODALIAS1' });
      h.emulator.clearRequests();
      for (const after of [otherFlow, otherAlias]) {
        const result = await h.execute(FlowExecutionsDocument, { id: FLOW, first: 5, after });
        expect(result.data?.flow).toMatchObject({ __typename: 'InvalidCursorError' });
      }
      expect(h.upstreamCalls()).toBe(0);
    });

    it('answers InvalidCursorError when the upstream token behind a cursor has expired', async () => {
      const cursor = await endCursor({ id: FLOW });
      h.emulator.setFaults({ tokenTtlMs: 0 });
      const result = await h.execute(FlowExecutionsDocument, { id: FLOW, first: 5, after: cursor });
      expect(result.data?.flow).toMatchObject({ __typename: 'InvalidCursorError' });
    });
  });

  describe('flowExecution(executionArn)', () => {
    it('reads one execution with GetFlowExecution', async () => {
      const stored = h.emulator.store.listExecutions(FLOW)[0];
      if (!stored) throw new Error('no demo data');
      const result = await h.execute(FlowExecutionByArnDocument, {
        executionArn: stored.executionArn,
      });
      expect(result.data?.flowExecution).toMatchObject({
        __typename: 'FlowExecution',
        executionArn: stored.executionArn,
        executionId: stored.executionId,
        createdAt: stored.createdAt.toISOString(),
      });
      expect(h.upstreamCalls('GetFlowExecution')).toBe(1);
    });

    it('answers ValidationError for something that is not an execution ARN', async () => {
      const result = await h.execute(FlowExecutionByArnDocument, {
        executionArn:
          'arn:aws:bedrock:us-east-1:123456789012:flow/SUPPORT001/alias/PRODALIAS1/execution/../x',
      });
      expect(result.data?.flowExecution).toMatchObject({
        __typename: 'ValidationError',
        field: 'executionArn',
      });
      expect(h.upstreamCalls()).toBe(0);
    });

    it('answers NotFoundError for an execution that does not exist', async () => {
      const executionArn =
        'arn:aws:bedrock:us-east-1:123456789012:flow/SUPPORT001/alias/PRODALIAS1/execution/00000000-0000-0000-0000-000000000000';
      const result = await h.execute(FlowExecutionByArnDocument, { executionArn });
      expect(result.data?.flowExecution).toMatchObject({ __typename: 'NotFoundError' });
    });
  });
});

describe('unexpected failures', () => {
  const h = useHarness();

  it('masks an upstream response that breaks its contract, and logs it with the request id', async () => {
    h.emulator.setFaults({ failNext: ['malformed'] });
    const result = await h.execute(FlowExecutionsDocument, { id: FLOW, first: 5 });
    expect(result.data).toBeNull();
    const [error] = result.errors ?? [];
    expect(error?.message).toBe('Unexpected error.');
    expect(error?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    const requestId = error?.extensions?.requestId;
    expect(typeof requestId).toBe('string');
    // Nothing of the cause reaches the client...
    expect(JSON.stringify(result)).not.toContain('flowExecutionSummaries');
    // ...and all of it reaches the operator, under the same request id.
    const logged = h.logs.find((entry) => entry.requestId === requestId);
    expect(logged).toMatchObject({ level: 'error' });
    expect(JSON.stringify(logged)).toContain('missing required member flowExecutionSummaries');
  });
});

describe('the operation deadline', () => {
  const h = useHarness({ env: { OPERATION_DEADLINE_MS: '300' } });

  it('abandons upstream calls that outlive it with a retryable UpstreamError', async () => {
    h.emulator.setFaults({ latencyMs: 5000 });
    const started = performance.now();
    const result = await h.execute(FlowExecutionsDocument, { id: FLOW, first: 5 });
    expect(result.data?.flow).toMatchObject({ __typename: 'UpstreamError', retryable: true });
    expect(result.data?.flow).toHaveProperty('message', expect.stringContaining('deadline'));
    // Far sooner than the upstream would have answered.
    expect(performance.now() - started).toBeLessThan(4000);
  });
});
