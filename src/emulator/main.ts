/**
 * `npm run emulator`: the Bedrock flow-execution emulator on its own, for the gateway, the AWS CLI
 * or any SDK. EMULATOR_PORT (default 4010), EMULATOR_HOST (default 127.0.0.1) and, optionally,
 * EMULATOR_FAULTS (JSON fault settings, as for PUT /_emulator/faults).
 */
import { parseFaultPatch } from './faults.js';
import { startEmulator } from './server.js';

function readPort(value: string | undefined): number {
  if (value === undefined || value === '') return 4010;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`EMULATOR_PORT must be a port number (0-65535), got '${value}'.`);
  }
  return port;
}

function readFaults(value: string | undefined) {
  if (value === undefined || value === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new Error('EMULATOR_FAULTS must be JSON, e.g. {"throttleRate":0.1}.');
  }
  return parseFaultPatch(parsed);
}

async function main(): Promise<void> {
  const port = readPort(process.env.EMULATOR_PORT);
  const host = process.env.EMULATOR_HOST || '127.0.0.1';
  const faults = readFaults(process.env.EMULATOR_FAULTS);
  const emulator = await startEmulator({ host, port, faults });
  const region = emulator.store.region;
  console.log(
    `Bedrock flow-execution emulator listening on ${emulator.endpoint} (HTTP/1.1 and h2c)`,
  );
  console.log(
    `Demo flows: ${emulator.store
      .listFlows()
      .map((flow) => flow.flowId)
      .join(', ')}; control endpoints under ${emulator.endpoint}/_emulator/`,
  );
  console.log(
    `AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME=${emulator.endpoint} AWS_REGION=${region} AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x`,
  );

  const stop = (signal: string) => {
    console.log(`${signal}: stopping the emulator`);
    emulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  // Configuration mistakes read better as one line than as a stack.
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
