import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/upstream/errors.js';
import {
  executionIdOf,
  parseExecutionArn,
  validateAliasIdentifier,
  validateFlowIdentifier,
} from '../../src/upstream/identifiers.js';

const EXECUTION_ARN =
  'arn:aws:bedrock:us-east-1:123456789012:flow/SUPPORT001/alias/PRODALIAS1/execution/8f1c2a8e-77f0-4f55-9c3e-2b1a7d9e0c11';

describe('identifier validation', () => {
  it.each(['SUPPORT001', 'abcdefghij', 'arn:aws:bedrock:us-east-1:123456789012:flow/SUPPORT001'])(
    'accepts the flow identifier %s',
    (id) => {
      expect(validateFlowIdentifier(id)).toBe(id);
    },
  );

  it.each([
    '../../x/ABCDEFGHIJ', // passes the upstream model's unanchored pattern
    'arn:aws:bedrock:us-east-1:123456789012:flow/SUPPORT001/x',
    'SUPPORT001\n',
    'SUPPORT-01',
    'SUPPORT0011',
    'arn:aws:bedrock:us-east-1:12345678901:flow/SUPPORT001',
  ])('rejects the flow identifier %j', (id) => {
    expect(() => validateFlowIdentifier(id)).toThrow(ValidationError);
  });

  it.each([
    'TSTALIASID',
    'PRODALIAS1',
    'a',
    'arn:aws:bedrock:us-east-1:123456789012:flow/SUPPORT001/alias/PRODALIAS1',
  ])('accepts the alias identifier %s', (id) => {
    expect(validateAliasIdentifier(id)).toBe(id);
  });

  it.each([
    '',
    'x/../y',
    'PROD ALIAS',
    'TSTALIASID?a=b',
    'arn:aws:bedrock:us-east-1:123456789012:flow/SUPPORT001/alias/PROD',
  ])('rejects the alias identifier %j', (id) => {
    expect(() => validateAliasIdentifier(id)).toThrow(ValidationError);
  });

  it('splits an execution ARN into the identifiers GetFlowExecution needs', () => {
    expect(parseExecutionArn(EXECUTION_ARN)).toEqual({
      arn: EXECUTION_ARN,
      region: 'us-east-1',
      accountId: '123456789012',
      flowId: 'SUPPORT001',
      flowAliasId: 'PRODALIAS1',
      executionId: '8f1c2a8e-77f0-4f55-9c3e-2b1a7d9e0c11',
    });
    expect(executionIdOf(EXECUTION_ARN)).toBe('8f1c2a8e-77f0-4f55-9c3e-2b1a7d9e0c11');
  });

  it('names the argument and truncates the echoed input of a rejected ARN', () => {
    const long = `arn:${'x'.repeat(5000)}`;
    try {
      parseExecutionArn(long);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe('executionArn');
      expect((error as ValidationError).message.length).toBeLessThan(300);
    }
  });

  it('never accepts a flow identifier holding a path or query character', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (value) => {
        let accepted = false;
        try {
          validateFlowIdentifier(value);
          accepted = true;
        } catch (error) {
          expect(error).toBeInstanceOf(ValidationError);
        }
        if (accepted)
          expect(value).toMatch(/^(arn:aws:bedrock:[a-z0-9-]+:\d{12}:flow\/)?[0-9a-zA-Z]{10}$/);
      }),
      { numRuns: 2000 },
    );
  });
});
