import {
  type BedrockAgentRuntimeClient,
  type FlowExecutionEvent,
  GetExecutionFlowSnapshotCommand,
  GetFlowExecutionCommand,
  ListFlowExecutionEventsCommand,
  StartFlowExecutionCommand,
  type StartFlowExecutionCommandInput,
  StopFlowExecutionCommand,
} from '@aws-sdk/client-bedrock-agent-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../src/emulator/server.js';
import { createClient, failureOf } from './sdk-clients.js';

/** A JSON value, as the SDK's document type accepts it. */
type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

let emulator: Emulator;
let client: BedrockAgentRuntimeClient;

beforeAll(async () => {
  emulator = await startEmulator({ stepMs: 1, maxConcurrentExecutions: 6 });
  client = createClient(emulator, 'http1');
});

afterAll(async () => {
  client.destroy();
  await emulator.close();
});

const start = (
  document: Json,
  extra: Partial<StartFlowExecutionCommandInput> = {},
  flowIdentifier = 'SUPPORT001',
) =>
  client.send(
    new StartFlowExecutionCommand({
      flowIdentifier,
      flowAliasIdentifier: 'TSTALIASID',
      inputs: [{ nodeName: 'FlowInputNode', nodeOutputName: 'document', content: { document } }],
      ...extra,
    }),
  );

function partsOf(executionArn: string) {
  const [, flowIdentifier = '', flowAliasIdentifier = ''] =
    /flow\/(\w+)\/alias\/(\w+)\/execution\/(.+)$/.exec(executionArn) ?? [];
  return { flowIdentifier, flowAliasIdentifier, executionIdentifier: executionArn };
}

/** Every event of one kind, following tokens, and the size of each page. */
async function listAll(executionArn: string, eventType: 'Flow' | 'Node', maxResults?: number) {
  const events: FlowExecutionEvent[] = [];
  const sizes: number[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(
      new ListFlowExecutionEventsCommand({
        ...partsOf(executionArn),
        eventType,
        nextToken,
        maxResults,
      }),
    );
    events.push(...(page.flowExecutionEvents ?? []));
    sizes.push(page.flowExecutionEvents?.length ?? 0);
    nextToken = page.nextToken;
  } while (nextToken);
  return { events, sizes };
}

const memberOf = (event: FlowExecutionEvent) =>
  Object.keys(event).find((key) => key !== '$unknown') ?? '';

describe('the execution lifecycle in the emulator', () => {
  it('runs a started execution through its flow’s nodes and ends it Succeeded', async () => {
    const { executionArn = '' } = await start('Please escalate: the invoice is wrong.');
    const running = await client.send(new GetFlowExecutionCommand(partsOf(executionArn)));
    expect(running.status).toBe('Running');
    await emulator.executionSettled(executionArn);

    const done = await client.send(new GetFlowExecutionCommand(partsOf(executionArn)));
    expect(done.status).toBe('Succeeded');
    const flow = (await listAll(executionArn, 'Flow')).events.map(memberOf);
    expect(flow).toEqual(['flowInputEvent', 'flowOutputEvent']);
    const node = await listAll(executionArn, 'Node');
    expect(new Set(node.events.map(memberOf))).toEqual(
      new Set([
        'nodeInputEvent',
        'nodeOutputEvent',
        'nodeActionEvent',
        'nodeDependencyEvent',
        'conditionResultEvent',
      ]),
    );
    expect(node.sizes.every((size) => size <= 10)).toBe(true);
    expect(node.events.find((e) => e.conditionResultEvent)?.conditionResultEvent).toMatchObject({
      nodeName: 'Condition',
      satisfiedConditions: [{ conditionName: 'Escalate' }],
    });
    const last = emulator.store
      .allEvents('SUPPORT001', executionArn.split('/').at(-1) ?? '')
      .at(-1);
    expect(done.endedAt?.getTime()).toBeGreaterThanOrEqual(last?.at ?? Number.POSITIVE_INFINITY);
  });

  it('fails a run at the node its input names, with node and flow failure events', async () => {
    const { executionArn = '' } = await start({ question: 'x', simulateFailure: 'Prompt_1' });
    await emulator.executionSettled(executionArn);
    const done = await client.send(new GetFlowExecutionCommand(partsOf(executionArn)));
    expect(done.status).toBe('Failed');
    expect(done.errors).toEqual([expect.objectContaining({ nodeName: 'Prompt_1' })]);
    const node = (await listAll(executionArn, 'Node')).events;
    expect(node.at(-1)?.nodeFailureEvent).toMatchObject({
      nodeName: 'Prompt_1',
      errorCode: 'BAD_GATEWAY',
    });
    const flow = (await listAll(executionArn, 'Flow')).events;
    expect(flow.at(-1)?.flowFailureEvent?.errorCode).toBe('NODE_EXECUTION_FAILED');
  });

  it('iterates over an array input with an execution chain on each item', async () => {
    const { executionArn = '' } = await start(['one', 'two', 'three'], {}, 'SUMMARY002');
    await emulator.executionSettled(executionArn);
    const inputs = (await listAll(executionArn, 'Node')).events.filter(
      (e) => e.nodeInputEvent?.nodeName === 'Prompt_1',
    );
    expect(inputs.map((e) => e.nodeInputEvent?.fields?.[0]?.executionChain?.[0]?.index)).toEqual([
      0, 1, 2,
    ]);
  });

  it('stops a running execution as Aborted and refuses to stop it again', async () => {
    const slow = await startEmulator({ stepMs: 60_000 });
    const slowClient = createClient(slow, 'http1');
    try {
      const started = await slowClient.send(
        new StartFlowExecutionCommand({
          flowIdentifier: 'ROUTING003',
          flowAliasIdentifier: 'PRODALIAS1',
          inputs: [{ nodeName: 'FlowInputNode', content: { document: { category: 'billing' } } }],
        }),
      );
      const arn = started.executionArn ?? '';
      const stopped = await slowClient.send(new StopFlowExecutionCommand(partsOf(arn)));
      expect(stopped).toMatchObject({ executionArn: arn, status: 'Aborted' });
      const after = await slowClient.send(new GetFlowExecutionCommand(partsOf(arn)));
      expect(after.status).toBe('Aborted');
      expect(after.endedAt).toBeInstanceOf(Date);
      const again = await failureOf(slowClient.send(new StopFlowExecutionCommand(partsOf(arn))));
      expect(again).toMatchObject({
        name: 'ConflictException',
        $metadata: { httpStatusCode: 409 },
      });
    } finally {
      slowClient.destroy();
      await slow.close();
    }
  });

  it('answers a repeated start under one name with the same execution, and a different one with a conflict', async () => {
    const first = await start('same', { flowExecutionName: 'nightly-run-1' });
    const again = await start('same', { flowExecutionName: 'nightly-run-1' });
    expect(again.executionArn).toBe(first.executionArn);
    expect(first.executionArn).toMatch(/\/execution\/nightly-run-1$/);
    const other = await failureOf(start('different', { flowExecutionName: 'nightly-run-1' }));
    expect(other).toMatchObject({ name: 'ConflictException' });
  });

  it('refuses starts that break the request constraints', async () => {
    const tooMany = failureOf(
      client.send(
        new StartFlowExecutionCommand({
          flowIdentifier: 'SUPPORT001',
          flowAliasIdentifier: 'TSTALIASID',
          inputs: [
            { nodeName: 'FlowInputNode', content: { document: 'a' } },
            { nodeName: 'FlowInputNode', content: { document: 'b' } },
          ],
        }),
      ),
    );
    expect(await tooMany).toMatchObject({ name: 'ValidationException' });
    expect(await failureOf(start('x', { flowExecutionName: 'has space' }))).toMatchObject({
      name: 'ValidationException',
    });
    expect(await failureOf(start('x', { flowExecutionName: 'a'.repeat(37) }))).toMatchObject({
      name: 'ValidationException',
    });
    const wrongNode = failureOf(
      client.send(
        new StartFlowExecutionCommand({
          flowIdentifier: 'SUPPORT001',
          flowAliasIdentifier: 'TSTALIASID',
          inputs: [{ nodeName: 'Nowhere', content: { document: 'a' } }],
        }),
      ),
    );
    expect(await wrongNode).toMatchObject({ name: 'ValidationException' });
    expect(await failureOf(start('x', {}, 'LOCKED0004'))).toMatchObject({
      name: 'AccessDeniedException',
    });
  });

  it('answers ServiceQuotaExceededException (400) when a flow runs too many executions', async () => {
    const quota = await startEmulator({ stepMs: 60_000, maxConcurrentExecutions: 4 });
    const quotaClient = createClient(quota, 'http1');
    try {
      const send = () =>
        quotaClient.send(
          new StartFlowExecutionCommand({
            flowIdentifier: 'SUMMARY002',
            flowAliasIdentifier: 'TSTALIASID',
            inputs: [{ nodeName: 'FlowInputNode', content: { document: ['a'] } }],
          }),
        );
      // The demo data already runs three executions per flow.
      await send();
      expect(await failureOf(send())).toMatchObject({
        name: 'ServiceQuotaExceededException',
        $metadata: { httpStatusCode: 400 },
      });
    } finally {
      quotaClient.destroy();
      await quota.close();
    }
  });

  it('injects DependencyFailedException (424) on request', async () => {
    emulator.setFaults({ failNext: ['dependency-failed'] });
    expect(await failureOf(start('x'))).toMatchObject({
      name: 'DependencyFailedException',
      $metadata: { httpStatusCode: 424 },
    });
  });

  it('requires a known eventType for event listings', async () => {
    const [demo] = emulator.store.listExecutions('SUPPORT001');
    const parts = partsOf(demo?.executionArn ?? '');
    const invalid = failureOf(
      client.send(
        new ListFlowExecutionEventsCommand({
          ...parts,
          eventType: 'Everything' as 'Flow',
        }),
      ),
    );
    expect(await invalid).toMatchObject({ name: 'ValidationException' });
  });

  it('gives demo executions events that agree with their status', async () => {
    const executions = emulator.store.listExecutions('ROUTING003').slice(0, 60);
    for (const execution of executions) {
      const events = emulator.store.allEvents('ROUTING003', execution.executionId);
      expect(events[0]?.member).toBe('flowInputEvent');
      const last = events.at(-1)?.member;
      if (execution.status === 'Succeeded') expect(last).toBe('flowOutputEvent');
      if (execution.status === 'Failed') {
        expect(last).toBe('flowFailureEvent');
        const failure = events.find((e) => e.member === 'nodeFailureEvent');
        expect(failure?.body.nodeName).toBe(execution.errors?.[0]?.nodeName);
      }
      const times = events.map((e) => e.at);
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(new Set(times).size).toBe(times.length);
      if (execution.endedAt) {
        expect(times.at(-1) ?? 0).toBeLessThanOrEqual(execution.endedAt.getTime());
      }
    }
  });

  it('returns the flow definition an execution ran, with its role, key and version', async () => {
    const [demo] = emulator.store.listExecutions('SUMMARY002', 'PRODALIAS1');
    const snapshot = await client.send(
      new GetExecutionFlowSnapshotCommand(partsOf(demo?.executionArn ?? '')),
    );
    expect(snapshot).toMatchObject({
      flowIdentifier: 'SUMMARY002',
      flowAliasIdentifier: 'PRODALIAS1',
      flowVersion: '5',
      executionRoleArn: expect.stringMatching(/^arn:aws:iam::123456789012:role\/service-role\//),
      customerEncryptionKeyArn: expect.stringMatching(/^arn:aws:kms:us-east-1:123456789012:key\//),
    });
    const types = new Set(
      (JSON.parse(snapshot.definition ?? '{}') as { nodes: { type: string }[] }).nodes.map(
        (n) => n.type,
      ),
    );
    expect(types).toEqual(
      new Set([
        'Input',
        'Iterator',
        'KnowledgeBase',
        'Prompt',
        'Collector',
        'Condition',
        'LambdaFunction',
        'Output',
      ]),
    );
    const [other] = emulator.store.listExecutions('SUPPORT001');
    const plain = await client.send(
      new GetExecutionFlowSnapshotCommand(partsOf(other?.executionArn ?? '')),
    );
    expect(plain.customerEncryptionKeyArn).toBeUndefined();
  });
});
