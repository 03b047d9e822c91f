import { describe, expect, it } from 'vitest';
import {
  FlowExecutionByArnDocument,
  FlowExecutionsDocument,
  NodeByIdDocument,
  NodesByIdsDocument,
} from '../generated/graphql.js';
import { useHarness } from '../support/harness.js';

const FLOW = 'SUPPORT001';
const globalId = (typename: string, id: string) =>
  Buffer.from(`${typename}:${id}`).toString('base64url');

describe('Relay global object identification', () => {
  const h = useHarness();

  it('refetches an execution listed in a connection through node(id)', async () => {
    const listed = await h.execute(FlowExecutionsDocument, { id: FLOW, first: 1 });
    const flow = listed.data?.flow;
    if (flow?.__typename !== 'Flow') throw new Error('not a flow');
    const execution = flow.executions.edges[0]?.node;
    if (!execution) throw new Error('no execution');
    const result = await h.execute(NodeByIdDocument, { id: execution.id });
    expect(result.data?.node).toEqual({
      __typename: 'FlowExecution',
      id: execution.id,
      executionArn: execution.executionArn,
      status: execution.status,
    });
  });

  it('refetches a flow and its executions through node(id)', async () => {
    const result = await h.execute(NodeByIdDocument, { id: globalId('Flow', FLOW) });
    const node = result.data?.node;
    if (node?.__typename !== 'Flow') throw new Error('not a flow');
    expect(node.flowId).toBe(FLOW);
    expect(node.executions.edges).toHaveLength(3);
  });

  it('reports a failing connection under node(id) as a GraphQL error with a code', async () => {
    const result = await h.execute(NodeByIdDocument, { id: globalId('Flow', 'NOSUCHFLOW') });
    expect(result.data?.node).toBeNull();
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'NOT_FOUND',
      resourceId: 'NOSUCHFLOW',
    });
    expect(result.errors?.[0]?.path).toEqual(['node', 'executions']);
  });

  it('answers null for ids that name nothing, and a validation error for garbage', async () => {
    const unknownExecution = globalId(
      'FlowExecution',
      'arn:aws:bedrock:us-east-1:123456789012:flow/SUPPORT001/alias/PRODALIAS1/execution/00000000-0000-0000-0000-000000000000',
    );
    const nodes = await h.execute(NodesByIdsDocument, {
      ids: [unknownExecution, globalId('FlowExecution', 'not-an-arn'), globalId('Flow', '../../x')],
    });
    expect(nodes.errors).toBeUndefined();
    expect(nodes.data?.nodes).toEqual([null, null, null]);

    const garbage = await h.execute(NodeByIdDocument, { id: '%%%not base64%%%' });
    expect(garbage.errors?.[0]?.extensions?.code).toBe('VALIDATION');
  });

  it('shares one GetFlowExecution call between flowExecution and node for the same execution', async () => {
    // A running one: a finished execution would come from the cross-request cache the second time.
    const stored = h.emulator.store.listExecutions(FLOW).find((e) => e.status === 'Running');
    if (!stored) throw new Error('no demo data');
    // Two operations in two requests: each request has its own loaders, so two calls.
    await h.execute(FlowExecutionByArnDocument, { executionArn: stored.executionArn });
    await h.execute(NodeByIdDocument, { id: globalId('FlowExecution', stored.executionArn) });
    expect(h.upstreamCalls('GetFlowExecution')).toBe(2);
    h.emulator.clearRequests();
    // One request asking for the same execution three times: one call.
    await h.execute(NodesByIdsDocument, {
      ids: [1, 2, 3].map(() => globalId('FlowExecution', stored.executionArn)),
    });
    expect(h.upstreamCalls('GetFlowExecution')).toBe(1);
  });
});
