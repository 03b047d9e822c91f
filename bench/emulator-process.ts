/**
 * The emulator in a child process of its own, so the upstream's CPU is not charged to the
 * contender or to the load generator. Counters and faults go over IPC (see ipc.ts).
 */
import { startEmulator } from '../src/emulator/server.js';
import { type Command, memoryReply, serveParent, type UpstreamStats } from './ipc.js';

const emulator = await startEmulator({
  host: '127.0.0.1',
  // Cleared before every measurement; the bound only has to hold one cell's requests.
  maxLoggedRequests: 5_000_000,
});

async function handle(command: Command): Promise<unknown> {
  switch (command.kind) {
    case 'upstream-stats': {
      const byOperation: Record<string, number> = {};
      const log = emulator.requests;
      for (const entry of log)
        byOperation[entry.operation] = (byOperation[entry.operation] ?? 0) + 1;
      const { http1, http2 } = emulator.connections;
      return {
        requests: log.length,
        byOperation,
        connections: http1 + http2,
      } satisfies UpstreamStats;
    }
    case 'upstream-clear':
      emulator.clearRequests();
      return null;
    case 'upstream-latency':
      return emulator.setFaults({ latencyMs: command.latencyMs });
    case 'memory':
      return memoryReply();
    default:
      throw new Error(`The emulator does not handle ${command.kind}`);
  }
}

serveParent(handle, { endpoint: emulator.endpoint });
