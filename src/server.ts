import type { BedrockAgentRuntimeClient } from '@aws-sdk/client-bedrock-agent-runtime';
import { GraphQLError } from 'graphql';
import { createYoga, type Plugin } from 'graphql-yoga';
import type { Config } from './config.js';
import { createContextFactory, type GatewayContext } from './context.js';
import { createLogger, type Logger, serializeError } from './logger.js';
import { createCursorCodec } from './pagination/cursor-codec.js';
import { schema } from './schema/index.js';

export interface GatewayOptions {
  /** The process-wide SDK client (see `createBedrockClient`). */
  readonly client: BedrockAgentRuntimeClient;
  readonly config: Pick<Config, 'cursorSecret' | 'pagination' | 'upstream' | 'graphiql'>;
  /** Where logs go. Default: JSON lines on stderr at `info`. */
  readonly logger?: Logger;
  /** The flow GraphiQL's example query lists. Default: a demo flow of the embedded emulator. */
  readonly exampleFlowId?: string;
}

/** Builds the gateway: a yoga instance to `fetch` in tests or mount on a server. It opens no port. */
export function createGateway(options: GatewayOptions) {
  const logger = options.logger ?? createLogger();
  const { config } = options;
  // The page inlines all of GraphiQL (9 MB) and yoga's options for it never change: render it once.
  let graphiqlPage: Promise<string> | undefined;
  return createYoga<Record<string, never>, GatewayContext>({
    schema,
    context: createContextFactory({
      client: options.client,
      cursors: createCursorCodec(config.cursorSecret),
      pagination: config.pagination,
      operationDeadlineMs: config.upstream.operationDeadlineMs,
    }),
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/health',
    landingPage: false,
    graphiql: config.graphiql && {
      title: 'Bedrock flows gateway',
      defaultQuery: exampleQuery(options.exampleFlowId ?? 'SUPPORT001'),
    },
    // Assets come from the gateway itself: yoga's default page loads them from a public CDN and
    // stays blank offline, behind a proxy or under a strict CSP. The module is imported on the
    // first page view: loading its inlined assets costs ~60 MB of RSS that a process serving
    // only API traffic never needs.
    renderGraphiQL: (graphiqlOptions) => {
      graphiqlPage ??= import('@graphql-yoga/render-graphiql').then(({ renderGraphiQL }) =>
        renderGraphiQL(graphiqlOptions),
      );
      return graphiqlPage;
    },
    batching: false,
    logging: logger,
    // Yoga's own masking stays on as the safety net behind `useUnexpectedErrorMasking`.
    maskedErrors: true,
    plugins: [useUnexpectedErrorMasking(logger), useRelease()],
  });
}

/** Releases each operation's context (its upstream deadline) as soon as its result is complete. */
function useRelease(): Plugin<GatewayContext> {
  return {
    onExecute: ({ args }) => ({
      onExecuteDone: ({ result }) => {
        const { release } = args.contextValue;
        // An incremental result (@defer/@stream) is complete only when its stream ends.
        if (Symbol.asyncIterator in result) return { onEnd: release };
        release();
        return undefined;
      },
    }),
  };
}

export type Gateway = ReturnType<typeof createGateway>;

/**
 * Expected failures are data (union members) or GraphQL errors with a code; anything else is a bug
 * or a broken upstream. Log it in full with the request id, and give the client only the id.
 */
function useUnexpectedErrorMasking(logger: Logger): Plugin<GatewayContext> {
  return {
    onExecute: ({ args }) => ({
      onExecuteDone: ({ result, setResult }) => {
        if (!('errors' in result) || !result.errors?.length) return;
        const requestId = args.contextValue.requestId;
        let masked = false;
        const errors = result.errors.map((error) => {
          const original = error.originalError;
          if (!original || original instanceof GraphQLError) return error;
          masked = true;
          logger.error('Unexpected error while executing an operation', {
            requestId,
            operationName: args.operationName ?? null,
            path: error.path,
            err: serializeError(original),
          });
          return new GraphQLError('Unexpected error.', {
            nodes: error.nodes,
            path: error.path,
            extensions: { code: 'INTERNAL_SERVER_ERROR', requestId },
          });
        });
        if (masked) setResult({ ...result, errors });
      },
    }),
  };
}

function exampleQuery(flowId: string): string {
  return `# Welcome to the Bedrock flows gateway.
# Press the run button to list the newest executions of a flow, then
# page on by passing pageInfo.endCursor as \`after\`.
query RecentExecutions($flowId: ID! = "${flowId}", $after: String) {
  flow(id: $flowId) {
    __typename
    ... on Flow {
      flowId
      executions(first: 10, after: $after) {
        edges {
          node {
            executionId
            status
            flowAliasId
            flowVersion
            createdAt
            endedAt
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
    ... on Error {
      message
    }
  }
}
`;
}
