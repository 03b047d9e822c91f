/**
 * Baseline (c): bare graphql-yoga, same version and the gateway's options, answering a constant of
 * the same shape as a `first: 10` page. What it costs is the HTTP and GraphQL layer alone, so a
 * regression there shows apart from one in the resolvers or the upstream path.
 */
import { DateTimeResolver } from 'graphql-scalars';
import { createSchema, createYoga } from 'graphql-yoga';
import { createLogger } from '../src/logger.js';
import { naiveTypeDefs, statusValues } from './naive-server.js';

const CREATED = new Date('2025-01-01T00:00:00.000Z');

function constantExecution(index: number) {
  const executionId = `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`;
  return {
    executionArn: `arn:aws:bedrock:us-east-1:123456789012:flow/SUPPORT001/alias/TSTALIASID/execution/${executionId}`,
    executionId,
    flowId: 'SUPPORT001',
    flowAliasId: 'TSTALIASID',
    flowVersion: 'DRAFT',
    status: 'Succeeded',
    createdAt: CREATED,
    endedAt: CREATED,
  };
}

/** Builds the bare yoga server; `first` edges (default 10), all constant, no I/O at all. */
export function createBareServer() {
  const schema = createSchema({
    typeDefs: naiveTypeDefs,
    resolvers: {
      DateTime: DateTimeResolver,
      FlowExecutionStatus: statusValues,
      Query: {
        flow: (_root: unknown, { id }: { id: string }) => ({ flowId: id }),
        flowExecution: () => constantExecution(0),
      },
      Flow: {
        executions: (_flow: unknown, { first }: { first?: number | null }) => {
          const edges = Array.from({ length: first ?? 20 }, (_, index) => {
            const node = constantExecution(index);
            return { cursor: node.executionArn, node };
          });
          return {
            edges,
            pageInfo: {
              hasNextPage: true,
              hasPreviousPage: false,
              startCursor: edges[0]?.cursor ?? null,
              endCursor: edges.at(-1)?.cursor ?? null,
            },
          };
        },
      },
    },
  });
  // The gateway's options (see src/server.ts), minus GraphiQL, which only answers browsers.
  return createYoga({
    schema,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/health',
    landingPage: false,
    graphiql: false,
    batching: false,
    logging: createLogger('info'),
    maskedErrors: true,
  });
}
