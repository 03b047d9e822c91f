import { createCipheriv, hkdfSync, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createCursorCodec,
  MAX_CURSOR_LENGTH,
  MAX_KEY_LENGTH,
  MAX_TOKEN_LENGTH,
  type Position,
} from '../../src/pagination/cursor-codec.js';
import { InvalidCursorError } from '../../src/pagination/errors.js';

const SECRET = `${'x'.repeat(16)}a cursor secret for tests`;
const LISTING = 'executions|FLOWID1234|TSTALIASID';
const codec = createCursorCodec(SECRET);
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

// Upstream tokens are 1–2048 non-space characters, any of Unicode's; lone surrogates included, as a
// slice may cut a pair in two.
const nonSpace = (minLength: number, maxLength: number) =>
  fc
    .string({ unit: 'binary', minLength, maxLength })
    .map((text) => text.replace(/\s/gu, '!').slice(0, MAX_TOKEN_LENGTH));
const anyKey = (maxLength: number) =>
  fc.string({ unit: 'binary', maxLength }).map((text) => text.slice(0, MAX_KEY_LENGTH));

const positionsUpTo = (maxLength: number): fc.Arbitrary<Position> =>
  fc.oneof(
    fc.constant<Position>({ kind: 'end' }),
    fc
      .option(nonSpace(1, maxLength), { nil: null })
      .map((token): Position => ({ kind: 'page', token })),
    fc.record({
      kind: fc.constant('page' as const),
      token: fc.option(nonSpace(1, maxLength), { nil: null }),
      skip: fc.integer({ min: 1, max: 1000 }),
      afterKey: anyKey(maxLength),
    }),
  );
// Small positions make the exhaustive tamper checks cheap; the round trip also meets full-size ones.
const smallPositions = positionsUpTo(40);
const fullPositions = fc.oneof(
  positionsUpTo(2048),
  fc.record({
    kind: fc.constant('page' as const),
    token: nonSpace(2000, 2048),
    skip: fc.integer({ min: 1, max: 1000 }),
    afterKey: anyKey(2048),
  }),
);

const decodeFails = (cursor: string, listing = LISTING) => {
  expect(() => codec.decode(listing, cursor)).toThrow(InvalidCursorError);
};

/**
 * Seals a payload the way the codec does, written independently from its description: it pins the
 * wire format, and seals payloads the codec itself would never write.
 */
function sealByHand(payload: string, { version = 1, listing = LISTING } = {}): string {
  const key = Buffer.from(
    hkdfSync('sha256', SECRET, Buffer.alloc(0), 'bedrock-flows-gateway cursor v1', 32),
  );
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.concat([Buffer.of(version), Buffer.from(listing)]));
  const body = Buffer.concat([cipher.update(payload, 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.of(version), iv, body, cipher.getAuthTag()]).toString('base64url');
}

describe('cursor codec', () => {
  it('round-trips every position shape, full-size tokens and any Unicode key', () => {
    fc.assert(
      fc.property(fullPositions, (position) => {
        const cursor = codec.encode(LISTING, position);
        expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
        expect(cursor.length).toBeLessThanOrEqual(MAX_CURSOR_LENGTH);
        expect(codec.decode(LISTING, cursor)).toEqual(position);
      }),
      { numRuns: 300 },
    );
  });

  it('fits the largest well-formed position within the length decode accepts', () => {
    // Control characters and lone surrogates are what JSON spells longest (six bytes each).
    for (const unit of ['\u0001', '\ud800', '"', 'é', '😀']) {
      const fill = unit.repeat(Math.floor(2048 / unit.length));
      const position: Position = { kind: 'page', token: fill, skip: 1000, afterKey: fill };
      const cursor = codec.encode(LISTING, position);
      expect(cursor.length).toBeLessThanOrEqual(MAX_CURSOR_LENGTH);
      expect(codec.decode(LISTING, cursor)).toEqual(position);
    }
  });

  it('seals the same position differently each time, yet opens both to it', () => {
    const position: Position = { kind: 'page', token: 'tok', skip: 3, afterKey: 'arn:x' };
    const one = codec.encode(LISTING, position);
    const two = codec.encode(LISTING, position);
    expect(one).not.toBe(two);
    expect(codec.decode(LISTING, one)).toEqual(position);
    expect(codec.decode(LISTING, two)).toEqual(position);
  });

  it('keeps a first-page cursor short', () => {
    // 1 version + 12 IV + 10 payload ({"t":null}) + 16 tag = 39 bytes = 52 characters.
    expect(codec.encode(LISTING, { kind: 'page', token: null })).toHaveLength(52);
  });

  it('rejects every single changed character', () => {
    fc.assert(
      fc.property(smallPositions, fc.integer({ min: 1, max: 63 }), (position, shift) => {
        const cursor = codec.encode(LISTING, position);
        for (let i = 0; i < cursor.length; i += 1) {
          const changed = ALPHABET[(ALPHABET.indexOf(cursor.charAt(i)) + shift) % 64];
          decodeFails(cursor.slice(0, i) + changed + cursor.slice(i + 1));
        }
      }),
      { numRuns: 100 },
    );
  });

  it('rejects every single flipped bit of the sealed bytes', () => {
    fc.assert(
      fc.property(smallPositions, fc.integer({ min: 0, max: 7 }), (position, bit) => {
        const bytes = Buffer.from(codec.encode(LISTING, position), 'base64url');
        for (let i = 0; i < bytes.length; i += 1) {
          const flipped = Buffer.from(bytes);
          flipped[i] = (flipped[i] ?? 0) ^ (1 << bit);
          decodeFails(flipped.toString('base64url'));
        }
      }),
      { numRuns: 100 },
    );
  });

  it('rejects the cursor truncated at every length', () => {
    fc.assert(
      fc.property(smallPositions, (position) => {
        const cursor = codec.encode(LISTING, position);
        for (let length = 0; length < cursor.length; length += 1) {
          decodeFails(cursor.slice(0, length));
        }
      }),
      { numRuns: 50 },
    );
  });

  it('rejects characters or bytes appended to the cursor', () => {
    fc.assert(
      fc.property(
        smallPositions,
        fc.string({ unit: fc.constantFrom(...ALPHABET), minLength: 1, maxLength: 8 }),
        fc.uint8Array({ minLength: 1, maxLength: 8 }),
        (position, characters, bytes) => {
          const cursor = codec.encode(LISTING, position);
          decodeFails(cursor + characters);
          const longer = Buffer.concat([Buffer.from(cursor, 'base64url'), bytes]);
          decodeFails(longer.toString('base64url'));
        },
      ),
    );
  });

  it('rejects a cursor sealed with another secret', () => {
    const other = createCursorCodec(`${'y'.repeat(16)}a cursor secret for tests`);
    decodeFails(other.encode(LISTING, { kind: 'page', token: 'tok' }));
  });

  it('rejects a cursor from another listing', () => {
    fc.assert(
      fc.property(smallPositions, fc.string(), fc.string(), (position, listing, other) => {
        fc.pre(listing !== other);
        decodeFails(codec.encode(listing, position), other);
      }),
    );
  });

  it('rejects every unknown version byte', () => {
    const bytes = Buffer.from(codec.encode(LISTING, { kind: 'end' }), 'base64url');
    for (let version = 0; version < 256; version += 1) {
      if (version === 1) continue;
      bytes[0] = version;
      expect(() => codec.decode(LISTING, bytes.toString('base64url'))).toThrow(/version/);
    }
    // Resealed under another version, the payload authenticates, but the version still decides.
    expect(() => codec.decode(LISTING, sealByHand('{"e":1}', { version: 2 }))).toThrow(/version/);
  });

  it('rejects text that is not canonical base64url', () => {
    // 55 sealed bytes: standard base64 would need padding, so it differs from base64url.
    const cursor = codec.encode(LISTING, { kind: 'page', token: 'tokx', skip: 1, afterKey: 'k' });
    const middle = cursor.length >> 1;
    for (const intruder of ['+', '/', '=', ' ', '\n', '.', 'é', '\u0000']) {
      decodeFails(cursor.slice(0, middle) + intruder + cursor.slice(middle + 1));
      decodeFails(cursor.slice(0, middle) + intruder + cursor.slice(middle));
    }
    decodeFails(`${cursor}=`);
    decodeFails(Buffer.from(cursor, 'base64url').toString('base64'));
  });

  it('rejects an empty cursor', () => {
    expect(() => codec.decode(LISTING, '')).toThrow(/empty/);
  });

  it('rejects an over-long cursor before decoding it', () => {
    expect(() => codec.decode(LISTING, 'A'.repeat(MAX_CURSOR_LENGTH + 1))).toThrow(/too long/);
    // At the limit the same text is decoded, and fails for what it holds instead.
    expect(() => codec.decode(LISTING, 'A'.repeat(MAX_CURSOR_LENGTH))).toThrow(/version/);
  });

  it('opens a payload sealed by hand the same way, which pins the wire format', () => {
    expect(codec.decode(LISTING, sealByHand('{"t":"tok","s":2,"k":"arn"}'))).toEqual({
      kind: 'page',
      token: 'tok',
      skip: 2,
      afterKey: 'arn',
    });
    expect(codec.decode(LISTING, sealByHand('{"t":null}'))).toEqual({ kind: 'page', token: null });
    expect(codec.decode(LISTING, sealByHand('{"e":1}'))).toEqual({ kind: 'end' });
  });

  it('rejects a validly sealed payload that is not a well-formed position', () => {
    // An empty payload never gets as far: it is shorter than any cursor the codec writes.
    decodeFails(sealByHand(''));
    const malformed = [
      'not json',
      'null',
      '[]',
      '"t"',
      '{}',
      '{"e":2}',
      '{"e":1,"t":null}',
      '{"t":""}',
      '{"t":1}',
      `{"t":"${'a'.repeat(MAX_TOKEN_LENGTH + 1)}"}`,
      '{"t":"tok","s":2}',
      '{"t":"tok","k":"arn"}',
      '{"t":"tok","s":0,"k":"arn"}',
      '{"t":"tok","s":1.5,"k":"arn"}',
      '{"t":"tok","s":1001,"k":"arn"}',
      '{"t":"tok","s":"2","k":"arn"}',
      '{"t":"tok","s":2,"k":7}',
      `{"t":"tok","s":2,"k":"${'a'.repeat(MAX_KEY_LENGTH + 1)}"}`,
      '{"t":"tok","s":2,"k":"arn","x":1}',
      '{"t":null,"__proto__":{}}',
    ];
    for (const payload of malformed) {
      expect(() => codec.decode(LISTING, sealByHand(payload)), payload).toThrow(/malformed/);
    }
  });

  it('refuses to seal a position that is not well formed', () => {
    const bad: Position[] = [
      { kind: 'page', token: '' },
      { kind: 'page', token: 'a'.repeat(MAX_TOKEN_LENGTH + 1) },
      { kind: 'page', token: 'tok', skip: 0, afterKey: 'k' },
      { kind: 'page', token: 'tok', skip: 2.5, afterKey: 'k' },
      { kind: 'page', token: 'tok', skip: 1001, afterKey: 'k' },
      { kind: 'page', token: 'tok', skip: 2 },
      { kind: 'page', token: 'tok', afterKey: 'k' },
      { kind: 'page', token: 'tok', skip: 2, afterKey: 'k'.repeat(MAX_KEY_LENGTH + 1) },
    ];
    for (const position of bad) {
      expect(() => codec.encode(LISTING, position)).toThrow(RangeError);
    }
  });

  it('requires a secret of at least 32 characters', () => {
    expect(() => createCursorCodec('s'.repeat(31))).toThrow(RangeError);
    expect(() => createCursorCodec('s'.repeat(32))).not.toThrow();
  });
});
