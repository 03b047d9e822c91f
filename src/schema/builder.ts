import SchemaBuilder from '@pothos/core';
import DirectivesPlugin from '@pothos/plugin-directives';
import ErrorsPlugin from '@pothos/plugin-errors';
import FederationPlugin from '@pothos/plugin-federation';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { GraphQLError } from 'graphql';
import { DateTimeResolver, JSONResolver } from 'graphql-scalars';
import type { GatewayContext } from '../context.js';
import { AccessDeniedError } from '../upstream/errors.js';
import { flowKeyOf } from '../upstream/identifiers.js';

/** The one schema builder. It configures; the domain modules define types on it. */
export const builder = new SchemaBuilder<{
  Context: GatewayContext;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    JSON: { Input: unknown; Output: unknown };
  };
  AuthScopes: {
    /** `flows:read`: queries and subscriptions. */
    read: boolean;
    /** `flows:write`: starting and stopping executions. */
    write: boolean;
    /** The caller's flow allowlist admits this flow (an id or any ARN under it). */
    flow: string;
  };
  DefaultEdgesNullability: { list: false; items: false };
  DefaultNodeNullability: false;
  DefaultFieldNullability: false;
}>({
  // Non-null unless a field says otherwise: a null must mean something.
  defaultFieldNullability: false,
  // Order matters (hayes/pothos#941): the first plugin wraps resolvers outermost, so the errors
  // plugin goes first to turn a scope-auth denial into the field's AccessDeniedError member; relay
  // follows, and federation comes last so it sees the finished types and fields. Directives turns
  // the federation directives into the AST nodes a subgraph schema is printed from.
  plugins: [ErrorsPlugin, ScopeAuthPlugin, RelayPlugin, DirectivesPlugin, FederationPlugin],
  scopeAuth: {
    // A subscription is authorized once, when it starts, not at every event it sends.
    authorizeOnSubscribe: true,
    authScopes: (context) => ({
      read: context.caller.scopes.has('flows:read'),
      write: context.caller.scopes.has('flows:write'),
      flow: (identifier) => {
        const allowed = context.caller.flows;
        if (allowed === null) return true;
        const key = flowKeyOf(identifier);
        return key !== undefined && allowed.has(key);
      },
    }),
    unauthorizedError: () =>
      new AccessDeniedError(
        'The caller is not allowed to do this (missing scope or flow not allowed).',
      ),
  },
  relay: {
    cursorType: 'String',
    edgesFieldOptions: {
      nullable: { list: false, items: false },
      description: 'The page of results, in upstream order (newest first for executions).',
    },
    nodeFieldOptions: { nullable: false, description: 'The item at this position.' },
    cursorFieldOptions: {
      description:
        'Opaque cursor of this edge: pass it as `after` to continue right after it. Sealed and bound to this listing.',
    },
    pageInfoFieldOptions: { description: 'Where this page sits in the listing.' },
    pageInfoTypeOptions: {
      description: 'Relay pagination information for a forward-only connection.',
      // Every Relay subgraph in a supergraph defines the same PageInfo (hayes/pothos#942).
      shareable: true,
    },
    hasNextPageFieldOptions: {
      description: 'True when more items follow; continue with `after: endCursor`.',
    },
    hasPreviousPageFieldOptions: {
      description:
        'True when this page was requested with `after` (the upstream cannot page backwards).',
    },
    startCursorFieldOptions: {
      description: 'Cursor of the first edge, null when there are no edges.',
    },
    endCursorFieldOptions: {
      description: 'Cursor of the last edge, null when there are no edges.',
    },
    nodeTypeOptions: {
      description:
        'An object with a globally unique, opaque ID (Relay global object identification).',
    },
    idFieldOptions: { description: 'Globally unique, opaque ID of this object.' },
    nodeQueryOptions: {
      authScopes: { read: true },
      description: 'Fetches any object by its global ID; null when it does not exist.',
      args: { id: { description: 'A global ID from an `id` field.' } },
    },
    nodesQueryOptions: {
      authScopes: { read: true },
      description:
        'Fetches several objects by their global IDs, in order; null for those that do not exist.',
      args: { ids: { description: 'Global IDs from `id` fields.' } },
    },
    encodeGlobalID: (typename, id) => Buffer.from(`${typename}:${id}`).toString('base64url'),
    decodeGlobalID: (globalID) => {
      const decoded = Buffer.from(globalID, 'base64url').toString();
      const colon = decoded.indexOf(':');
      // Buffer.from ignores characters outside the alphabet, so round-trip to reject garbage.
      if (colon <= 0 || Buffer.from(decoded).toString('base64url') !== globalID) {
        throw new GraphQLError(
          `${JSON.stringify(globalID.slice(0, 80))} is not a valid global ID.`,
          {
            extensions: { code: 'VALIDATION' },
          },
        );
      }
      return { typename: decoded.slice(0, colon), id: decoded.slice(colon + 1) };
    },
  },
});

builder.addScalarType('DateTime', DateTimeResolver, {});
builder.addScalarType('JSON', JSONResolver, {});

builder.queryType({ description: 'Read access to Amazon Bedrock flows and their executions.' });
builder.mutationType({ description: 'Starting and stopping flow executions.' });
builder.subscriptionType({
  description:
    'Live views of running executions, over server-sent events. One upstream poller per execution serves every subscriber.',
});
