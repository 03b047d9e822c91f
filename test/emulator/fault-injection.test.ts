import {
  type BedrockAgentRuntimeClient,
  GetFlowExecutionCommand,
  ListFlowExecutionsCommand,
} from '@aws-sdk/client-bedrock-agent-runtime';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../src/emulator/server.js';
import {
  authorization,
  createClient,
  failureOf,
  PROTOCOLS,
  type Protocol,
  walkExecutions,
} from './sdk-clients.js';

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator({ baseTime: new Date('2025-03-01T12:00:00.000Z') });
});

afterAll(async () => {
  await emulator.close();
});

afterEach(() => {
  emulator.resetFaults();
  emulator.clearRequests();
});

const list = new ListFlowExecutionsCommand({ flowIdentifier: 'SUPPORT001' });

describe.each(PROTOCOLS)('faults reach the SDK over %s', (protocol: Protocol) => {
  let client: BedrockAgentRuntimeClient;

  beforeAll(() => {
    client = createClient(emulator, protocol);
  });

  afterAll(() => {
    client.destroy();
  });

  it('throttles with a 429 ThrottlingException', async () => {
    emulator.setFaults({ throttleRate: 1 });
    const error = await failureOf(client.send(list));
    expect(error.name).toBe('ThrottlingException');
    expect(error.$metadata?.httpStatusCode).toBe(429);
  });

  it.each([
    [500, 'InternalServerException'],
    [502, 'BadGatewayException'],
    [503, 'ServiceUnavailableException'],
    [504, 'GatewayTimeoutException'],
  ] as const)('answers serverErrorStatus %i as %s, a server fault', async (status, name) => {
    emulator.setFaults({ serverErrorRate: 1, serverErrorStatus: status });
    const error = await failureOf(client.send(list));
    expect(error.name).toBe(name);
    expect(error.$fault).toBe('server');
    expect(error.$metadata?.httpStatusCode).toBe(status);
  });

  it('consumes failNext in order, one fault per request, then answers normally', async () => {
    emulator.setFaults({ failNext: ['throttle', 500, 503] });
    const outcomes = [];
    for (let i = 0; i < 4; i++) {
      outcomes.push(
        await client.send(list).then(
          () => 'ok',
          (error: Error) => error.name,
        ),
      );
    }
    expect(outcomes).toEqual([
      'ThrottlingException',
      'InternalServerException',
      'ServiceUnavailableException',
      'ok',
    ]);
    expect(emulator.requests.map((entry) => entry.status)).toEqual([429, 500, 503, 200]);
    expect(emulator.faults.failNext).toEqual([]);
  });

  it('lets the SDK retry a transient 5xx and a dropped connection to success', async () => {
    const retrying = createClient(emulator, protocol, { maxAttempts: 3 });
    try {
      emulator.setFaults({ failNext: [503] });
      expect((await retrying.send(list)).$metadata.attempts).toBe(2);
      emulator.setFaults({ failNext: ['reset'] });
      expect((await retrying.send(list)).$metadata.attempts).toBe(2);
      expect(emulator.requests.map((entry) => [entry.status, entry.errorType])).toEqual([
        [503, 'ServiceUnavailableException'],
        [200, undefined],
        [0, 'ConnectionReset'],
        [200, undefined],
      ]);
    } finally {
      retrying.destroy();
    }
  });

  it('returns short pages that still add up to the whole listing', async () => {
    emulator.setFaults({ shortPageRate: 1 });
    const walk = await walkExecutions(client, { flowIdentifier: 'SUMMARY002' });
    expect(walk.items.map((item) => item.executionArn)).toEqual(
      emulator.store.listExecutions('SUMMARY002').map((execution) => execution.executionArn),
    );
    const sizes = walk.pages.map((page) => page.flowExecutionSummaries?.length ?? 0);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...sizes)).toBeLessThan(10);
  });

  it('returns empty pages with a token while items remain, and still ends the listing', async () => {
    emulator.setFaults({ emptyPageRate: 0.5, seed: 42 });
    const walk = await walkExecutions(client, { flowIdentifier: 'ROUTING003' });
    expect(walk.items.map((item) => item.executionArn)).toEqual(
      emulator.store.listExecutions('ROUTING003').map((execution) => execution.executionArn),
    );
    const empty = walk.pages.filter((page) => page.flowExecutionSummaries?.length === 0);
    expect(empty.length).toBeGreaterThan(3);
    expect(empty.every((page) => page.nextToken !== undefined)).toBe(true);
    const tokens = walk.pages.flatMap((page) => (page.nextToken ? [page.nextToken] : []));
    expect(new Set(tokens).size).toBe(tokens.length);
  });

  it('applies faults only to the listed operations', async () => {
    emulator.setFaults({ throttleRate: 1, operations: ['GetFlowExecution'] });
    const [execution] = emulator.store.listExecutions('SUPPORT001');
    if (!execution) throw new Error('no executions');
    await expect(client.send(list)).resolves.toHaveProperty('flowExecutionSummaries');
    const error = await failureOf(
      client.send(
        new GetFlowExecutionCommand({
          flowIdentifier: 'SUPPORT001',
          flowAliasIdentifier: execution.flowAliasId,
          executionIdentifier: execution.executionId,
        }),
      ),
    );
    expect(error.name).toBe('ThrottlingException');
  });

  it('replays the same random faults from the same seed', async () => {
    const run = async () => {
      emulator.resetFaults();
      emulator.setFaults({ throttleRate: 0.5, seed: 7 });
      const outcomes: string[] = [];
      for (let i = 0; i < 12; i++) {
        outcomes.push(
          await client.send(list).then(
            () => 'ok',
            (error: Error) => error.name,
          ),
        );
      }
      return outcomes;
    };
    const first = await run();
    expect(await run()).toEqual(first);
    expect(new Set(first)).toEqual(new Set(['ok', 'ThrottlingException']));
  });
});

describe('faults on the wire', () => {
  const headers = { authorization: authorization() };

  it('sends Retry-After on throttles when retryAfterSeconds is set', async () => {
    emulator.setFaults({ failNext: ['throttle', 'throttle'], retryAfterSeconds: 7 });
    const withDelay = await fetch(`${emulator.endpoint}/flows/SUPPORT001/executions`, { headers });
    expect(withDelay.status).toBe(429);
    expect(withDelay.headers.get('retry-after')).toBe('7');
    expect(withDelay.headers.get('x-amzn-errortype')).toBe('ThrottlingException');
    expect(withDelay.headers.get('content-type')).toBe('application/json');
    expect(await withDelay.json()).toEqual({ message: expect.stringContaining('Rate exceeded') });
    emulator.setFaults({ retryAfterSeconds: null });
    const without = await fetch(`${emulator.endpoint}/flows/SUPPORT001/executions`, { headers });
    expect(without.status).toBe(429);
    expect(without.headers.get('retry-after')).toBeNull();
  });

  it('adds latencyMs before every response, errors included', async () => {
    emulator.setFaults({ latencyMs: 120 });
    const started = performance.now();
    const answers = await Promise.all([
      fetch(`${emulator.endpoint}/flows/SUPPORT001/executions`, { headers }),
      fetch(`${emulator.endpoint}/flows/NOSUCHFLOW/executions`, { headers }),
    ]);
    const elapsed = performance.now() - started;
    expect(answers.map((answer) => answer.status)).toEqual([200, 404]);
    expect(elapsed).toBeGreaterThanOrEqual(115);
  });

  it('never faults or delays the control endpoints', async () => {
    emulator.setFaults({ throttleRate: 1, serverErrorRate: 1, latencyMs: 5_000 });
    const started = performance.now();
    const health = await fetch(`${emulator.endpoint}/_emulator/health`);
    expect(health.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
