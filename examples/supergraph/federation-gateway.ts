/**
 * A federation gateway for trying the subgraph out: Apollo Gateway plans and executes queries
 * across the subgraphs, and a yoga server in front of it speaks GraphQL over HTTP and serves
 * GraphiQL from bundled assets (Apollo's own landing page loads them from a CDN).
 */
import { createHash } from 'node:crypto';
import { ApolloGateway, IntrospectAndCompose } from '@apollo/gateway';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { type ExecutionArgs, getOperationAST, print } from 'graphql';
import { createYoga, type Plugin } from 'graphql-yoga';

export interface SubgraphEndpoint {
  readonly name: string;
  /** The subgraph's GraphQL endpoint, e.g. `http://127.0.0.1:4000/graphql`. */
  readonly url: string;
}

export interface FederationGatewayOptions {
  /** The subgraphs to compose; their SDL is read from `_service { sdl }` at start. */
  readonly subgraphs: readonly SubgraphEndpoint[];
  /** GraphiQL's initial query. */
  readonly defaultQuery?: string;
}

type GatewayExecutor = NonNullable<Awaited<ReturnType<ApolloGateway['load']>>['executor']>;
type GatewayRequestContext = Parameters<GatewayExecutor>[0];

/** Starts composing (fetching every subgraph's SDL) and resolves once the supergraph is ready. */
export async function createFederationGateway(options: FederationGatewayOptions) {
  const gateway = new ApolloGateway({
    supergraphSdl: new IntrospectAndCompose({ subgraphs: [...options.subgraphs] }),
    logger: quietLogger,
  });
  const { schema, executor } = await gateway.load();
  if (!executor) throw new Error('Apollo Gateway loaded without an executor');
  let graphiqlPage: string | undefined;
  const yoga = createYoga({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    logging: false,
    graphiql: {
      title: 'Supergraph: Bedrock flows and flow run records',
      ...(options.defaultQuery && { defaultQuery: options.defaultQuery }),
    },
    renderGraphiQL: (graphiqlOptions) => {
      graphiqlPage ??= renderGraphiQL(graphiqlOptions);
      return graphiqlPage;
    },
    plugins: [useGatewayExecutor(executor)],
  });
  return { yoga, stop: () => gateway.stop() };
}

export type FederationGateway = Awaited<ReturnType<typeof createFederationGateway>>;

/** Yoga parses and validates against the supergraph's API schema; the gateway plans and executes. */
function useGatewayExecutor(executor: GatewayExecutor): Plugin {
  return {
    onExecute: ({ setExecuteFn }) => {
      setExecuteFn((args) => executor(requestContextFor(args)));
    },
  };
}

function requestContextFor(args: ExecutionArgs): GatewayRequestContext {
  const operation = getOperationAST(args.document, args.operationName);
  if (!operation) throw new Error('No operation to execute');
  const source = print(args.document);
  const cache = new Map<string, string>();
  return {
    request: {
      query: source,
      ...(args.operationName && { operationName: args.operationName }),
      ...(args.variableValues && { variables: { ...args.variableValues } }),
    },
    schema: args.schema,
    document: args.document,
    source,
    operation,
    operationName: args.operationName ?? null,
    queryHash: createHash('sha256').update(source).digest('hex'),
    schemaHash: schemaHashOf(source),
    overallCachePolicy: {},
    context: {},
    logger: quietLogger,
    metrics: {},
    cache: {
      get: async (key) => cache.get(key),
      set: async (key, value) => {
        cache.set(key, value);
      },
      delete: async (key) => cache.delete(key),
    },
  };
}

function schemaHashOf(source: string): GatewayRequestContext['schemaHash'] {
  const hash = createHash('sha256').update(source).digest('hex');
  // The interface brands this string so that only a server mints it, and a brand cannot be built
  // any other way; the gateway's executor never reads it.
  return hash as GatewayRequestContext['schemaHash'];
}

/** Apollo Gateway logs composition at info; warnings and errors still matter. */
const quietLogger = {
  debug: () => {},
  info: () => {},
  warn: (message: unknown) => console.warn(message),
  error: (message: unknown) => console.error(message),
};
