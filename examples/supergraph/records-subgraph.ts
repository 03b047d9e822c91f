/**
 * An example of "another team's" subgraph: flow run records kept by some other service, each
 * holding the ARN of the Bedrock flow execution it is about. It has its own Relay `Node`,
 * `PageInfo` and `node`/`nodes` (it owns them in the supergraph), and error types of its own whose
 * names are the ones every team picks, with shapes unlike the Bedrock gateway's.
 */
import { buildSubgraphSchema } from '@apollo/subgraph';
import { GraphQLError, parse } from 'graphql';
import { createYoga } from 'graphql-yoga';

export const recordsTypeDefs = parse(/* GraphQL */ `
  extend schema
    @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key", "@shareable"])

  "An object with a global ID. This subgraph owns node and nodes in the supergraph."
  interface Node {
    "A global ID."
    id: ID!
  }

  "A failure of the records service (its own shape: a code on every error)."
  interface Error {
    "What went wrong."
    message: String!
    "A machine-readable code."
    code: String!
  }

  "An argument was invalid."
  type ValidationError implements Error {
    "What went wrong."
    message: String!
    "A machine-readable code."
    code: String!
    "The arguments at fault."
    fields: [String!]!
  }

  "No record has that ID."
  type NotFoundError implements Error {
    "What went wrong."
    message: String!
    "A machine-readable code."
    code: String!
    "The ID that was not found."
    id: ID!
  }

  "Relay pagination information."
  type PageInfo @shareable {
    "Whether more records follow."
    hasNextPage: Boolean!
    "Whether records precede."
    hasPreviousPage: Boolean!
    "Cursor of the first edge."
    startCursor: String
    "Cursor of the last edge."
    endCursor: String
  }

  "A Bedrock flow execution, owned by the Bedrock flows gateway; this subgraph only holds ARNs."
  type FlowExecution @key(fields: "executionArn", resolvable: false) {
    "The execution's ARN."
    executionArn: String!
  }

  "A Bedrock flow, owned by the Bedrock flows gateway; this subgraph only holds flow ids."
  type Flow @key(fields: "flowId", resolvable: false) {
    "The flow identifier."
    flowId: String!
  }

  "A record some team keeps about one run of a Bedrock flow."
  type FlowRunRecord implements Node {
    "A global ID."
    id: ID!
    "The ARN of the execution this record is about."
    executionArn: String!
    "A note about the run."
    note: String!
    "The execution, resolved by the Bedrock flows gateway."
    execution: FlowExecution!
    "The flow that ran, resolved by the Bedrock flows gateway."
    flow: Flow!
  }

  "A page of records."
  type FlowRunRecordConnection {
    "The records on this page."
    edges: [FlowRunRecordEdge!]!
    "Where this page sits."
    pageInfo: PageInfo!
  }

  "A record and its cursor."
  type FlowRunRecordEdge {
    "Continue after this record."
    cursor: String!
    "The record."
    node: FlowRunRecord!
  }

  "A record, or why it could not be read."
  union FlowRunRecordResult = FlowRunRecord | NotFoundError | ValidationError

  "Flow run records."
  type Query {
    "Fetches any object by its global ID."
    node("A global ID." id: ID!): Node
    "Fetches objects by their global IDs."
    nodes("Global IDs." ids: [ID!]!): [Node]!
    "The records, oldest first."
    flowRunRecords("How many." first: Int = 20, "Continue after this cursor." after: String): FlowRunRecordConnection!
    "One record by ID."
    flowRunRecord("A global ID." id: ID!): FlowRunRecordResult!
  }
`);

export interface FlowRunRecord {
  readonly id: string;
  readonly executionArn: string;
  readonly note: string;
}

export interface RecordsSubgraphOptions {
  /** The execution ARNs the records are about, taken from whatever Bedrock the gateway reads. */
  readonly executionArns: readonly string[];
  /** Records per execution, so the supergraph references each execution several times. Default 1. */
  readonly recordsPerExecution?: number;
}

const MAX_FIRST = 1000;

/** The records, interleaved so that consecutive records name different executions. */
export function recordsFor(options: RecordsSubgraphOptions): FlowRunRecord[] {
  const copies = options.recordsPerExecution ?? 1;
  const records: FlowRunRecord[] = [];
  for (let copy = 0; copy < copies; copy += 1) {
    for (const executionArn of options.executionArns) {
      const n = records.length;
      records.push({
        id: Buffer.from(`FlowRunRecord:${n}`).toString('base64url'),
        executionArn,
        note: `Record ${n} (copy ${copy + 1} of ${copies})`,
      });
    }
  }
  return records;
}

/** The records subgraph's executable schema. */
export function createRecordsSchema(options: RecordsSubgraphOptions) {
  const records = recordsFor(options);
  const byId = new Map(records.map((record, index) => [record.id, { record, index }]));
  const cursorOf = (index: number) => Buffer.from(String(index)).toString('base64url');
  const flowIdOf = (arn: string) => /:flow\/([^/]+)\//.exec(arn)?.[1] ?? '';

  return buildSubgraphSchema({
    typeDefs: recordsTypeDefs,
    resolvers: {
      Query: {
        node: (_root: unknown, { id }: { id: string }) => byId.get(id)?.record ?? null,
        nodes: (_root: unknown, { ids }: { ids: string[] }) =>
          ids.map((id) => byId.get(id)?.record ?? null),
        flowRunRecord: (_root: unknown, { id }: { id: string }) =>
          byId.get(id)?.record ?? {
            kind: 'NotFoundError',
            message: `No record ${id}.`,
            code: 'NOT_FOUND',
            id,
          },
        flowRunRecords: (
          _root: unknown,
          { first, after }: { first: number; after?: string | null },
        ) => {
          if (first < 0 || first > MAX_FIRST) {
            throw new GraphQLError(`first must be 0 to ${MAX_FIRST}.`, {
              extensions: { code: 'BAD_USER_INPUT' },
            });
          }
          const start = after ? Number(Buffer.from(after, 'base64url').toString()) + 1 : 0;
          if (!Number.isInteger(start) || start < 0) {
            throw new GraphQLError('Invalid cursor.', { extensions: { code: 'BAD_USER_INPUT' } });
          }
          const page = records.slice(start, start + first);
          const edges = page.map((node, i) => ({ cursor: cursorOf(start + i), node }));
          return {
            edges,
            pageInfo: {
              hasNextPage: start + first < records.length,
              hasPreviousPage: start > 0,
              startCursor: edges[0]?.cursor ?? null,
              endCursor: edges.at(-1)?.cursor ?? null,
            },
          };
        },
      },
      Node: { __resolveType: () => 'FlowRunRecord' },
      Error: { __resolveType: (error: { kind: string }) => error.kind },
      FlowRunRecordResult: {
        __resolveType: (value: FlowRunRecord | { kind: string }) =>
          'kind' in value ? value.kind : 'FlowRunRecord',
      },
      FlowRunRecord: {
        // Entity references: the supergraph asks the Bedrock gateway for everything else.
        execution: (record: FlowRunRecord) => ({ executionArn: record.executionArn }),
        flow: (record: FlowRunRecord) => ({ flowId: flowIdOf(record.executionArn) }),
      },
    },
  });
}

/** The records subgraph as a yoga instance: mount it on a server, or `fetch` it. */
export function createRecordsSubgraph(options: RecordsSubgraphOptions) {
  return createYoga({
    schema: createRecordsSchema(options),
    graphqlEndpoint: '/graphql',
    graphiql: false,
    landingPage: false,
    logging: false,
  });
}
