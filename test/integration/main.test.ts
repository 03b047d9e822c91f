import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../src/emulator/server.js';

/** Runs `npm start`'s entry point as a child process with exactly this environment. */
function startGateway(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      PATH: process.env.PATH ?? '',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Resolves with the child's output once `pattern` appears in it. */
function waitForOutput(child: ChildProcess, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const match = pattern.exec(seen);
      if (match) resolve(match);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`exited with ${code} before ${pattern}:\n${seen}`)),
    );
  });
}

describe('the gateway process', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.close());

  it('talks to any endpoint named by AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME, as it would to AWS', async () => {
    const child = startGateway({
      PORT: '0',
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME: emulator.endpoint,
      AWS_ACCESS_KEY_ID: 'AKIDFROMENV',
      AWS_SECRET_ACCESS_KEY: 'secret',
      CURSOR_SECRET: 'a-cursor-secret-of-at-least-32-characters',
    });
    try {
      const output = await waitForOutput(child, /backend:\s+(.*)\n\s+GraphiQL: (http:\S+)/);
      expect(output[1]).toContain('AWS (us-east-1');
      expect(output[1]).toContain(emulator.endpoint);
      const response = await fetch(output[2] ?? '', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query:
            '{ flow(id: "SUMMARY002") { __typename ... on Flow { executions(first: 3) { edges { cursor } } } } }',
        }),
      });
      const body = await response.json();
      expect(body.data.flow.executions.edges).toHaveLength(3);
      // The standard credential chain picked the key up from the environment and signed with it.
      const calls = emulator.requests.filter((r) => r.accessKeyId === 'AKIDFROMENV');
      expect(calls.map((r) => r.operation)).toEqual(['ListFlowExecutions']);
    } finally {
      child.kill('SIGTERM');
    }
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });

  it('finishes an in-flight request after SIGTERM, then exits', async () => {
    emulator.setFaults({ latencyMs: 1500 });
    const child = startGateway({
      PORT: '0',
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME: emulator.endpoint,
      AWS_ACCESS_KEY_ID: 'AKIDFROMENV',
      AWS_SECRET_ACCESS_KEY: 'secret',
    });
    try {
      const [, url] = await waitForOutput(child, /GraphiQL: (http:\S+)/);
      const arrived = new Promise<void>((resolve) => {
        const off = emulator.onRequest(() => {
          off();
          resolve();
        });
      });
      const inFlight = fetch(url ?? '', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query:
            '{ flow(id: "ROUTING003") { __typename ... on Flow { executions(first: 2) { edges { cursor } } } } }',
        }),
      });
      await arrived;
      child.kill('SIGTERM');
      const response = await inFlight;
      const body = await response.json();
      expect(body.data.flow.executions.edges).toHaveLength(2);
      const [code] = await once(child, 'exit');
      expect(code).toBe(0);
    } finally {
      emulator.resetFaults();
      child.kill('SIGKILL');
    }
  });

  it('refuses to start on bad configuration and names every problem', async () => {
    const child = startGateway({
      PORT: 'eighty',
      CURSOR_SECRET: 'short',
      UPSTREAM_PROTOCOL: 'http3',
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const [code] = await once(child, 'exit');
    expect(code).toBe(78);
    expect(stderr).toContain('PORT');
    expect(stderr).toContain('CURSOR_SECRET');
    expect(stderr).toContain('UPSTREAM_PROTOCOL');
  });
});
