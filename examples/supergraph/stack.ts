/**
 * The whole supergraph on one machine: the embedded Bedrock emulator, this gateway as a
 * subgraph, the example records subgraph and a federation gateway composing the two. Used by
 * `npm run supergraph` and by the end-to-end test, so what the test proves is what users run.
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../src/config.js';
import { type Emulator, type EmulatorOptions, startEmulator } from '../../src/emulator/server.js';
import { createLogger, type Logger } from '../../src/logger.js';
import type { SubgraphOptions } from '../../src/schema/subgraph.js';
import { createGateway } from '../../src/server.js';
import { createBedrockClients } from '../../src/upstream/client.js';
import { createFederationGateway } from './federation-gateway.js';
import { createRecordsSubgraph } from './records-subgraph.js';

export interface SupergraphStackOptions {
  /** Interface every server listens on. Default 127.0.0.1. */
  readonly host?: string;
  /** Port of the federation gateway. Default 0 (any free port); the subgraphs always take any. */
  readonly port?: number;
  readonly emulator?: EmulatorOptions;
  /** How the Bedrock gateway joins. Default: the subgraph defaults. */
  readonly subgraph?: SubgraphOptions;
  /** Distinct executions the records refer to. Default 20. */
  readonly executions?: number;
  /** Records per execution. Default 5: 100 records referring to 20 executions. */
  readonly recordsPerExecution?: number;
  /** The Bedrock gateway's logs. Default: JSON lines on stderr at `warn`. */
  readonly logger?: Logger;
  readonly cursorSecret?: string;
}

export interface SupergraphStack {
  readonly emulator: Emulator;
  /** The federation gateway's GraphQL endpoint (GraphiQL in a browser). */
  readonly supergraphUrl: string;
  readonly bedrockUrl: string;
  readonly recordsUrl: string;
  /** The execution ARNs the records refer to, in record order. */
  readonly executionArns: readonly string[];
  close(): Promise<void>;
}

export async function startSupergraphStack(
  options: SupergraphStackOptions = {},
): Promise<SupergraphStack> {
  const host = options.host ?? '127.0.0.1';
  const servers: Server[] = [];
  const emulator = await startEmulator({ host, ...options.emulator });
  // The example runs on loopback with the emulator: the defaults `npm start` would use there.
  const config = loadConfig({
    CURSOR_SECRET: options.cursorSecret ?? 'supergraph-example-cursor-secret-0123456789',
  });
  const clients = createBedrockClients({
    ...config.upstream,
    region: 'us-east-1',
    endpoint: emulator.endpoint,
    credentials: { accessKeyId: 'emulator', secretAccessKey: 'emulator' },
  });
  let federation: Awaited<ReturnType<typeof createFederationGateway>> | undefined;
  const close = async () => {
    for (const server of servers.reverse()) await closeServer(server);
    await federation?.stop();
    clients.destroy();
    await emulator.close();
  };

  try {
    const bedrock = createGateway({
      clients,
      logger: options.logger ?? createLogger('warn'),
      subgraph: options.subgraph ?? {},
      config,
    });
    const bedrockUrl = await listen(servers, bedrock, host, 0);

    const executionArns = readableExecutionArns(emulator, options.executions ?? 20);
    const records = createRecordsSubgraph({
      executionArns,
      recordsPerExecution: options.recordsPerExecution ?? 5,
    });
    const recordsUrl = await listen(servers, records, host, 0);

    federation = await createFederationGateway({
      subgraphs: [
        { name: 'bedrock', url: `${bedrockUrl}/graphql` },
        { name: 'records', url: `${recordsUrl}/graphql` },
      ],
      defaultQuery: EXAMPLE_QUERY,
    });
    const supergraphUrl = await listen(servers, federation.yoga, host, options.port ?? 0);

    return {
      emulator,
      supergraphUrl: `${supergraphUrl}/graphql`,
      bedrockUrl: `${bedrockUrl}/graphql`,
      recordsUrl: `${recordsUrl}/graphql`,
      executionArns,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Executions of the flows every caller may read, taken round-robin across those flows. */
function readableExecutionArns(emulator: Emulator, count: number): string[] {
  const perFlow = emulator.store
    .listFlows()
    .filter((flow) => !flow.denied)
    .map((flow) => emulator.store.listExecutions(flow.flowId));
  const arns: string[] = [];
  for (let i = 0; arns.length < count && perFlow.some((list) => i < list.length); i += 1) {
    for (const list of perFlow) {
      const execution = list[i];
      if (execution && arns.length < count) arns.push(execution.executionArn);
    }
  }
  return arns;
}

/** What GraphiQL opens on: records from one subgraph, their executions and flows from the other. */
export const EXAMPLE_QUERY = `# Records come from the records subgraph; each record's execution and flow
# are fetched from the Bedrock flows gateway, one GetFlowExecution per
# distinct execution however many records refer to it.
query RecordsWithExecutions {
  flowRunRecords(first: 10) {
    edges {
      node {
        id
        note
        execution {
          executionId
          status
          flowAliasId
          createdAt
        }
        flow {
          flowId
          executions(first: 3) {
            edges {
              node {
                executionId
                status
              }
            }
          }
        }
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
`;

async function listen(
  servers: Server[],
  handler: RequestListener,
  host: string,
  port: number,
): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('Server has no TCP address');
  const shown = host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${(address satisfies AddressInfo).port}`;
}

function closeServer(server: Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  server.closeAllConnections();
  return new Promise((resolve, reject) =>
    server.close((error) => (error ? reject(error) : resolve())),
  );
}
