import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlowExecutionsDocument } from '../generated/graphql.js';
import { type Harness, startHarness } from '../support/harness.js';

describe('the operation deadline', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ upstream: { operationDeadlineMs: 300, maxAttempts: 1 } });
  });
  afterAll(() => h.close());

  it('abandons upstream work that outlives it with a retryable UpstreamError', async () => {
    h.emulator.setFaults({ latencyMs: 2_000 });
    const started = performance.now();
    const result = await h.execute(FlowExecutionsDocument, { id: 'SUPPORT001', first: 5 });
    expect(result.data?.flow).toMatchObject({ __typename: 'UpstreamError', retryable: true });
    expect(performance.now() - started).toBeLessThan(1_500);
  });

  it('does not touch operations that finish in time', async () => {
    h.emulator.setFaults({ latencyMs: 0 });
    const result = await h.execute(FlowExecutionsDocument, { id: 'SUPPORT001', first: 5 });
    expect(result.data?.flow).toMatchObject({ __typename: 'Flow' });
  });
});
