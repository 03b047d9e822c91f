/**
 * The benchmark's processes and how they talk. On a 2-core machine, a server sharing a process
 * with its load generator or its upstream would be measured with their costs mixed in; so the
 * emulator and each contender run in their own child process, and the parent only generates load
 * and reads the children's counters over IPC (not HTTP, whose own connections would be counted).
 */
import { type ChildProcess, execFileSync, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** What the parent asks a child. */
export type Command =
  | { readonly kind: 'memory' }
  | { readonly kind: 'upstream-stats' }
  | { readonly kind: 'upstream-clear' }
  | { readonly kind: 'upstream-latency'; readonly latencyMs: number }
  | {
      readonly kind: 'sdk-loop';
      readonly concurrency: number;
      readonly durationMs: number;
      /** Sequential upstream calls per operation, following the page token (1 or 10). */
      readonly callsPerOp: number;
    };

export interface MemoryReply {
  readonly rssBytes: number;
  /** Peak resident set of this process image (Linux VmHWM; getrusage's maxrss elsewhere). */
  readonly peakRssBytes: number;
}

export interface UpstreamStats {
  /** Emulated requests since the last clear. */
  readonly requests: number;
  readonly byOperation: Readonly<Record<string, number>>;
  /** Connections accepted since the emulator started, both protocols. */
  readonly connections: number;
}

export interface LoopReply {
  readonly ops: number;
  readonly errors: number;
  readonly elapsedMs: number;
  /** Per-operation latency, milliseconds with microsecond resolution. */
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/** Sent once by a child when it can take load: `url` for a server, `endpoint` for the emulator. */
export interface ReadyMessage {
  readonly ready: true;
  readonly url?: string;
  readonly endpoint?: string;
}

interface Envelope {
  readonly id: number;
  readonly command: Command;
}

interface ReplyEnvelope {
  readonly id: number;
  readonly result?: unknown;
  readonly error?: string;
}

export interface Child {
  readonly pid: number;
  readonly ready: ReadyMessage;
  call<T>(command: Command): Promise<T>;
  stop(): Promise<void>;
}

const isReady = (message: unknown): message is ReadyMessage =>
  typeof message === 'object' && message !== null && 'ready' in message;

const isReply = (message: unknown): message is ReplyEnvelope =>
  typeof message === 'object' && message !== null && 'id' in message;

/**
 * Starts `file` (relative to bench/) in a Node process of its own with tsx loaded in-process, so
 * the pid is the server's own (for its memory) and not a wrapper's.
 */
export async function startChild(
  file: string,
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
): Promise<Child> {
  const path = fileURLToPath(new URL(file, import.meta.url));
  const child: ChildProcess = fork(path, [...args], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let nextId = 1;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const ready = await new Promise<ReadyMessage>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${file} did not start in 30 s`)), 30_000);
    child.once('exit', (code) => reject(new Error(`${file} exited with ${code} before ready`)));
    child.on('message', (message: unknown) => {
      if (isReady(message)) {
        clearTimeout(timer);
        resolve(message);
      } else if (isReply(message)) {
        const waiter = pending.get(message.id);
        pending.delete(message.id);
        if (message.error !== undefined) waiter?.reject(new Error(message.error));
        else waiter?.resolve(message.result);
      }
    });
  });
  const pid = child.pid ?? -1;

  return {
    pid,
    ready,
    call<T>(command: Command) {
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: (value) => resolve(value as T), reject });
        child.send({ id, command } satisfies Envelope);
      });
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The child's side: answers the parent's commands with `handle`, then says it is ready. */
export function serveParent(
  handle: (command: Command) => Promise<unknown>,
  ready: Omit<ReadyMessage, 'ready'>,
): void {
  const send = (message: unknown) => process.send?.(message);
  process.on('message', (message: unknown) => {
    if (typeof message !== 'object' || message === null || !('command' in message)) return;
    const { id, command } = message as Envelope;
    handle(command).then(
      (result) => send({ id, result } satisfies ReplyEnvelope),
      (error: unknown) => send({ id, error: String(error) } satisfies ReplyEnvelope),
    );
  });
  // The parent going away (a crash, ^C) must not leave servers behind.
  process.on('disconnect', () => process.exit(0));
  process.on('SIGTERM', () => process.exit(0));
  send({ ready: true, ...ready } satisfies ReadyMessage);
}

/**
 * Pins every thread of `pid` to `cpus` (a taskset list such as `1` or `0-1`). Returns false where
 * that is not possible (no taskset, not Linux): the benchmark then runs unpinned and says so.
 */
export function pinToCpus(pid: number, cpus: string): boolean {
  try {
    execFileSync('taskset', ['-a', '-p', '-c', cpus, String(pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** This process's memory, for the parent's RSS columns. */
export function memoryReply(): MemoryReply {
  return { rssBytes: process.memoryUsage.rss(), peakRssBytes: peakRss() };
}

/**
 * Linux carries getrusage's maxrss over an exec, so a forked child would report its parent's peak
 * if it is larger; VmHWM belongs to this process image alone.
 */
function peakRss(): number {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match?.[1]) return Number(match[1]) * 1024;
  } catch {
    // Not Linux: fall through to getrusage.
  }
  return process.resourceUsage().maxRSS * 1024;
}
