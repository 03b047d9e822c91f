import { readFileSync } from 'node:fs';
import {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  isSpecifiedScalarType,
  printSchema,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../src/schema/index.js';

describe('the schema', () => {
  it('matches the committed schema.graphql', () => {
    const committed = readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8');
    expect(`${printSchema(schema)}\n`).toBe(committed);
  });

  it('describes every type, field, argument and enum value', () => {
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
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
    expect(missing).toEqual([]);
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
