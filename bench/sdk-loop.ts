import {
  type BedrockAgentRuntimeClient,
  ListFlowExecutionsCommand,
} from '@aws-sdk/client-bedrock-agent-runtime';
import type { Command, LoopReply } from './ipc.js';
import { percentile } from './stats.js';

/** The listing every page scenario reads; 250 executions, so 10 full pages always exist. */
export const BENCH_FLOW_ID = 'SUPPORT001';

/**
 * Baseline (a), the ceiling: `concurrency` loops calling ListFlowExecutions through the gateway's
 * own client for `durationMs`, no GraphQL. An operation is `callsPerOp` sequential calls following
 * the page token (10 is what a `first: 100` window costs upstream). The loops stop by themselves.
 */
export async function runSdkLoop(
  client: BedrockAgentRuntimeClient,
  command: Extract<Command, { kind: 'sdk-loop' }>,
): Promise<LoopReply> {
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + command.durationMs;

  const operation = async () => {
    let nextToken: string | undefined;
    for (let call = 0; call < command.callsPerOp; call += 1) {
      const output = await client.send(
        new ListFlowExecutionsCommand({ flowIdentifier: BENCH_FLOW_ID, maxResults: 10, nextToken }),
      );
      nextToken = output.nextToken;
    }
  };
  const loop = async () => {
    while (performance.now() < deadline) {
      const start = performance.now();
      try {
        await operation();
        latencies.push(performance.now() - start);
      } catch {
        errors += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: command.concurrency }, loop));
  return {
    ops: latencies.length,
    errors,
    elapsedMs: performance.now() - started,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
  };
}
