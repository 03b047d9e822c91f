import { describe, expect, it } from 'vitest';
import {
  compareExecutionKeys,
  DEMO_FLOWS,
  DRAFT_ALIAS_ID,
  EXECUTION_STATUSES,
  type ExecutionKey,
  executionKey,
  type FlowExecution,
  FlowStore,
  PROD_ALIAS_ID,
} from '../../src/emulator/store.js';

const baseTime = new Date('2025-03-01T12:00:00.000Z');
const DAY = 24 * 60 * 60 * 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('the demo store', () => {
  const store = new FlowStore({ baseTime });

  it('holds the four demo flows, each with a draft and a production alias', () => {
    expect(store.listFlows().map((flow) => flow.flowId)).toEqual([
      'SUPPORT001',
      'SUMMARY002',
      'ROUTING003',
      'LOCKED0004',
    ]);
    for (const demo of DEMO_FLOWS) {
      expect(store.getAlias(demo.flowId, DRAFT_ALIAS_ID)?.flowVersion).toBe('DRAFT');
      expect(store.getAlias(demo.flowId, PROD_ALIAS_ID)?.flowVersion).toBe(demo.prodVersion);
    }
    expect(store.getFlow('LOCKED0004')?.denied).toBe(true);
    expect(store.getFlow('SUPPORT001')?.flowArn).toBe(
      'arn:aws:bedrock:us-east-1:123456789012:flow/SUPPORT001',
    );
  });

  it('builds the same data from the same options', () => {
    const again = new FlowStore({ baseTime });
    expect(again.listExecutions('SUMMARY002')).toEqual(store.listExecutions('SUMMARY002'));
  });

  it('gives every flow 250 executions over both aliases, covering every status', () => {
    for (const { flowId } of DEMO_FLOWS) {
      const executions = store.listExecutions(flowId);
      expect(executions).toHaveLength(250);
      expect(new Set(executions.map((execution) => execution.status))).toEqual(
        new Set(EXECUTION_STATUSES),
      );
      const draft = store.listExecutions(flowId, DRAFT_ALIAS_ID);
      const prod = store.listExecutions(flowId, PROD_ALIAS_ID);
      expect(draft.length).toBeGreaterThan(50);
      expect(draft.length + prod.length).toBe(250);
      expect(draft.every((execution) => execution.flowVersion === 'DRAFT')).toBe(true);
    }
  });

  it('lists newest first, breaking equal start times by execution id', () => {
    const executions = store.listExecutions('SUPPORT001');
    for (let i = 1; i < executions.length; i++) {
      const previous = executions[i - 1];
      const current = executions[i];
      if (!previous || !current) throw new Error('gap in the listing');
      expect(compareExecutionKeys(executionKey(previous), executionKey(current))).toBeLessThan(0);
    }
    const times = executions.map((execution) => execution.createdAt.getTime());
    expect(new Set(times).size).toBeLessThan(times.length);
  });

  it('keeps Running executions the newest, without an end, and ends the rest in the past', () => {
    const executions = store.listExecutions('ROUTING003');
    const running = executions.filter((execution) => execution.status === 'Running');
    expect(running.length).toBeGreaterThan(0);
    expect(executions.slice(0, running.length)).toEqual(running);
    for (const execution of executions) {
      if (execution.status === 'Running') {
        expect(execution.endedAt).toBeUndefined();
        continue;
      }
      expect(execution.endedAt?.getTime()).toBeGreaterThanOrEqual(execution.createdAt.getTime());
      expect(execution.endedAt?.getTime()).toBeLessThanOrEqual(baseTime.getTime());
    }
  });

  it('explains failures and timeouts in errors, and only times out executions over a day old', () => {
    const executions = store.listExecutions('SUPPORT001');
    for (const execution of executions.filter((e) => e.status === 'Failed')) {
      expect(execution.errors?.[0]?.nodeName).toMatch(/^[a-zA-Z]([_]?[0-9a-zA-Z]){0,99}$/);
      expect(execution.errors?.[0]?.message).toBeTruthy();
    }
    for (const execution of executions.filter((e) => e.status === 'TimedOut')) {
      expect(execution.errors).toEqual([
        { error: 'ExecutionTimedOut', message: expect.stringContaining('24 hours') },
      ]);
      expect(baseTime.getTime() - execution.createdAt.getTime()).toBeGreaterThanOrEqual(DAY);
    }
    const succeeded = executions.find((e) => e.status === 'Succeeded');
    expect(succeeded?.errors).toBeUndefined();
  });

  it('uses UUID-shaped, unique execution ids inside execution ARNs', () => {
    const executions = store.listExecutions('SUMMARY002');
    expect(new Set(executions.map((execution) => execution.executionId)).size).toBe(250);
    for (const execution of executions) {
      expect(execution.executionId).toMatch(UUID);
      expect(execution.executionArn).toBe(
        `arn:aws:bedrock:us-east-1:123456789012:flow/SUMMARY002/alias/${execution.flowAliasId}/execution/${execution.executionId}`,
      );
    }
  });

  it('puts the region and account it was given into every ARN', () => {
    const other = new FlowStore({ baseTime, region: 'eu-west-3', accountId: '000011112222' });
    const [first] = other.listExecutions('SUPPORT001');
    expect(first?.executionArn).toMatch(
      /^arn:aws:bedrock:eu-west-3:000011112222:flow\/SUPPORT001\//,
    );
  });

  it('finds an execution only under its own alias', () => {
    const [execution] = store.listExecutions('SUPPORT001', PROD_ALIAS_ID);
    if (!execution) throw new Error('no production executions');
    expect(store.getExecution('SUPPORT001', PROD_ALIAS_ID, execution.executionId)).toEqual(
      execution,
    );
    expect(store.getExecution('SUPPORT001', DRAFT_ALIAS_ID, execution.executionId)).toBeUndefined();
    expect(store.getExecution('SUMMARY002', PROD_ALIAS_ID, execution.executionId)).toBeUndefined();
  });

  it('hands out copies that cannot change what it serves', () => {
    const [execution] = store.listExecutions('SUPPORT001');
    if (!execution) throw new Error('empty listing');
    execution.status = 'Aborted';
    execution.createdAt.setTime(0);
    expect(store.listExecutions('SUPPORT001')[0]?.status).toBe('Running');
    expect(store.listExecutions('SUPPORT001')[0]?.createdAt.getTime()).not.toBe(0);
  });
});

describe('keyset paging in the store', () => {
  it('pages through a listing exactly, reporting whether more remain', () => {
    const store = new FlowStore({ baseTime });
    const all = store.listExecutions('SUPPORT001', DRAFT_ALIAS_ID);
    const seen: FlowExecution[] = [];
    let after: ExecutionKey | undefined;
    for (;;) {
      const page = store.pageExecutions('SUPPORT001', DRAFT_ALIAS_ID, after, 7);
      seen.push(...page.items);
      const last = page.items.at(-1);
      if (!page.hasMore || !last) break;
      after = executionKey(last);
    }
    expect(seen).toEqual(all);
    expect(store.countAfter('SUPPORT001', DRAFT_ALIAS_ID, undefined)).toBe(all.length);
  });

  it('does not shift later pages when an execution is added at the head', () => {
    const store = new FlowStore({ baseTime });
    const first = store.pageExecutions('SUMMARY002', undefined, undefined, 10);
    const last = first.items.at(-1);
    if (!last) throw new Error('empty first page');
    const expected = store.pageExecutions('SUMMARY002', undefined, executionKey(last), 10).items;
    store.addExecution({
      executionId: 'started-after-the-first-page',
      flowId: 'SUMMARY002',
      flowAliasId: PROD_ALIAS_ID,
      flowVersion: '5',
      status: 'Running',
      createdAt: new Date(baseTime.getTime() + 1000),
    });
    expect(store.listExecutions('SUMMARY002')[0]?.executionId).toBe('started-after-the-first-page');
    expect(store.pageExecutions('SUMMARY002', undefined, executionKey(last), 10).items).toEqual(
      expected,
    );
  });

  it('refuses an execution for an unknown alias or a duplicate id, and updates a status in place', () => {
    const store = new FlowStore({ baseTime });
    const [running] = store.listExecutions('ROUTING003');
    if (!running) throw new Error('empty listing');
    expect(() => store.addExecution({ ...running })).toThrow(/already exists/);
    expect(() => store.addExecution({ ...running, executionId: 'x', flowAliasId: 'NOPE' })).toThrow(
      /Unknown alias/,
    );
    const endedAt = new Date(baseTime.getTime() + 5000);
    store.updateExecution('ROUTING003', running.executionId, { status: 'Aborted', endedAt });
    expect(store.listExecutions('ROUTING003')[0]).toMatchObject({ status: 'Aborted', endedAt });
  });
});
