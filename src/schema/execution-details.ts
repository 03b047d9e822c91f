import type { GatewayContext } from '../context.js';
import type { SnapshotRecord } from '../upstream/flow-execution-events.js';
import {
  type ExecutionErrorRecord,
  type ExecutionRecord,
  executionRequestFor,
  isFinal,
} from '../upstream/flow-executions.js';

/** The flow as it stood when the execution started (cached across requests once it is final). */
export function loadSnapshot(
  context: GatewayContext,
  execution: ExecutionRecord,
): Promise<SnapshotRecord> {
  return context.loaders.snapshots.load({
    ...executionRequestFor(execution.executionArn),
    executionFinal: isFinal(execution.status),
  });
}

/**
 * The errors GetFlowExecution reports. A record from a listing has none loaded (summaries do not
 * carry them), so it costs one GetFlowExecution call, shared within the request.
 */
export async function loadExecutionErrors(
  context: GatewayContext,
  execution: ExecutionRecord,
): Promise<readonly ExecutionErrorRecord[]> {
  if (execution.errors) return execution.errors;
  const detail = await context.loaders.executions.load(executionRequestFor(execution.executionArn));
  return detail.errors ?? [];
}
