import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin from '@pothos/plugin-relay';
import { GraphQLError } from 'graphql';
import { DateTimeResolver, JSONResolver } from 'graphql-scalars';
import type { GatewayContext } from '../context.js';

/** The one schema builder. It configures; the domain modules define types on it. */
export const builder = new SchemaBuilder<{
  Context: GatewayContext;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    JSON: { Input: unknown; Output: unknown };
  };
  DefaultEdgesNullability: { list: false; items: false };
  DefaultNodeNullability: false;
  DefaultFieldNullability: false;
}>({
  // Non-null unless a field says otherwise: a null must mean something.
  defaultFieldNullability: false,
  // Order matters: errors wrap resolvers before relay adds its own (hayes/pothos#941).
  plugins: [ErrorsPlugin, RelayPlugin],
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
      description: 'Fetches any object by its global ID; null when it does not exist.',
      args: { id: { description: 'A global ID from an `id` field.' } },
    },
    nodesQueryOptions: {
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
