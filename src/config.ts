import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { z } from 'zod';
import type { LogLevel } from './logger.js';

/** Which upstream the gateway talks to. */
export type Backend = 'emulator' | 'aws';

/** The gateway's settings, read once from the environment and validated together. */
export interface Config {
  /** TCP port of the GraphQL server. Default 4000. */
  readonly port: number;
  /** Interface to listen on. Default 127.0.0.1 (loopback only). */
  readonly host: string;
  /** `emulator` serves the embedded Bedrock emulator; default `aws` when a region is configured. */
  readonly backend: Backend;
  /** AWS region for the SDK client; undefined lets the SDK's own chain decide. */
  readonly region: string | undefined;
  /** Secret that seals cursors (≥ 32 chars). */
  readonly cursorSecret: string;
  /** True when `cursorSecret` was generated because CURSOR_SECRET was absent. */
  readonly cursorSecretGenerated: boolean;
  /** Port of the embedded emulator (emulator backend only). Default 0: any free port. */
  readonly emulatorPort: number;
  /** Serve GraphiQL at /graphql for browsers. Default: on with the emulator, off with AWS. */
  readonly graphiql: boolean;
  /** Answer introspection queries. Default: on with the emulator, off with AWS. */
  readonly introspection: boolean;
  /** Least severe log level written. Default info. */
  readonly logLevel: LogLevel;
  readonly pagination: PaginationLimits;
  readonly upstream: UpstreamSettings;
  readonly limits: RequestLimits;
  readonly auth: AuthSettings;
  readonly federation: FederationSettings;
  readonly browser: BrowserSettings;
}

/** What browsers and CDNs in front of the gateway may do. */
export interface BrowserSettings {
  /**
   * Origins whose pages may call the gateway (CORS), exactly as browsers send them. Default: none,
   * or with the emulator backend the example web app's loopback origins (`DEV_CORS_ORIGINS`).
   */
  readonly corsOrigins: readonly string[];
  /**
   * Documents clients may send by hash (sha256 hex -> document text), from PERSISTED_DOCUMENTS or
   * TRUSTED_DOCUMENTS. Default: none, and a request by hash is answered `PersistedQueryNotSupported`.
   */
  readonly persistedDocuments: ReadonlyMap<string, string> | undefined;
  /** Run nothing but the manifest's documents (TRUSTED_DOCUMENTS). Default false. */
  readonly trustedDocumentsOnly: boolean;
  /**
   * Cache-Control max-age of a persisted query answered over GET, in seconds. Default 0
   * (`no-store`): statuses and listings change, and nothing is served stale unless an operator
   * accepts that staleness for a CDN.
   */
  readonly persistedQueryMaxAgeSeconds: number;
}

/**
 * Where the example web app runs in development (`vite`, port 5173) and preview (`vite preview`,
 * port 4173), on loopback: the CORS default with the emulator backend, and only with it.
 */
export const DEV_CORS_ORIGINS: readonly string[] = [
  'http://localhost:5173',
  'http://127.0.0.1:5173',
  'http://localhost:4173',
  'http://127.0.0.1:4173',
];

export interface FederationSettings {
  /** Serve the schema as a Federation v2 subgraph. Default false: the plain gateway schema. */
  readonly subgraph: boolean;
  /**
   * Keep `Query.node`/`nodes` in the subgraph. Default false: a supergraph with Relay types
   * already has their one owner (apollographql/federation#1067).
   */
  readonly nodeFields: boolean;
}

export interface PaginationLimits {
  /** `first` when the client gives none. Default 20. */
  readonly defaultFirst: number;
  /** Largest `first` accepted. Default 100. */
  readonly maxFirst: number;
  /** Upstream calls a connection field may make beyond the minimum its `first` needs. Default 5. */
  readonly extraCallsPerField: number;
}

export interface UpstreamSettings {
  /** `http1` (keep-alive, the default: measured cheaper per call) or `http2`. */
  readonly protocol: 'http1' | 'http2';
  /** Abandon a connection attempt after this long. Default 1000 ms. */
  readonly connectTimeoutMs: number;
  /** Abandon one upstream attempt after this long. Default 5000 ms. */
  readonly requestTimeoutMs: number;
  /** Attempts per upstream call, including the first (SDK standard retry). Default 3. */
  readonly maxAttempts: number;
  /** Overall deadline for the upstream work of one GraphQL operation. Default 25000 ms. */
  readonly operationDeadlineMs: number;
}

/** Limits every request meets before any resolver runs (and, for the call budget, while they run). */
export interface RequestLimits {
  /** Largest request body, in bytes. Default 102400. */
  readonly maxBodyBytes: number;
  /** Largest number of lexical tokens in a document. Default 2000. */
  readonly maxTokens: number;
  /** Deepest field nesting (introspection excluded). Default 10. */
  readonly maxDepth: number;
  /** Most aliased fields in one document. Default 15. */
  readonly maxAliases: number;
  /** Most directives in one document. Default 50. */
  readonly maxDirectives: number;
  /** Highest cost: each field costs 1, and `first` multiplies its subtree. Default 5000. */
  readonly maxCost: number;
  /** Most upstream calls one operation may make. Default 50. */
  readonly maxUpstreamCalls: number;
}

/** How callers prove who they are. With none configured, every caller is trusted (loopback only). */
export interface AuthSettings {
  /** True when no authentication is configured (allowed on loopback, or by AUTH_DISABLED). */
  readonly disabled: boolean;
  readonly jwt: JwtSettings | undefined;
  readonly apiKeys: readonly ApiKeySettings[];
}

export interface JwtSettings {
  /** A JWKS URL (RS/ES/PS keys, fetched and cached), a PEM public key, or an HMAC secret. */
  readonly jwksUrl: string | undefined;
  readonly publicKeyPem: string | undefined;
  readonly secret: string | undefined;
  readonly issuer: string;
  readonly audience: string;
}

export interface ApiKeySettings {
  /** A name for logs and metrics (never the key). */
  readonly id: string;
  /** SHA-256 of the key, hex. */
  readonly sha256: string;
  readonly scopes: readonly Scope[];
  /** Flow ids this key may touch; undefined: all. */
  readonly flows: readonly string[] | undefined;
}

/** `flows:read` for queries and subscriptions, `flows:write` to start and stop executions. */
export type Scope = 'flows:read' | 'flows:write';

/** Raised when the environment does not describe a valid configuration; lists every problem. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const int = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const scope = z.enum(['flows:read', 'flows:write']);

const apiKeys = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be JSON' });
      return z.NEVER;
    }
  })
  .pipe(
    z.array(
      z
        .object({
          id: z.string().regex(/^[\w.-]{1,64}$/, 'id: 1-64 letters, digits, _ . -'),
          key: z.string().min(32, 'key must be at least 32 characters').optional(),
          sha256: z
            .string()
            .regex(/^[0-9a-f]{64}$/, 'sha256 must be 64 lowercase hex digits')
            .optional(),
          scopes: z.array(scope).min(1),
          flows: z
            .array(z.string().regex(/^[0-9a-zA-Z]{10}$/, 'flows: 10-character flow ids'))
            .optional(),
        })
        .strict()
        .refine((k) => (k.key === undefined) !== (k.sha256 === undefined), {
          message: 'give exactly one of key and sha256',
        }),
    ),
  );

/** A comma-separated list of origins (`scheme://host[:port]`, no path), or `none`. */
const origins = z.string().transform((text, ctx) => {
  if (text.trim() === 'none') return [];
  const list = text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  for (const item of list) {
    let origin: string | undefined;
    try {
      origin = new URL(item).origin;
    } catch {
      origin = undefined;
    }
    // Browsers send the serialised origin; anything else (a path, a trailing slash, `*`) would
    // never match one, so it is a mistake worth stopping for.
    if (origin !== item || !/^https?:/.test(item)) {
      ctx.addIssue({
        code: 'custom',
        message: `'${item}' is not an origin like https://app.example.com or http://127.0.0.1:5173`,
      });
    }
  }
  return list;
});

const environment = z.object({
  PORT: int(0, 65535).default(4000),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  BEDROCK_BACKEND: z.enum(['emulator', 'aws']).optional(),
  AWS_REGION: z.string().trim().min(1).optional(),
  AWS_DEFAULT_REGION: z.string().trim().min(1).optional(),
  CURSOR_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  EMULATOR_PORT: int(0, 65535).default(0),
  GRAPHIQL: bool.optional(),
  INTROSPECTION: bool.optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  PAGE_SIZE_DEFAULT: int(1, 1000).default(20),
  PAGE_SIZE_MAX: int(1, 1000).default(100),
  UPSTREAM_EXTRA_CALLS_PER_FIELD: int(0, 100).default(5),
  UPSTREAM_PROTOCOL: z.enum(['http1', 'http2']).default('http1'),
  UPSTREAM_CONNECT_TIMEOUT_MS: int(1, 60_000).default(1000),
  UPSTREAM_REQUEST_TIMEOUT_MS: int(1, 120_000).default(5000),
  UPSTREAM_MAX_ATTEMPTS: int(1, 10).default(3),
  OPERATION_DEADLINE_MS: int(1, 120_000).default(25_000),
  MAX_BODY_BYTES: int(1024, 10_000_000).default(102_400),
  MAX_TOKENS: int(100, 100_000).default(2000),
  MAX_DEPTH: int(2, 100).default(10),
  MAX_ALIASES: int(0, 1000).default(15),
  MAX_DIRECTIVES: int(0, 1000).default(50),
  MAX_COST: int(1, 10_000_000).default(5000),
  MAX_UPSTREAM_CALLS: int(1, 10_000).default(50),
  AUTH_DISABLED: bool.default(false),
  AUTH_JWKS_URL: z.url({ protocol: /^https?$/ }).optional(),
  AUTH_JWT_PUBLIC_KEY: z
    .string()
    .includes('BEGIN PUBLIC KEY', { message: 'must be a PEM public key' })
    .optional(),
  AUTH_JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  AUTH_JWT_ISSUER: z.string().min(1).optional(),
  AUTH_JWT_AUDIENCE: z.string().min(1).optional(),
  AUTH_API_KEYS: apiKeys.optional(),
  FEDERATION_SUBGRAPH: bool.default(false),
  FEDERATION_NODE_FIELDS: bool.default(false),
  CORS_ORIGINS: origins.optional(),
  PERSISTED_DOCUMENTS: z.string().trim().min(1).optional(),
  TRUSTED_DOCUMENTS: z.string().trim().min(1).optional(),
  PERSISTED_QUERY_MAX_AGE: int(0, 86_400).default(0),
});

/** A manifest key: the sha256 in hex, with the `sha256:` prefix the client preset writes, or bare. */
const MANIFEST_KEY = /^(?:sha256:)?([0-9a-f]{64})$/;

/**
 * Reads a persisted-documents manifest: a JSON object from the sha256 of each document's text
 * (`sha256:<hex>`, as GraphQL Code Generator's client preset writes it, or bare hex) to that text,
 * kept by bare hex. Every hash is checked,
 * so a manifest out of step with its documents stops the start instead of failing requests.
 */
function readDocumentManifest(
  variable: string,
  path: string,
  problems: string[],
): Map<string, string> | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    problems.push(`${variable}: cannot read ${path} as JSON (${(error as Error).message})`);
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    problems.push(`${variable}: ${path} must hold a JSON object of sha256 hash -> document`);
    return undefined;
  }
  const manifest = new Map<string, string>();
  for (const [key, document] of Object.entries(parsed)) {
    const hash = MANIFEST_KEY.exec(key)?.[1];
    if (hash === undefined || typeof document !== 'string') {
      problems.push(`${variable}: ${path}: '${key}' is not a sha256 hex hash with a document`);
    } else if (sha256Hex(document) !== hash) {
      problems.push(`${variable}: ${path}: the document under ${key} does not hash to it`);
    } else {
      manifest.set(hash, document);
    }
  }
  return manifest;
}

/** True for addresses that only this machine can reach. */
export function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1' || host === '[::1]';
}

/** Reads the environment into a typed, validated `Config`, or throws `ConfigError` listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings mean "not set", as they do for most shells' `VAR= command`.
  const present = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ''),
  );
  const parsed = environment.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map(
        (issue) => `${issue.path.join('.') || 'environment'}: ${issue.message}`,
      ),
    );
  }
  const e = parsed.data;
  const problems: string[] = [];
  if (e.PAGE_SIZE_DEFAULT > e.PAGE_SIZE_MAX) {
    problems.push(
      `PAGE_SIZE_DEFAULT (${e.PAGE_SIZE_DEFAULT}) exceeds PAGE_SIZE_MAX (${e.PAGE_SIZE_MAX})`,
    );
  }
  const jwtSources = [e.AUTH_JWKS_URL, e.AUTH_JWT_PUBLIC_KEY, e.AUTH_JWT_SECRET].filter(Boolean);
  if (jwtSources.length > 1) {
    problems.push('AUTH_JWKS_URL, AUTH_JWT_PUBLIC_KEY and AUTH_JWT_SECRET: configure only one');
  }
  const jwtConfigured = jwtSources.length > 0;
  if (jwtConfigured && (!e.AUTH_JWT_ISSUER || !e.AUTH_JWT_AUDIENCE)) {
    problems.push('AUTH_JWT_ISSUER and AUTH_JWT_AUDIENCE are required with JWT authentication');
  }
  const authConfigured = jwtConfigured || (e.AUTH_API_KEYS?.length ?? 0) > 0;
  if (!authConfigured && !e.AUTH_DISABLED && !isLoopback(e.HOST)) {
    problems.push(
      `HOST ${e.HOST} is reachable from other machines: configure AUTH_JWKS_URL, AUTH_JWT_PUBLIC_KEY, AUTH_JWT_SECRET or AUTH_API_KEYS, or set AUTH_DISABLED=true to run without authentication`,
    );
  }
  if (e.FEDERATION_NODE_FIELDS && !e.FEDERATION_SUBGRAPH) {
    problems.push('FEDERATION_NODE_FIELDS only applies with FEDERATION_SUBGRAPH=true');
  }
  if (e.PERSISTED_DOCUMENTS && e.TRUSTED_DOCUMENTS) {
    problems.push(
      'PERSISTED_DOCUMENTS and TRUSTED_DOCUMENTS: configure only one (TRUSTED_DOCUMENTS also serves its documents by hash)',
    );
  }
  const manifestVariable = e.TRUSTED_DOCUMENTS ? 'TRUSTED_DOCUMENTS' : 'PERSISTED_DOCUMENTS';
  const manifestPath = e.TRUSTED_DOCUMENTS ?? e.PERSISTED_DOCUMENTS;
  const persistedDocuments =
    manifestPath === undefined
      ? undefined
      : readDocumentManifest(manifestVariable, manifestPath, problems);
  if (problems.length > 0) throw new ConfigError(problems);

  const region = e.AWS_REGION ?? e.AWS_DEFAULT_REGION;
  const backend = e.BEDROCK_BACKEND ?? (region ? 'aws' : 'emulator');
  const trustedDocumentsOnly = e.TRUSTED_DOCUMENTS !== undefined;
  return {
    port: e.PORT,
    host: e.HOST,
    backend,
    region,
    cursorSecret: e.CURSOR_SECRET ?? randomBytes(32).toString('base64url'),
    cursorSecretGenerated: e.CURSOR_SECRET === undefined,
    emulatorPort: e.EMULATOR_PORT,
    // GraphiQL sends documents of its own, which trusted-documents mode refuses: off unless asked.
    graphiql: e.GRAPHIQL ?? (backend === 'emulator' && !trustedDocumentsOnly),
    introspection: e.INTROSPECTION ?? backend === 'emulator',
    logLevel: e.LOG_LEVEL,
    federation: { subgraph: e.FEDERATION_SUBGRAPH, nodeFields: e.FEDERATION_NODE_FIELDS },
    browser: {
      corsOrigins: e.CORS_ORIGINS ?? (backend === 'emulator' ? DEV_CORS_ORIGINS : []),
      persistedDocuments,
      trustedDocumentsOnly,
      persistedQueryMaxAgeSeconds: e.PERSISTED_QUERY_MAX_AGE,
    },
    pagination: {
      defaultFirst: e.PAGE_SIZE_DEFAULT,
      maxFirst: e.PAGE_SIZE_MAX,
      extraCallsPerField: e.UPSTREAM_EXTRA_CALLS_PER_FIELD,
    },
    upstream: {
      protocol: e.UPSTREAM_PROTOCOL,
      connectTimeoutMs: e.UPSTREAM_CONNECT_TIMEOUT_MS,
      requestTimeoutMs: e.UPSTREAM_REQUEST_TIMEOUT_MS,
      maxAttempts: e.UPSTREAM_MAX_ATTEMPTS,
      operationDeadlineMs: e.OPERATION_DEADLINE_MS,
    },
    limits: {
      maxBodyBytes: e.MAX_BODY_BYTES,
      maxTokens: e.MAX_TOKENS,
      maxDepth: e.MAX_DEPTH,
      maxAliases: e.MAX_ALIASES,
      maxDirectives: e.MAX_DIRECTIVES,
      maxCost: e.MAX_COST,
      maxUpstreamCalls: e.MAX_UPSTREAM_CALLS,
    },
    auth: {
      disabled: !authConfigured,
      jwt: jwtConfigured
        ? {
            jwksUrl: e.AUTH_JWKS_URL,
            publicKeyPem: e.AUTH_JWT_PUBLIC_KEY,
            secret: e.AUTH_JWT_SECRET,
            issuer: e.AUTH_JWT_ISSUER ?? '',
            audience: e.AUTH_JWT_AUDIENCE ?? '',
          }
        : undefined,
      apiKeys: (e.AUTH_API_KEYS ?? []).map((k) => ({
        id: k.id,
        sha256: k.sha256 ?? sha256Hex(k.key ?? ''),
        scopes: k.scopes,
        flows: k.flows,
      })),
    },
  };
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
