import { ServiceError } from './errors.js';

/*
 * Hand-written, anchored versions of the upstream model's patterns. The model's own patterns read
 * `^(arn...)|([0-9a-zA-Z]{10})$`: by operator precedence the `^` binds to the first branch only and
 * the `$` to the last, so they accept things like `../../x/ABCDEFGHIJ`. The service rejects those;
 * so does the emulator.
 */
const REGION = '[a-z0-9-]{1,20}';
const ACCOUNT = '[0-9]{12}';
const FLOW = '[0-9a-zA-Z]{10}';
const ALIAS = '[0-9a-zA-Z]{10}';
const EXECUTION = '[a-zA-Z0-9-]{1,36}';

export const PATTERNS = {
  flowId: new RegExp(`^${FLOW}$`),
  flowArn: new RegExp(`^arn:aws:bedrock:(${REGION}):(${ACCOUNT}):flow/(${FLOW})$`),
  aliasId: /^[0-9a-zA-Z]+$/,
  aliasArn: new RegExp(
    `^arn:aws:bedrock:(${REGION}):(${ACCOUNT}):flow/(${FLOW})/alias/(${ALIAS})$`,
  ),
  executionId: new RegExp(`^${EXECUTION}$`),
  executionArn: new RegExp(
    `^arn:aws:bedrock:(${REGION}):(${ACCOUNT}):flow/(${FLOW})/alias/(${ALIAS})/execution/(${EXECUTION})$`,
  ),
  nextToken: /^\S+$/,
  /** NodeName, NodeInputName and NodeOutputName share this pattern. */
  nodeName: /^[a-zA-Z]([_]?[0-9a-zA-Z]){0,99}$/,
  executionName: /^[a-zA-Z0-9-]{1,36}$/,
} as const;

/** Identifiers are at most 2048 characters in every upstream shape that carries one. */
export const MAX_IDENTIFIER_LENGTH = 2048;
export const MAX_TOKEN_LENGTH = 2048;
export const MAX_RESULTS_LIMIT = 1000;

/** Where an ARN points; plain ids carry no scope and mean "the emulator's own region and account". */
export interface ArnScope {
  region: string;
  accountId: string;
}

export interface FlowRef {
  flowId: string;
  scope?: ArnScope;
}

export interface AliasRef {
  aliasId: string;
  /** Present when the alias was given as an ARN, which names its flow too. */
  flowId?: string;
  scope?: ArnScope;
}

export interface ExecutionRef {
  executionId: string;
  /** Present when the execution was given as an ARN, which names its flow and alias too. */
  flowId?: string;
  aliasId?: string;
  scope?: ArnScope;
}

export function parseFlowIdentifier(value: string): FlowRef | undefined {
  if (value.length > MAX_IDENTIFIER_LENGTH) return undefined;
  if (PATTERNS.flowId.test(value)) return { flowId: value };
  const arn = PATTERNS.flowArn.exec(value);
  if (!arn) return undefined;
  const [, region = '', accountId = '', flowId = ''] = arn;
  return { flowId, scope: { region, accountId } };
}

export function parseAliasIdentifier(value: string): AliasRef | undefined {
  if (value.length > MAX_IDENTIFIER_LENGTH) return undefined;
  // TSTALIASID (the draft alias) is alphanumeric, so the plain-id pattern covers it.
  if (PATTERNS.aliasId.test(value)) return { aliasId: value };
  const arn = PATTERNS.aliasArn.exec(value);
  if (!arn) return undefined;
  const [, region = '', accountId = '', flowId = '', aliasId = ''] = arn;
  return { aliasId, flowId, scope: { region, accountId } };
}

export function parseExecutionIdentifier(value: string): ExecutionRef | undefined {
  if (value.length > MAX_IDENTIFIER_LENGTH) return undefined;
  if (PATTERNS.executionId.test(value)) return { executionId: value };
  const arn = PATTERNS.executionArn.exec(value);
  if (!arn) return undefined;
  const [, region = '', accountId = '', flowId = '', aliasId = '', executionId = ''] = arn;
  return { executionId, flowId, aliasId, scope: { region, accountId } };
}

/** Keeps error messages readable when a caller sends something huge. */
function quote(value: string): string {
  return value.length > 100 ? `'${value.slice(0, 100)}...'` : `'${value}'`;
}

/**
 * Collects constraint violations and reports them all at once, worded as the upstream words them
 * ("2 validation errors detected: Value 'x' at 'maxResults' failed to satisfy constraint: ...").
 */
export class RequestValidator {
  private readonly problems: string[] = [];

  private fail(member: string, value: string, constraint: string): undefined {
    this.problems.push(
      `Value ${quote(value)} at '${member}' failed to satisfy constraint: ${constraint}`,
    );
    return undefined;
  }

  private failPattern(member: string, value: string, patterns: readonly RegExp[]): undefined {
    // RegExp#source escapes the slashes of patterns built from strings; show them as written.
    const sources = patterns.map((pattern) => pattern.source.replaceAll('\\/', '/')).join(' or ');
    return this.fail(member, value, `Member must satisfy regular expression pattern: ${sources}`);
  }

  flow(member: string, value: string): FlowRef | undefined {
    return (
      parseFlowIdentifier(value) ??
      this.failPattern(member, value, [PATTERNS.flowId, PATTERNS.flowArn])
    );
  }

  alias(member: string, value: string): AliasRef | undefined {
    return (
      parseAliasIdentifier(value) ??
      this.failPattern(member, value, [PATTERNS.aliasId, PATTERNS.aliasArn])
    );
  }

  execution(member: string, value: string): ExecutionRef | undefined {
    return (
      parseExecutionIdentifier(value) ??
      this.failPattern(member, value, [PATTERNS.executionId, PATTERNS.executionArn])
    );
  }

  /** An optional integer query parameter within [min, max]; absent gives `fallback`. */
  integer(member: string, value: string | undefined, min: number, max: number, fallback: number) {
    if (value === undefined) return fallback;
    if (!/^-?[0-9]+$/.test(value)) {
      this.fail(member, value, 'Member must be an integer');
      return fallback;
    }
    const parsed = Number(value);
    if (parsed < min)
      this.fail(member, value, `Member must have value greater than or equal to ${min}`);
    else if (parsed > max)
      this.fail(member, value, `Member must have value less than or equal to ${max}`);
    return parsed;
  }

  /** An optional page token: 1-2048 characters, none of them whitespace. */
  token(member: string, value: string | undefined): string | undefined {
    if (value === undefined) return undefined;
    if (value.length < 1 || value.length > MAX_TOKEN_LENGTH) {
      return this.fail(
        member,
        value,
        `Member must have length between 1 and ${MAX_TOKEN_LENGTH}, inclusive`,
      );
    }
    if (!PATTERNS.nextToken.test(value))
      return this.failPattern(member, value, [PATTERNS.nextToken]);
    return value;
  }

  /** A string member that must match `pattern`; undefined when it does not. */
  matches(member: string, value: string, pattern: RegExp): string | undefined {
    return pattern.test(value) ? value : this.failPattern(member, value, [pattern]);
  }

  /** A violation described in the caller's own words. */
  violation(member: string, value: string, constraint: string): undefined {
    return this.fail(member, value, constraint);
  }

  /** Throws one ValidationException listing every violation, if there were any. */
  check(): void {
    const count = this.problems.length;
    if (count === 0) return;
    const noun = count === 1 ? 'validation error' : 'validation errors';
    throw new ServiceError(
      'ValidationException',
      `${count} ${noun} detected: ${this.problems.join('; ')}`,
    );
  }
}
