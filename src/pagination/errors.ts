/**
 * Failures of the pagination core. They carry no upstream or GraphQL knowledge: the schema layer maps
 * `InvalidCursorError` to its own union member and the other two to a (non-)retryable upstream error.
 */

/** A cursor that is garbled, forged, truncated, from another listing, of an unknown version, or whose edge can no longer be found. */
export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
  constructor(message = 'The cursor is not valid for this listing.', options?: ErrorOptions) {
    super(message, options);
  }
}

/** The per-field bound on upstream calls ran out with zero edges to show; retrying may succeed. */
export class PageBudgetExhaustedError extends Error {
  override readonly name = 'PageBudgetExhaustedError';
  /** Another attempt may find the items the upstream's empty pages were hiding. */
  readonly retryable = true;
  constructor(
    /** Upstream calls made before giving up (the bound). */
    readonly upstreamCalls: number,
    options?: ErrorOptions,
  ) {
    super(
      `No items after ${upstreamCalls} upstream page request(s), though more may exist; try again.`,
      options,
    );
  }
}

/** The upstream handed back a page token already used in this walk; it would loop forever. */
export class RepeatedTokenError extends Error {
  override readonly name = 'RepeatedTokenError';
  /** The same walk would meet the same loop again. */
  readonly retryable = false;
  constructor(
    message = 'Upstream repeated a page token; the listing cannot be paged.',
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
