import { spawn } from 'node:child_process';
import http from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../src/emulator/server.js';
import { authorization } from './sdk-clients.js';

const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let emulator: Emulator;
const signed = { authorization: authorization('AKIDRAW') };

beforeAll(async () => {
  emulator = await startEmulator({ baseTime: new Date('2025-03-01T12:07:00.000Z') });
});

afterAll(async () => {
  await emulator.close();
});

/** A request over one HTTP/2 prior-knowledge (h2c) session. */
async function h2Get(
  endpoint: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: http2.IncomingHttpHeaders; body: string }> {
  const session = http2.connect(endpoint);
  try {
    return await new Promise((resolve, reject) => {
      const stream = session.request({ ':path': path, ...headers });
      let body = '';
      let responseHeaders: http2.IncomingHttpHeaders = {};
      stream.on('response', (received) => {
        responseHeaders = received;
      });
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        body += chunk;
      });
      stream.on('end', () =>
        resolve({ status: Number(responseHeaders[':status']), headers: responseHeaders, body }),
      );
      stream.on('error', reject);
      stream.end();
    });
  } finally {
    session.close();
  }
}

describe('the wire format', () => {
  it('answers with a request id, JSON, and ISO-8601 timestamps with milliseconds', async () => {
    const response = await fetch(`${emulator.endpoint}/flows/SUPPORT001/executions?maxResults=3`, {
      headers: signed,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-amzn-requestid')).toMatch(UUID);
    expect(response.headers.get('content-type')).toBe('application/json');
    const body = (await response.json()) as {
      flowExecutionSummaries: Record<string, string>[];
      nextToken: string;
    };
    expect(body.flowExecutionSummaries).toHaveLength(3);
    for (const summary of body.flowExecutionSummaries) {
      expect(summary.createdAt).toMatch(ISO_MS);
      if (summary.status !== 'Running') expect(summary.endedAt).toMatch(ISO_MS);
    }
    expect(body.nextToken).toMatch(/^\S{1,2048}$/);
  });

  it('names the start startedAt in GetFlowExecution and never createdAt', async () => {
    const [execution] = emulator.store.listExecutions('SUMMARY002');
    if (!execution) throw new Error('no executions');
    const path = `/flows/SUMMARY002/aliases/${execution.flowAliasId}/executions/${encodeURIComponent(execution.executionArn)}`;
    const response = await fetch(`${emulator.endpoint}${path}`, { headers: signed });
    const body = (await response.json()) as Record<string, unknown>;
    expect(body.startedAt).toBe(execution.createdAt.toISOString());
    expect(body).not.toHaveProperty('createdAt');
  });

  it('sends AWS error headers and a JSON message for a failure', async () => {
    const response = await fetch(`${emulator.endpoint}/flows/NOSUCHFLOW/executions`, {
      headers: signed,
    });
    expect(response.status).toBe(404);
    expect(response.headers.get('x-amzn-errortype')).toBe('ResourceNotFoundException');
    expect(response.headers.get('x-amzn-requestid')).toMatch(UUID);
    expect(await response.json()).toEqual({ message: 'Flow NOSUCHFLOW was not found.' });
  });

  it('decodes each path segment on its own, so an encoded slash cannot reach another route', async () => {
    const encoded = encodeURIComponent('../../x/ABCDEFGHIJ');
    const response = await fetch(`${emulator.endpoint}/flows/${encoded}/executions`, {
      headers: signed,
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('x-amzn-errortype')).toBe('ValidationException');
    const malformed = await fetch(`${emulator.endpoint}/flows/%E0%A4%A/executions`, {
      headers: signed,
    });
    expect(malformed.status).toBe(400);
  });

  it.each([
    ['GET', '/flows'],
    ['GET', '/flows/SUPPORT001/executions/extra'],
    ['POST', '/flows/SUPPORT001/executions'],
    ['GET', '/_emulatorx/health'],
  ])('answers %s %s with 404 UnknownOperationException', async (method, path) => {
    const response = await fetch(`${emulator.endpoint}${path}`, { method, headers: signed });
    expect(response.status).toBe(404);
    expect(response.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
  });

  it.each([
    ['no Authorization header', {}],
    ['a Basic Authorization header', { authorization: 'Basic dXNlcjpwYXNz' }],
    [
      'a SigV4 header without a signature',
      { authorization: 'AWS4-HMAC-SHA256 Credential=AKID/20250301/us-east-1/bedrock/aws4_request' },
    ],
  ])('denies a request with %s', async (_, headers: Record<string, string>) => {
    const response = await fetch(`${emulator.endpoint}/flows/SUPPORT001/executions`, { headers });
    expect(response.status).toBe(403);
    expect(response.headers.get('x-amzn-errortype')).toBe('AccessDeniedException');
    expect(((await response.json()) as { message: string }).message).toMatch(
      /Authentication|SigV4/,
    );
  });
});

describe('one port, two protocols', () => {
  it('serves HTTP/1.1 keep-alive requests on one connection', async () => {
    const before = emulator.connections;
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const get = () =>
      new Promise<number>((resolve, reject) => {
        http
          .get(
            `${emulator.endpoint}/flows/SUPPORT001/executions`,
            { agent, headers: signed },
            (res) => {
              res.resume();
              res.on('end', () => resolve(res.statusCode ?? 0));
            },
          )
          .on('error', reject);
      });
    expect([await get(), await get(), await get()]).toEqual([200, 200, 200]);
    agent.destroy();
    expect(emulator.connections.http1 - before.http1).toBe(1);
    expect(emulator.connections.http2).toBe(before.http2);
  });

  it('serves h2c (HTTP/2 with prior knowledge) on the same port', async () => {
    const before = emulator.connections;
    emulator.clearRequests();
    const answer = await h2Get(
      emulator.endpoint,
      '/flows/SUPPORT001/executions?maxResults=2',
      signed,
    );
    expect(answer.status).toBe(200);
    expect(answer.headers['x-amzn-requestid']).toMatch(UUID);
    expect(JSON.parse(answer.body).flowExecutionSummaries).toHaveLength(2);
    expect(emulator.connections.http2 - before.http2).toBe(1);
    expect(emulator.connections.http1).toBe(before.http1);
    expect(emulator.requests.at(-1)?.httpVersion).toBe('2.0');
  });

  it('tells HTTP/2 from HTTP/1 even when the first bytes arrive one at a time', async () => {
    const socket = net.connect(Number(new URL(emulator.endpoint).port), '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const request = 'GET /_emulator/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n';
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      answer += chunk;
    });
    const ended = new Promise<void>((resolve) => socket.once('end', () => resolve()));
    for (const byte of request.slice(0, 5)) socket.write(byte);
    socket.write(request.slice(5));
    await ended;
    socket.destroy();
    expect(answer).toMatch(/^HTTP\/1\.1 200 OK/);
  });
});

describe('the request log', () => {
  it('records each emulated request with its outcome, and forgets them on clearRequests', async () => {
    emulator.clearRequests();
    await fetch(`${emulator.endpoint}/flows/SUPPORT001/executions?maxResults=2`, {
      headers: signed,
    });
    await fetch(`${emulator.endpoint}/flows/LOCKED0004/executions`, { headers: signed });
    await fetch(`${emulator.endpoint}/_emulator/health`);
    const [ok, denied, ...rest] = emulator.requests;
    expect(rest).toEqual([]);
    expect(ok).toEqual({
      requestId: expect.stringMatching(UUID),
      operation: 'ListFlowExecutions',
      method: 'GET',
      path: '/flows/SUPPORT001/executions',
      query: { maxResults: '2' },
      status: 200,
      httpVersion: '1.1',
      accessKeyId: 'AKIDRAW',
      receivedAt: expect.stringMatching(ISO_MS),
    });
    expect(denied).toMatchObject({ status: 403, errorType: 'AccessDeniedException' });
    emulator.clearRequests();
    expect(emulator.requests).toEqual([]);
  });
});

describe('the control endpoints', () => {
  it('report health and connection counts', async () => {
    const response = await fetch(`${emulator.endpoint}/_emulator/health`);
    const body = (await response.json()) as { status: string; connections: { http1: number } };
    expect(body.status).toBe('ok');
    expect(body.connections.http1).toBeGreaterThan(0);
  });

  it('set, show and reset faults over HTTP, refusing bad settings with every problem', async () => {
    const put = await fetch(`${emulator.endpoint}/_emulator/faults`, {
      method: 'PUT',
      body: JSON.stringify({ failNext: [503], latencyMs: 0 }),
    });
    expect(put.status).toBe(200);
    expect(emulator.faults.failNext).toEqual([503]);
    const faulted = await fetch(`${emulator.endpoint}/flows/SUPPORT001/executions`, {
      headers: signed,
    });
    expect(faulted.status).toBe(503);
    expect(faulted.headers.get('x-amzn-errortype')).toBe('ServiceUnavailableException');

    const bad = await fetch(`${emulator.endpoint}/_emulator/faults`, {
      method: 'PUT',
      body: JSON.stringify({ throttleRate: 3, nonsense: true }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(/nonsense.*throttleRate/);

    await fetch(`${emulator.endpoint}/_emulator/faults`, {
      method: 'PUT',
      body: JSON.stringify({ throttleRate: 1 }),
    });
    const shown = await fetch(`${emulator.endpoint}/_emulator/faults`);
    expect(await shown.json()).toMatchObject({ throttleRate: 1 });
    const reset = await fetch(`${emulator.endpoint}/_emulator/faults`, { method: 'DELETE' });
    expect(await reset.json()).toMatchObject({ throttleRate: 0, failNext: [] });
  });

  it('list and clear the request log over HTTP', async () => {
    emulator.clearRequests();
    await fetch(`${emulator.endpoint}/flows/SUPPORT001/executions`, { headers: signed });
    const listed = await fetch(`${emulator.endpoint}/_emulator/requests`);
    const body = (await listed.json()) as { requests: { operation: string }[] };
    expect(body.requests.map((entry) => entry.operation)).toEqual(['ListFlowExecutions']);
    const cleared = await fetch(`${emulator.endpoint}/_emulator/requests`, { method: 'DELETE' });
    expect(await cleared.json()).toEqual({ cleared: 1 });
    expect(emulator.requests).toHaveLength(0);
  });

  it('answer over h2c too', async () => {
    const answer = await h2Get(emulator.endpoint, '/_emulator/health');
    expect(answer.status).toBe(200);
  });
});

describe('starting and stopping', () => {
  it('anchors demo data to the start time truncated to the minute by default', async () => {
    const started = Date.now();
    const fresh = await startEmulator();
    try {
      expect(fresh.store.baseTime.getTime() % 60_000).toBe(0);
      expect(started - fresh.store.baseTime.getTime()).toBeLessThan(60_000);
      expect(fresh.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      await fresh.close();
    }
  });

  it('closes with connections still open on both protocols, freeing the port', async () => {
    const closing = await startEmulator();
    const port = Number(new URL(closing.endpoint).port);
    const agent = new http.Agent({ keepAlive: true });
    await new Promise<void>((resolve, reject) => {
      http
        .get(`${closing.endpoint}/_emulator/health`, { agent }, (res) => {
          res.resume();
          res.on('end', () => resolve());
        })
        .on('error', reject);
    });
    const session = http2.connect(closing.endpoint);
    const sessionClosed = new Promise<void>((resolve) => session.once('close', () => resolve()));
    session.on('error', () => {});
    await new Promise<void>((resolve) => session.once('remoteSettings', () => resolve()));
    expect(closing.connections).toEqual({ http1: 1, http2: 1 });

    await closing.close();
    await sessionClosed;
    agent.destroy();
    const refused = await new Promise<string>((resolve) => {
      const probe = net.connect(port, '127.0.0.1');
      probe.once('connect', () => {
        probe.destroy();
        resolve('connected');
      });
      probe.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    });
    expect(refused).toBe('ECONNREFUSED');
  });

  it('runs standalone (npm run emulator), printing the SDK environment and stopping on SIGTERM', async () => {
    const main = fileURLToPath(new URL('../../src/emulator/main.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', main], {
      env: { ...process.env, EMULATOR_PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    );
    let output = '';
    const line = await new Promise<string>((resolve, reject) => {
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => {
        output += chunk;
        const found = /^AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME=.*$/m.exec(output);
        if (found) resolve(found[0]);
      });
      child.once('exit', () => reject(new Error(`The emulator exited early: ${output}`)));
    });
    expect(line).toMatch(
      /^AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME=http:\/\/127\.0\.0\.1:\d+ AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x$/,
    );
    const endpoint = /=(\S+)/.exec(line)?.[1] ?? '';
    expect((await fetch(`${endpoint}/_emulator/health`)).status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('refuses to start standalone on a malformed EMULATOR_PORT', async () => {
    const main = fileURLToPath(new URL('../../src/emulator/main.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', main], {
      env: { ...process.env, EMULATOR_PORT: 'forty' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let errors = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      errors += chunk;
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(errors).toContain('EMULATOR_PORT');
  });
});
