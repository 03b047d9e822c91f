import {
  type BedrockAgentRuntimeClient,
  GetFlowExecutionCommand,
  ListFlowExecutionsCommand,
} from '@aws-sdk/client-bedrock-agent-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../src/emulator/server.js';
import type { FlowExecution } from '../../src/emulator/store.js';
import {
  createClient,
  failureOf,
  PROTOCOLS,
  type Protocol,
  walkExecutions,
} from './sdk-clients.js';

const baseTime = new Date('2025-03-01T12:00:00.000Z');
const FLOW_ARN = 'arn:aws:bedrock:us-east-1:123456789012:flow/SUPPORT001';

/** What the SDK hands back for a stored execution, so walks compare field by field. */
function asSummary(execution: FlowExecution) {
  return {
    executionArn: execution.executionArn,
    flowIdentifier: execution.flowId,
    flowAliasIdentifier: execution.flowAliasId,
    flowVersion: execution.flowVersion,
    status: execution.status,
    createdAt: execution.createdAt,
    ...(execution.endedAt ? { endedAt: execution.endedAt } : {}),
  };
}

let emulator: Emulator;
/** The emulator's clock: tests move it instead of sleeping. */
let now = Date.parse('2025-03-01T12:30:00.000Z');

beforeAll(async () => {
  emulator = await startEmulator({ baseTime, clock: () => now });
});

afterAll(async () => {
  await emulator.close();
});

describe.each(PROTOCOLS)(
  'ListFlowExecutions and GetFlowExecution over %s',
  (protocol: Protocol) => {
    let client: BedrockAgentRuntimeClient;
    const httpVersion = protocol === 'http2' ? '2.0' : '1.1';

    beforeAll(() => {
      client = createClient(emulator, protocol);
    });

    afterAll(() => {
      client.destroy();
    });

    it('walks a whole flow in pages of at most 10, exactly as the store lists it', async () => {
      const before = emulator.connections;
      emulator.clearRequests();
      const walk = await walkExecutions(client, { flowIdentifier: 'SUPPORT001', maxResults: 1000 });
      expect(walk.items).toEqual(emulator.store.listExecutions('SUPPORT001').map(asSummary));
      expect(walk.pages).toHaveLength(25);
      expect(walk.pages.every((page) => page.flowExecutionSummaries?.length === 10)).toBe(true);
      expect(walk.pages.at(-1)?.nextToken).toBeUndefined();

      const after = emulator.connections;
      const other = protocol === 'http1' ? 'http2' : 'http1';
      expect(after[protocol] - before[protocol]).toBe(1);
      expect(after[other]).toBe(before[other]);
      expect(emulator.requests.map((entry) => entry.httpVersion)).toEqual(
        Array(25).fill(httpVersion),
      );
    });

    it('holds min(maxResults, 10) items per page', async () => {
      const walk = await walkExecutions(client, {
        flowIdentifier: 'SUMMARY002',
        flowAliasIdentifier: 'PRODALIAS1',
        maxResults: 7,
      });
      const expected = emulator.store.listExecutions('SUMMARY002', 'PRODALIAS1');
      expect(walk.items.map((item) => item.executionArn)).toEqual(
        expected.map((execution) => execution.executionArn),
      );
      expect(
        walk.pages.slice(0, -1).every((page) => page.flowExecutionSummaries?.length === 7),
      ).toBe(true);
    });

    it('filters by alias, given as an id or as an alias ARN, and accepts a flow ARN', async () => {
      const expected = emulator.store.listExecutions('ROUTING003', 'TSTALIASID').map(asSummary);
      const byId = await walkExecutions(client, {
        flowIdentifier: 'ROUTING003',
        flowAliasIdentifier: 'TSTALIASID',
      });
      const byArn = await walkExecutions(client, {
        flowIdentifier: 'arn:aws:bedrock:us-east-1:123456789012:flow/ROUTING003',
        flowAliasIdentifier:
          'arn:aws:bedrock:us-east-1:123456789012:flow/ROUTING003/alias/TSTALIASID',
      });
      expect(byId.items).toEqual(expected);
      expect(byArn.items).toEqual(expected);
      expect(expected.every((item) => item.flowAliasIdentifier === 'TSTALIASID')).toBe(true);
    });

    it('continues a listing started with the flow id when given the flow ARN', async () => {
      const first = await client.send(
        new ListFlowExecutionsCommand({ flowIdentifier: 'SUPPORT001' }),
      );
      const second = await client.send(
        new ListFlowExecutionsCommand({ flowIdentifier: FLOW_ARN, nextToken: first.nextToken }),
      );
      expect(second.flowExecutionSummaries?.[0]).toEqual(
        asSummary(emulator.store.listExecutions('SUPPORT001')[10] as FlowExecution),
      );
    });

    it('gets an execution by id and by ARN, with startedAt and errors but no createdAt', async () => {
      const failed = emulator.store
        .listExecutions('SUPPORT001')
        .find((execution) => execution.status === 'Failed');
      if (!failed) throw new Error('no failed execution');
      const expected = {
        executionArn: failed.executionArn,
        flowIdentifier: 'SUPPORT001',
        flowAliasIdentifier: failed.flowAliasId,
        flowVersion: failed.flowVersion,
        status: 'Failed',
        startedAt: failed.createdAt,
        endedAt: failed.endedAt,
        errors: failed.errors,
      };
      const byId = await client.send(
        new GetFlowExecutionCommand({
          flowIdentifier: 'SUPPORT001',
          flowAliasIdentifier: failed.flowAliasId,
          executionIdentifier: failed.executionId,
        }),
      );
      const byArn = await client.send(
        new GetFlowExecutionCommand({
          flowIdentifier: FLOW_ARN,
          flowAliasIdentifier: failed.flowAliasId,
          executionIdentifier: failed.executionArn,
        }),
      );
      const { $metadata, ...body } = byId;
      expect(body).toEqual(expected);
      expect(byArn).toMatchObject(expected);
      expect(body).not.toHaveProperty('createdAt');
      expect($metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('answers a running execution without an end and a timed-out one with its reason', async () => {
      const executions = emulator.store.listExecutions('ROUTING003');
      const running = executions.find((execution) => execution.status === 'Running');
      const timedOut = executions.find((execution) => execution.status === 'TimedOut');
      if (!running || !timedOut) throw new Error('missing demo statuses');
      const get = (execution: FlowExecution) =>
        client.send(
          new GetFlowExecutionCommand({
            flowIdentifier: 'ROUTING003',
            flowAliasIdentifier: execution.flowAliasId,
            executionIdentifier: execution.executionId,
          }),
        );
      const runningAnswer = await get(running);
      expect(runningAnswer.status).toBe('Running');
      expect(runningAnswer.endedAt).toBeUndefined();
      expect(runningAnswer.errors).toBeUndefined();
      expect((await get(timedOut)).errors).toEqual([
        { error: 'ExecutionTimedOut', message: expect.stringContaining('24 hours') },
      ]);
    });

    it.each([
      ['maxResults 0', { flowIdentifier: 'SUPPORT001', maxResults: 0 }, 'maxResults'],
      ['maxResults 1001', { flowIdentifier: 'SUPPORT001', maxResults: 1001 }, 'maxResults'],
      ['a path-like flow id', { flowIdentifier: '../../x/ABCDEFGHIJ' }, 'flowIdentifier'],
      ['an 11-character flow id', { flowIdentifier: 'SUPPORT0011' }, 'flowIdentifier'],
      [
        'a bad alias',
        { flowIdentifier: 'SUPPORT001', flowAliasIdentifier: 'PROD-1' },
        'flowAliasIdentifier',
      ],
      ['a token with a space', { flowIdentifier: 'SUPPORT001', nextToken: 'abc def' }, 'nextToken'],
    ])('refuses %s with a ValidationException naming the parameter', async (_, input, member) => {
      const error = await failureOf(client.send(new ListFlowExecutionsCommand(input)));
      expect(error.name).toBe('ValidationException');
      expect(error.$metadata?.httpStatusCode).toBe(400);
      expect(error.message).toContain(`at '${member}'`);
    });

    it('refuses an execution ARN whose flow or alias disagrees with the other identifiers', async () => {
      const [execution] = emulator.store.listExecutions('SUPPORT001', 'PRODALIAS1');
      if (!execution) throw new Error('no executions');
      const otherFlow = await failureOf(
        client.send(
          new GetFlowExecutionCommand({
            flowIdentifier: 'SUMMARY002',
            flowAliasIdentifier: 'PRODALIAS1',
            executionIdentifier: execution.executionArn,
          }),
        ),
      );
      const otherAlias = await failureOf(
        client.send(
          new GetFlowExecutionCommand({
            flowIdentifier: 'SUPPORT001',
            flowAliasIdentifier: 'TSTALIASID',
            executionIdentifier: execution.executionArn,
          }),
        ),
      );
      const aliasArnOfOtherFlow = await failureOf(
        client.send(
          new ListFlowExecutionsCommand({
            flowIdentifier: 'SUPPORT001',
            flowAliasIdentifier:
              'arn:aws:bedrock:us-east-1:123456789012:flow/SUMMARY002/alias/PRODALIAS1',
          }),
        ),
      );
      expect([otherFlow.name, otherAlias.name, aliasArnOfOtherFlow.name]).toEqual([
        'ValidationException',
        'ValidationException',
        'ValidationException',
      ]);
      expect(otherFlow.message).toMatch(
        /names flow SUPPORT001 but flowIdentifier names flow SUMMARY002/,
      );
    });

    it('answers ResourceNotFoundException for an unknown flow, alias, execution or region', async () => {
      const [execution] = emulator.store.listExecutions('SUPPORT001', 'PRODALIAS1');
      if (!execution) throw new Error('no executions');
      const failures = await Promise.all([
        failureOf(client.send(new ListFlowExecutionsCommand({ flowIdentifier: 'NOSUCHFLOW' }))),
        failureOf(
          client.send(
            new ListFlowExecutionsCommand({
              flowIdentifier: 'SUPPORT001',
              flowAliasIdentifier: 'NOSUCHALIAS',
            }),
          ),
        ),
        failureOf(
          client.send(
            new GetFlowExecutionCommand({
              flowIdentifier: 'SUPPORT001',
              flowAliasIdentifier: 'TSTALIASID',
              executionIdentifier: execution.executionId,
            }),
          ),
        ),
        failureOf(
          client.send(
            new ListFlowExecutionsCommand({
              flowIdentifier: 'arn:aws:bedrock:eu-west-1:123456789012:flow/SUPPORT001',
            }),
          ),
        ),
      ]);
      for (const failure of failures) {
        expect(failure.name).toBe('ResourceNotFoundException');
        expect(failure.$metadata?.httpStatusCode).toBe(404);
      }
    });

    it('denies everyone on LOCKED0004, and denies DENY* access keys everywhere', async () => {
      const locked = await failureOf(
        client.send(new ListFlowExecutionsCommand({ flowIdentifier: 'LOCKED0004' })),
      );
      const deniedClient = createClient(emulator, protocol, { accessKeyId: 'DENYME' });
      const denied = await failureOf(
        deniedClient.send(new ListFlowExecutionsCommand({ flowIdentifier: 'SUPPORT001' })),
      );
      deniedClient.destroy();
      for (const failure of [locked, denied]) {
        expect(failure.name).toBe('AccessDeniedException');
        expect(failure.$metadata?.httpStatusCode).toBe(403);
      }
      expect(locked.message).toContain('flow/LOCKED0004');
      expect(denied.message).toContain('user/DENYME');
    });

    it('refuses a tampered token and a token from another listing', async () => {
      const first = await client.send(
        new ListFlowExecutionsCommand({ flowIdentifier: 'SUPPORT001' }),
      );
      const token = first.nextToken ?? '';
      const tampered = `${token.slice(0, 10)}${token[10] === 'x' ? 'y' : 'x'}${token.slice(11)}`;
      const failures = await Promise.all([
        failureOf(
          client.send(
            new ListFlowExecutionsCommand({ flowIdentifier: 'SUPPORT001', nextToken: tampered }),
          ),
        ),
        failureOf(
          client.send(
            new ListFlowExecutionsCommand({ flowIdentifier: 'SUMMARY002', nextToken: token }),
          ),
        ),
        failureOf(
          client.send(
            new ListFlowExecutionsCommand({
              flowIdentifier: 'SUPPORT001',
              flowAliasIdentifier: 'PRODALIAS1',
              nextToken: token,
            }),
          ),
        ),
      ]);
      expect(failures.map((failure) => failure.name)).toEqual(Array(3).fill('ValidationException'));
      expect(failures[1]?.message).toMatch(/different listing/);
    });

    it('issues a distinct token on every page, even for the same position', async () => {
      const first = await walkExecutions(client, { flowIdentifier: 'SUMMARY002' });
      const second = await walkExecutions(client, { flowIdentifier: 'SUMMARY002' });
      const tokens = [...first.pages, ...second.pages].flatMap((page) =>
        page.nextToken ? [page.nextToken] : [],
      );
      expect(tokens).toHaveLength(48);
      expect(new Set(tokens).size).toBe(48);
    });

    it('expires tokens older than tokenTtlMs, and only those', async () => {
      emulator.setFaults({ tokenTtlMs: 60_000 });
      try {
        const first = await client.send(
          new ListFlowExecutionsCommand({ flowIdentifier: 'SUPPORT001' }),
        );
        now += 60_000;
        const inTime = await client.send(
          new ListFlowExecutionsCommand({
            flowIdentifier: 'SUPPORT001',
            nextToken: first.nextToken,
          }),
        );
        expect(inTime.flowExecutionSummaries).toHaveLength(10);
        now += 1;
        const expired = await failureOf(
          client.send(
            new ListFlowExecutionsCommand({
              flowIdentifier: 'SUPPORT001',
              nextToken: first.nextToken,
            }),
          ),
        );
        expect(expired.name).toBe('ValidationException');
        expect(expired.message).toMatch(/expired/);
      } finally {
        emulator.resetFaults();
      }
    });

    it('resumes after the last item returned even when newer executions were added meanwhile', async () => {
      const first = await client.send(
        new ListFlowExecutionsCommand({
          flowIdentifier: 'ROUTING003',
          flowAliasIdentifier: 'PRODALIAS1',
        }),
      );
      const expectedNext = emulator.store.listExecutions('ROUTING003', 'PRODALIAS1').slice(10, 20);
      emulator.store.addExecution({
        executionId: `added-over-${protocol}`,
        flowId: 'ROUTING003',
        flowAliasId: 'PRODALIAS1',
        flowVersion: '2',
        status: 'Running',
        createdAt: new Date(now),
      });
      const second = await client.send(
        new ListFlowExecutionsCommand({
          flowIdentifier: 'ROUTING003',
          flowAliasIdentifier: 'PRODALIAS1',
          nextToken: first.nextToken,
        }),
      );
      expect(second.flowExecutionSummaries).toEqual(expectedNext.map(asSummary));
    });
  },
);
