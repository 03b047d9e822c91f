import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { ServiceError } from './errors.js';

/**
 * Opaque page tokens: `base64url(payload).base64url(hmac)`. The payload holds the sort key of the
 * last item returned (keyset, not an offset, so inserts at the head shift nothing), a digest of the
 * listing that issued it, the issue time and a serial number. The serial makes every token distinct
 * even when two pages end at the same item: the gateway treats a repeated token as a loop.
 */
interface TokenPayload {
  v: 1;
  /** Digest of the listing (operation and filters) the token belongs to. */
  l: string;
  /** Sort key of the last item returned, or null when no item was (an empty first page). */
  k: unknown;
  /** Issue time, ms since the epoch. */
  t: number;
  n: number;
}

export interface ReadTokenOptions<K> {
  listing: string;
  now: number;
  /** Tokens older than this are refused as expired; absent means they never expire. */
  ttlMs?: number;
  /** Checks the key's shape; undefined means the token is not one this listing could have issued. */
  parseKey: (raw: unknown) => K | undefined;
}

const MEMBER = 'nextToken';

function invalid(message: string): ServiceError {
  return new ServiceError('ValidationException', message);
}

function digestListing(listing: string): string {
  return createHash('sha256').update(listing).digest('base64url').slice(0, 22);
}

export class PageTokenCodec {
  private readonly secret: Buffer;
  private serial = 0;

  /** The secret is per emulator instance unless given: a token from another instance is invalid. */
  constructor(secret: Buffer = randomBytes(32)) {
    this.secret = secret;
  }

  issue(listing: string, key: unknown, now: number): string {
    this.serial += 1;
    const payload: TokenPayload = {
      v: 1,
      l: digestListing(listing),
      k: key ?? null,
      t: now,
      n: this.serial,
    };
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${body}.${this.sign(body).toString('base64url')}`;
  }

  /** The key to resume after (undefined: from the start), or a ValidationException. */
  read<K>(token: string, options: ReadTokenOptions<K>): K | undefined {
    const [body, signature, extra] = token.split('.');
    if (!body || !signature || extra !== undefined) {
      throw invalid(`The ${MEMBER} is malformed: it was not issued by this service.`);
    }
    // Compare the encoded text, not decoded bytes: base64url decoding ignores the spare low bits
    // of the last character, so two different signature strings can decode alike.
    const expected = Buffer.from(this.sign(body).toString('base64url'));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw invalid(`The ${MEMBER} is invalid: it was altered or issued by another service.`);
    }
    const payload = this.decode(body);
    if (payload.l !== digestListing(options.listing)) {
      throw invalid(
        `The ${MEMBER} belongs to a different listing: use it with the same flow and alias filter that returned it.`,
      );
    }
    if (options.ttlMs !== undefined && options.now - payload.t > options.ttlMs) {
      throw invalid(`The ${MEMBER} has expired; start the listing again without a token.`);
    }
    if (payload.k === null) return undefined;
    const key = options.parseKey(payload.k);
    if (key === undefined) throw invalid(`The ${MEMBER} is malformed: its position is unreadable.`);
    return key;
  }

  private sign(body: string): Buffer {
    return createHmac('sha256', this.secret).update(body).digest();
  }

  private decode(body: string): TokenPayload {
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      parsed = undefined;
    }
    if (
      typeof parsed === 'object' &&
      parsed !== null &&
      'v' in parsed &&
      parsed.v === 1 &&
      'l' in parsed &&
      typeof parsed.l === 'string' &&
      'k' in parsed &&
      't' in parsed &&
      typeof parsed.t === 'number' &&
      'n' in parsed &&
      typeof parsed.n === 'number'
    ) {
      return { v: 1, l: parsed.l, k: parsed.k, t: parsed.t, n: parsed.n };
    }
    // Only reachable with a valid signature, i.e. a token this codec never issued in this form.
    throw invalid(`The ${MEMBER} is malformed: it was not issued by this service.`);
  }
}
