import http from 'node:http';
import autocannon from 'autocannon';
import { percentile } from './stats.js';

/** One operation of a scenario: a single request, or a chain that follows `endCursor`. */
export interface Operation {
  /** Request bodies in order; step `i > 0` gets the previous response's `endCursor`. */
  readonly steps: number;
  body(step: number, after: string | null): string;
}

export interface LoadResult {
  /** Completed operations per second (a chain counts once, when its last step answers). */
  readonly opsPerS: number;
  /** Per HTTP request, in milliseconds. */
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Transport errors, timeouts, non-2xx answers and answers carrying GraphQL errors. */
  readonly errors: number;
}

const HEADERS = { 'content-type': 'application/json', accept: 'application/json' };

/** A GraphQL answer that failed: `errors`, or an error member of a result union. */
export function isFailedAnswer(body: string): boolean {
  return body.includes('"errors"') || /"__typename":"\w*Error"/.test(body);
}

/** The `endCursor` of a page answer, for chained steps; null when there is none. */
export function endCursorOf(body: string): string | null {
  const match = /"endCursor":"([^"]*)"/.exec(body);
  return match?.[1] ?? null;
}

/** Load from `connections` concurrent keep-alive connections for `durationS`, with autocannon. */
export async function autocannonLoad(
  url: string,
  operation: Operation,
  connections: number,
  durationS: number,
): Promise<LoadResult> {
  let failed = 0;
  const requests = Array.from({ length: operation.steps }, (_, step) => ({
    method: 'POST',
    headers: HEADERS,
    body: operation.body(step, null),
    setupRequest: (request: { body?: string }, context: Record<string, unknown>) => {
      if (step === 0) return request;
      const after = typeof context.after === 'string' ? context.after : null;
      return { ...request, body: operation.body(step, after) };
    },
    onResponse: (_status: number, body: string, context: Record<string, unknown>) => {
      if (isFailedAnswer(body)) failed += 1;
      if (operation.steps > 1) context.after = endCursorOf(body);
    },
  }));
  const result = await autocannon({ url, connections, duration: durationS, timeout: 30, requests });
  const answered = result['2xx'] - failed;
  return {
    opsPerS: answered / operation.steps / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx + failed,
  };
}

/**
 * One connection, one request at a time, timed with microsecond resolution: autocannon's
 * histogram counts whole milliseconds, too coarse for a "+1 ms over the SDK" target.
 */
export async function sequentialLoad(
  url: string,
  operation: Operation,
  durationS: number,
): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const latencies: number[] = [];
  let errors = 0;
  let ops = 0;
  const started = performance.now();
  const deadline = started + durationS * 1000;
  try {
    while (performance.now() < deadline) {
      let after: string | null = null;
      for (let step = 0; step < operation.steps; step += 1) {
        const start = performance.now();
        const { status, body } = await post(agent, url, operation.body(step, after));
        latencies.push(performance.now() - start);
        if (status !== 200 || isFailedAnswer(body)) errors += 1;
        after = endCursorOf(body);
      }
      ops += 1;
    }
  } finally {
    agent.destroy();
  }
  return {
    opsPerS: ops / ((performance.now() - started) / 1000),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    errors,
  };
}

/** Sends one GraphQL POST and reads the whole answer. */
export function post(
  agent: http.Agent,
  url: string,
  body: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', agent, headers: HEADERS }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}
