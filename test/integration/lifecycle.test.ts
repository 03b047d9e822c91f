import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StoredEvent } from '../../src/emulator/store.js';
import {
  type EventFieldsFragment,
  ExecutionEventsDocument,
  ExecutionStatusDocument,
  ExecutionTimelineDocument,
  type ExecutionTimelineQuery,
  type ExecutionTimelineQueryVariables,
  ExecutionUpdatesDocument,
  StartExecutionDocument,
  type StartExecutionMutationVariables,
  StopExecutionDocument,
} from '../generated/graphql.js';
import { type Harness, startHarness, useHarness } from '../support/harness.js';
import { subscribe } from '../support/sse.js';

type Input = StartExecutionMutationVariables['input'];

const startInput = (flowId: string, content: unknown, extra: Partial<Input> = {}): Input => ({
  flowId,
  flowAliasId: 'TSTALIASID',
  inputs: [{ nodeName: 'FlowInputNode', nodeOutputName: 'document', content }],
  ...extra,
});

async function started(h: Harness, input: Input): Promise<string> {
  const result = await h.execute(StartExecutionDocument, { input });
  const payload = result.data?.startFlowExecution;
  if (payload?.__typename !== 'StartFlowExecutionPayload') {
    throw new Error(`not started: ${JSON.stringify(result)}`);
  }
  return payload.executionArn;
}

type Timeline = Extract<ExecutionTimelineQuery['flowExecution'], { __typename: 'FlowExecution' }>;

async function timeline(h: Harness, variables: ExecutionTimelineQueryVariables): Promise<Timeline> {
  const result = await h.execute(ExecutionTimelineDocument, variables);
  expect(result.errors).toBeUndefined();
  const execution = result.data?.flowExecution;
  if (execution?.__typename !== 'FlowExecution') {
    throw new Error(`expected a FlowExecution, got ${JSON.stringify(execution)}`);
  }
  return execution;
}

const idOf = (arn: string) => arn.split('/').at(-1) ?? '';
const flowOf = (arn: string) => /flow\/(\w+)\//.exec(arn)?.[1] ?? '';

/** The store's events in the gateway's timeline order: by time, flow events first on ties. */
function storedTimeline(h: Harness, arn: string): StoredEvent[] {
  return h.emulator.store
    .allEvents(flowOf(arn), idOf(arn))
    .map((event, index) => ({ event, index }))
    .sort(
      (a, b) =>
        a.event.at - b.event.at ||
        (a.event.kind === b.event.kind ? a.index - b.index : a.event.kind === 'Flow' ? -1 : 1),
    )
    .map(({ event }) => event);
}

const upper = (value: unknown) => (typeof value === 'string' ? value.toUpperCase() : null);
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const records = (value: unknown): Record<string, unknown>[] =>
  Array.isArray(value) ? value.filter(isRecord) : [];
const contentOf = (field: Record<string, unknown>) =>
  isRecord(field.content) ? field.content.document : undefined;

const TYPENAMES = {
  flowInputEvent: 'FlowInputEvent',
  flowOutputEvent: 'FlowOutputEvent',
  flowFailureEvent: 'FlowFailureEvent',
  nodeInputEvent: 'NodeInputEvent',
  nodeOutputEvent: 'NodeOutputEvent',
  nodeFailureEvent: 'NodeFailureEvent',
  nodeActionEvent: 'NodeActionEvent',
  nodeDependencyEvent: 'NodeDependencyEvent',
  conditionResultEvent: 'ConditionResultEvent',
} as const;

/** What the gateway must answer for a stored event: every field, renamed to the schema's names. */
function expectedEvent(stored: StoredEvent): Record<string, unknown> {
  const { fields, satisfiedConditions, ...rest } = stored.body;
  const base = { __typename: TYPENAMES[stored.member], ...rest };
  switch (stored.member) {
    case 'flowInputEvent':
    case 'flowOutputEvent':
      return {
        ...base,
        fields: records(fields).map((f) => ({ name: f.name, content: contentOf(f) })),
      };
    case 'nodeInputEvent':
      return {
        ...base,
        fields: records(fields).map((f) => ({
          name: f.name,
          content: contentOf(f),
          type: upper(f.type),
          category: null,
          source: f.source ?? null,
          executionChain: records(f.executionChain).map((c) => ({
            nodeName: c.nodeName,
            index: c.index,
            type: upper(c.type),
          })),
        })),
      };
    case 'nodeOutputEvent':
      return {
        ...base,
        fields: records(fields).map((f) => ({
          name: f.name,
          content: contentOf(f),
          type: upper(f.type),
          next: f.next,
        })),
      };
    case 'conditionResultEvent':
      return {
        ...base,
        satisfiedConditions: records(satisfiedConditions).map((c) => c.conditionName),
      };
    default:
      return base;
  }
}

/** Follows endCursor through an execution's timeline; returns the events and the page count. */
async function walkTimeline(h: Harness, variables: Omit<ExecutionTimelineQueryVariables, 'after'>) {
  const events: EventFieldsFragment[] = [];
  let after: string | null = null;
  for (let pages = 1; pages < 200; pages++) {
    const execution: Timeline = await timeline(h, { ...variables, after });
    const { edges, pageInfo } = execution.events;
    if (pageInfo.hasNextPage) expect(edges.length).toBe(variables.first ?? 20);
    expect(pageInfo.hasPreviousPage).toBe(after !== null);
    events.push(...edges.map((edge) => edge.node));
    if (!pageInfo.hasNextPage) return { events, pages };
    after = pageInfo.endCursor ?? null;
  }
  throw new Error('the timeline did not end');
}

describe('the execution lifecycle through the gateway', () => {
  const h = useHarness({ emulator: { stepMs: 4 } });

  it('starts a demo flow, watches it go from RUNNING to SUCCEEDED, and the stream completes', async () => {
    // Twenty documents make a run of about a hundred steps: the first poll, a few milliseconds
    // after the start returns, finds it running.
    const documents = Array.from({ length: 20 }, (_, i) => `Chapter ${i + 1}`);
    const arn = await started(h, startInput('SUMMARY002', documents));
    const updates = subscribe(h.url, ExecutionUpdatesDocument, { executionArn: arn });
    const results = await updates.completed;
    expect(results.map((r) => r.data?.flowExecutionUpdated.status)).toEqual([
      'RUNNING',
      'SUCCEEDED',
    ]);
    expect(results.at(-1)?.data?.flowExecutionUpdated.endedAt).not.toBeNull();

    // Then its timeline and its snapshot, in one query.
    const done = await timeline(h, { executionArn: arn, first: 100 });
    expect(done.events.pageInfo.hasNextPage).toBe(true);
    expect(done.status).toBe('SUCCEEDED');
    expect(done.events.edges.map((e) => e.node)).toEqual(
      storedTimeline(h, arn).map(expectedEvent).slice(0, 100),
    );
    expect(done.flowSnapshot).toMatchObject({ flowId: 'SUMMARY002', flowVersion: 'DRAFT' });
    expect(done.errors).toEqual([]);
  });

  it('streams every event of a run through flowExecutionEvents and completes at the end', async () => {
    const arn = await started(h, startInput('SUMMARY002', ['a', 'b', 'publish it']));
    const stream = subscribe(h.url, ExecutionEventsDocument, { executionArn: arn });
    const results = await stream.completed;
    const received = results.map((r) => r.data?.flowExecutionEvents);
    const expected = storedTimeline(h, arn).map(expectedEvent);
    // Each poll's batch is in time order; across polls the two listings may interleave late.
    const timeOf = (event: unknown) =>
      isRecord(event) && typeof event.timestamp === 'string' ? event.timestamp : '';
    const byTime = (events: readonly unknown[]) =>
      [...events].sort((a, b) => timeOf(a).localeCompare(timeOf(b)));
    expect(byTime(received)).toEqual(byTime(expected));
    expect(received.at(-1)?.__typename).toBe('FlowOutputEvent');
  });

  it('streams only the kinds asked for', async () => {
    const arn = await started(h, startInput('ROUTING003', { category: 'billing' }));
    const results = await subscribe(h.url, ExecutionEventsDocument, {
      executionArn: arn,
      kinds: ['FLOW'],
    }).completed;
    expect(results.map((r) => r.data?.flowExecutionEvents.__typename)).toEqual([
      'FlowInputEvent',
      'FlowOutputEvent',
    ]);
  });

  it('walks the merged timeline in pages and gets the emulator’s events in time order', async () => {
    const demo = h.emulator.store
      .listExecutions('SUMMARY002')
      .find((e) => e.status === 'Succeeded');
    if (!demo) throw new Error('no demo execution');
    const expected = storedTimeline(h, demo.executionArn).map(expectedEvent);
    expect(expected.length).toBeGreaterThan(20);
    const { events, pages } = await walkTimeline(h, { executionArn: demo.executionArn, first: 7 });
    expect(events).toEqual(expected);
    expect(pages).toBe(Math.ceil(expected.length / 7));
    // One kind alone is that listing, in its own order.
    const nodeOnly = await walkTimeline(h, {
      executionArn: demo.executionArn,
      first: 4,
      kinds: ['NODE'],
    });
    expect(nodeOnly.events).toEqual(
      h.emulator.store.listEvents('SUMMARY002', demo.executionId, 'Node').map(expectedEvent),
    );
  });

  it('shows events of both kinds with every field, failures included', async () => {
    const ok = await started(h, startInput('SUMMARY002', ['one', 'two', 'publish']));
    const failing = await started(
      h,
      startInput('SUPPORT001', { question: 'why?', simulateFailure: 'Lambda_Invoke' }),
    );
    await Promise.all([h.emulator.executionSettled(ok), h.emulator.executionSettled(failing)]);
    const kinds = new Set<string>();
    for (const arn of [ok, failing]) {
      const { events } = await walkTimeline(h, { executionArn: arn, first: 50 });
      expect(events).toEqual(storedTimeline(h, arn).map(expectedEvent));
      for (const event of events) kinds.add(event.__typename);
    }
    expect(kinds.size).toBe(9);
    const failed = await timeline(h, { executionArn: failing, first: 1 });
    expect(failed.status).toBe('FAILED');
    expect(failed.errors).toEqual([
      { error: null, message: expect.any(String), nodeName: 'Lambda_Invoke' },
    ]);
  });

  it('reads a finished execution again at zero upstream calls, and a running one at one call', async () => {
    const demo = h.emulator.store.listExecutions('SUMMARY002').find((e) => e.status === 'Failed');
    const running = h.emulator.store
      .listExecutions('SUMMARY002')
      .find((e) => e.status === 'Running');
    if (!demo || !running) throw new Error('no demo executions');
    const variables = { executionArn: demo.executionArn, first: 30 };
    const first = await timeline(h, variables);
    const firstCalls = h.upstreamCalls();
    h.emulator.clearRequests();
    const second = await timeline(h, variables);
    const secondCalls = h.upstreamCalls();
    // The same answer, but for the cursors: each is sealed afresh.
    const withoutCursors = (t: Timeline) => ({
      ...t,
      events: { edges: t.events.edges.map((e) => e.node), more: t.events.pageInfo.hasNextPage },
    });
    expect(withoutCursors(second)).toEqual(withoutCursors(first));
    expect(firstCalls).toBeGreaterThan(2);
    expect(secondCalls).toBe(0);

    h.emulator.clearRequests();
    await h.execute(ExecutionStatusDocument, { executionArn: running.executionArn });
    await h.execute(ExecutionStatusDocument, { executionArn: running.executionArn });
    const runningCalls = h.upstreamCalls();
    expect(runningCalls).toBe(2);
    console.info(
      `Upstream calls: finished execution with snapshot and 30 events, first read ${firstCalls}, repeated read ${secondCalls}; running execution, ${runningCalls / 2} per read.`,
    );
  });

  it('answers InvalidCursorError for a cursor of another timeline', async () => {
    const [a, b] = h.emulator.store
      .listExecutions('SUPPORT001')
      .filter((e) => e.status === 'Succeeded');
    if (!a || !b) throw new Error('no demo executions');
    const page = await timeline(h, { executionArn: a.executionArn, first: 2 });
    const result = await h.execute(ExecutionTimelineDocument, {
      executionArn: b.executionArn,
      first: 2,
      after: page.events.pageInfo.endCursor,
    });
    expect(result.data?.flowExecution).toMatchObject({ __typename: 'InvalidCursorError' });
  });

  it('never retries a start without a name after a 5xx, and retries one with a name', async () => {
    h.emulator.setFaults({ failNext: [500], operations: ['StartFlowExecution'] });
    const blind = await h.execute(StartExecutionDocument, { input: startInput('SUPPORT001', 'x') });
    expect(blind.data?.startFlowExecution).toMatchObject({
      __typename: 'UpstreamError',
      retryable: false,
    });
    expect(h.upstreamCalls('StartFlowExecution')).toBe(1);

    h.emulator.clearRequests();
    h.emulator.setFaults({ failNext: [500], operations: ['StartFlowExecution'] });
    const named = await h.execute(StartExecutionDocument, {
      input: startInput('SUPPORT001', 'x', { executionName: 'retry-safe-1' }),
    });
    expect(named.data?.startFlowExecution).toMatchObject({
      __typename: 'StartFlowExecutionPayload',
      executionArn: expect.stringMatching(/\/execution\/retry-safe-1$/),
    });
    expect(h.upstreamCalls('StartFlowExecution')).toBe(2);
  });

  it.each<[Partial<Input>, string]>([
    [{ executionName: 'not valid!' }, 'input.executionName'],
    [{ executionName: 'x'.repeat(37) }, 'input.executionName'],
    [{ flowId: '../../x/ABCDEFGHIJ' }, 'input.flowId'],
    [{ flowAliasId: 'TST ALIAS' }, 'input.flowAliasId'],
    [{ inputs: [] }, 'input.inputs'],
    [{ inputs: [{ nodeName: '9lives', content: 'x' }] }, 'input.inputs[0].nodeName'],
    [
      { inputs: [{ nodeName: 'FlowInputNode', nodeOutputName: 'a__b', content: 'x' }] },
      'input.inputs[0].nodeOutputName',
    ],
  ])(
    'rejects the start %j with a ValidationError on %s and no upstream call',
    async (extra, field) => {
      const result = await h.execute(StartExecutionDocument, {
        input: { ...startInput('SUPPORT001', 'x'), ...extra },
      });
      expect(result.data?.startFlowExecution).toMatchObject({
        __typename: 'ValidationError',
        field,
      });
      expect(h.upstreamCalls()).toBe(0);
    },
  );

  it('maps start failures to typed errors', async () => {
    const denied = await h.execute(StartExecutionDocument, {
      input: startInput('LOCKED0004', 'x'),
    });
    expect(denied.data?.startFlowExecution?.__typename).toBe('AccessDeniedError');
    const missing = await h.execute(StartExecutionDocument, {
      input: startInput('NOSUCHFLOW', 'x'),
    });
    expect(missing.data?.startFlowExecution?.__typename).toBe('NotFoundError');

    h.emulator.setFaults({ failNext: ['dependency-failed'] });
    const dependency = await h.execute(StartExecutionDocument, {
      input: startInput('SUPPORT001', 'x'),
    });
    expect(dependency.data?.startFlowExecution).toMatchObject({
      __typename: 'DependencyFailedError',
      resourceName: 'AWS Lambda',
    });

    await started(h, startInput('SUPPORT001', 'first', { executionName: 'reused-name' }));
    const conflict = await h.execute(StartExecutionDocument, {
      input: startInput('SUPPORT001', 'second', { executionName: 'reused-name' }),
    });
    expect(conflict.data?.startFlowExecution?.__typename).toBe('ConflictError');
  });
});

describe('stopping and sharing pollers', () => {
  let h: Harness;
  beforeAll(async () => {
    // Runs that never finish on their own: they end only when stopped.
    h = await startHarness({ emulator: { stepMs: 60_000, maxConcurrentExecutions: 8 } });
  });
  afterAll(() => h.close());
  beforeEach(() => {
    h.emulator.clearRequests();
  });

  it('stops a running execution as ABORTED, and its subscription sees it and completes', async () => {
    const arn = await started(h, startInput('ROUTING003', { category: 'technical' }));
    const updates = subscribe(h.url, ExecutionUpdatesDocument, { executionArn: arn });
    expect((await updates.next())?.data?.flowExecutionUpdated.status).toBe('RUNNING');
    const stopped = await h.execute(StopExecutionDocument, { executionArn: arn });
    expect(stopped.data?.stopFlowExecution).toMatchObject({
      __typename: 'StopFlowExecutionPayload',
      status: 'ABORTED',
      execution: { status: 'ABORTED' },
    });
    const results = await updates.completed;
    expect(results.map((r) => r.data?.flowExecutionUpdated.status)).toEqual(['RUNNING', 'ABORTED']);

    const again = await h.execute(StopExecutionDocument, { executionArn: arn });
    expect(again.data?.stopFlowExecution?.__typename).toBe('ConflictError');
  });

  it('answers QuotaExceededError once a flow runs as many executions as it may', async () => {
    // Three demo executions already run; the quota is eight.
    const arns: string[] = [];
    for (let i = 0; i < 5; i++) arns.push(await started(h, startInput('SUMMARY002', ['x'])));
    const over = await h.execute(StartExecutionDocument, {
      input: startInput('SUMMARY002', ['x']),
    });
    expect(over.data?.startFlowExecution?.__typename).toBe('QuotaExceededError');
    for (const arn of arns) await h.execute(StopExecutionDocument, { executionArn: arn });
  });

  it('serves many subscribers of one execution from one poller, stopped when the last leaves', async () => {
    const arn = await started(h, startInput('SUPPORT001', 'watch me'));
    const before = h.watches.stats.started;
    const subscribers = Array.from({ length: 5 }, () =>
      subscribe(h.url, ExecutionUpdatesDocument, { executionArn: arn }),
    );
    const firsts = await Promise.all(subscribers.map((s) => s.next()));
    expect(firsts.map((r) => r?.data?.flowExecutionUpdated.status)).toEqual(
      Array(5).fill('RUNNING'),
    );
    expect(h.watches.stats.started - before).toBe(1);
    expect(h.watches.stats.active).toBe(1);

    for (const subscriber of subscribers) subscriber.close();
    await vi.waitFor(() => expect(h.watches.stats.active).toBe(0));
    h.emulator.clearRequests();
    // Nobody polls an execution nobody watches.
    const check = await h.execute(ExecutionStatusDocument, { executionArn: arn });
    expect(check.data?.flowExecution).toMatchObject({ status: 'RUNNING' });
    expect(h.upstreamCalls('GetFlowExecution')).toBe(1);
    await h.execute(StopExecutionDocument, { executionArn: arn });
  });
});
