import { cacheExchange } from '@urql/exchange-graphcache';
import { relayPagination } from '@urql/exchange-graphcache/extras';
import { persistedExchange } from '@urql/exchange-persisted';
import type { DocumentNode } from 'graphql';
import { Client, fetchExchange, makeOperation, mapExchange, subscriptionExchange } from 'urql';
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
      }),
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
