import {
  InvalidCursorError,
  PageBudgetExhaustedError,
  RepeatedTokenError,
} from '../pagination/errors.js';
import type { WindowEnd } from '../pagination/token-window.js';
import { UpstreamError, ValidationError } from '../upstream/errors.js';
import { asGraphQLError } from './errors.js';

/** A Relay connection as the schema returns it; cursors are sealed only when a client reads them. */
export interface Connection<T> {
  readonly edges: readonly { readonly node: T; readonly cursor: string }[];
  readonly pageInfo: {
    readonly hasNextPage: boolean;
    readonly hasPreviousPage: boolean;
    readonly startCursor: string | null;
    readonly endCursor: string | null;
  };
}

/** What every window of the pagination core hands back, whatever its position type. */
export interface PositionedWindow<T, P> {
  readonly edges: readonly { readonly node: T; readonly position: P }[];
  readonly hasNextPage: boolean;
  readonly hasPreviousPage: boolean;
}

/**
 * Turns a window into a connection. Sealing costs a few microseconds a cursor, so each is sealed
 * on first read and once: a client that selects no cursors pays for none.
 */
export function connectionOf<T, P>(
  window: PositionedWindow<T, P>,
  seal: (position: P) => string,
): Connection<T> {
  const sealed = new Map<number, string>();
  const cursorOf = (index: number) => {
    let cursor = sealed.get(index);
    if (cursor === undefined) {
      const edge = window.edges[index];
      if (!edge) throw new RangeError(`no edge ${index}`);
      cursor = seal(edge.position);
      sealed.set(index, cursor);
    }
    return cursor;
  };
  const last = window.edges.length - 1;
  return {
    edges: window.edges.map((edge, index) => ({
      node: edge.node,
      get cursor() {
        return cursorOf(index);
      },
    })),
    pageInfo: {
      hasNextPage: window.hasNextPage,
      hasPreviousPage: window.hasPreviousPage,
      get startCursor() {
        return last >= 0 ? cursorOf(0) : null;
      },
      get endCursor() {
        return last >= 0 ? cursorOf(last) : null;
      },
    },
  };
}

/** Maps pagination failures to the typed errors the schema reports. */
export function windowError(error: unknown): unknown {
  // The upstream rejecting a token we sealed means the token expired or the listing changed.
  if (error instanceof ValidationError && error.field === 'after') {
    return new InvalidCursorError(
      'The cursor’s upstream page token is no longer accepted (it may have expired). Start again without `after`.',
      { cause: error },
    );
  }
  if (error instanceof PageBudgetExhaustedError) {
    return new UpstreamError(
      'Bedrock returned only empty pages within this field’s call budget. Retry, or continue later.',
      true,
      undefined,
      { cause: error },
    );
  }
  if (error instanceof RepeatedTokenError) {
    return new UpstreamError(
      'Bedrock returned a page token it had already returned.',
      false,
      undefined,
      {
        cause: error,
      },
    );
  }
  return error;
}

/** A connection whose edges arrive page by page (`edges @stream`) and whose pageInfo comes last. */
export interface StreamedConnection<T> {
  readonly edges: AsyncIterable<{ readonly node: T; readonly cursor: string }>;
  readonly pageInfo: Promise<Connection<T>['pageInfo']>;
}

/**
 * Turns a window's pages into a streamed connection. The first page is read before answering, so
 * its failure is still the lookup's typed union member; the rest are read in the background as
 * fast as the upstream answers, whatever the client's pace, and a later failure becomes a GraphQL
 * error on the stream (and on `pageInfo`).
 */
export async function streamedConnectionOf<T, P>(
  pages: AsyncGenerator<
    readonly { readonly node: T; readonly position: P }[],
    WindowEnd,
    undefined
  >,
  seal: (position: P) => string,
): Promise<StreamedConnection<T>> {
  let step: IteratorResult<readonly { readonly node: T; readonly position: P }[], WindowEnd>;
  try {
    step = await pages.next();
  } catch (error) {
    throw windowError(error);
  }
  const edges = new EdgeQueue<{ readonly node: T; readonly cursor: string }>();
  let startCursor: string | null = null;
  let endCursor: string | null = null;
  const deliver = (batch: readonly { readonly node: T; readonly position: P }[]) => {
    for (const edge of batch) {
      const cursor = seal(edge.position);
      startCursor ??= cursor;
      endCursor = cursor;
      edges.push({ node: edge.node, cursor });
    }
  };
  const rest = async (): Promise<Connection<T>['pageInfo']> => {
    try {
      while (!step.done) {
        deliver(step.value);
        step = await pages.next();
      }
      edges.close();
      return { ...step.value, startCursor, endCursor };
    } catch (error) {
      const failure = asGraphQLError(windowError(error));
      edges.fail(failure);
      throw failure;
    }
  };
  const pageInfo = rest();
  // The stream reports a failure too; a client that did not ask for pageInfo must not crash us.
  pageInfo.catch(() => undefined);
  return { edges, pageInfo };
}

/** A one-consumer queue of edges that an async iterator drains as they come. */
class EdgeQueue<E> implements AsyncIterable<E> {
  private readonly items: E[] = [];
  private waiting: ((result: IteratorResult<E, undefined>) => void) | undefined;
  private failWaiting: ((error: unknown) => void) | undefined;
  private done = false;
  private failure: { readonly error: unknown } | undefined;

  push(item: E): void {
    const waiter = this.waiting;
    if (waiter) {
      this.clearWaiter();
      waiter({ value: item, done: false });
    } else {
      this.items.push(item);
    }
  }

  close(): void {
    this.done = true;
    const waiter = this.waiting;
    this.clearWaiter();
    waiter?.({ value: undefined, done: true });
  }

  fail(error: unknown): void {
    this.failure = { error };
    const reject = this.failWaiting;
    this.clearWaiter();
    reject?.(error);
  }

  [Symbol.asyncIterator](): AsyncIterator<E, undefined> {
    return {
      next: () => {
        const item = this.items.shift();
        if (item !== undefined) return Promise.resolve({ value: item, done: false });
        if (this.failure) return Promise.reject(this.failure.error);
        if (this.done) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve, reject) => {
          this.waiting = resolve;
          this.failWaiting = reject;
        });
      },
    };
  }

  private clearWaiter(): void {
    this.waiting = undefined;
    this.failWaiting = undefined;
  }
}
