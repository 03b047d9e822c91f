import { isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { EMBEDDED_TYPES } from '../../examples/web/src/embedded-types.js';
import { schema } from '../../src/schema/index.js';

describe('the example app’s normalized cache', () => {
  it('embeds exactly the object types that have no id of their own', () => {
    const roots = new Set(
      [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].map(
        (type) => type?.name,
      ),
    );
    const idless = Object.values(schema.getTypeMap())
      .filter((type) => isObjectType(type) && !type.name.startsWith('__') && !roots.has(type.name))
      .filter((type) => isObjectType(type) && !('id' in type.getFields()))
      .map((type) => type.name);
    expect([...EMBEDDED_TYPES].sort()).toEqual(idless.sort());
  });
});
