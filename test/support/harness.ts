import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { type ExecutionResult, print } from 'graphql';
import { afterAll, beforeAll, beforeEach, onTestFailed } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { type Emulator, type EmulatorOptions, startEmulator } from '../../src/emulator/server.js';
import { createLogger } from '../../src/logger.js';
import type { SubgraphOptions } from '../../src/schema/subgraph.js';
import { createGateway, type Gateway } from '../../src/server.js';
import { createBedrockClients } from '../../src/upstream/client.js';
import {
  createExecutionWatches,
  type ExecutionWatches,
  type PollSettings,
} from '../../src/upstream/execution-watch.js';

export interface HarnessOptions {
  readonly protocol?: 'http1' | 'http2';
  readonly emulator?: EmulatorOptions;
  /** Environment the gateway's configuration is read from, as `npm start` would read it. */
  readonly env?: Readonly<Record<string, string>>;
  readonly accessKeyId?: string;
  /** Serve the Federation v2 subgraph schema instead of the plain one. */
  readonly subgraph?: SubgraphOptions;
  /** How subscriptions poll. Default: every 5 ms, backing off to 40 ms, so suites stay fast. */
  readonly poll?: PollSettings;
}

/** A real emulator, the real SDK client over real sockets, and the gateway on a real port. */
export interface Harness {
  readonly emulator: Emulator;
  /** The gateway itself, for in-process `gateway.fetch` (no socket) where volume matters. */
  readonly gateway: Gateway;
  readonly url: string;
  /** Every log record the gateway wrote. */
  readonly logs: Record<string, unknown>[];
  /** Sends a typed operation over HTTP; prints the exchange if the current test then fails. */
  execute<R, V>(document: TypedDocumentNode<R, V>, variables: V): Promise<ExecutionResult<R>>;
  /** The gateway's execution pollers, to count them. */
  readonly watches: ExecutionWatches;
  /** Upstream requests the emulator has logged, optionally for one operation. */
  upstreamCalls(operation?: string): number;
  close(): Promise<void>;
}

export const TEST_CURSOR_SECRET = 'test-cursor-secret-0123456789abcdef';

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const emulator = await startEmulator(options.emulator);
  const config = loadConfig({
    CURSOR_SECRET: TEST_CURSOR_SECRET,
    UPSTREAM_PROTOCOL: options.protocol ?? 'http1',
    OPERATION_DEADLINE_MS: '20000',
    ...options.env,
  });
  const clients = createBedrockClients({
    ...config.upstream,
    region: 'us-east-1',
    endpoint: emulator.endpoint,
    credentials: { accessKeyId: options.accessKeyId ?? 'AKIDTEST', secretAccessKey: 'secret' },
  });
  const logs: Record<string, unknown>[] = [];
  // Pollers without the immutable cache: tests count what subscriptions cost on their own.
  const watches = createExecutionWatches({
    client: clients.client,
    minIntervalMs: 5,
    maxIntervalMs: 40,
    ...options.poll,
  });
  const gateway = createGateway({
    clients,
    watches,
    logger: createLogger('debug', (line) => logs.push(JSON.parse(line))),
    ...(options.subgraph && { subgraph: options.subgraph }),
    config,
  });
  const server = createServer(gateway);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    emulator,
    gateway,
    url,
    logs,
    watches,
    async execute<R, V>(document: TypedDocumentNode<R, V>, variables: V) {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ query: print(document), variables }),
      });
      const text = await response.text();
      onTestFailed(() => {
        console.error(
          `Operation:\n${print(document)}\nVariables: ${JSON.stringify(variables)}\nHTTP ${response.status}: ${text}`,
        );
      });
      return JSON.parse(text) as ExecutionResult<R>;
    },
    upstreamCalls(operation?: string) {
      return emulator.requests.filter((r) => operation === undefined || r.operation === operation)
        .length;
    },
    async close() {
      await closeServer(server);
      await gateway.dispose();
      clients.destroy();
      await emulator.close();
    },
  };
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve, reject) =>
    server.close((error) => (error ? reject(error) : resolve())),
  );
}

/**
 * Starts a harness for the enclosing `describe` (before its first test, closed after its last),
 * with faults off and the request log empty before each test. Returns a stand-in that forwards to
 * the running harness, so tests read `h.execute(...)` as if it were the harness itself.
 */
export function useHarness(options: HarnessOptions = {}): Harness {
  let current: Harness | undefined;
  beforeAll(async () => {
    current = await startHarness(options);
  });
  afterAll(() => current?.close());
  beforeEach(() => {
    current?.emulator.resetFaults();
    current?.emulator.clearRequests();
  });
  const running = (): Harness => {
    if (!current) throw new Error('The harness starts in beforeAll: use it inside a test.');
    return current;
  };
  return new Proxy(Object.create(null), {
    get: (_, property) => Reflect.get(running(), property),
  });
}
