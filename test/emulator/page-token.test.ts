import { describe, expect, it } from 'vitest';
import { ServiceError } from '../../src/emulator/errors.js';
import { PageTokenCodec } from '../../src/emulator/page-token.js';

const listing = 'ListFlowExecutions\nSUPPORT001\n*';
const parseKey = (raw: unknown) => (Array.isArray(raw) ? (raw as unknown[]) : undefined);

function validationMessage(read: () => unknown): string {
  try {
    read();
  } catch (error) {
    if (error instanceof ServiceError && error.type === 'ValidationException') return error.message;
    throw error;
  }
  throw new Error('The token was accepted');
}

describe('page tokens', () => {
  const codec = new PageTokenCodec();

  it('carry the key of the last item back to the listing that issued them', () => {
    const token = codec.issue(listing, [1700000000000, 'abc'], 1000);
    expect(codec.read(token, { listing, now: 2000, parseKey })).toEqual([1700000000000, 'abc']);
    expect(codec.read(codec.issue(listing, null, 1000), { listing, now: 1000, parseKey })).toBe(
      undefined,
    );
  });

  it('are opaque strings of at most 2048 non-space characters, distinct even at the same position', () => {
    const tokens = Array.from({ length: 50 }, () => codec.issue(listing, [1, 'same'], 1000));
    expect(new Set(tokens).size).toBe(50);
    for (const token of tokens) {
      expect(token).toMatch(/^\S{1,2048}$/);
      expect(token).not.toContain('same');
    }
  });

  it('refuse a token with any character changed, even in the spare bits of the last one', () => {
    const token = codec.issue(listing, [1, 'abc'], 1000);
    for (const index of [0, 5, token.indexOf('.') - 1, token.indexOf('.') + 1, token.length - 1]) {
      // Flipping the lowest bit of a base64url digit (A<->B, ...) is the subtlest change there is.
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
      const replacement = alphabet[alphabet.indexOf(token[index] ?? 'A') ^ 1];
      const tampered = `${token.slice(0, index)}${replacement}${token.slice(index + 1)}`;
      expect(
        validationMessage(() => codec.read(tampered, { listing, now: 1000, parseKey })),
      ).toMatch(/nextToken is (invalid|malformed)/);
    }
    expect(
      validationMessage(() => codec.read('garbage', { listing, now: 1000, parseKey })),
    ).toMatch(/malformed/);
  });

  it('refuse a token from another emulator instance (another secret)', () => {
    const token = new PageTokenCodec().issue(listing, [1, 'abc'], 1000);
    expect(validationMessage(() => codec.read(token, { listing, now: 1000, parseKey }))).toMatch(
      /invalid/,
    );
  });

  it('refuse a token on a listing other than the one that issued it', () => {
    const token = codec.issue(listing, [1, 'abc'], 1000);
    const other = 'ListFlowExecutions\nSUPPORT001\nPRODALIAS1';
    expect(
      validationMessage(() => codec.read(token, { listing: other, now: 1000, parseKey })),
    ).toMatch(/different listing/);
  });

  it('expire once older than the time to live, and not before', () => {
    const token = codec.issue(listing, [1, 'abc'], 1000);
    expect(codec.read(token, { listing, now: 1500, ttlMs: 500, parseKey })).toEqual([1, 'abc']);
    expect(
      validationMessage(() => codec.read(token, { listing, now: 1501, ttlMs: 500, parseKey })),
    ).toMatch(/expired/);
  });

  it('refuse a genuine token whose key the listing cannot read', () => {
    const token = codec.issue(listing, { not: 'an array' }, 1000);
    expect(validationMessage(() => codec.read(token, { listing, now: 1000, parseKey }))).toMatch(
      /malformed/,
    );
  });
});
