/**
 * `npm run supergraph`: the embedded Bedrock emulator, this gateway as a Federation v2 subgraph,
 * the example records subgraph and a federation gateway composing them, all on loopback. Prints
 * the supergraph's GraphiQL URL; Ctrl-C stops everything.
 *
 * SUPERGRAPH_PORT (default 4000) and HOST (default 127.0.0.1) say where the supergraph listens;
 * the subgraphs and the emulator take free ports.
 */
import { startSupergraphStack } from '../examples/supergraph/stack.js';
import { createLogger } from '../src/logger.js';

const port = Number(process.env.SUPERGRAPH_PORT ?? 4000);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(
    `SUPERGRAPH_PORT must be a port number, not ${process.env.SUPERGRAPH_PORT}\n`,
  );
  process.exit(78); // EX_CONFIG
}

const stack = await startSupergraphStack({
  host: process.env.HOST ?? '127.0.0.1',
  port,
  logger: createLogger('warn'),
});

process.stdout.write(
  [
    'Supergraph ready',
    `  GraphiQL:  ${stack.supergraphUrl}`,
    `  subgraphs: bedrock ${stack.bedrockUrl}`,
    `             records ${stack.recordsUrl}`,
    `  backend:   embedded emulator at ${stack.emulator.endpoint}`,
    '',
  ].join('\n'),
);

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  process.stdout.write(`${signal} received: stopping\n`);
  // Give up after a bound rather than hang on a stuck connection.
  const deadline = setTimeout(() => process.exit(1), 10_000);
  deadline.unref();
  stack.close().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`Failed to stop cleanly: ${String(error)}\n`);
      process.exit(1);
    },
  );
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
