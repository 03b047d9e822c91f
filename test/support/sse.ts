import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { type ExecutionResult, print } from 'graphql';

/** A subscription read over server-sent events from the real server, as a browser would. */
export interface SseSubscription<R> {
  /** Every result received so far, in order. */
  readonly results: readonly ExecutionResult<R>[];
  /** Resolves with the next result not taken yet, or undefined once the stream has ended. */
  next(): Promise<ExecutionResult<R> | undefined>;
  /** Resolves with every result once the server completes the stream. */
  readonly completed: Promise<readonly ExecutionResult<R>[]>;
  /** Leaves the subscription (the client going away). */
  close(): void;
}

/**
 * POSTs a subscription with `accept: text/event-stream` and parses the stream: `event: next`
 * frames carry results, `event: complete` ends it; comment lines (keep-alives) are skipped.
 */
export function subscribe<R, V>(
  url: string,
  document: TypedDocumentNode<R, V>,
  variables: V,
): SseSubscription<R> {
  const abort = new AbortController();
  const results: ExecutionResult<R>[] = [];
  const waiting: ((result: ExecutionResult<R> | undefined) => void)[] = [];
  let taken = 0;
  let ended = false;
  const deliver = (result: ExecutionResult<R>) => {
    results.push(result);
    const waiter = waiting.shift();
    if (waiter) {
      taken += 1;
      waiter(result);
    }
  };
  const end = () => {
    ended = true;
    for (const waiter of waiting.splice(0)) waiter(undefined);
  };

  const completed = (async () => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: print(document), variables }),
      signal: abort.signal,
    });
    if (!response.body) throw new Error(`No stream: HTTP ${response.status}`);
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n')) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const lines = frame.split('\n');
          const event = lines
            .find((l) => l.startsWith('event:'))
            ?.slice(6)
            .trim();
          const data = lines
            .filter((l) => l.startsWith('data:'))
            .map((l) => l.slice(5).trim())
            .join('\n');
          if (event === 'complete') return results;
          if (data) deliver(JSON.parse(data) as ExecutionResult<R>);
        }
      }
    } catch (error) {
      if (!abort.signal.aborted) throw error;
    } finally {
      end();
    }
    return results;
  })();
  // Tests that close early never await `completed`; its rejection must not go unhandled.
  completed.catch(() => undefined);

  return {
    results,
    next() {
      if (taken < results.length) {
        const result = results[taken];
        taken += 1;
        return Promise.resolve(result);
      }
      if (ended) return Promise.resolve(undefined);
      return new Promise((resolve) => waiting.push(resolve));
    },
    completed,
    close: () => abort.abort(),
  };
}
