import { GraphQLError } from 'graphql';
import { InvalidCursorError } from '../pagination/errors.js';
import {
  AccessDeniedError,
  ConflictError,
  DependencyFailedError,
  LimitExceededError,
  NotFoundError,
  QuotaExceededError,
  ThrottledError,
  UpstreamError,
  ValidationError,
} from '../upstream/errors.js';
import { builder } from './builder.js';

/** Every typed error implements it, so a client can always ask `... on Error { message }`. */
export const ErrorInterface = builder.interfaceRef<Error>('Error').implement({
  description:
    'A failure the client can act on. Every typed error in a result union implements it.',
  fields: (t) => ({
    message: t.exposeString('message', { description: 'What went wrong, for people.' }),
  }),
});

builder.objectType(ValidationError, {
  name: 'ValidationError',
  description: 'An argument broke a constraint of the upstream API; nothing was sent upstream.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    field: t.string({
      nullable: true,
      description: 'The argument at fault, when one is.',
      resolve: (error) => error.field ?? null,
    }),
  }),
});

builder.objectType(InvalidCursorError, {
  name: 'InvalidCursorError',
  description:
    'The `after` cursor is garbled, forged, from another listing, or its upstream page token expired. Start again without `after`.',
  interfaces: [ErrorInterface],
});

builder.objectType(NotFoundError, {
  name: 'NotFoundError',
  description:
    'The flow, alias or execution does not exist for the caller’s AWS account and region.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    resourceId: t.string({
      nullable: true,
      description: 'The identifier that was not found.',
      resolve: (error) => error.resourceId ?? null,
    }),
  }),
});

builder.objectType(AccessDeniedError, {
  name: 'AccessDeniedError',
  description: 'The gateway’s AWS identity is not allowed to do this.',
  interfaces: [ErrorInterface],
});

builder.objectType(ThrottledError, {
  name: 'ThrottledError',
  description: 'Bedrock kept throttling after the gateway’s retries. Try again later.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    retryAfterSeconds: t.int({
      nullable: true,
      description: 'Seconds to wait before trying again.',
      resolve: (error) => error.retryAfterSeconds,
    }),
  }),
});

builder.objectType(UpstreamError, {
  name: 'UpstreamError',
  description: 'Bedrock failed or could not be reached in time.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    retryable: t.exposeBoolean('retryable', {
      description: 'Whether the same request may succeed if sent again later.',
    }),
    requestId: t.string({
      nullable: true,
      description: 'The upstream request id, for support cases with AWS.',
      resolve: (error) => error.requestId ?? null,
    }),
  }),
});

builder.objectType(LimitExceededError, {
  name: 'LimitExceededError',
  description:
    'The operation would exceed one of the gateway’s limits (for now: upstream calls per operation); nothing more was sent upstream.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    limit: t.exposeString('limit', { description: 'Which limit: `upstreamCalls`.' }),
    maximum: t.exposeInt('maximum', { description: 'The limit’s value.' }),
  }),
});

builder.objectType(ConflictError, {
  name: 'ConflictError',
  description:
    'The request conflicts with the execution’s state: it has already ended, or its name was used for a different request.',
  interfaces: [ErrorInterface],
});

builder.objectType(QuotaExceededError, {
  name: 'QuotaExceededError',
  description:
    'A Bedrock quota is used up, such as the executions a flow may run at once. Try again once some have finished.',
  interfaces: [ErrorInterface],
});

builder.objectType(DependencyFailedError, {
  name: 'DependencyFailedError',
  description:
    'Something the flow depends on failed: its execution role, a Lambda function, a model. Check the flow’s resources.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    resourceName: t.string({
      nullable: true,
      description: 'The dependency at fault, as Bedrock names it.',
      resolve: (error) => error.resourceName ?? null,
    }),
  }),
});

/** The typed errors of any lookup that reads from Bedrock, in the order the unions list them. */
export const lookupErrors = [
  ValidationError,
  NotFoundError,
  AccessDeniedError,
  ThrottledError,
  UpstreamError,
  LimitExceededError,
] as const;

/** The typed errors of starting an execution. */
export const startErrors = [
  ValidationError,
  NotFoundError,
  AccessDeniedError,
  ThrottledError,
  ConflictError,
  QuotaExceededError,
  DependencyFailedError,
  UpstreamError,
] as const;

/** The typed errors of stopping an execution. */
export const stopErrors = [
  ValidationError,
  NotFoundError,
  AccessDeniedError,
  ThrottledError,
  ConflictError,
  DependencyFailedError,
  UpstreamError,
] as const;

/**
 * Where no union can carry a typed error (a connection reached through `node`, say), the failure
 * becomes a GraphQL error whose `extensions.code` uses the same vocabulary as the union members.
 * Unknown errors pass through untouched so the server masks and logs them.
 */
export function asGraphQLError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const code = codeOf(error);
  if (code === undefined) return error;
  return new GraphQLError(error.message, { extensions: { code, ...detailsOf(error) } });
}

function codeOf(error: Error): string | undefined {
  if (error instanceof ValidationError) return 'VALIDATION';
  if (error instanceof InvalidCursorError) return 'INVALID_CURSOR';
  if (error instanceof NotFoundError) return 'NOT_FOUND';
  if (error instanceof AccessDeniedError) return 'ACCESS_DENIED';
  if (error instanceof ThrottledError) return 'THROTTLED';
  if (error instanceof UpstreamError) return 'UPSTREAM';
  if (error instanceof LimitExceededError) return 'LIMIT_EXCEEDED';
  if (error instanceof ConflictError) return 'CONFLICT';
  if (error instanceof QuotaExceededError) return 'QUOTA_EXCEEDED';
  if (error instanceof DependencyFailedError) return 'DEPENDENCY_FAILED';
  return undefined;
}

function detailsOf(error: Error): Record<string, unknown> {
  if (error instanceof ValidationError) return { field: error.field };
  if (error instanceof NotFoundError) return { resourceId: error.resourceId };
  if (error instanceof ThrottledError) return { retryAfterSeconds: error.retryAfterSeconds };
  if (error instanceof UpstreamError)
    return { retryable: error.retryable, requestId: error.requestId };
  if (error instanceof LimitExceededError) return { limit: error.limit, maximum: error.maximum };
  if (error instanceof DependencyFailedError) return { resourceName: error.resourceName };
  return {};
}
