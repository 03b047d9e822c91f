import { randomUUID } from 'node:crypto';
import http from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { authenticate, readAccessKeyId } from './auth.js';
import { SERVER_ERROR_TYPES, ServiceError } from './errors.js';
import { ExecutionRunner } from './execution-runner.js';
import {
  FaultInjector,
  type FaultPatch,
  type FaultSettings,
  FaultSettingsError,
  parseFaultPatch,
  type RequestFault,
} from './faults.js';
import { flowExecutionEventRoutes } from './flow-execution-events.js';
import { flowExecutionLifecycleRoutes } from './flow-execution-lifecycle.js';
import { flowExecutionRoutes } from './flow-executions.js';
import { PageTokenCodec } from './page-token.js';
import { decodeParams, type RouteMatch, Router } from './router.js';
import { FlowStore } from './store.js';

export interface EmulatorOptions {
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /** Port to listen on; 0 picks a free one. Default 0. */
  port?: number;
  /** Faults in force from the start. Default none. */
  faults?: FaultPatch;
  /** Anchor of the demo data's timestamps. Default: start time truncated to the minute. */
  baseTime?: Date;
  /** Region in ARNs. Default `us-east-1`. */
  region?: string;
  /** Account in ARNs. Default `123456789012`. */
  accountId?: string;
  /** Demo executions per flow. Default 250. */
  executionsPerFlow?: number;
  /** Clock for token issue/expiry times and the request log, ms since the epoch. Default `Date.now`. */
  clock?: () => number;
  /** The request log keeps at most this many entries, dropping the oldest. Default 100000. */
  maxLoggedRequests?: number;
  /** Time between two events of a started execution (a run takes 10-30 steps). Default 150 ms. */
  stepMs?: number;
  /** Running executions a flow may have at once before starts get ServiceQuotaExceededException. Default 20. */
  maxConcurrentExecutions?: number;
}

/** One emulated request, as seen on the wire: what tests count upstream calls with. */
export interface RequestLogEntry {
  requestId: string;
  /** The operation name, or `UnknownOperation` for a request no route matched. */
  operation: string;
  method: string;
  /** The raw (still percent-encoded) path. */
  path: string;
  query: Record<string, string>;
  /** HTTP status answered; 0 when a `reset` fault dropped the connection instead. */
  status: number;
  errorType?: string;
  /** `1.1` or `2.0`. */
  httpVersion: string;
  accessKeyId?: string;
  /** ISO-8601. */
  receivedAt: string;
}

export interface ConnectionCounts {
  http1: number;
  http2: number;
}

export interface Emulator {
  /** `http://HOST:PORT`, ready for `endpoint` or `AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME`. */
  readonly endpoint: string;
  readonly store: FlowStore;
  /** The fault settings in force (a copy). */
  readonly faults: FaultSettings;
  /** Merges `patch` into the settings in force; `null`/`undefined` clears an optional setting. */
  setFaults(patch: FaultPatch): FaultSettings;
  /** Turns every fault off (it does not restore the start options) and reseeds the generator. */
  resetFaults(): FaultSettings;
  /** Emulated requests so far, oldest first (a snapshot). Control requests are not logged. */
  readonly requests: readonly RequestLogEntry[];
  clearRequests(): void;
  /** Connections accepted so far, by protocol. */
  readonly connections: Readonly<ConnectionCounts>;
  /** Calls `listener` as each emulated request arrives (before any latency); returns an unsubscribe. */
  onRequest(listener: (operation: string) => void): () => void;
  /** Resolves once a started execution has stopped running (at once for any other execution). */
  executionSettled(executionArn: string): Promise<void>;
  /** Stops listening, drops open connections and resolves once the port is free. */
  close(): Promise<void>;
}

const HTTP2_PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');
const CONTROL_PREFIX = '/_emulator/';
/** How long a `slow-body` fault holds the rest of a body back: longer than any client timeout. */
const SLOW_BODY_MS = 30_000;
const UNKNOWN_OPERATION = 'UnknownOperation';
const MAX_BODY_BYTES = 1024 * 1024;
/**
 * Idle keep-alive connections stay open longer than a client's idle timeout, so it is the client
 * that closes them: a server closing an idle socket just as the client reuses it fails that call.
 */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Send the first byte at once and the rest this much later (a slow body). */
  trickleMs?: number;
}

/** What both protocols' response objects can do, as far as a reply needs. */
interface ReplyWriter {
  writeHead(status: number, headers: Record<string, string>): unknown;
  write(chunk: string): unknown;
  end(chunk: string): unknown;
}

/** Writes a reply on either protocol's response object. */
function writeReply(response: ReplyWriter, reply: Reply, closing: AbortSignal): void {
  response.writeHead(reply.status, reply.headers);
  if (reply.trickleMs === undefined || reply.body.length < 2) {
    response.end(reply.body);
    return;
  }
  response.write(reply.body.slice(0, 1));
  const timer = setTimeout(() => response.end(reply.body.slice(1)), reply.trickleMs);
  closing.addEventListener('abort', () => clearTimeout(timer), { once: true });
}

interface Call {
  method: string;
  path: string;
  search: string;
  headers: http.IncomingHttpHeaders;
  httpVersion: string;
  body: Buffer;
}

/** How a reply leaves, per protocol. */
interface ReplySink {
  send(reply: Reply): void;
  /** Drops the connection without an answer. */
  reset(): void;
}

type IncomingRequest = http.IncomingMessage | http2.Http2ServerRequest;

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function jsonReply(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  const text = status === 204 ? '' : JSON.stringify(body);
  return {
    status,
    headers: {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(text)),
      ...headers,
    },
    body: text,
  };
}

function errorReply(error: unknown, requestId: string): Reply {
  const failure =
    error instanceof ServiceError
      ? error
      : new ServiceError('InternalServerException', 'The emulator failed to handle the request.');
  if (!(error instanceof ServiceError)) {
    // An emulator bug, not an emulated fault: make it visible to whoever runs the tests.
    console.error(`[emulator] request ${requestId} failed:`, error);
  }
  return jsonReply(
    failure.status,
    { message: failure.message, ...failure.fields },
    { 'x-amzn-requestid': requestId, 'x-amzn-errortype': failure.type, ...failure.headers },
  );
}

function faultError(
  fault: Exclude<RequestFault, { kind: 'reset' | 'malformed' | 'garbled' | 'slow-body' }>,
): ServiceError {
  if (fault.kind === 'dependency-failed') {
    return new ServiceError(
      'DependencyFailedException',
      'A dependency of the flow failed (injected fault).',
      { fields: { resourceName: 'AWS Lambda' } },
    );
  }
  if (fault.kind === 'throttle') {
    return new ServiceError('ThrottlingException', 'Rate exceeded (injected fault).', {
      headers:
        fault.retryAfterSeconds === undefined
          ? {}
          : { 'retry-after': String(fault.retryAfterSeconds) },
    });
  }
  const type = SERVER_ERROR_TYPES[fault.status];
  return new ServiceError(type, `The service answered ${fault.status} (injected fault).`, {
    fields: type === 'BadGatewayException' ? { resourceName: 'Amazon Bedrock' } : {},
  });
}

/** Reads a body of up to MAX_BODY_BYTES; a larger one is drained and refused. */
async function readBody(request: IncomingRequest): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size <= MAX_BODY_BYTES) chunks.push(buffer);
  }
  if (size > MAX_BODY_BYTES) {
    throw new ServiceError(
      'ValidationException',
      `The request body exceeds ${MAX_BODY_BYTES} bytes.`,
    );
  }
  return Buffer.concat(chunks);
}

function formatEndpoint(host: string, port: number): string {
  return net.isIPv6(host) ? `http://[${host}]:${port}` : `http://${host}:${port}`;
}

class RunningEmulator implements Emulator {
  readonly store: FlowStore;
  endpoint = '';
  private readonly faultInjector: FaultInjector;
  private readonly tokens = new PageTokenCodec();
  private readonly router: Router;
  private readonly runner: ExecutionRunner;
  private readonly clock: () => number;
  private readonly maxLogged: number;
  private log: RequestLogEntry[] = [];
  private readonly counts: ConnectionCounts = { http1: 0, http2: 0 };
  private readonly sockets = new Set<net.Socket>();
  private readonly sessions = new Set<http2.ServerHttp2Session>();
  private readonly arrivals = new Set<(operation: string) => void>();
  /** Aborts pending latency waits when the emulator closes. */
  private readonly closing = new AbortController();
  private closed: Promise<void> | undefined;
  private readonly listener: net.Server;
  private readonly http1: http.Server;
  private readonly http2: http2.Http2Server;

  constructor(options: EmulatorOptions) {
    this.clock = options.clock ?? Date.now;
    this.maxLogged = options.maxLoggedRequests ?? 100_000;
    const baseTime = options.baseTime ?? new Date(Math.floor(this.clock() / 60_000) * 60_000);
    this.store = new FlowStore({
      baseTime,
      region: options.region,
      accountId: options.accountId,
      executionsPerFlow: options.executionsPerFlow,
    });
    this.faultInjector = new FaultInjector(options.faults);
    this.runner = new ExecutionRunner(this.store, {
      stepMs: options.stepMs ?? 150,
      clock: this.clock,
    });
    const deps = {
      store: this.store,
      tokens: this.tokens,
      faults: this.faultInjector,
      runner: this.runner,
      maxConcurrentExecutions: options.maxConcurrentExecutions ?? 20,
    };
    this.router = new Router([
      ...flowExecutionRoutes(deps),
      ...flowExecutionEventRoutes(deps),
      ...flowExecutionLifecycleRoutes(deps),
    ]);

    this.http1 = http.createServer((request, response) => {
      void this.serve(request, {
        send: (reply) => writeReply(response, reply, this.closing.signal),
        reset: () => request.socket.destroy(),
      });
    });
    this.http1.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
    this.http2 = http2.createServer((request, response) => {
      void this.serve(request, {
        send: (reply) => writeReply(response, reply, this.closing.signal),
        // The whole session, not just the stream: a dropped connection is what clients retry.
        reset: () => request.stream.session?.destroy(),
      });
    });
    this.http2.on('session', (session) => {
      this.sessions.add(session);
      session.once('close', () => this.sessions.delete(session));
    });
    this.listener = net.createServer((socket) => this.accept(socket));
  }

  get faults(): FaultSettings {
    return this.faultInjector.settings;
  }

  onRequest(listener: (operation: string) => void): () => void {
    this.arrivals.add(listener);
    return () => this.arrivals.delete(listener);
  }

  get requests(): readonly RequestLogEntry[] {
    return Object.freeze([...this.log]);
  }

  get connections(): Readonly<ConnectionCounts> {
    return { ...this.counts };
  }

  setFaults(patch: FaultPatch): FaultSettings {
    return this.faultInjector.set(patch);
  }

  resetFaults(): FaultSettings {
    return this.faultInjector.reset();
  }

  clearRequests(): void {
    this.log = [];
  }

  executionSettled(executionArn: string): Promise<void> {
    return this.runner.settled(executionArn);
  }

  async listen(host: string, port: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.listener.once('error', reject);
      this.listener.listen(port, host, () => {
        this.listener.off('error', reject);
        resolve();
      });
    });
    const address = this.listener.address();
    if (address === null || typeof address === 'string') {
      throw new Error('The emulator is not listening on a TCP port.');
    }
    this.endpoint = formatEndpoint(host, address.port);
  }

  close(): Promise<void> {
    this.closed ??= new Promise<void>((resolve) => {
      this.closing.abort();
      this.runner.close();
      this.listener.close(() => resolve());
      for (const session of this.sessions) session.destroy();
      for (const socket of this.sockets) socket.destroy();
      // Neither protocol server listens itself; closing them only stops their housekeeping.
      this.http1.close();
      this.http2.close();
    });
    return this.closed;
  }

  /**
   * One port, two protocols: the first bytes tell an HTTP/2 prior-knowledge preface (h2c) from an
   * HTTP/1.x request line, and the connection goes to the server for that protocol.
   */
  private accept(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    // Errors after the hand-off are the protocol server's; before it, a dropped client is no news.
    socket.on('error', () => {});
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const compared = Math.min(head.length, HTTP2_PREFACE.length);
      const isPreface = head.subarray(0, compared).equals(HTTP2_PREFACE.subarray(0, compared));
      if (isPreface && head.length < HTTP2_PREFACE.length) return;
      socket.off('data', onData);
      if (isPreface) {
        this.counts.http2 += 1;
        // The HTTP/2 session reads what is already buffered on the socket before taking it over.
        socket.pause();
        socket.unshift(head);
        this.http2.emit('connection', socket);
      } else {
        this.counts.http1 += 1;
        // The HTTP/1 server reads the socket's handle directly and would never see unshifted
        // bytes, so hand it the peeked bytes as the first 'data' event instead.
        this.http1.emit('connection', socket);
        socket.emit('data', head);
      }
    };
    socket.on('data', onData);
  }

  private async serve(request: IncomingRequest, sink: ReplySink): Promise<void> {
    const url = request.url ?? '/';
    const queryStart = url.indexOf('?');
    const path = queryStart === -1 ? url : url.slice(0, queryStart);
    const call: Omit<Call, 'body'> = {
      method: request.method ?? 'GET',
      path,
      search: queryStart === -1 ? '' : url.slice(queryStart + 1),
      headers: request.headers,
      httpVersion: request.httpVersion,
    };
    const requestId = randomUUID();
    let outcome: Reply | 'reset';
    try {
      const body = await readBody(request);
      outcome = path.startsWith(CONTROL_PREFIX)
        ? this.control({ ...call, body })
        : await this.emulate({ ...call, body }, requestId);
    } catch (error) {
      outcome = errorReply(error, requestId);
    }
    if (this.closing.signal.aborted) return;
    if (outcome === 'reset') sink.reset();
    else sink.send(outcome);
  }

  /** An emulated AWS operation: faults, latency, authentication, then the operation itself. */
  private async emulate(call: Call, requestId: string): Promise<Reply | 'reset'> {
    const receivedAt = this.clock();
    const match = this.router.match(call.method, call.path);
    const operation = match?.route.operation ?? UNKNOWN_OPERATION;
    for (const listener of this.arrivals) listener(operation);
    const query = new URLSearchParams(call.search);
    let outcome: Reply | 'reset';
    try {
      outcome = await this.runOperation(call, match, query, requestId);
    } catch (error) {
      outcome = errorReply(error, requestId);
    }
    const entry: RequestLogEntry = {
      requestId,
      operation,
      method: call.method,
      path: call.path,
      query: Object.fromEntries(query),
      status: outcome === 'reset' ? 0 : outcome.status,
      httpVersion: call.httpVersion,
      receivedAt: new Date(receivedAt).toISOString(),
    };
    const errorType = outcome === 'reset' ? 'ConnectionReset' : outcome.headers['x-amzn-errortype'];
    if (errorType !== undefined) entry.errorType = errorType;
    const accessKeyId = readAccessKeyId(firstHeader(call.headers.authorization));
    if (accessKeyId !== undefined) entry.accessKeyId = accessKeyId;
    this.record(entry);
    return outcome;
  }

  private async runOperation(
    call: Call,
    match: RouteMatch | undefined,
    query: URLSearchParams,
    requestId: string,
  ): Promise<Reply | 'reset'> {
    if (!match) {
      throw new ServiceError(
        'UnknownOperationException',
        `No operation is routed at ${call.method} ${call.path}.`,
      );
    }
    const { operation } = match.route;
    const fault = this.faultInjector.nextRequestFault(operation);
    const latencyMs = this.faultInjector.latencyFor(operation);
    if (latencyMs > 0) {
      // Closing cuts the wait short; the connection is being dropped anyway.
      await delay(latencyMs, undefined, { signal: this.closing.signal }).catch(() => undefined);
      if (this.closing.signal.aborted) return 'reset';
    }
    if (fault?.kind === 'reset') return 'reset';
    if (fault?.kind === 'malformed') return jsonReply(200, {}, { 'x-amzn-requestid': requestId });
    if (fault?.kind === 'garbled') {
      const body = '<html><body>502 Bad Gateway</body></html>';
      return {
        status: 200,
        headers: { 'content-type': 'application/json', 'x-amzn-requestid': requestId },
        body,
      };
    }
    if (fault && fault.kind !== 'slow-body') throw faultError(fault);
    const caller = authenticate(
      firstHeader(call.headers.authorization),
      operation,
      this.store.accountId,
    );
    const slow = fault?.kind === 'slow-body';
    const result = await match.route.handle({
      operation,
      params: decodeParams(match.rawParams),
      query,
      body: call.body,
      caller,
      requestId,
      now: this.clock(),
    });
    const reply = jsonReply(result.status ?? 200, result.body, { 'x-amzn-requestid': requestId });
    return slow ? { ...reply, trickleMs: SLOW_BODY_MS } : reply;
  }

  private record(entry: RequestLogEntry): void {
    this.log.push(entry);
    // Trim in batches so a long benchmark does not pay an O(n) shift per request.
    if (this.log.length > this.maxLogged) {
      this.log.splice(0, Math.max(1, Math.ceil(this.maxLogged / 10)));
    }
  }

  /** Out-of-process control: faults, the request log and health. Never faulted, never logged. */
  private control(call: Call): Reply {
    const route = `${call.method} ${call.path}`;
    switch (route) {
      case 'GET /_emulator/health':
        return jsonReply(200, {
          status: 'ok',
          endpoint: this.endpoint,
          connections: this.connections,
          requests: this.log.length,
        });
      case 'GET /_emulator/faults':
        return jsonReply(200, this.faults);
      case 'PUT /_emulator/faults':
        return this.putFaults(call.body);
      case 'DELETE /_emulator/faults':
        return jsonReply(200, this.resetFaults());
      case 'GET /_emulator/requests':
        return jsonReply(200, { requests: this.log });
      case 'DELETE /_emulator/requests': {
        const cleared = this.log.length;
        this.clearRequests();
        return jsonReply(200, { cleared });
      }
      default:
        return jsonReply(404, {
          message: `No control endpoint at ${route}. Try GET ${CONTROL_PREFIX}health, GET/PUT/DELETE ${CONTROL_PREFIX}faults, GET/DELETE ${CONTROL_PREFIX}requests.`,
        });
    }
  }

  private putFaults(body: Buffer): Reply {
    let input: unknown;
    try {
      input = JSON.parse(body.toString('utf8'));
    } catch {
      return jsonReply(400, { message: 'The body must be a JSON object of fault settings.' });
    }
    try {
      return jsonReply(200, this.setFaults(parseFaultPatch(input)));
    } catch (error) {
      if (error instanceof FaultSettingsError) return jsonReply(400, { message: error.message });
      throw error;
    }
  }
}

/** Starts an emulator listening on `host:port` (default an ephemeral port on 127.0.0.1). */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const emulator = new RunningEmulator(options);
  await emulator.listen(options.host ?? '127.0.0.1', options.port ?? 0);
  return emulator;
}
