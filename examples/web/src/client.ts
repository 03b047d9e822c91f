import { type Cache, cacheExchange } from '@urql/exchange-graphcache';
import { relayPagination } from '@urql/exchange-graphcache/extras';
import { persistedExchange } from '@urql/exchange-persisted';
import type { DocumentNode } from 'graphql';
import {
  Client,
  type Exchange,
  fetchExchange,
  makeOperation,
  mapExchange,
  subscriptionExchange,
} from 'urql';
import { EMBEDDED_TYPES } from './embedded-types';
import schema from './generated/schema';
import { forwardOverSse } from './sse-transport';

/** Where the gateway answers GraphQL. Default: `npm start` on this machine. */
export const GATEWAY_URL: string =
  import.meta.env.VITE_GATEWAY_URL ?? 'http://127.0.0.1:4000/graphql';

/**
 * The sha256 codegen embedded in each document (`persistedDocuments` in codegen.ts), as the bare
 * hex APQ expects. Empty when there is none: the request then carries its text.
 */
function embeddedHash(document: DocumentNode): string {
  const meta: unknown = (document as { __meta__?: unknown }).__meta__;
  const hash = typeof meta === 'object' && meta !== null ? (meta as { hash?: unknown }).hash : '';
  return typeof hash === 'string' ? hash.replace(/^sha256:/, '') : '';
}

/**
 * Only a query that names its document by hash alone goes out as GET (a CDN may cache it, and it
 * needs no CSRF header). Everything else is a JSON POST: mutations (never run over GET), and the
 * retry with the full text that follows `PersistedQueryNotFound` on a gateway without this app's
 * manifest. Subscriptions never reach the fetch exchange.
 */
const onlyHashesOverGet = mapExchange({
  onOperation(operation) {
    const persisted = operation.extensions?.persistedQuery;
    const hashOnly = persisted !== undefined && !(persisted as { miss?: boolean }).miss;
    return makeOperation(operation.kind, operation, {
      ...operation.context,
      preferGetMethod: hashOnly && operation.kind === 'query' ? 'within-url-limit' : false,
    });
  },
});

/**
 * Drops the cached pages of a flow's executions, so the list reads them again when next shown: a
 * run just started heads it. Other flows' lists stay as they are.
 */
function forgetExecutionsOf(cache: Cache, flowId: unknown): void {
  for (const field of cache.inspectFields('Query')) {
    if (field.fieldName !== 'flow' || field.arguments?.id !== flowId) continue;
    const flowKey = cache.resolve('Query', field.fieldKey);
    if (typeof flowKey !== 'string') continue;
    for (const page of cache.inspectFields(flowKey)) {
      if (page.fieldName === 'executions') cache.invalidate(flowKey, page.fieldKey);
    }
  }
}

/** The flow a start was for, when the result says the run started. */
function startedFlow(data: unknown, variables: unknown): unknown {
  const payload =
    typeof data === 'object' && data !== null && 'startFlowExecution' in data
      ? data.startFlowExecution
      : undefined;
  const started =
    typeof payload === 'object' &&
    payload !== null &&
    '__typename' in payload &&
    payload.__typename === 'StartFlowExecutionPayload';
  const input =
    typeof variables === 'object' && variables !== null && 'input' in variables
      ? variables.input
      : undefined;
  return started && typeof input === 'object' && input !== null && 'flowId' in input
    ? input.flowId
    : undefined;
}

/**
 * Where the gateway lets browsers keep a persisted GET (`PERSISTED_QUERY_MAX_AGE` above 0),
 * the list read again after a start could come from its HTTP cache, without the new run. The next
 * network read of that flow's executions after a start revalidates with the gateway instead.
 */
function revalidateAfterStarts(): Exchange {
  const startedIn = new Set<unknown>();
  return mapExchange({
    onResult(result) {
      const flowId = startedFlow(result.data, result.operation.variables);
      if (result.operation.kind === 'mutation' && flowId !== undefined) startedIn.add(flowId);
    },
    onOperation(operation) {
      const flowId: unknown = operation.variables?.flowId;
      if (operation.kind !== 'query' || !startedIn.delete(flowId)) return operation;
      const { fetchOptions } = operation.context;
      const options = typeof fetchOptions === 'function' ? fetchOptions() : fetchOptions;
      return makeOperation(operation.kind, operation, {
        ...operation.context,
        fetchOptions: { ...options, cache: 'no-cache' },
      });
    },
  });
}

/**
 * An urql client with a normalized cache that pages `Flow.executions` and `FlowExecution.events`
 * as Relay lists, and runs subscriptions over server-sent events. Every operation names its
 * document by hash first.
 */
export function createGatewayClient(url: string): Client {
  return new Client({
    url,
    preferGetMethod: false,
    exchanges: [
      cacheExchange({
        schema,
        keys: Object.fromEntries(EMBEDDED_TYPES.map((name) => [name, () => null])),
        // Each `after` page is merged into one list per flow and alias filter (per execution for
        // its events); a query for the next page answers with every edge loaded so far.
        resolvers: {
          Flow: { executions: relayPagination() },
          FlowExecution: { events: relayPagination() },
        },
        updates: {
          Mutation: {
            startFlowExecution(_result, args, cache) {
              const input = args.input;
              if (typeof input === 'object' && input !== null && 'flowId' in input) {
                forgetExecutionsOf(cache, input.flowId);
              }
            },
          },
        },
      }),
      // Behind the cache: only reads that go to the network pass through it.
      revalidateAfterStarts(),
      persistedExchange({
        preferGetForPersistedQueries: 'within-url-limit',
        // A gateway with TRUSTED_DOCUMENTS runs only manifest documents, and the text urql would
        // print need not match the manifest's byte for byte: name mutations and subscriptions by
        // hash too. A gateway without the manifest answers PersistedQueryNotSupported before
        // running anything, so the retry with the text never runs a mutation twice.
        enableForMutation: true,
        enableForSubscriptions: true,
        generateHash: async (_text, document) => embeddedHash(document),
      }),
      onlyHashesOverGet,
      subscriptionExchange({ forwardSubscription: forwardOverSse }),
      fetchExchange,
    ],
  });
}
