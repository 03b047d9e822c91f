import { useDeferStream } from '@graphql-yoga/plugin-defer-stream';
import { createYoga, type Plugin } from 'graphql-yoga';
import { createAuthenticator } from './auth.js';
import type { Config } from './config.js';
import { createContextFactory, type GatewayContext } from './context.js';
import { createLogger, type Logger } from './logger.js';
import { createMetrics, type Metrics } from './metrics.js';
import { createCursorCodec } from './pagination/cursor-codec.js';
import { useCorsAllowlist } from './plugins/cors-allowlist.js';
import { useCsrfPrevention } from './plugins/csrf-prevention.js';
import { useObservability } from './plugins/observability.js';
import { type Readiness, useOperationalEndpoints } from './plugins/operational-endpoints.js';
import { isPersistedGet, usePersistedDocuments } from './plugins/persisted-documents.js';
import { useRequestLimits } from './plugins/request-limits.js';
import { schema, subgraphSchema } from './schema/index.js';
import { DEFAULT_ERROR_TYPE_PREFIX, type SubgraphOptions } from './schema/subgraph.js';
import type { BedrockClients } from './upstream/client.js';
import { Coalescer } from './upstream/coalescer.js';
import {
  createExecutionWatches,
  type ExecutionWatches,
  type PollSettings,
} from './upstream/execution-watch.js';
import { createImmutableCache } from './upstream/immutable-cache.js';

/** The settings `createGateway` reads. */
export type GatewayConfig = Pick<
  Config,
  | 'cursorSecret'
  | 'pagination'
  | 'upstream'
  | 'graphiql'
  | 'introspection'
  | 'limits'
  | 'auth'
  | 'browser'
>;
export interface GatewayOptions {
  /** The process-wide SDK clients (see `createBedrockClients`): one upstream identity. */
  readonly clients: BedrockClients;
  readonly config: GatewayConfig;
  /** Where logs go. Default: JSON lines on stderr at `info`. */
  readonly logger?: Logger;
  /** Prometheus metrics. Default: a fresh registry. */
  readonly metrics?: Metrics;
  /** Answers /health/ready. Default: always ready. */
  readonly readiness?: Readiness;
  /** The flow GraphiQL's example query lists. Default: a demo flow of the embedded emulator. */
  readonly exampleFlowId?: string;
  /**
   * Serve the schema as a Federation v2 subgraph (entities, `_entities`, `_service`, prefixed error
   * types) to compose into a supergraph. Default: the plain gateway schema.
   */
  readonly subgraph?: SubgraphOptions;
  /** How subscriptions poll the upstream. Default: from 250 ms, backing off to 5 s. */
  readonly poll?: PollSettings;
  /** Answers about finished executions kept per kind (event pages: four times as many). Default 2000. */
  readonly cacheEntries?: number;
  /** The execution pollers, when the caller wants to observe them. Default: the gateway's own. */
  readonly watches?: ExecutionWatches;
}

const GRAPHQL_ENDPOINT = '/graphql';

/** Builds the gateway: a yoga instance to `fetch` in tests or mount on a server. It opens no port. */
export function createGateway(options: GatewayOptions) {
  const { config } = options;
  const logger = options.logger ?? createLogger();
  const metrics = options.metrics ?? createMetrics();
  const readiness = options.readiness ?? { isReady: () => true };
  // Key material is imported once; a failure (a bad PEM) surfaces on the first request, loudly.
  const authenticator = createAuthenticator(config.auth);
  // The page inlines all of GraphiQL (9 MB) and yoga's options for it never change: render it once.
  let graphiqlPage: Promise<string> | undefined;
  const errorInterface = options.subgraph
    ? `${options.subgraph.errorTypePrefix ?? DEFAULT_ERROR_TYPE_PREFIX}Error`
    : 'Error';
  // Process-wide, created once: the cache of finished executions and the subscription pollers.
  const cache = createImmutableCache(options.clients.client, {
    maxEntries: options.cacheEntries,
  });
  const watches =
    options.watches ??
    createExecutionWatches({ client: options.clients.client, cache, ...options.poll });
  return createYoga<Record<string, never>, GatewayContext>({
    schema: options.subgraph ? subgraphSchema(options.subgraph) : schema,
    context: createContextFactory({
      clients: options.clients,
      upstream: {
        client: options.clients.client,
        coalescer: new Coalescer(),
        cache,
        observer: metrics.upstream,
      },
      watches,
      authenticate: async (request) => (await authenticator)(request),
      cursors: createCursorCodec(config.cursorSecret),
      pagination: config.pagination,
      operationDeadlineMs: config.upstream.operationDeadlineMs,
      maxUpstreamCalls: config.limits.maxUpstreamCalls,
    }),
    graphqlEndpoint: GRAPHQL_ENDPOINT,
    healthCheckEndpoint: '/health',
    landingPage: false,
    graphiql: config.graphiql && {
      title: 'Bedrock flows gateway',
      defaultQuery: exampleQuery(options.exampleFlowId ?? 'SUPPORT001', errorInterface),
    },
    // Assets come from the gateway itself: yoga's default page loads them from a public CDN and
    // stays blank offline, behind a proxy or under a strict CSP. The module is imported on the
    // first page view: loading its inlined assets costs ~60 MB of RSS that a process serving
    // only API traffic never needs.
    renderGraphiQL: (graphiqlOptions) => {
      // Yoga's bundled GraphiQL opens its editor on `query` and ignores `defaultQuery`, which
      // would leave a fresh browser on a welcome comment that fails to run (seen in the browser
      // tests): hand it the example as `query` too.
      const withQuery: typeof graphiqlOptions & { readonly query?: string } = {
        ...graphiqlOptions,
        query: graphiqlOptions.defaultQuery,
      };
      graphiqlPage ??= import('@graphql-yoga/render-graphiql').then(({ renderGraphiQL }) =>
        renderGraphiQL(withQuery),
      );
      return graphiqlPage;
    },
    // One operation per request: batching would multiply every limit below by the batch size.
    batching: false,
    // Yoga's CORS answers `*` by default; `useCorsAllowlist` below opens exactly the configured origins.
    cors: false,
    logging: logger,
    // Yoga's own masking stays on, as the safety net behind `useObservability`'s.
    maskedErrors: true,
    plugins: [
      useCorsAllowlist(config.browser.corsOrigins),
      useOperationalEndpoints(metrics.registry, readiness),
      useCsrfPrevention(GRAPHQL_ENDPOINT, isPersistedGet),
      usePersistedDocuments({
        manifest: config.browser.persistedDocuments,
        trustedOnly: config.browser.trustedDocumentsOnly,
        maxAgeSeconds: config.browser.persistedQueryMaxAgeSeconds,
        shared: config.auth.disabled,
        errorInterface,
      }),
      useRequestLimits(config.limits, {
        introspection: config.introspection,
        defaultFirst: config.pagination.defaultFirst,
      }),
      // `edges @stream`: each upstream page of a connection reaches the client as it arrives.
      useDeferStream(),
      useObservability(logger, metrics),
      useRelease(),
      { onDispose: () => watches.close() },
    ],
  });
}

/** Releases each operation's context (its upstream deadline and span) once its result is complete. */
function useRelease(): Plugin<GatewayContext> {
  // An incremental result (@defer/@stream, a subscription) is complete only when its stream ends;
  // a subscription's deadline is renewed at each event, and the last one is released then.
  const releaseWhenDone = (context: GatewayContext, result: object) => {
    if (Symbol.asyncIterator in result) return { onEnd: context.release };
    context.release();
    return undefined;
  };
  return {
    onExecute: ({ args }) => ({
      onExecuteDone: ({ result }) => releaseWhenDone(args.contextValue, result),
    }),
    onSubscribe: ({ args }) => ({
      onSubscribeResult: ({ result }) => releaseWhenDone(args.contextValue, result),
    }),
  };
}

export type Gateway = ReturnType<typeof createGateway>;

function exampleQuery(flowId: string, errorInterface: string): string {
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
    ... on ${errorInterface} {
      message
    }
  }
}
`;
}
