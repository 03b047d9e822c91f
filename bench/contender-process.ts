/**
 * One contender in a child process of its own: `gateway`, `naive` or `bare` serve HTTP on
 * 127.0.0.1; `sdk` runs the gateway's own SDK client in a loop on command (the ceiling).
 * Usage (by run.ts): contender-process.ts <kind>, with BENCH_UPSTREAM set to the emulator.
 */
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { createGateway } from '../src/server.js';
import { createBedrockClients } from '../src/upstream/client.js';
import { createBareServer } from './bare-server.js';
import { type Command, memoryReply, serveParent } from './ipc.js';
import { createNaiveServer } from './naive-server.js';
import { runSdkLoop } from './sdk-loop.js';

const kind = process.argv[2];
const endpoint = process.env.BENCH_UPSTREAM ?? '';
const region = 'us-east-1';
const credentials = { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench-secret' };
// The gateway's defaults (src/config.ts), as `npm start` would run it.
const config = loadConfig({ CURSOR_SECRET: 'bench-cursor-secret-0123456789abcdefghij' });

function gatewayClients() {
  return createBedrockClients({ ...config.upstream, region, endpoint, credentials });
}

function buildHandler(): RequestListener | undefined {
  switch (kind) {
    case 'gateway':
      // Logs are written as in production (one JSON line an operation) but not kept.
      return createGateway({
        clients: gatewayClients(),
        logger: createLogger('info', () => {}),
        config,
      });
    case 'subgraph':
      return createGateway({
        clients: gatewayClients(),
        logger: createLogger('info', () => {}),
        config,
        subgraph: {},
      });
    case 'naive':
      return createNaiveServer({ endpoint, region, credentials }).yoga;
    case 'bare':
      return createBareServer();
    case 'sdk':
      return undefined;
    default:
      throw new Error(`Unknown contender ${kind}; expected gateway, subgraph, naive, bare or sdk.`);
  }
}

const handler = buildHandler();
const sdkClient = kind === 'sdk' ? gatewayClients().client : undefined;

async function handle(command: Command): Promise<unknown> {
  switch (command.kind) {
    case 'memory':
      return memoryReply();
    case 'sdk-loop':
      if (!sdkClient) throw new Error(`${kind} does not run SDK loops`);
      return runSdkLoop(sdkClient, command);
    default:
      throw new Error(`A contender does not handle ${command.kind}`);
  }
}

if (handler) {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  serveParent(handle, { url: `http://127.0.0.1:${port}/graphql` });
} else {
  serveParent(handle, {});
}
