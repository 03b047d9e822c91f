import { createServer } from 'node:http';
import { type Config, ConfigError, loadConfig } from './config.js';
import { startEmulator } from './emulator/server.js';
import { createLogger } from './logger.js';
import { createGateway } from './server.js';
import { createBedrockClients } from './upstream/client.js';

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

const gateway = createGateway({ clients, config, logger });
const server = createServer(gateway);
server.listen(config.port, config.host, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const upstream = emulator
    ? `embedded emulator at ${emulator.endpoint}`
    : `AWS (${config.region ?? 'region from the SDK chain'}${process.env.AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME ? `, endpoint ${process.env.AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME}` : ''})`;
  process.stdout.write(
    [
      `Bedrock flows gateway ready`,
      `  backend:  ${upstream}`,
      `  GraphiQL: http://${host}:${port}/graphql`,
      `  health:   http://${host}:${port}/health`,
      '',
    ].join('\n'),
  );
});

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  logger.info(`${signal} received: finishing in-flight requests`);
  // Stop accepting, let in-flight requests finish, and give up after a bound.
  const deadline = setTimeout(() => process.exit(1), 10_000);
  deadline.unref();
  server.close(async () => {
    await gateway.dispose();
    clients.destroy();
    await emulator?.close();
    process.exit(0);
  });
  server.closeIdleConnections();
};
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
