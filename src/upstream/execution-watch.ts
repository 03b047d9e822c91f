import type { BedrockAgentRuntimeClient } from '@aws-sdk/client-bedrock-agent-runtime';
import { AccessDeniedError, NotFoundError, ThrottledError, ValidationError } from './errors.js';
import {
  type EventType,
  type ExecutionEventRecord,
  listFlowExecutionEvents,
} from './flow-execution-events.js';
import {
  type ExecutionRecord,
  type GetExecutionRequest,
  getFlowExecution,
  isFinal,
} from './flow-executions.js';
import type { ImmutableCache } from './immutable-cache.js';
import { executionRequestKey } from './loaders.js';

/** What a watcher hears. Calls arrive in order: executions and events, then one `onEnd`. */
export interface WatchListener {
  /** The execution, first as it is when the watch starts, then at each status change. */
  onExecution?(execution: ExecutionRecord): void;
  /** Events not heard before, in time order (all past events first, for a new watcher). */
  onEvents?(events: readonly ExecutionEventRecord[]): void;
  /** The execution is final and everything about it was delivered, or the watch failed. */
  onEnd(error?: unknown): void;
}

export interface WatchOptions {
  /** Whether this watcher wants events (the poller reads event listings only while one does). */
  readonly events: boolean;
}

export interface ExecutionWatches {
  /** Watches an execution; returns the function that stops watching. */
  watch(target: GetExecutionRequest, listener: WatchListener, options: WatchOptions): () => void;
  /** Pollers started so far, and those still running. */
  readonly stats: { readonly started: number; readonly active: number };
  /** Stops every poller; watchers hear nothing more. */
  close(): void;
}

export interface PollSettings {
  /** First and quickest interval between polls. Default 250 ms. */
  readonly minIntervalMs?: number;
  /** Longest interval while nothing changes or errors repeat. Default 5000 ms. */
  readonly maxIntervalMs?: number;
  /** Consecutive failed polls before the watchers are told it failed. Default 5. */
  readonly maxConsecutiveErrors?: number;
}

export interface WatchDependencies extends PollSettings {
  readonly client: BedrockAgentRuntimeClient;
  readonly cache?: ImmutableCache | undefined;
}

const EVENT_TYPES: readonly EventType[] = ['Flow', 'Node'];
/** Pages one poll may read per listing; the next poll continues where it stopped. */
const PAGES_PER_POLL = 20;

/** Where a listing's unread events start: a page token and how many of that page were read. */
interface Tail {
  token: string | null;
  seenOnPage: number;
}

/**
 * One poller per execution ARN, shared by everyone watching it: it polls GetFlowExecution (and the
 * event listings while a watcher wants events), backs off while nothing changes and on errors,
 * and stops when the execution is final or the last watcher leaves.
 */
export function createExecutionWatches(deps: WatchDependencies): ExecutionWatches {
  const minInterval = deps.minIntervalMs ?? 250;
  const maxInterval = deps.maxIntervalMs ?? 5000;
  const maxErrors = deps.maxConsecutiveErrors ?? 5;
  const pollers = new Map<string, Poller>();
  let started = 0;

  class Poller {
    readonly listeners = new Map<WatchListener, WatchOptions>();
    private readonly abort = new AbortController();
    private timer: NodeJS.Timeout | undefined;
    private interval = minInterval;
    private errors = 0;
    private latest: ExecutionRecord | undefined;
    private readonly seen: ExecutionEventRecord[] = [];
    private readonly tails = new Map<EventType, Tail>(
      EVENT_TYPES.map((type) => [type, { token: null, seenOnPage: 0 }]),
    );
    private readingEvents = false;
    private stopped = false;

    constructor(
      readonly arn: string,
      private readonly target: GetExecutionRequest,
    ) {
      started += 1;
      void this.poll();
    }

    add(listener: WatchListener, options: WatchOptions): void {
      this.listeners.set(listener, options);
      // A late watcher catches up at once; events it wants start flowing from the next poll if
      // nobody read them before.
      if (this.latest) listener.onExecution?.(this.latest);
      if (options.events && this.readingEvents && this.seen.length > 0) {
        listener.onEvents?.(this.seen);
      }
    }

    remove(listener: WatchListener): void {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    }

    stop(): void {
      if (this.stopped) return;
      this.stopped = true;
      clearTimeout(this.timer);
      this.abort.abort();
      if (pollers.get(this.arn) === this) pollers.delete(this.arn);
    }

    private wantsEvents(): boolean {
      return [...this.listeners.values()].some((options) => options.events);
    }

    private async poll(): Promise<void> {
      try {
        // Status before events: once a final status is read, the events read after it are complete.
        const { value: execution } = await getFlowExecution(
          deps.client,
          this.target,
          this.abort.signal,
        );
        const fresh = this.wantsEvents() ? await this.readEvents() : [];
        if (this.stopped) return;
        this.errors = 0;
        const changed = execution.status !== this.latest?.status;
        this.latest = execution;
        if (changed)
          for (const listener of this.listeners.keys()) listener.onExecution?.(execution);
        if (fresh.length > 0) {
          this.seen.push(...fresh);
          for (const [listener, options] of this.listeners) {
            if (options.events) listener.onEvents?.(fresh);
          }
        }
        if (isFinal(execution.status)) {
          await deps.cache?.executions.set(executionRequestKey(this.target), execution);
          this.finish();
          return;
        }
        this.interval =
          changed || fresh.length > 0 ? minInterval : Math.min(this.interval * 2, maxInterval);
      } catch (error) {
        if (this.stopped) return;
        this.errors += 1;
        const hopeless =
          error instanceof NotFoundError ||
          error instanceof ValidationError ||
          error instanceof AccessDeniedError;
        if (hopeless || this.errors >= maxErrors) {
          this.finish(error);
          return;
        }
        const wait = error instanceof ThrottledError ? error.retryAfterSeconds * 1000 : 0;
        this.interval = Math.min(Math.max(this.interval * 2, wait), maxInterval);
      }
      this.timer = setTimeout(() => void this.poll(), this.interval);
    }

    private finish(error?: unknown): void {
      const listeners = [...this.listeners.keys()];
      this.stop();
      for (const listener of listeners) listener.onEnd(error);
    }

    /** New events of both listings, merged in time order (Flow first on equal times). */
    private async readEvents(): Promise<ExecutionEventRecord[]> {
      this.readingEvents = true;
      const perType = await Promise.all(EVENT_TYPES.map((type) => this.readTail(type)));
      return perType
        .flatMap((events, source) => events.map((event, index) => ({ event, source, index })))
        .sort(
          (a, b) =>
            a.event.timestamp.getTime() - b.event.timestamp.getTime() ||
            a.source - b.source ||
            a.index - b.index,
        )
        .map(({ event }) => event);
    }

    private async readTail(eventType: EventType): Promise<ExecutionEventRecord[]> {
      const tail = this.tails.get(eventType) ?? { token: null, seenOnPage: 0 };
      const fresh: ExecutionEventRecord[] = [];
      for (let pages = 0; pages < PAGES_PER_POLL; pages++) {
        // The last page is read again each poll: the listing only grows, so what follows the
        // items already seen on it is new; a token appears once the page is full and more exist.
        const { value: page } = await listFlowExecutionEvents(
          deps.client,
          {
            flowId: this.target.flowId,
            flowAliasId: this.target.flowAliasId,
            executionIdentifier: this.target.executionIdentifier,
            eventType,
            nextToken: tail.token,
            maxResults: 10,
          },
          this.abort.signal,
        );
        fresh.push(...page.items.slice(tail.seenOnPage));
        if (page.nextToken === undefined) {
          tail.seenOnPage = Math.max(tail.seenOnPage, page.items.length);
          break;
        }
        tail.token = page.nextToken;
        tail.seenOnPage = 0;
      }
      this.tails.set(eventType, tail);
      return fresh;
    }
  }

  return {
    watch(target, listener, options) {
      const arn = target.executionIdentifier;
      let poller = pollers.get(arn);
      if (!poller) {
        poller = new Poller(arn, target);
        pollers.set(arn, poller);
      }
      poller.add(listener, options);
      const owner = poller;
      return () => owner.remove(listener);
    },
    get stats() {
      return { started, active: pollers.size };
    },
    close() {
      for (const poller of [...pollers.values()]) poller.stop();
    },
  };
}
