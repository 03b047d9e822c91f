import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { type ExecutionResult, print } from 'graphql';
import { onTestFailed } from 'vitest';
import type { Config } from '../../src/config.js';
import { type Emulator, type EmulatorOptions, startEmulator } from '../../src/emulator/server.js';
import { createLogger } from '../../src/logger.js';
import { createGateway } from '../../src/server.js';
import { createBedrockClients } from '../../src/upstream/client.js';
import {
  createExecutionWatches,
  type ExecutionWatches,
  type PollSettings,
} from '../../src/upstream/execution-watch.js';

export interface HarnessOptions {
  readonly protocol?: 'http1' | 'http2';
  readonly emulator?: EmulatorOptions;
  readonly pagination?: Partial<Config['pagination']>;
  readonly upstream?: Partial<Config['upstream']>;
  readonly accessKeyId?: string;
  /** How subscriptions poll. Default: every 5 ms, backing off to 40 ms, so suites stay fast. */
  readonly poll?: PollSettings;
}

/** A real emulator, the real SDK client over real sockets, and the gateway on a real port. */
export interface Harness {
  readonly emulator: Emulator;
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
  const upstream: Config['upstream'] = {
    protocol: options.protocol ?? 'http1',
    connectTimeoutMs: 1000,
    requestTimeoutMs: 5000,
    maxAttempts: 3,
    operationDeadlineMs: 20_000,
    ...options.upstream,
  };
  const clients = createBedrockClients({
    ...upstream,
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
    config: {
      cursorSecret: TEST_CURSOR_SECRET,
      graphiql: true,
      upstream,
      pagination: { defaultFirst: 20, maxFirst: 100, extraCallsPerField: 5, ...options.pagination },
    },
  });
  const server = createServer(gateway);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    emulator,
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
