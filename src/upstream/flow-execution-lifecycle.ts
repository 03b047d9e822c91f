import {
  StartFlowExecutionCommand,
  StopFlowExecutionCommand,
} from '@aws-sdk/client-bedrock-agent-runtime';
import type { BedrockClients } from './client.js';
import { translateUpstreamError } from './error-mapping.js';
import { UpstreamError } from './errors.js';
import type { ExecutionStatus } from './flow-executions.js';

/** A JSON value: what a flow input's document may be. */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | JsonValue[]
  | { [key: string]: JsonValue };

/** One StartFlowExecution request, already validated. */
export interface StartExecutionRequest {
  readonly flowId: string;
  readonly flowAliasId: string;
  readonly input: {
    readonly nodeName: string;
    readonly nodeOutputName: string | undefined;
    readonly nodeInputName: string | undefined;
    readonly document: JsonValue;
  };
  /** Makes the start idempotent upstream, and so safe to retry. */
  readonly executionName: string | undefined;
  readonly latency: 'standard' | 'optimized' | undefined;
}

/**
 * Starts an execution. Without a name it goes through the single-attempt client: a retry after a
 * 5xx or a dropped connection could start the flow twice. With a name the upstream answers a repeat
 * with the same execution, so the usual retries apply.
 */
export async function startFlowExecution(
  clients: BedrockClients,
  request: StartExecutionRequest,
  abortSignal: AbortSignal | undefined,
): Promise<{ executionArn: string }> {
  const named = request.executionName !== undefined;
  try {
    const output = await (named ? clients.client : clients.singleAttempt).send(
      new StartFlowExecutionCommand({
        flowIdentifier: request.flowId,
        flowAliasIdentifier: request.flowAliasId,
        flowExecutionName: request.executionName,
        inputs: [
          {
            nodeName: request.input.nodeName,
            nodeOutputName: request.input.nodeOutputName,
            nodeInputName: request.input.nodeInputName,
            content: { document: request.input.document },
          },
        ],
        ...(request.latency
          ? { modelPerformanceConfiguration: { performanceConfig: { latency: request.latency } } }
          : {}),
      }),
      { abortSignal },
    );
    if (!output.executionArn) throw new Error('Bedrock started an execution without an ARN');
    return { executionArn: output.executionArn };
  } catch (error) {
    const translated = translateUpstreamError(error, {
      operation: 'StartFlowExecution',
      resourceId: request.flowAliasId,
    });
    // Without a name, a failed attempt may still have started a run: retrying blindly could start
    // another, so the error says so rather than inviting a retry.
    if (translated instanceof UpstreamError && !named && translated.retryable) {
      throw new UpstreamError(
        `${translated.message} The execution may or may not have started; give an executionName to make retries safe.`,
        false,
        translated.requestId,
        { cause: translated },
      );
    }
    throw translated;
  }
}

/** One StopFlowExecution request. */
export interface StopExecutionRequest {
  readonly flowId: string;
  readonly flowAliasId: string;
  readonly executionIdentifier: string;
}

/** Stops a running execution; retrying is safe (a second stop is a ConflictError, never a second effect). */
export async function stopFlowExecution(
  clients: BedrockClients,
  request: StopExecutionRequest,
  abortSignal: AbortSignal | undefined,
): Promise<{ executionArn: string; status: ExecutionStatus }> {
  try {
    const output = await clients.client.send(
      new StopFlowExecutionCommand({
        flowIdentifier: request.flowId,
        flowAliasIdentifier: request.flowAliasId,
        executionIdentifier: request.executionIdentifier,
      }),
      { abortSignal },
    );
    return {
      executionArn: output.executionArn ?? request.executionIdentifier,
      status: statusOf(output.status),
    };
  } catch (error) {
    throw translateUpstreamError(error, {
      operation: 'StopFlowExecution',
      resourceId: request.executionIdentifier,
    });
  }
}

const STATUSES = ['Running', 'Succeeded', 'Failed', 'TimedOut', 'Aborted'] as const;

function statusOf(value: string | undefined): ExecutionStatus {
  const status = STATUSES.find((known) => known === value);
  if (!status) throw new Error(`Bedrock reported an unknown execution status ${value}`);
  return status;
}
