import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.js';

// `_entities` is not in schema.graphql (the plain schema codegen reads), so these documents are
// typed here, by hand, for the fields they select.
type EntityRepresentation =
  | { __typename: 'FlowExecution'; executionArn: string }
  | { __typename: 'Flow'; flowId: string };

interface EntitiesResult {
  _entities: (
    | { __typename: 'FlowExecution'; executionArn: string; status: string; flowId: string }
    | {
        __typename: 'Flow';
        flowId: string;
        id: string;
        executions?: { edges: { node: { executionArn: string } }[] };
      }
    | null
  )[];
}

const EntitiesDocument: TypedDocumentNode<
  EntitiesResult,
  { representations: EntityRepresentation[]; withExecutions: boolean }
> = parse(/* GraphQL */ `
  query Entities($representations: [_Any!]!, $withExecutions: Boolean!) {
    _entities(representations: $representations) {
      __typename
      ... on FlowExecution {
        executionArn
        status
        flowId
      }
      ... on Flow {
        flowId
        id
        executions(first: 2) @include(if: $withExecutions) {
          edges {
            node {
              executionArn
            }
          }
        }
      }
    }
  }
`);

const execution = (executionArn: string): EntityRepresentation => ({
  __typename: 'FlowExecution',
  executionArn,
});

describe('entity references from a supergraph', () => {
  let h: Harness;
  let arns: string[];
  beforeAll(async () => {
    h = await startHarness({ subgraph: {} });
    arns = ['SUPPORT001', 'SUMMARY002']
      .flatMap((flowId) => h.emulator.store.listExecutions(flowId).slice(0, 10))
      .map((stored) => stored.executionArn);
  });
  afterAll(() => h.close());
  beforeEach(() => {
    h.emulator.resetFaults();
    h.emulator.clearRequests();
  });

  it('resolves 100 references to 20 executions with 20 concurrent GetFlowExecution calls', async () => {
    const representations = Array.from({ length: 100 }, (_, i) => execution(arns[i % 20] ?? ''));
    // Every call waits this long upstream: one after another, 20 calls would take 20 times as long.
    const latencyMs = 300;
    h.emulator.setFaults({ latencyMs, operations: ['GetFlowExecution'] });
    const started = performance.now();
    const result = await h.execute(EntitiesDocument, { representations, withExecutions: false });
    const elapsed = performance.now() - started;

    expect(result.errors).toBeUndefined();
    expect(
      result.data?._entities.map((e) => e?.__typename === 'FlowExecution' && e.executionArn),
    ).toEqual(representations.map((r) => r.__typename === 'FlowExecution' && r.executionArn));
    expect(h.upstreamCalls('GetFlowExecution')).toBe(20);
    expect(h.upstreamCalls()).toBe(20);
    expect(elapsed).toBeLessThan(latencyMs * 5);
  });

  it('answers each reference with the execution Bedrock holds', async () => {
    const stored = h.emulator.store.listExecutions('SUPPORT001').slice(0, 5);
    const result = await h.execute(EntitiesDocument, {
      representations: stored.map((s) => execution(s.executionArn)),
      withExecutions: false,
    });
    expect(result.data?._entities).toEqual(
      stored.map((s) => ({
        __typename: 'FlowExecution',
        executionArn: s.executionArn,
        flowId: s.flowId,
        status: s.status.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase(),
      })),
    );
  });

  it('resolves flow references without an upstream call until their executions are selected', async () => {
    const flows: EntityRepresentation[] = [
      { __typename: 'Flow', flowId: 'SUPPORT001' },
      { __typename: 'Flow', flowId: 'SUMMARY002' },
      { __typename: 'Flow', flowId: 'SUPPORT001' },
    ];
    const bare = await h.execute(EntitiesDocument, {
      representations: flows,
      withExecutions: false,
    });
    expect(bare.data?._entities.map((e) => e?.__typename === 'Flow' && e.flowId)).toEqual([
      'SUPPORT001',
      'SUMMARY002',
      'SUPPORT001',
    ]);
    expect(h.upstreamCalls()).toBe(0);

    const withExecutions = await h.execute(EntitiesDocument, {
      representations: flows,
      withExecutions: true,
    });
    const first = withExecutions.data?._entities[0];
    expect(first?.__typename === 'Flow' && first.executions?.edges).toHaveLength(2);
    // The two references to SUPPORT001 share one listing call.
    expect(h.upstreamCalls('ListFlowExecutions')).toBe(2);
  });

  it('answers null for references that name no execution or flow, without an error', async () => {
    const unknown =
      'arn:aws:bedrock:us-east-1:123456789012:flow/SUPPORT001/alias/PRODALIAS1/execution/00000000-0000-0000-0000-000000000000';
    const result = await h.execute(EntitiesDocument, {
      representations: [
        execution(unknown),
        execution('not-an-arn'),
        { __typename: 'Flow', flowId: '../../x' },
        execution(arns[0] ?? ''),
      ],
      withExecutions: false,
    });
    expect(result.errors).toBeUndefined();
    expect(result.data?._entities.slice(0, 3)).toEqual([null, null, null]);
    expect(result.data?._entities[3]).toMatchObject({ executionArn: arns[0] });
    expect(h.upstreamCalls('GetFlowExecution')).toBe(2);
  });

  it('reports a denied reference as a GraphQL error with a code, and still resolves the rest', async () => {
    const denied =
      'arn:aws:bedrock:us-east-1:123456789012:flow/LOCKED0004/alias/TSTALIASID/execution/00000000-0000-0000-0000-000000000001';
    const result = await h.execute(EntitiesDocument, {
      representations: [execution(arns[0] ?? ''), execution(denied)],
      withExecutions: false,
    });
    expect(result.data?._entities[0]).toMatchObject({ executionArn: arns[0] });
    expect(result.data?._entities[1]).toBeNull();
    expect(result.errors?.[0]?.path).toEqual(['_entities', 1]);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'ACCESS_DENIED' });
  });

  it('reports a throttled reference as a GraphQL error with a code', async () => {
    h.emulator.setFaults({ throttleRate: 1, retryAfterSeconds: 1 });
    const result = await h.execute(EntitiesDocument, {
      representations: [execution(arns[1] ?? '')],
      withExecutions: false,
    });
    expect(result.data?._entities).toEqual([null]);
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'THROTTLED',
      retryAfterSeconds: 1,
    });
  });
});
