import { readFileSync } from 'node:fs';
import {
  execute,
  type GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  isSpecifiedScalarType,
  parse,
  printSchema,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema, subgraphSchema } from '../../src/schema/index.js';
import { printSortedSubgraphSchema } from '../../src/schema/subgraph.js';

/**
 * Types and fields that federation adds to every subgraph, described by the federation spec rather
 * than by us; `_service`/`_entities` never reach supergraph clients.
 */
const FEDERATION_GENERATED = new Set([
  '_Any',
  '_Entity',
  '_Service',
  '_Service.sdl',
  'Query._entities',
  'Query._entities(representations)',
  'Query._service',
]);

function undescribed(target: GraphQLSchema): string[] {
  const missing: string[] = [];
  for (const type of Object.values(target.getTypeMap())) {
    if (isIntrospectionType(type) || isSpecifiedScalarType(type)) continue;
    if (!type.description) missing.push(type.name);
    if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (!field.description) missing.push(`${type.name}.${field.name}`);
        for (const arg of 'args' in field ? field.args : []) {
          if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
    }
    if (isEnumType(type)) {
      for (const value of type.getValues()) {
        if (!value.description) missing.push(`${type.name}.${value.name}`);
      }
    }
  }
  return missing.filter((name) => !FEDERATION_GENERATED.has(name));
}

describe('the schema', () => {
  it('matches the committed schema.graphql', () => {
    const committed = readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8');
    expect(`${printSchema(schema)}\n`).toBe(committed);
  });

  it('describes every type, field, argument and enum value', () => {
    expect(undescribed(schema)).toEqual([]);
  });

  it('keeps connection fields typed as connections and puts unions on lookups', () => {
    const flow = schema.getType('Flow');
    if (!isObjectType(flow)) throw new Error('Flow is not an object type');
    expect(String(flow.getFields().executions?.type)).toBe('FlowExecutionConnection!');
    expect(
      flow
        .getFields()
        .executions?.args.map((a) => a.name)
        .sort(),
    ).toEqual(['after', 'first', 'flowAliasId']);
    expect(String(schema.getQueryType()?.getFields().flow?.type)).toBe('FlowResult!');
    expect(String(schema.getQueryType()?.getFields().flowExecution?.type)).toBe(
      'FlowExecutionResult!',
    );
  });
});

describe('the subgraph schema', () => {
  const subgraph = subgraphSchema();
  const committed = readFileSync(new URL('../../schema.subgraph.graphql', import.meta.url), 'utf8');

  it('matches the committed schema.subgraph.graphql, federation directives included', () => {
    expect(printSortedSubgraphSchema(subgraph)).toBe(committed);
    expect(committed).toContain('type FlowExecution implements Node @key(fields: "executionArn")');
    expect(committed).toContain('type Flow implements Node @key(fields: "flowId")');
    expect(committed).toContain('type PageInfo @shareable');
  });

  it('serves the committed SDL as _service { sdl }, which is what a supergraph composes', async () => {
    const result = await execute({ schema: subgraph, document: parse('{ _service { sdl } }') });
    expect(result.errors).toBeUndefined();
    expect(result.data?._service).toEqual({ sdl: committed });
  });

  it('describes everything except the types federation itself adds', () => {
    expect(undescribed(subgraph)).toEqual([]);
    // The exemptions are real: a stale list would hide a type we forgot to describe.
    for (const name of ['_Any', '_Entity', '_Service'])
      expect(subgraph.getType(name)).toBeDefined();
  });

  it('prefixes the typed errors and keeps every other name of the contract', () => {
    const names = (target: GraphQLSchema) =>
      Object.keys(target.getTypeMap()).filter((name) => !name.startsWith('_'));
    const renamed = names(subgraph).filter((name) => !names(schema).includes(name));
    expect(renamed.sort()).toEqual([
      'BedrockAccessDeniedError',
      'BedrockConflictError',
      'BedrockDependencyFailedError',
      'BedrockError',
      'BedrockInvalidCursorError',
      'BedrockLimitExceededError',
      'BedrockNotFoundError',
      'BedrockQuotaExceededError',
      'BedrockThrottledError',
      'BedrockUpstreamError',
      'BedrockValidationError',
    ]);
    const dropped = names(schema).filter((name) => !names(subgraph).includes(name));
    expect(dropped.map((name) => `Bedrock${name}`).sort()).toEqual(renamed.sort());
    expect(String(subgraph.getQueryType()?.getFields().flow?.type)).toBe('FlowResult!');
  });

  it('leaves node and nodes out by default, and keeps them when asked', () => {
    const rootFields = (target: GraphQLSchema) =>
      Object.keys(target.getQueryType()?.getFields() ?? {}).sort();
    expect(rootFields(subgraph)).toEqual(['_entities', '_service', 'flow', 'flowExecution']);
    expect(rootFields(subgraphSchema({ nodeFields: true }))).toEqual([
      '_entities',
      '_service',
      'flow',
      'flowExecution',
      'node',
      'nodes',
    ]);
  });
});
