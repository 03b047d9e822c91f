import { createServer } from 'node:http';
import { type Config, ConfigError, loadConfig } from './config.js';
import { startEmulator } from './emulator/server.js';
import { createLogger } from './logger.js';
import { createMetrics } from './metrics.js';
import { createGateway } from './server.js';
import { createBedrockClients } from './upstream/client.js';

/** How long in-flight requests get to finish after SIGTERM before the process exits anyway. */
const SHUTDOWN_GRACE_MS = 10_000;

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(78); // EX_CONFIG
  }
  throw error;
}

const logger = createLogger(config.logLevel);

if (config.cursorSecretGenerated) {
  logger.warn(
    'CURSOR_SECRET is not set: using a random one, so cursors die with this process and are not portable between instances.',
  );
}
if (config.auth.disabled) {
  logger.warn(
    { host: config.host },
    'Authentication is off: every caller may read, start and stop executions. Configure AUTH_* before exposing the gateway.',
  );
}

const emulator =
  config.backend === 'emulator' ? await startEmulator({ port: config.emulatorPort }) : undefined;

const clients = createBedrockClients({
  ...config.upstream,
  ...(emulator
    ? {
        region: 'us-east-1',
        endpoint: emulator.endpoint,
        credentials: { accessKeyId: 'emulator', secretAccessKey: 'emulator' },
      }
    : { region: config.region }),
});

let ready = true;
const gateway = createGateway({
  clients,
  config,
  logger,
  metrics: createMetrics({ processMetrics: true }),
  readiness: { isReady: () => ready },
  ...(config.federation.subgraph && {
    subgraph: { nodeFields: config.federation.nodeFields },
  }),
});
const server = createServer(gateway);
server.listen(config.port, config.host, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const endpointOverride = process.env.AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME;
  const upstream = emulator
    ? `embedded emulator at ${emulator.endpoint}`
    : `AWS (${config.region ?? 'region from the SDK chain'}${endpointOverride ? `, endpoint ${endpointOverride}` : ''})`;
  process.stdout.write(
    [
      'Bedrock flows gateway ready',
      `  backend:  ${upstream}`,
      ...(config.federation.subgraph
        ? [
            `  schema:   Federation v2 subgraph (${config.federation.nodeFields ? 'with' : 'without'} node/nodes)`,
          ]
        : []),
      `  GraphiQL: http://${host}:${port}/graphql${config.graphiql ? '' : ' (GraphiQL off: GRAPHIQL=true to serve it)'}`,
      `  health:   http://${host}:${port}/health/ready`,
      '',
    ].join('\n'),
  );
});

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  ready = false;
  logger.info({ signal }, 'stopping: no new connections; in-flight requests may finish');
  const deadline = setTimeout(() => {
    logger.warn('in-flight requests did not finish in time; exiting anyway');
    process.exit(1);
  }, SHUTDOWN_GRACE_MS);
  deadline.unref();
  server.close(async () => {
    await gateway.dispose();
    clients.destroy();
    await emulator?.close();
    logger.info('stopped');
    process.exit(0);
  });
  // Keep-alive connections go idle as their last response finishes: close them as they do.
  server.closeIdleConnections();
  setInterval(() => server.closeIdleConnections(), 100).unref();
};
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
