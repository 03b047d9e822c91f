import { composeServices as composeWithApollo } from '@apollo/composition';
import {
  composeServices as composeWithGuild,
  compositionHasErrors,
} from '@theguild/federation-composition';
import {
  buildSchema,
  type DocumentNode,
  execute,
  isInterfaceType,
  isObjectType,
  parse,
  print,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { recordsTypeDefs } from '../../examples/supergraph/records-subgraph.js';
import { subgraphSchema } from '../../src/schema/index.js';
import type { SubgraphOptions } from '../../src/schema/subgraph.js';

/** The SDL a gateway reads from the subgraph: `_service { sdl }`, as served. */
async function servedSdl(options: SubgraphOptions = {}): Promise<DocumentNode> {
  const result = await execute({
    schema: subgraphSchema(options),
    document: parse('{ _service { sdl } }'),
  });
  const service = result.data?._service;
  if (typeof service !== 'object' || service === null || !('sdl' in service)) {
    throw new Error(`No SDL served: ${JSON.stringify(result.errors)}`);
  }
  return parse(String(service.sdl));
}

interface Outcome {
  readonly errors: string[];
  readonly supergraphSdl: string | undefined;
  /** Apollo's hint codes; the Guild's composer gives none. */
  readonly hints: string[];
}

const composers: Record<string, (bedrock: DocumentNode, records: DocumentNode) => Outcome> = {
  '@apollo/composition': (bedrock, records) => {
    const result = composeWithApollo([
      { name: 'bedrock', typeDefs: bedrock, url: 'http://bedrock.invalid/graphql' },
      { name: 'records', typeDefs: records, url: 'http://records.invalid/graphql' },
    ]);
    return {
      errors: (result.errors ?? []).map((e) => `${e.extensions.code}: ${e.message}`),
      supergraphSdl: result.errors ? undefined : result.supergraphSdl,
      hints: (result.hints ?? []).map((hint) => hint.definition.code),
    };
  },
  '@theguild/federation-composition': (bedrock, records) => {
    const result = composeWithGuild([
      { name: 'bedrock', typeDefs: bedrock, url: 'http://bedrock.invalid/graphql' },
      { name: 'records', typeDefs: records, url: 'http://records.invalid/graphql' },
    ]);
    return compositionHasErrors(result)
      ? { errors: result.errors.map((e) => e.message), supergraphSdl: undefined, hints: [] }
      : { errors: [], supergraphSdl: result.supergraphSdl, hints: [] };
  },
};

/** The records subgraph with its Relay `Node` made an entity interface (`@key` on the interface). */
const recordsWithEntityNode = parse(
  print(recordsTypeDefs)
    .replace('interface Node {', 'interface Node @key(fields: "id") {')
    .replace(
      'type FlowRunRecord implements Node {',
      'type FlowRunRecord implements Node @key(fields: "id") {',
    ),
);

describe.each(Object.entries(composers))('composing with %s', (_name, compose) => {
  it('composes the default subgraph with a subgraph that has its own PageInfo, Node, node and errors', async () => {
    const outcome = compose(await servedSdl(), recordsTypeDefs);
    expect(outcome.errors).toEqual([]);
    // Two teams describe shared types in their own words; nothing else is worth a hint.
    expect(outcome.hints.filter((code) => code !== 'INCONSISTENT_DESCRIPTION')).toEqual([]);

    const supergraph = buildSchema(outcome.supergraphSdl ?? '', { assumeValidSDL: true });
    const query = supergraph.getQueryType()?.getFields() ?? {};
    expect(Object.keys(query)).toEqual(
      expect.arrayContaining(['flow', 'flowExecution', 'flowRunRecords', 'node', 'nodes']),
    );
    // Each team's errors keep their own shape under their own names.
    const fieldsOf = (name: string) => {
      const type = supergraph.getType(name);
      return type && 'getFields' in type ? Object.keys(type.getFields()).sort() : [];
    };
    expect(fieldsOf('Error')).toEqual(['code', 'message']);
    expect(fieldsOf('BedrockError')).toEqual(['message']);
    expect(fieldsOf('ValidationError')).toEqual(['code', 'fields', 'message']);
    expect(fieldsOf('BedrockValidationError')).toEqual(['field', 'message']);
    expect(fieldsOf('PageInfo')).toEqual([
      'endCursor',
      'hasNextPage',
      'hasPreviousPage',
      'startCursor',
    ]);
    // Both subgraphs' Relay types implement the one Node interface.
    const node = supergraph.getType('Node');
    if (!isInterfaceType(node)) throw new Error('Node missing');
    expect(
      supergraph
        .getPossibleTypes(node)
        .map((t) => t.name)
        .sort(),
    ).toEqual(['Flow', 'FlowExecution', 'FlowRunRecord']);
    // The records' references are joined to this subgraph's entities.
    const record = supergraph.getType('FlowRunRecord');
    if (!isObjectType(record)) throw new Error('FlowRunRecord missing');
    expect(String(record.getFields().execution?.type)).toBe('FlowExecution!');
    const execution = supergraph.getType('FlowExecution');
    if (!isObjectType(execution)) throw new Error('FlowExecution missing');
    expect(Object.keys(execution.getFields())).toEqual(
      expect.arrayContaining(['executionArn', 'status', 'flowId', 'createdAt']),
    );
  });

  it('refuses node and nodes from both subgraphs: keeping them is for supergraphs without', async () => {
    const outcome = compose(await servedSdl({ nodeFields: true }), recordsTypeDefs);
    expect(outcome.errors).toHaveLength(2);
    expect(outcome.errors.join('\n')).toMatch(/Non-shareable field "Query\.node" is resolved/);
    expect(outcome.errors.join('\n')).toMatch(/Non-shareable field "Query\.nodes" is resolved/);
  });

  it('would collide with the other subgraph’s error types without the prefix', async () => {
    const outcome = compose(await servedSdl({ errorTypePrefix: '' }), recordsTypeDefs);
    expect(outcome.errors.join('\n')).toMatch(/"ValidationError\.message"/);
    expect(outcome.errors.join('\n')).toMatch(/"NotFoundError\.message"/);
  });
});

describe('a supergraph whose Node is an entity interface', () => {
  // With `interface Node @key(fields: "id")`, federation wants the owning subgraph to define every
  // implementation of Node. The README lists it as the one Relay layout this subgraph does not
  // join as is; the two composers disagree on it, and the check that matters is the one the
  // supergraph's own composer makes.
  it('is refused by @apollo/composition, which wants the owner to define Flow and FlowExecution', async () => {
    const outcome = composers['@apollo/composition']?.(await servedSdl(), recordsWithEntityNode);
    expect(outcome?.errors.join('\n')).toMatch(
      /INTERFACE_KEY_MISSING_IMPLEMENTATION_TYPE: .*Interface type "Node" has a resolvable key .* should define types "Flow" and "FlowExecution"/,
    );
  });

  it('is accepted by @theguild/federation-composition', async () => {
    const outcome = composers['@theguild/federation-composition']?.(
      await servedSdl(),
      recordsWithEntityNode,
    );
    expect(outcome?.errors).toEqual([]);
  });
});
