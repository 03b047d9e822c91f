import { BedrockAgentRuntimeServiceException } from '@aws-sdk/client-bedrock-agent-runtime';
import {
  AccessDeniedError,
  ConflictError,
  DependencyFailedError,
  NotFoundError,
  QuotaExceededError,
  ThrottledError,
  UpstreamError,
  ValidationError,
} from './errors.js';

/** What the failed call was about, so the translated error can name it. */
export interface CallSubject {
  readonly operation: string;
  /** The identifier a NotFoundError should report. */
  readonly resourceId: string;
  /** Which GraphQL argument an upstream ValidationException most likely concerns. */
  readonly validationField?: string | undefined;
}

/** Used when a throttled response carries no Retry-After: about one full backoff step. */
const DEFAULT_RETRY_AFTER_SECONDS = 1;

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ERR_HTTP2_STREAM_ERROR',
  'ERR_HTTP2_SESSION_ERROR',
  'ERR_HTTP2_GOAWAY_SESSION',
  'ERR_HTTP2_STREAM_CANCEL',
]);

/**
 * Translates whatever the SDK threw into the gateway's vocabulary. Anything it does not recognise
 * (a malformed response, a bug) is returned unchanged: it is unexpected, so the server masks it for
 * the client and logs it for the operator.
 */
export function translateUpstreamError(error: unknown, subject: CallSubject): unknown {
  if (error instanceof BedrockAgentRuntimeServiceException) {
    const requestId = error.$metadata.requestId;
    const message = error.message || error.name;
    switch (error.name) {
      case 'ValidationException':
        return new ValidationError(
          `Bedrock rejected the request: ${message}`,
          subject.validationField,
          {
            cause: error,
          },
        );
      case 'ResourceNotFoundException':
        return new NotFoundError(message, subject.resourceId, { cause: error });
      case 'AccessDeniedException':
        return new AccessDeniedError(message, { cause: error });
      case 'ThrottlingException':
        return new ThrottledError(
          `Bedrock is throttling ${subject.operation}; retry later.`,
          retryAfterSeconds(error) ?? DEFAULT_RETRY_AFTER_SECONDS,
          { cause: error },
        );
      case 'ConflictException':
        return new ConflictError(message, { cause: error });
      case 'ServiceQuotaExceededException':
        return new QuotaExceededError(message, { cause: error });
      case 'DependencyFailedException':
        return new DependencyFailedError(message, resourceNameOf(error), { cause: error });
      case 'BadGatewayException': {
        const dependency = resourceNameOf(error);
        return new UpstreamError(
          `Bedrock ${subject.operation} failed at ${dependency ?? 'a dependency'}: ${message}`,
          true,
          requestId,
          { cause: error },
        );
      }
      default:
        return new UpstreamError(
          `Bedrock ${subject.operation} failed: ${message}`,
          error.$fault === 'server',
          requestId,
          { cause: error },
        );
    }
  }
  if (error instanceof Error) {
    if (error.name === 'AbortError') {
      return new UpstreamError(
        `Bedrock ${subject.operation} was abandoned: the operation's deadline passed or the client went away.`,
        true,
        undefined,
        { cause: error },
      );
    }
    // The SDK could not read a response body as JSON: a proxy's error page, a truncated body.
    if (error.name === 'SyntaxError' && ('$metadata' in error || '$responseBodyText' in error)) {
      return new UpstreamError(
        `Bedrock ${subject.operation} answered with a response that is not readable.`,
        true,
        undefined,
        { cause: error },
      );
    }
    if (error.name === 'TimeoutError') {
      return new UpstreamError(`Bedrock ${subject.operation} timed out.`, true, undefined, {
        cause: error,
      });
    }
    const code = 'code' in error && typeof error.code === 'string' ? error.code : undefined;
    if (code !== undefined && NETWORK_CODES.has(code)) {
      return new UpstreamError(
        `Bedrock ${subject.operation} could not be reached (${code}).`,
        true,
        undefined,
        {
          cause: error,
        },
      );
    }
  }
  return error;
}

function resourceNameOf(error: BedrockAgentRuntimeServiceException): string | undefined {
  return 'resourceName' in error && typeof error.resourceName === 'string'
    ? error.resourceName
    : undefined;
}

function retryAfterSeconds(error: BedrockAgentRuntimeServiceException): number | undefined {
  const headers = error.$response?.headers ?? {};
  const raw = Object.entries(headers).find(([name]) => name.toLowerCase() === 'retry-after')?.[1];
  if (raw === undefined) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** How many attempts the SDK made before giving up with this (translated) error. */
export function attemptsOf(error: unknown): number {
  const cause = error instanceof Error ? error.cause : undefined;
  return cause instanceof BedrockAgentRuntimeServiceException ? (cause.$metadata.attempts ?? 1) : 1;
}
