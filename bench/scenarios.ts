import type { Operation } from './load.js';
import { BENCH_FLOW_ID } from './sdk-loop.js';

/** The contenders: the gateway and the three baselines of the issue. */
export type ContenderName = 'gateway' | 'naive' | 'bare' | 'sdk' | 'subgraph';

export const CONTENDER_LABELS: Readonly<Record<ContenderName, string>> = {
  gateway: 'gateway',
  naive: '(b) naive yoga+SDL+SDK',
  bare: '(c) bare yoga, constant',
  sdk: '(a) SDK loop (ceiling)',
  subgraph: 'gateway as a federation subgraph',
};

/** Which connection list a scenario runs at. */
export type ConnectionSet = 'headline' | 'scenario' | 'target';

export interface Scenario {
  readonly name: string;
  readonly description: string;
  readonly contenders: readonly ContenderName[];
  readonly connections: ConnectionSet;
  /** The operation an HTTP contender is loaded with. */
  operation(contender: ContenderName): Operation;
  /** For the SDK loop: sequential upstream calls that do the same upstream work. */
  readonly sdkCallsPerOp?: number;
  /**
   * Upstream calls one operation needs at the least, within one request (every contender must do
   * at least this much to answer correctly).
   */
  readonly minCallsPerOp: number;
  /** What the reader must know to compare the rows fairly. */
  readonly note?: string;
}

const EXECUTION_FIELDS =
  'executionArn executionId status flowAliasId flowVersion createdAt endedAt';

/** One page of the bench flow's executions; valid against the gateway and the naive schema. */
export function pageQuery(first: number, after: string | null): string {
  const query = `query Page($flowId: ID!, $first: Int, $after: String) {
  flow(id: $flowId) {
    __typename
    ... on Flow {
      executions(first: $first, after: $after) {
        edges { cursor node { ${EXECUTION_FIELDS} } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
}`;
  return JSON.stringify({ query, variables: { flowId: BENCH_FLOW_ID, first, after } });
}

/** Five listings (flow x alias filter) over the emulator's three readable flows, one repeated. */
export const DASHBOARD_QUERY = `query Dashboard {
  support: flow(id: "SUPPORT001") { __typename ...Recent }
  supportProd: flow(id: "SUPPORT001") { __typename ...RecentProd }
  summary: flow(id: "SUMMARY002") { __typename ...Recent }
  routing: flow(id: "ROUTING003") { __typename ...Recent }
  routingProd: flow(id: "ROUTING003") { __typename ...RecentProd }
  supportAgain: flow(id: "SUPPORT001") { __typename ...Recent }
}
fragment Recent on Flow {
  executions(first: 10) { edges { node { executionId status createdAt endedAt } } pageInfo { hasNextPage } }
}
fragment RecentProd on Flow {
  executions(first: 10, flowAliasId: "PRODALIAS1") { edges { node { executionId status createdAt endedAt } } pageInfo { hasNextPage } }
}`;

/** Ten lookups of five finished executions: each twice, through aliases. */
export function readsQuery(arns: readonly string[]): string {
  const fields = [...arns, ...arns]
    .map(
      (arn, index) =>
        `r${index}: flowExecution(executionArn: ${JSON.stringify(arn)}) { __typename ... on FlowExecution { executionId status createdAt endedAt } }`,
    )
    .join('\n  ');
  return JSON.stringify({ query: `query Reads {\n  ${fields}\n}` });
}

const single = (body: string): Operation => ({ steps: 1, body: () => body });

/** What a federation router sends: `_entities` for 100 references to the given executions. */
export function entitiesQuery(executionArns: readonly string[]): string {
  const representations = Array.from({ length: 100 }, (_, i) => ({
    __typename: 'FlowExecution',
    executionArn: executionArns[i % executionArns.length],
  }));
  const query = `query Entities($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on FlowExecution { executionArn status createdAt } }
}`;
  return JSON.stringify({ query, variables: { representations } });
}

/** A walk of 200 executions in pages of `first: 20`, each page continuing from the last. */
function walk(steps: number): Operation {
  return { steps, body: (step, after) => pageQuery(20, step === 0 ? null : after) };
}

/** The scenarios of the issue; `finishedArns` are five finished executions of the bench flow. */
export function scenarios(
  finishedArns: readonly string[],
  newestArns: readonly string[],
): Scenario[] {
  return [
    {
      name: 'page10',
      description: 'first: 10 (one upstream page: the same upstream work for every contender)',
      contenders: ['gateway', 'naive', 'bare', 'sdk'],
      connections: 'headline',
      operation: () => single(pageQuery(10, null)),
      sdkCallsPerOp: 1,
      minCallsPerOp: 1,
    },
    {
      name: 'page20',
      description: 'first page of executions (first: 20)',
      contenders: ['gateway', 'naive'],
      connections: 'scenario',
      operation: () => single(pageQuery(20, null)),
      minCallsPerOp: 2,
      note: 'naive returns 10 edges (no page filling: the upstream caps a page at 10)',
    },
    {
      name: 'page100',
      description: 'first: 100 (ten sequential upstream pages)',
      contenders: ['gateway', 'sdk'],
      connections: 'target',
      operation: () => single(pageQuery(100, null)),
      sdkCallsPerOp: 10,
      minCallsPerOp: 10,
    },
    {
      name: 'walk200',
      description: 'forward walk of 200 executions in pages of first: 20; ops = walks',
      contenders: ['gateway', 'naive'],
      connections: 'scenario',
      // The naive stack gets 10 edges a page, so it needs twice the requests for the same walk.
      operation: (contender) => walk(contender === 'naive' ? 20 : 10),
      minCallsPerOp: 20,
      note: 'gateway: 10 requests a walk; naive: 20 (10 edges a page)',
    },
    {
      name: 'reads',
      description: 'repeated reads of 5 finished executions, each twice through aliases',
      contenders: ['gateway', 'naive'],
      connections: 'scenario',
      operation: () => single(readsQuery(finishedArns)),
      minCallsPerOp: 5,
      note: 'finished executions are immutable: after the first read they come from the gateway cache',
    },
    {
      name: 'dashboard',
      description: 'dashboard: 6 aliased panels, 5 distinct listings over 3 flows',
      contenders: ['gateway', 'naive'],
      connections: 'scenario',
      operation: () => single(JSON.stringify({ query: DASHBOARD_QUERY })),
      minCallsPerOp: 5,
    },
    {
      name: 'entities',
      description: '_entities: 100 references to 20 executions, as a federation router sends them',
      contenders: ['subgraph'],
      connections: 'scenario',
      operation: () => single(entitiesQuery(newestArns)),
      minCallsPerOp: 20,
      note: 'a first request costs 20 calls (one per distinct execution); finished ones then come from the cache, running ones (3 of 20) cost a call each time',
    },
  ];
}
