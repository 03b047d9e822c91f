import { createHash, timingSafeEqual } from 'node:crypto';
import { GraphQLError } from 'graphql';
import {
  createRemoteJWKSet,
  importSPKI,
  type JWTPayload,
  type JWTVerifyGetKey,
  jwtVerify,
} from 'jose';
import type { AuthSettings, Scope } from './config.js';

/** Who is calling, and what they may do. */
export interface Caller {
  /** For logs: the JWT subject, the API key's id, or `anonymous`. Never a secret. */
  readonly id: string;
  readonly scopes: ReadonlySet<Scope>;
  /** Flow ids the caller may touch; null: every flow. */
  readonly flows: ReadonlySet<string> | null;
}

/** With authentication off (loopback, or an explicit opt-out) every caller may do everything. */
export const TRUSTED_CALLER: Caller = {
  id: 'anonymous',
  scopes: new Set<Scope>(['flows:read', 'flows:write']),
  flows: null,
};

export type Authenticator = (request: Request) => Promise<Caller>;

const SCOPES: ReadonlySet<string> = new Set<Scope>(['flows:read', 'flows:write']);
/** JWT claim holding the caller's flow allowlist, when there is one. */
export const FLOWS_CLAIM = 'bedrock_flows';
const ASYMMETRIC = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
];

/**
 * Builds the request authenticator: a bearer JWT (JWKS URL, PEM public key or HMAC secret, with
 * issuer and audience checked) or an `x-api-key`. A request with no credentials, or bad ones, is
 * answered 401 before any GraphQL work.
 */
export async function createAuthenticator(settings: AuthSettings): Promise<Authenticator> {
  if (settings.disabled) return async () => TRUSTED_CALLER;
  const verifyJwt = settings.jwt ? await jwtVerifier(settings.jwt) : undefined;
  const keys = settings.apiKeys.map((k) => ({ ...k, digest: Buffer.from(k.sha256, 'hex') }));

  return async (request) => {
    const apiKey = request.headers.get('x-api-key');
    if (apiKey !== null) {
      const digest = createHash('sha256').update(apiKey).digest();
      // Compare digests in constant time, and every key, so timing tells nothing about which matched.
      let match: (typeof keys)[number] | undefined;
      for (const key of keys) {
        if (timingSafeEqual(digest, key.digest)) match = key;
      }
      if (!match) throw unauthenticated('The API key is not valid.');
      return {
        id: `key:${match.id}`,
        scopes: new Set(match.scopes),
        flows: match.flows ? new Set(match.flows) : null,
      };
    }
    const authorization = request.headers.get('authorization');
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (token && verifyJwt) {
      let payload: JWTPayload;
      try {
        payload = await verifyJwt(token);
      } catch {
        throw unauthenticated('The bearer token is not valid.');
      }
      return callerFromClaims(payload);
    }
    throw unauthenticated(
      authorization
        ? 'This kind of credential is not accepted here.'
        : 'Authentication is required.',
    );
  };
}

async function jwtVerifier(settings: NonNullable<AuthSettings['jwt']>) {
  const options = { issuer: settings.issuer, audience: settings.audience };
  if (settings.jwksUrl) {
    const jwks: JWTVerifyGetKey = createRemoteJWKSet(new URL(settings.jwksUrl), {
      timeoutDuration: 2000,
      cooldownDuration: 30_000,
    });
    return async (token: string) =>
      (await jwtVerify(token, jwks, { ...options, algorithms: ASYMMETRIC })).payload;
  }
  if (settings.publicKeyPem) {
    const pem = settings.publicKeyPem;
    // The key's algorithm is fixed by the key itself; try the families a PEM SPKI key can be.
    const key = await importFirst(pem);
    return async (token: string) =>
      (await jwtVerify(token, key.key, { ...options, algorithms: [key.alg] })).payload;
  }
  const secret = new TextEncoder().encode(settings.secret ?? '');
  return async (token: string) =>
    (await jwtVerify(token, secret, { ...options, algorithms: ['HS256', 'HS384', 'HS512'] }))
      .payload;
}

async function importFirst(pem: string) {
  for (const alg of ['RS256', 'ES256', 'EdDSA', 'ES384', 'ES512']) {
    try {
      return { alg, key: await importSPKI(pem, alg) };
    } catch {
      // Not this family; try the next.
    }
  }
  throw new Error('AUTH_JWT_PUBLIC_KEY is not an RSA, EC or Ed25519 public key');
}

/** Scopes from `scope` (space-separated) or `scp` (list); the flow allowlist from `bedrock_flows`. */
function callerFromClaims(payload: JWTPayload): Caller {
  const raw = payload.scope ?? payload.scp;
  const granted = typeof raw === 'string' ? raw.split(' ') : Array.isArray(raw) ? raw : [];
  const scopes = new Set<Scope>();
  for (const s of granted) if (typeof s === 'string' && isScope(s)) scopes.add(s);
  const flows = payload[FLOWS_CLAIM];
  return {
    id: `sub:${payload.sub ?? 'unknown'}`,
    scopes,
    flows: Array.isArray(flows)
      ? new Set(flows.filter((f): f is string => typeof f === 'string'))
      : null,
  };
}

function isScope(value: string): value is Scope {
  return SCOPES.has(value);
}

function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: {
      code: 'UNAUTHENTICATED',
      http: { status: 401, headers: { 'www-authenticate': 'Bearer' } },
    },
  });
}
