import { ValidationError } from './errors.js';

/*
 * Hand-written, anchored validators. The upstream model's own patterns look anchored but are not:
 * in `^(arn...)|([0-9a-zA-Z]{10})$` the `|` splits the anchors, so `../../x/ABCDEFGHIJ` passes.
 * Every identifier that reaches a URL path is checked here first, so bad input never costs a call.
 */

const MAX_IDENTIFIER = 2048;
const REGION = '[a-z0-9-]{1,20}';
const ACCOUNT = '[0-9]{12}';
const ID10 = '[0-9a-zA-Z]{10}';
const EXECUTION_ID = '[a-zA-Z0-9-]{1,36}';

const FLOW_ID = new RegExp(`^${ID10}$`);
const FLOW_ARN = new RegExp(`^arn:aws:bedrock:${REGION}:${ACCOUNT}:flow/${ID10}$`);
const ALIAS_ID = /^[0-9a-zA-Z]+$/;
const ALIAS_ARN = new RegExp(`^arn:aws:bedrock:${REGION}:${ACCOUNT}:flow/${ID10}/alias/${ID10}$`);
const EXECUTION_ARN = new RegExp(
  `^arn:aws:bedrock:(${REGION}):(${ACCOUNT}):flow/(${ID10})/alias/(${ID10})/execution/(${EXECUTION_ID})$`,
);

/** The parts of `arn:aws:bedrock:REGION:ACCOUNT:flow/FLOW/alias/ALIAS/execution/ID`. */
export interface ExecutionArnParts {
  readonly arn: string;
  readonly region: string;
  readonly accountId: string;
  readonly flowId: string;
  readonly flowAliasId: string;
  readonly executionId: string;
}

/** Accepts a 10-character flow id or a flow ARN, as the upstream does. */
export function validateFlowIdentifier(value: string, field = 'id'): string {
  if (value.length <= MAX_IDENTIFIER && (FLOW_ID.test(value) || FLOW_ARN.test(value))) return value;
  throw new ValidationError(
    `${describe(value)} is not a flow identifier: expected 10 letters or digits, or a flow ARN.`,
    field,
  );
}

/** Accepts `TSTALIASID`, an alphanumeric alias id, or an alias ARN. */
export function validateAliasIdentifier(value: string, field = 'flowAliasId'): string {
  if (value.length <= MAX_IDENTIFIER && (ALIAS_ID.test(value) || ALIAS_ARN.test(value)))
    return value;
  throw new ValidationError(
    `${describe(value)} is not a flow alias identifier: expected letters and digits (such as TSTALIASID) or an alias ARN.`,
    field,
  );
}

/** Splits an execution ARN into the three identifiers GetFlowExecution needs. */
export function parseExecutionArn(value: string, field = 'executionArn'): ExecutionArnParts {
  const match = value.length <= MAX_IDENTIFIER ? EXECUTION_ARN.exec(value) : null;
  if (!match) {
    throw new ValidationError(
      `${describe(value)} is not a flow execution ARN: expected arn:aws:bedrock:REGION:ACCOUNT:flow/FLOW/alias/ALIAS/execution/ID.`,
      field,
    );
  }
  // Every group is mandatory in the pattern, so the defaults never apply.
  const [, region = '', accountId = '', flowId = '', flowAliasId = '', executionId = ''] = match;
  return { arn: value, region, accountId, flowId, flowAliasId, executionId };
}

/**
 * The 10-character flow id inside a flow id or any flow, alias or execution ARN; undefined when
 * there is none. For authorization only: it does not validate the rest of the identifier.
 */
export function flowKeyOf(identifier: string): string | undefined {
  if (FLOW_ID.test(identifier)) return identifier;
  return /^arn:aws:bedrock:[^:]*:[^:]*:flow\/([0-9a-zA-Z]{10})(?:\/|$)/.exec(identifier)?.[1];
}

/** The final part of an execution ARN; the ARN itself when it is not one (upstream data is trusted less). */
export function executionIdOf(executionArn: string): string {
  const at = executionArn.lastIndexOf('/execution/');
  return at === -1 ? executionArn : executionArn.slice(at + '/execution/'.length);
}

// Echo at most a prefix of bad input: a 2 MB argument must not become a 2 MB error message.
function describe(value: string): string {
  if (value === '') return 'An empty string';
  const shown = value.length > 80 ? `${value.slice(0, 80)}…` : value;
  return JSON.stringify(shown);
}

const NODE_NAME = /^[a-zA-Z](?:_?[0-9a-zA-Z]){0,99}$/;
const EXECUTION_NAME = /^[a-zA-Z0-9-]{1,36}$/;

/** A node, node input or node output name: a letter, then letters and digits with single underscores. */
export function validateNodeName(value: string, field: string): string {
  if (NODE_NAME.test(value)) return value;
  throw new ValidationError(
    `${describe(value)} is not a node name: a letter, then up to 99 letters or digits, each optionally after one underscore.`,
    field,
  );
}

/** An execution name: 1 to 36 letters, digits or hyphens. */
export function validateExecutionName(value: string, field = 'executionName'): string {
  if (EXECUTION_NAME.test(value)) return value;
  throw new ValidationError(
    `${describe(value)} is not an execution name: 1 to 36 letters, digits or hyphens.`,
    field,
  );
}
