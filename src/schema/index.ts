import type { GraphQLSchema } from 'graphql';
import { builder } from './builder.js';
import './errors.js';
import './flow-execution.js';
import './flow-execution-event.js';
import './flow-execution-lifecycle.js';
import './flow-execution-subscriptions.js';
import './flow-snapshot.js';
import './flow.js';
import { adaptSubgraphSchema, type SubgraphOptions } from './subgraph.js';

/** The gateway's schema, assembled once from the domain modules. */
export const schema = builder.toSchema();

const subgraphSchemas = new Map<string, GraphQLSchema>();

/** The same schema as a Federation v2 subgraph, built once per variant. */
export function subgraphSchema(options: SubgraphOptions = {}): GraphQLSchema {
  const variant = JSON.stringify([options.nodeFields === true, options.errorTypePrefix ?? null]);
  let built = subgraphSchemas.get(variant);
  if (!built) {
    built = adaptSubgraphSchema(builder.toSubGraphSchema({}), options);
    subgraphSchemas.set(variant, built);
  }
  return built;
}
