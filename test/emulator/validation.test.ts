import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ServiceError } from '../../src/emulator/errors.js';
import {
  parseAliasIdentifier,
  parseExecutionIdentifier,
  parseFlowIdentifier,
  RequestValidator,
} from '../../src/emulator/validation.js';

const FLOW_ARN = 'arn:aws:bedrock:us-east-1:123456789012:flow/SUPPORT001';
const ALIAS_ARN = `${FLOW_ARN}/alias/PRODALIAS1`;
const EXECUTION_ARN = `${ALIAS_ARN}/execution/0b7c1d2e-aaaa-4bbb-8ccc-123456789abc`;

describe('identifier parsing', () => {
  it('accepts plain ids and ARNs, reading the parts out of ARNs', () => {
    expect(parseFlowIdentifier('SUPPORT001')).toEqual({ flowId: 'SUPPORT001' });
    expect(parseFlowIdentifier(FLOW_ARN)).toEqual({
      flowId: 'SUPPORT001',
      scope: { region: 'us-east-1', accountId: '123456789012' },
    });
    expect(parseAliasIdentifier('TSTALIASID')).toEqual({ aliasId: 'TSTALIASID' });
    expect(parseAliasIdentifier(ALIAS_ARN)).toMatchObject({
      aliasId: 'PRODALIAS1',
      flowId: 'SUPPORT001',
    });
    expect(parseExecutionIdentifier(EXECUTION_ARN)).toMatchObject({
      executionId: '0b7c1d2e-aaaa-4bbb-8ccc-123456789abc',
      flowId: 'SUPPORT001',
      aliasId: 'PRODALIAS1',
    });
  });

  it.each([
    '../../x/ABCDEFGHIJ',
    'SUPPORT0011',
    'SUPPORT01',
    'xx/SUPPORT001',
    `${FLOW_ARN}/alias/PRODALIAS1`,
    `${FLOW_ARN}x`,
    `prefix${FLOW_ARN}`,
    'arn:aws:bedrock:US-EAST-1:123456789012:flow/SUPPORT001',
    '',
  ])('rejects %j as a flow identifier (the model pattern is unanchored, ours is not)', (value) => {
    expect(parseFlowIdentifier(value)).toBeUndefined();
  });

  it.each([
    'PROD-ALIAS',
    '../PRODALIAS1',
    `${ALIAS_ARN}/execution/x`,
    `${FLOW_ARN}/alias/SHORT`,
    '',
  ])('rejects %j as an alias identifier', (value) => {
    expect(parseAliasIdentifier(value)).toBeUndefined();
  });

  it.each([
    'a'.repeat(37),
    'has space',
    'under_score',
    `${EXECUTION_ARN}/events`,
    `${ALIAS_ARN}/execution/`,
    '',
  ])('rejects %j as an execution identifier', (value) => {
    expect(parseExecutionIdentifier(value)).toBeUndefined();
  });

  it('rejects a flow id or flow ARN as soon as one id character falls outside [0-9a-zA-Z]', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[0-9a-zA-Z]{10}$/),
        fc.integer({ min: 0, max: 9 }),
        fc.constantFrom('/', '.', ' ', '%', '?', '#', '-', '_', ':', '\n'),
        (id, position, bad) => {
          const mutated = `${id.slice(0, position)}${bad}${id.slice(position + 1)}`;
          expect(parseFlowIdentifier(id)).toEqual({ flowId: id });
          expect(parseFlowIdentifier(mutated)).toBeUndefined();
          expect(parseFlowIdentifier(FLOW_ARN.replace('SUPPORT001', mutated))).toBeUndefined();
        },
      ),
    );
  });

  it('rejects identifiers longer than 2048 characters', () => {
    expect(parseAliasIdentifier('A'.repeat(2048))).toEqual({ aliasId: 'A'.repeat(2048) });
    expect(parseAliasIdentifier('A'.repeat(2049))).toBeUndefined();
  });
});

describe('the request validator', () => {
  function messageOf(run: (validator: RequestValidator) => void): string {
    const validator = new RequestValidator();
    run(validator);
    try {
      validator.check();
    } catch (error) {
      if (error instanceof ServiceError && error.type === 'ValidationException') {
        return error.message;
      }
      throw error;
    }
    return '';
  }

  it('reports every violation at once, naming each parameter, as the upstream words it', () => {
    const message = messageOf((validator) => {
      validator.flow('flowIdentifier', '../../x/ABCDEFGHIJ');
      validator.integer('maxResults', '1001', 1, 1000, 10);
    });
    expect(message).toMatch(/^2 validation errors detected: /);
    expect(message).toContain(
      "Value '../../x/ABCDEFGHIJ' at 'flowIdentifier' failed to satisfy constraint",
    );
    expect(message).toContain(
      "Value '1001' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000",
    );
  });

  it('defaults an absent integer and refuses non-integers and out-of-range values', () => {
    const validator = new RequestValidator();
    expect(validator.integer('maxResults', undefined, 1, 1000, 10)).toBe(10);
    expect(() => validator.check()).not.toThrow();
    expect(messageOf((v) => v.integer('maxResults', '2.5', 1, 1000, 10))).toContain('integer');
    expect(messageOf((v) => v.integer('maxResults', '0', 1, 1000, 10))).toContain(
      'greater than or equal to 1',
    );
  });

  it('refuses empty, overlong and whitespace-bearing tokens', () => {
    expect(messageOf((v) => v.token('nextToken', ''))).toContain('length between 1 and 2048');
    expect(messageOf((v) => v.token('nextToken', 'x'.repeat(2049)))).toContain('length');
    expect(messageOf((v) => v.token('nextToken', 'a\tb'))).toContain("at 'nextToken'");
    expect(messageOf((v) => v.token('nextToken', 'x'.repeat(2048)))).toBe('');
  });
});
