import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import {
  EXAMPLE_QUERY,
  type SupergraphStack,
  startSupergraphStack,
} from '../../examples/supergraph/stack.js';
import { createLogger } from '../../src/logger.js';

interface RecordsResult {
  flowRunRecords: {
    edges: {
      node: {
        id: string;
        executionArn: string;
        execution: { executionArn: string; status: string; flowId: string; createdAt: string };
        flow: { id: string; flowId: string };
      };
    }[];
    pageInfo: { hasNextPage: boolean };
  };
}

const RECORDS_QUERY = /* GraphQL */ `
  query RecordsWithExecutions($first: Int!) {
    flowRunRecords(first: $first) {
      edges {
        node {
          id
          executionArn
          execution {
            executionArn
            status
            flowId
            createdAt
          }
          flow {
            id
            flowId
          }
        }
      }
      pageInfo {
        hasNextPage
      }
    }
  }
`;

interface Response<T> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

describe('a supergraph of the Bedrock gateway and another team’s records subgraph', () => {
  let stack: SupergraphStack;
  const logs: string[] = [];

  async function query<T>(source: string, variables: Record<string, unknown> = {}) {
    const response = await fetch(stack.supergraphUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: source, variables }),
    });
    const text = await response.text();
    onTestFailed(() => {
      console.error(`Query:\n${source}\nHTTP ${response.status}: ${text.slice(0, 4000)}`);
    });
    // The test reads this as the shape it asked for, and checks every part it relies on.
    const body: Response<T> = JSON.parse(text);
    return body;
  }

  beforeAll(async () => {
    stack = await startSupergraphStack({
      executions: 20,
      recordsPerExecution: 5,
      logger: createLogger('warn', (line) => logs.push(line)),
    });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.emulator.clearRequests());

  it('answers records with their executions’ status and flow, fetching each execution once', async () => {
    const result = await query<RecordsResult>(RECORDS_QUERY, { first: 100 });
    expect(result.errors).toBeUndefined();
    const edges = result.data?.flowRunRecords.edges ?? [];
    expect(edges).toHaveLength(100);

    const stored = new Map(
      stack.emulator.store
        .listFlows()
        .flatMap((flow) => stack.emulator.store.listExecutions(flow.flowId))
        .map((execution) => [execution.executionArn, execution]),
    );
    for (const { node } of edges) {
      const expected = stored.get(node.executionArn);
      if (!expected) throw new Error(`Record names an unknown execution ${node.executionArn}`);
      expect(node.execution).toEqual({
        executionArn: expected.executionArn,
        status: expected.status.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase(),
        flowId: expected.flowId,
        createdAt: expected.createdAt.toISOString(),
      });
      expect(node.flow).toEqual({
        flowId: expected.flowId,
        id: Buffer.from(`Flow:${expected.flowId}`).toString('base64url'),
      });
    }
    expect(new Set(edges.map((e) => e.node.executionArn)).size).toBe(20);

    // 100 references to 20 executions: 20 GetFlowExecution calls and nothing else. Flows cost none.
    expect(stack.emulator.requests.filter((r) => r.operation === 'GetFlowExecution')).toHaveLength(
      20,
    );
    expect(stack.emulator.requests).toHaveLength(20);
  });

  it('pages through the records subgraph while the Bedrock gateway fills in each page', async () => {
    const result = await query<RecordsResult>(RECORDS_QUERY, { first: 10 });
    expect(result.data?.flowRunRecords.pageInfo.hasNextPage).toBe(true);
    const edges = result.data?.flowRunRecords.edges ?? [];
    expect(edges).toHaveLength(10);
    // The previous test read every one of these executions: the finished ones now come from the
    // gateway's cache of immutable executions, and only the running ones cost a call again.
    const distinct = new Set(edges.map((e) => e.node.executionArn));
    const running = [...distinct].filter((arn) =>
      edges.some((e) => e.node.executionArn === arn && e.node.execution.status === 'RUNNING'),
    );
    expect(running.length).toBeLessThan(distinct.size);
    expect(stack.emulator.requests).toHaveLength(running.length);
  });

  it('serves Bedrock lookups and Relay connections through the supergraph, errors prefixed', async () => {
    const result = await query<{
      found: { __typename: string; executions?: { edges: unknown[] } };
      missing: { __typename: string; message?: string; resourceId?: string };
    }>(/* GraphQL */ `
      {
        found: flow(id: "SUPPORT001") {
          __typename
          ... on Flow {
            executions(first: 3) {
              edges {
                cursor
              }
            }
          }
        }
        missing: flow(id: "NOSUCHFLOW") {
          __typename
          # Selecting executions is what reads the flow, through the gateway's rewritten query too.
          ... on Flow {
            executions(first: 3) {
              edges {
                cursor
              }
            }
          }
          ... on BedrockError {
            message
          }
          ... on BedrockNotFoundError {
            resourceId
          }
        }
      }
    `);
    expect(result.errors).toBeUndefined();
    expect(result.data?.found.executions?.edges).toHaveLength(3);
    expect(result.data?.missing).toMatchObject({
      __typename: 'BedrockNotFoundError',
      resourceId: 'NOSUCHFLOW',
    });
  });

  it('resolves the records subgraph’s own node(id), which it owns in the supergraph', async () => {
    const listed = await query<RecordsResult>(RECORDS_QUERY, { first: 1 });
    const id = listed.data?.flowRunRecords.edges[0]?.node.id;
    expect(id).toBeDefined();
    const result = await query<{ node: { __typename: string; id: string } | null }>(
      'query ($id: ID!) { node(id: $id) { __typename id } }',
      { id },
    );
    expect(result.data?.node).toEqual({ __typename: 'FlowRunRecord', id });
  });

  it('serves GraphiQL from its own assets, opening on a query that runs', async () => {
    const page = await fetch(stack.supergraphUrl, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).not.toMatch(/<script[^>]+src=["']https?:/);
    expect(html).not.toMatch(/<link[^>]+href=["']https?:/);
    expect(html).toContain('RecordsWithExecutions');

    const result = await query<RecordsResult>(EXAMPLE_QUERY);
    expect(result.errors).toBeUndefined();
    expect(result.data?.flowRunRecords.edges).toHaveLength(10);
    expect(logs).toEqual([]);
  });
});
