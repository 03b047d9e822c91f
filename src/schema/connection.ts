import {
  InvalidCursorError,
  PageBudgetExhaustedError,
  RepeatedTokenError,
} from '../pagination/errors.js';
import { UpstreamError, ValidationError } from '../upstream/errors.js';

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
