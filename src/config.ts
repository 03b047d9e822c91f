import { randomBytes } from 'node:crypto';
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
  readonly pagination: PaginationLimits;
  readonly upstream: UpstreamSettings;
  /** Serve GraphiQL at /graphql for browsers. Default true. */
  readonly graphiql: boolean;
  /** Least severe log level written. Default info. */
  readonly logLevel: LogLevel;
  readonly federation: FederationSettings;
}

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

const environment = z.object({
  PORT: int(0, 65535).default(4000),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  BEDROCK_BACKEND: z.enum(['emulator', 'aws']).optional(),
  AWS_REGION: z.string().trim().min(1).optional(),
  AWS_DEFAULT_REGION: z.string().trim().min(1).optional(),
  CURSOR_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  EMULATOR_PORT: int(0, 65535).default(0),
  GRAPHIQL: bool.default(true),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  PAGE_SIZE_DEFAULT: int(1, 1000).default(20),
  PAGE_SIZE_MAX: int(1, 1000).default(100),
  UPSTREAM_EXTRA_CALLS_PER_FIELD: int(0, 100).default(5),
  UPSTREAM_PROTOCOL: z.enum(['http1', 'http2']).default('http1'),
  UPSTREAM_CONNECT_TIMEOUT_MS: int(1, 60_000).default(1000),
  UPSTREAM_REQUEST_TIMEOUT_MS: int(1, 120_000).default(5000),
  UPSTREAM_MAX_ATTEMPTS: int(1, 10).default(3),
  OPERATION_DEADLINE_MS: int(1, 120_000).default(25_000),
  FEDERATION_SUBGRAPH: bool.default(false),
  FEDERATION_NODE_FIELDS: bool.default(false),
});

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
  if (e.FEDERATION_NODE_FIELDS && !e.FEDERATION_SUBGRAPH) {
    problems.push('FEDERATION_NODE_FIELDS only applies with FEDERATION_SUBGRAPH=true');
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const region = e.AWS_REGION ?? e.AWS_DEFAULT_REGION;
  return {
    port: e.PORT,
    host: e.HOST,
    backend: e.BEDROCK_BACKEND ?? (region ? 'aws' : 'emulator'),
    region,
    cursorSecret: e.CURSOR_SECRET ?? randomBytes(32).toString('base64url'),
    cursorSecretGenerated: e.CURSOR_SECRET === undefined,
    emulatorPort: e.EMULATOR_PORT,
    graphiql: e.GRAPHIQL,
    logLevel: e.LOG_LEVEL,
    federation: { subgraph: e.FEDERATION_SUBGRAPH, nodeFields: e.FEDERATION_NODE_FIELDS },
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
  };
}
