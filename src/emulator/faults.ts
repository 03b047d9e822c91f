import { createRandom, type Random, randomInt } from './random.js';

export type ServerErrorStatus = 500 | 502 | 503 | 504;

/**
 * A one-shot fault for the next request: a throttle, a 5xx, a connection reset, `malformed` (a 200
 * whose JSON lacks the operation's required members: an upstream breaking its contract), `garbled`
 * (a 200 whose body is not JSON, as from a misbehaving proxy), `slow-body` (the answer's body
 * stalls after its first byte) or `dependency-failed` (a 424 DependencyFailedException: a flow's
 * Lambda or role failing).
 */
export type QueuedFault =
  | 'throttle'
  | 'reset'
  | 'malformed'
  | 'garbled'
  | 'slow-body'
  | 'dependency-failed'
  | ServerErrorStatus;

export interface FaultSettings {
  /** Milliseconds added before every response. Default 0. */
  latencyMs: number;
  /** Probability (0..1) of a 429 ThrottlingException. Default 0. */
  throttleRate: number;
  /** When set, throttles carry `Retry-After: <seconds>`. Default unset. */
  retryAfterSeconds?: number;
  /** Probability (0..1) of a server error with `serverErrorStatus`. Default 0. */
  serverErrorRate: number;
  /** Status of injected server errors. Default 500. */
  serverErrorStatus: ServerErrorStatus;
  /** Faults consumed one per request, in order, before any random fault. Default empty. */
  failNext: QueuedFault[];
  /** Probability (0..1) that a page holds fewer items than allowed (at least one). Default 0. */
  shortPageRate: number;
  /** Probability (0..1) that a page is empty but carries a token (only while items remain). Default 0. */
  emptyPageRate: number;
  /** Page tokens older than this many ms are refused as expired. Default unset (never). */
  tokenTtlMs?: number;
  /** When set, faults apply only to these operation names. Default unset (all operations). */
  operations?: string[];
  /** Seed of the fault generator, so runs replay. Default 1. */
  seed: number;
}

type OptionalSetting = 'retryAfterSeconds' | 'tokenTtlMs' | 'operations';

/** A patch of settings; `null` (or an explicit `undefined`) clears an optional one. */
export type FaultPatch = Partial<Omit<FaultSettings, OptionalSetting>> & {
  [K in OptionalSetting]?: FaultSettings[K] | null;
};

export type RequestFault =
  | { kind: 'throttle'; retryAfterSeconds?: number }
  | { kind: 'server-error'; status: ServerErrorStatus }
  | { kind: 'reset' }
  | { kind: 'malformed' }
  | { kind: 'garbled' }
  | { kind: 'slow-body' }
  | { kind: 'dependency-failed' };

export const DEFAULT_FAULTS: Readonly<FaultSettings> = Object.freeze({
  latencyMs: 0,
  throttleRate: 0,
  serverErrorRate: 0,
  serverErrorStatus: 500,
  failNext: [],
  shortPageRate: 0,
  emptyPageRate: 0,
  seed: 1,
});

const SERVER_ERROR_STATUSES: readonly number[] = [500, 502, 503, 504];
const RATE_KEYS = ['throttleRate', 'serverErrorRate', 'shortPageRate', 'emptyPageRate'] as const;
const KNOWN_KEYS: ReadonlySet<string> = new Set<keyof FaultSettings>([
  'latencyMs',
  'throttleRate',
  'retryAfterSeconds',
  'serverErrorRate',
  'serverErrorStatus',
  'failNext',
  'shortPageRate',
  'emptyPageRate',
  'tokenTtlMs',
  'operations',
  'seed',
]);

/** Invalid fault settings; the message lists every problem. */
export class FaultSettingsError extends Error {
  override readonly name = 'FaultSettingsError';
}

function isServerErrorStatus(value: unknown): value is ServerErrorStatus {
  return typeof value === 'number' && SERVER_ERROR_STATUSES.includes(value);
}

function isQueuedFault(value: unknown): value is QueuedFault {
  return (
    value === 'throttle' ||
    value === 'reset' ||
    value === 'malformed' ||
    value === 'garbled' ||
    value === 'slow-body' ||
    value === 'dependency-failed' ||
    isServerErrorStatus(value)
  );
}

function isNonNegative(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/**
 * Checks a patch from any source (TypeScript callers or JSON over HTTP) and reports every problem
 * at once, so a bad `PUT /_emulator/faults` says all that is wrong with it.
 */
export function parseFaultPatch(input: unknown): FaultPatch {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new FaultSettingsError('Fault settings must be a JSON object.');
  }
  const problems: string[] = [];
  const patch: FaultPatch = {};
  for (const key of Object.keys(input)) {
    if (!KNOWN_KEYS.has(key)) problems.push(`unknown setting '${key}'`);
  }
  const record: Record<string, unknown> = { ...input };
  const has = (key: keyof FaultSettings) => key in record;
  const clears = (key: keyof FaultSettings) => record[key] === null || record[key] === undefined;

  if (has('latencyMs')) {
    if (isNonNegative(record.latencyMs)) patch.latencyMs = record.latencyMs;
    else problems.push('latencyMs must be a number >= 0');
  }
  for (const key of RATE_KEYS) {
    if (!has(key)) continue;
    const value = record[key];
    if (isNonNegative(value) && value <= 1) patch[key] = value;
    else problems.push(`${key} must be a number between 0 and 1`);
  }
  if (has('retryAfterSeconds')) {
    const value = record.retryAfterSeconds;
    if (clears('retryAfterSeconds')) patch.retryAfterSeconds = null;
    else if (isNonNegative(value) && Number.isInteger(value)) patch.retryAfterSeconds = value;
    else problems.push('retryAfterSeconds must be a whole number >= 0 (or null to clear)');
  }
  if (has('serverErrorStatus')) {
    if (isServerErrorStatus(record.serverErrorStatus)) {
      patch.serverErrorStatus = record.serverErrorStatus;
    } else problems.push('serverErrorStatus must be one of 500, 502, 503, 504');
  }
  if (has('failNext')) {
    const value = record.failNext;
    if (Array.isArray(value) && value.every(isQueuedFault)) patch.failNext = [...value];
    else
      problems.push(
        `failNext must be a list of 'throttle', 'reset', 'malformed', 'garbled', 'slow-body', 'dependency-failed', 500, 502, 503 or 504`,
      );
  }
  if (has('tokenTtlMs')) {
    const value = record.tokenTtlMs;
    if (clears('tokenTtlMs')) patch.tokenTtlMs = null;
    else if (isNonNegative(value)) patch.tokenTtlMs = value;
    else problems.push('tokenTtlMs must be a number >= 0 (or null to clear)');
  }
  if (has('operations')) {
    const value = record.operations;
    if (clears('operations')) patch.operations = null;
    else if (Array.isArray(value) && value.every((name) => typeof name === 'string' && name)) {
      patch.operations = [...value];
    } else problems.push('operations must be a list of operation names (or null to clear)');
  }
  if (has('seed')) {
    if (Number.isSafeInteger(record.seed)) patch.seed = Number(record.seed);
    else problems.push('seed must be an integer');
  }
  if (problems.length > 0) {
    throw new FaultSettingsError(`Invalid fault settings: ${problems.join('; ')}.`);
  }
  return patch;
}

function applyPatch(base: FaultSettings, patch: FaultPatch): FaultSettings {
  const next: FaultSettings = {
    latencyMs: patch.latencyMs ?? base.latencyMs,
    throttleRate: patch.throttleRate ?? base.throttleRate,
    serverErrorRate: patch.serverErrorRate ?? base.serverErrorRate,
    serverErrorStatus: patch.serverErrorStatus ?? base.serverErrorStatus,
    failNext: [...(patch.failNext ?? base.failNext)],
    shortPageRate: patch.shortPageRate ?? base.shortPageRate,
    emptyPageRate: patch.emptyPageRate ?? base.emptyPageRate,
    seed: patch.seed ?? base.seed,
  };
  // An optional setting the patch names takes the patch's value, where null clears it.
  const retryAfterSeconds =
    'retryAfterSeconds' in patch ? patch.retryAfterSeconds : base.retryAfterSeconds;
  if (retryAfterSeconds != null) next.retryAfterSeconds = retryAfterSeconds;
  const tokenTtlMs = 'tokenTtlMs' in patch ? patch.tokenTtlMs : base.tokenTtlMs;
  if (tokenTtlMs != null) next.tokenTtlMs = tokenTtlMs;
  const operations = 'operations' in patch ? patch.operations : base.operations;
  if (operations != null) next.operations = [...operations];
  return next;
}

/**
 * Decides, per request, which fault (if any) to inject. Rolls come from a seeded generator, so the
 * same settings and the same request sequence give the same faults.
 */
export class FaultInjector {
  private current: FaultSettings;
  private random: Random;

  constructor(initial: FaultPatch = {}) {
    this.current = applyPatch(DEFAULT_FAULTS, parseFaultPatch(initial));
    this.random = createRandom(this.current.seed);
  }

  /** A copy of the settings in force. */
  get settings(): FaultSettings {
    return applyPatch(this.current, {});
  }

  /** Merges a patch into the settings in force; a new `seed` restarts the generator. */
  set(patch: FaultPatch): FaultSettings {
    const parsed = parseFaultPatch(patch);
    this.current = applyPatch(this.current, parsed);
    if (parsed.seed !== undefined && parsed.seed !== null) this.random = createRandom(parsed.seed);
    return this.settings;
  }

  /** Back to no faults at all (not to the start options), with the generator restarted. */
  reset(): FaultSettings {
    this.current = applyPatch(DEFAULT_FAULTS, {});
    this.random = createRandom(this.current.seed);
    return this.settings;
  }

  appliesTo(operation: string): boolean {
    return this.current.operations === undefined || this.current.operations.includes(operation);
  }

  latencyFor(operation: string): number {
    return this.appliesTo(operation) ? this.current.latencyMs : 0;
  }

  /** The fault for this request, consuming one queued fault if there is one. */
  nextRequestFault(operation: string): RequestFault | undefined {
    if (!this.appliesTo(operation)) return undefined;
    const queued = this.current.failNext.shift();
    if (queued !== undefined) return this.toFault(queued);
    if (this.roll(this.current.throttleRate)) return this.toFault('throttle');
    if (this.roll(this.current.serverErrorRate))
      return this.toFault(this.current.serverErrorStatus);
    return undefined;
  }

  /**
   * How many items a page of `operation` holds, given the page size asked for and how many items
   * remain: possibly none (with a token) or fewer than allowed (at least one).
   */
  pageLength(operation: string, limit: number, remaining: number): number {
    const allowed = Math.max(0, Math.min(limit, remaining));
    if (allowed === 0 || !this.appliesTo(operation)) return allowed;
    if (this.roll(this.current.emptyPageRate)) return 0;
    if (allowed > 1 && this.roll(this.current.shortPageRate)) {
      return randomInt(this.random, 1, allowed - 1);
    }
    return allowed;
  }

  /** The token lifetime in force for `operation`, if any. */
  tokenTtlFor(operation: string): number | undefined {
    return this.appliesTo(operation) ? this.current.tokenTtlMs : undefined;
  }

  private toFault(queued: QueuedFault): RequestFault {
    if (queued === 'reset') return { kind: 'reset' };
    if (queued === 'malformed' || queued === 'garbled' || queued === 'slow-body') {
      return { kind: queued };
    }
    if (queued === 'dependency-failed') return { kind: 'dependency-failed' };
    if (queued === 'throttle') {
      const retryAfterSeconds = this.current.retryAfterSeconds;
      return retryAfterSeconds === undefined
        ? { kind: 'throttle' }
        : { kind: 'throttle', retryAfterSeconds };
    }
    return { kind: 'server-error', status: queued };
  }

  /** Rates of 0 and 1 draw nothing, so turning one fault on does not shift another's rolls. */
  private roll(rate: number): boolean {
    if (rate <= 0) return false;
    if (rate >= 1) return true;
    return this.random() < rate;
  }
}
