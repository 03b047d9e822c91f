/**
 * The gateway's own failure vocabulary. Only `src/upstream/` knows the SDK's exceptions; everything
 * above it sees these classes, which the schema exposes as typed members of result unions.
 */

/** An argument broke the upstream's own constraints; nothing was sent upstream. */
export class ValidationError extends Error {
  override readonly name = 'ValidationError';
  constructor(
    message: string,
    /** The argument at fault, as named in the GraphQL schema. */
    readonly field?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The flow, alias or execution does not exist (upstream ResourceNotFoundException). */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
  constructor(
    message: string,
    readonly resourceId?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The caller's AWS identity may not do this (upstream AccessDeniedException). */
export class AccessDeniedError extends Error {
  override readonly name = 'AccessDeniedError';
}

/** The upstream kept throttling after the retries the deadline allowed. */
export class ThrottledError extends Error {
  override readonly name = 'ThrottledError';
  constructor(
    message: string,
    /** When to try again, from the upstream's Retry-After or our own backoff estimate. */
    readonly retryAfterSeconds: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The upstream failed (5xx, timeout, bad response) or rejected a request it should not have. */
export class UpstreamError extends Error {
  override readonly name = 'UpstreamError';
  constructor(
    message: string,
    /** Whether the same request may succeed if sent again later. */
    readonly retryable: boolean,
    /** The upstream request id, for support cases with AWS. */
    readonly requestId?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The request conflicts with the resource's state: a finished execution stopped, a name reused (upstream ConflictException). */
export class ConflictError extends Error {
  override readonly name = 'ConflictError';
}

/** An account or flow quota is used up, such as concurrent executions (upstream ServiceQuotaExceededException, HTTP 400). */
export class QuotaExceededError extends Error {
  override readonly name = 'QuotaExceededError';
}

/** A dependency of the flow failed, such as its role, a Lambda function or a model (upstream DependencyFailedException, HTTP 424). */
export class DependencyFailedError extends Error {
  override readonly name = 'DependencyFailedError';
  constructor(
    message: string,
    /** The dependency at fault, as the upstream names it (Lambda, STS, ...). */
    readonly resourceName?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Any of the expected upstream failures. */
export type UpstreamFailure =
  | ValidationError
  | NotFoundError
  | AccessDeniedError
  | ThrottledError
  | UpstreamError
  | LimitExceededError
  | ConflictError
  | QuotaExceededError
  | DependencyFailedError;

/** The operation used up its budget of upstream calls; nothing more was sent. */
export class LimitExceededError extends Error {
  override readonly name = 'LimitExceededError';
  constructor(
    message: string,
    /** Which limit: for now `upstreamCalls`. */
    readonly limit: string,
    /** The limit's value. */
    readonly maximum: number,
  ) {
    super(message);
  }
}
