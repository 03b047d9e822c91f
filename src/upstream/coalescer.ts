/**
 * Shares identical upstream reads that are in flight at the same time across requests. One client
 * is one upstream identity (credentials, region, endpoint), so a coalescer lives beside its client
 * and never mixes identities. Only reads go through it: a start or stop is never shared.
 *
 * The shared call runs under its own abort controller: a caller that goes away stops waiting at
 * once, and the call itself is aborted only when every caller has gone.
 */
export class Coalescer {
  private readonly inFlight = new Map<string, Shared>();

  /** Calls `run` once per key at a time; `joined` is told when a caller shares another's call. */
  run<T>(
    key: string,
    run: (signal: AbortSignal) => Promise<T>,
    callerSignal: AbortSignal | undefined,
    joined: () => void,
  ): Promise<T> {
    let shared = this.inFlight.get(key);
    if (shared) {
      joined();
    } else {
      const controller = new AbortController();
      const entry: Shared = { controller, waiters: 0, settled: false, promise: Promise.resolve() };
      entry.promise = run(controller.signal).finally(() => {
        entry.settled = true;
        if (this.inFlight.get(key) === entry) this.inFlight.delete(key);
      });
      shared = entry;
      this.inFlight.set(key, entry);
    }
    return this.wait(shared, callerSignal) as Promise<T>;
  }

  /** Calls in flight now (for tests and metrics). */
  get size(): number {
    return this.inFlight.size;
  }

  private wait(shared: Shared, signal: AbortSignal | undefined): Promise<unknown> {
    shared.waiters += 1;
    if (!signal) return shared.promise.finally(() => this.leave(shared));
    if (signal.aborted) {
      this.leave(shared);
      return Promise.reject(abortError(signal));
    }
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        this.leave(shared);
        reject(abortError(signal));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      shared.promise.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          this.leave(shared);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          this.leave(shared);
          reject(error);
        },
      );
    });
  }

  private leave(shared: Shared): void {
    shared.waiters -= 1;
    // Abort only a call still running: aborting a settled one would just wake the SDK's listeners.
    if (shared.waiters === 0 && !shared.settled) shared.controller.abort();
  }
}

interface Shared {
  readonly controller: AbortController;
  waiters: number;
  settled: boolean;
  promise: Promise<unknown>;
}

function abortError(signal: AbortSignal): Error {
  return Object.assign(new Error('The caller stopped waiting for this upstream call.'), {
    name: 'AbortError',
    cause: signal.reason,
  });
}
