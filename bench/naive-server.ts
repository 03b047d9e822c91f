/**
 * Baseline (b): the stack a user would write by hand. graphql-yoga over plain SDL, the SDK client
 * with its defaults (no custom request handler), every field calling the SDK itself: no loaders,
 * no page filling, the upstream token as the cursor. Only the benchmark imports the SDK outside
 * `src/upstream/`, because imitating a hand-written stack is the point of this file.
 */
import {
  BedrockAgentRuntimeClient,
  type FlowExecutionSummary,
  GetFlowExecutionCommand,
  ListFlowExecutionsCommand,
} from '@aws-sdk/client-bedrock-agent-runtime';
import { DateTimeResolver } from 'graphql-scalars';
import { createSchema, createYoga } from 'graphql-yoga';

/**
 * The gateway's names and shapes, minus the unions: the benchmark's documents select
 * `... on Flow` / `... on FlowExecution`, which are valid against both schemas, so every contender
 * runs the very same document and returns a response of the same shape.
 */
export const naiveTypeDefs = /* GraphQL */ `
  scalar DateTime
  enum FlowExecutionStatus { RUNNING SUCCEEDED FAILED TIMED_OUT ABORTED }
  type Query {
    flow(id: ID!): Flow!
    flowExecution(executionArn: String!): FlowExecution!
  }
  type Flow {
    flowId: String!
    executions(first: Int, after: String, flowAliasId: String): FlowExecutionConnection!
  }
  type FlowExecutionConnection { edges: [FlowExecutionEdge!]! pageInfo: PageInfo! }
  type FlowExecutionEdge { cursor: String! node: FlowExecution! }
  type PageInfo {
    hasNextPage: Boolean!
    hasPreviousPage: Boolean!
    startCursor: String
    endCursor: String
  }
  type FlowExecution {
    executionArn: String!
    executionId: String!
    flowId: String!
    flowAliasId: String!
    flowVersion: String!
    status: FlowExecutionStatus!
    createdAt: DateTime!
    endedAt: DateTime
  }
`;

/** The upstream spells statuses as words; the schema's enum values map onto them. */
export const statusValues = {
  RUNNING: 'Running',
  SUCCEEDED: 'Succeeded',
  FAILED: 'Failed',
  TIMED_OUT: 'TimedOut',
  ABORTED: 'Aborted',
} as const;

export interface NaiveServerOptions {
  readonly endpoint: string;
  readonly region: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

interface FlowSource {
  readonly flowId: string;
}

interface ExecutionsArgs {
  readonly first?: number | null;
  readonly after?: string | null;
  readonly flowAliasId?: string | null;
}

/** Builds the naive stack: the SDK client is created once, as even a hand-written server would. */
export function createNaiveServer(options: NaiveServerOptions) {
  const client = new BedrockAgentRuntimeClient({
    region: options.region,
    endpoint: options.endpoint,
    credentials: options.credentials,
  });
  const schema = createSchema({
    typeDefs: naiveTypeDefs,
    resolvers: {
      DateTime: DateTimeResolver,
      FlowExecutionStatus: statusValues,
      Query: {
        flow: (_root: unknown, { id }: { id: string }): FlowSource => ({ flowId: id }),
        flowExecution: async (_root: unknown, { executionArn }: { executionArn: string }) => {
          // arn:aws:bedrock:REGION:ACCOUNT:flow/FLOW/alias/ALIAS/execution/ID
          const [, flowId, , flowAliasId] = executionArn.split('/');
          const output = await client.send(
            new GetFlowExecutionCommand({
              flowIdentifier: flowId,
              flowAliasIdentifier: flowAliasId,
              executionIdentifier: executionArn,
            }),
          );
          return {
            ...output,
            flowId: output.flowIdentifier,
            flowAliasId: output.flowAliasIdentifier,
            executionId: output.executionArn?.split('/').pop(),
            createdAt: output.startedAt,
          };
        },
      },
      Flow: {
        executions: async (flow: FlowSource, args: ExecutionsArgs) => {
          const output = await client.send(
            new ListFlowExecutionsCommand({
              flowIdentifier: flow.flowId,
              flowAliasIdentifier: args.flowAliasId ?? undefined,
              maxResults: args.first ?? 20,
              nextToken: args.after ?? undefined,
            }),
          );
          const summaries = output.flowExecutionSummaries ?? [];
          return {
            edges: summaries.map((summary) => ({ cursor: summary.executionArn, node: summary })),
            pageInfo: {
              hasNextPage: output.nextToken !== undefined,
              hasPreviousPage: args.after != null,
              startCursor: summaries[0]?.executionArn ?? null,
              endCursor: output.nextToken ?? null,
            },
          };
        },
      },
      FlowExecution: {
        executionId: (summary: FlowExecutionSummary & { executionId?: string }) =>
          summary.executionId ?? summary.executionArn?.split('/').pop(),
        flowId: (summary: FlowExecutionSummary & { flowId?: string }) =>
          summary.flowId ?? summary.flowIdentifier,
        flowAliasId: (summary: FlowExecutionSummary & { flowAliasId?: string }) =>
          summary.flowAliasId ?? summary.flowAliasIdentifier,
      },
    },
  });
  // yoga's defaults, as a first server would have them.
  const yoga = createYoga({ schema });
  return { yoga, close: () => client.destroy() };
}
