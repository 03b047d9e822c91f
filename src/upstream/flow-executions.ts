import {
  type BedrockAgentRuntimeClient,
  type FlowExecutionSummary,
  GetFlowExecutionCommand,
  type GetFlowExecutionCommandOutput,
  ListFlowExecutionsCommand,
} from '@aws-sdk/client-bedrock-agent-runtime';
import { translateUpstreamError } from './error-mapping.js';
import { parseExecutionArn } from './identifiers.js';

/** The five statuses the upstream reports; only Running ever changes. */
export type ExecutionStatus = 'Running' | 'Succeeded' | 'Failed' | 'TimedOut' | 'Aborted';

const STATUSES: ReadonlySet<string> = new Set<ExecutionStatus>([
  'Running',
  'Succeeded',
  'Failed',
  'TimedOut',
  'Aborted',
]);

/** An error GetFlowExecution reports for a run. */
export interface ExecutionErrorRecord {
  readonly error: string | undefined;
  readonly message: string | undefined;
  readonly nodeName: string | undefined;
}

/**
 * One flow execution as the gateway knows it: from a list summary (`createdAt`) or from
 * GetFlowExecution (`startedAt`, `errors`). The two are kept apart on purpose.
 */
export interface ExecutionRecord {
  readonly executionArn: string;
  readonly flowId: string;
  readonly flowAliasId: string;
  readonly flowVersion: string;
  readonly status: ExecutionStatus;
  /** From a list summary. */
  readonly createdAt: Date | undefined;
  /** From GetFlowExecution. */
  readonly startedAt: Date | undefined;
  readonly endedAt: Date | undefined;
  /** From GetFlowExecution; undefined when not loaded from there. */
  readonly errors: readonly ExecutionErrorRecord[] | undefined;
}

/** One ListFlowExecutions request, every parameter explicit: it is also the loader key. */
export interface ListExecutionsRequest {
  readonly flowId: string;
  readonly flowAliasId: string | null;
  readonly nextToken: string | null;
  readonly maxResults: number;
}

export interface ExecutionsPage {
  readonly items: readonly ExecutionRecord[];
  readonly nextToken: string | undefined;
}

/** One GetFlowExecution request. */
export interface GetExecutionRequest {
  readonly flowId: string;
  readonly flowAliasId: string;
  /** An execution id or its full ARN; the upstream accepts both. */
  readonly executionIdentifier: string;
}

/** A call's result and how many attempts the SDK's retries took to get it. */
export interface Attempted<T> {
  readonly value: T;
  readonly attempts: number;
}

/**
 * The GetFlowExecution request (and the key of everything else about one execution) for an
 * execution ARN; throws ValidationError naming `field` when it is not one.
 */
export function executionRequestFor(
  executionArn: string,
  field = 'executionArn',
): GetExecutionRequest {
  const parts = parseExecutionArn(executionArn, field);
  return { flowId: parts.flowId, flowAliasId: parts.flowAliasId, executionIdentifier: parts.arn };
}

export async function listFlowExecutions(
  client: BedrockAgentRuntimeClient,
  request: ListExecutionsRequest,
  abortSignal: AbortSignal | undefined,
): Promise<Attempted<ExecutionsPage>> {
  try {
    const output = await client.send(
      new ListFlowExecutionsCommand({
        flowIdentifier: request.flowId,
        flowAliasIdentifier: request.flowAliasId ?? undefined,
        nextToken: request.nextToken ?? undefined,
        maxResults: request.maxResults,
      }),
      { abortSignal },
    );
    return {
      value: {
        items: required(output.flowExecutionSummaries, 'flowExecutionSummaries').map(fromSummary),
        nextToken: output.nextToken || undefined,
      },
      attempts: output.$metadata.attempts ?? 1,
    };
  } catch (error) {
    throw translateUpstreamError(error, {
      operation: 'ListFlowExecutions',
      resourceId: request.flowAliasId ?? request.flowId,
      validationField: request.nextToken ? 'after' : undefined,
    });
  }
}

export async function getFlowExecution(
  client: BedrockAgentRuntimeClient,
  request: GetExecutionRequest,
  abortSignal: AbortSignal | undefined,
): Promise<Attempted<ExecutionRecord>> {
  try {
    const output = await client.send(
      new GetFlowExecutionCommand({
        flowIdentifier: request.flowId,
        flowAliasIdentifier: request.flowAliasId,
        executionIdentifier: request.executionIdentifier,
      }),
      { abortSignal },
    );
    return { value: fromDetail(output), attempts: output.$metadata.attempts ?? 1 };
  } catch (error) {
    throw translateUpstreamError(error, {
      operation: 'GetFlowExecution',
      resourceId: request.executionIdentifier,
    });
  }
}

function fromSummary(summary: FlowExecutionSummary): ExecutionRecord {
  return {
    executionArn: required(summary.executionArn, 'executionArn'),
    flowId: required(summary.flowIdentifier, 'flowIdentifier'),
    flowAliasId: required(summary.flowAliasIdentifier, 'flowAliasIdentifier'),
    flowVersion: required(summary.flowVersion, 'flowVersion'),
    status: status(summary.status),
    createdAt: required(summary.createdAt, 'createdAt'),
    startedAt: undefined,
    endedAt: summary.endedAt,
    errors: undefined,
  };
}

function fromDetail(output: GetFlowExecutionCommandOutput): ExecutionRecord {
  return {
    executionArn: required(output.executionArn, 'executionArn'),
    flowId: required(output.flowIdentifier, 'flowIdentifier'),
    flowAliasId: required(output.flowAliasIdentifier, 'flowAliasIdentifier'),
    flowVersion: required(output.flowVersion, 'flowVersion'),
    status: status(output.status),
    createdAt: undefined,
    startedAt: required(output.startedAt, 'startedAt'),
    endedAt: output.endedAt,
    errors: (output.errors ?? []).map((e) => ({
      error: e.error,
      message: e.message,
      nodeName: e.nodeName,
    })),
  };
}

// A response without a required member breaks the upstream's contract. That is not a failure a
// client can act on, so it surfaces as an unexpected error: masked for clients, logged for operators.
function required<T>(value: T | undefined, member: string): T {
  if (value === undefined || value === null) {
    throw new Error(`Bedrock response is missing required member ${member}`);
  }
  return value;
}

function status(value: string | undefined): ExecutionStatus {
  const known = required(value, 'status');
  if (!isStatus(known)) throw new Error(`Bedrock reported an unknown execution status ${known}`);
  return known;
}

function isStatus(value: string): value is ExecutionStatus {
  return STATUSES.has(value);
}

/** Whether an execution can no longer change: every status but Running is final. */
export function isFinal(status: ExecutionStatus): boolean {
  return status !== 'Running';
}
