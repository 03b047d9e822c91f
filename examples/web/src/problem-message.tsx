import { graphql } from './generated/gql';
import type { ProblemFieldsFragment } from './generated/graphql';

/** Every typed error the gateway can answer a lookup with, with what a person needs to act on it. */
export const ProblemFields = graphql(`
  fragment ProblemFields on Error {
    message
    ... on ValidationError {
      field
    }
    ... on NotFoundError {
      resourceId
    }
    ... on ThrottledError {
      retryAfterSeconds
    }
    ... on UpstreamError {
      retryable
      requestId
    }
    ... on LimitExceededError {
      limit
      maximum
    }
    ... on DependencyFailedError {
      resourceName
    }
  }
`);

export interface ProblemMessageProps {
  readonly problem: ProblemFieldsFragment;
  /** What was looked up, and by which identifier. */
  readonly kind: 'flow' | 'execution';
  readonly id: string;
  /** Send the same request again (offered when waiting may help). */
  readonly onRetry: () => void;
  /** Start the listing over from its first page (offered for a stale cursor). */
  readonly onRestart?: () => void;
}

interface Message {
  readonly title: string;
  readonly detail: string;
  readonly action?: 'retry' | 'restart';
}

/**
 * One message per member of the result unions. The switch is exhaustive: when the schema grows a
 * new error type, codegen adds it to `ProblemFieldsFragment` and this stops compiling until the
 * new member has its words.
 */
function describe(problem: ProblemFieldsFragment, kind: string, id: string): Message {
  switch (problem.__typename) {
    case 'ValidationError':
      return {
        title: 'That request was not valid',
        detail: problem.field
          ? `${problem.message} (in ${problem.field})`
          : `${problem.message} Nothing was sent to Bedrock.`,
      };
    case 'InvalidCursorError':
      return {
        title: 'This list can no longer be continued',
        detail:
          'The place you were paging from has expired or is not valid any more. Start again from the newest executions.',
        action: 'restart',
      };
    case 'NotFoundError':
      return {
        title: `No such ${kind}`,
        detail: `Bedrock has no ${kind} ${problem.resourceId ?? id} in this account and region. Check the identifier.`,
      };
    case 'AccessDeniedError':
      return {
        title: 'You do not have access',
        detail: `The gateway is not allowed to use ${kind} ${id}. Ask whoever runs it for access.`,
      };
    case 'ThrottledError':
      return {
        title: 'Bedrock is busy',
        detail: problem.retryAfterSeconds
          ? `Too many requests right now. Try again in ${problem.retryAfterSeconds} seconds.`
          : 'Too many requests right now. Try again in a moment.',
        action: 'retry',
      };
    case 'UpstreamError':
      return problem.retryable
        ? {
            title: 'Bedrock did not answer',
            detail: 'It failed or took too long this time; trying again usually works.',
            action: 'retry',
          }
        : {
            title: 'Bedrock failed',
            detail: `It could not complete the request.${problem.requestId ? ` Quote request id ${problem.requestId} to support.` : ''}`,
          };
    case 'LimitExceededError':
      return {
        title: 'Too much at once',
        detail: `This view asked for more than the gateway allows in one go (${problem.limit}: ${problem.maximum}). Load fewer items at a time.`,
      };
    case 'ConflictError':
      return {
        title: 'That clashes with the execution’s state',
        detail: `${problem.message} Refresh to see where it stands now.`,
        action: 'retry',
      };
    case 'QuotaExceededError':
      return {
        title: 'Too many runs at once',
        detail: 'Bedrock’s quota for this flow is used up. Try again once some runs have finished.',
        action: 'retry',
      };
    case 'DependencyFailedError':
      return {
        title: 'Something the flow depends on failed',
        detail: `${problem.resourceName ?? 'A dependency'} failed: ${problem.message}`,
      };
    default: {
      const unhandled: never = problem;
      return { title: 'Something went wrong', detail: String(unhandled) };
    }
  }
}

export function ProblemMessage({ problem, kind, id, onRetry, onRestart }: ProblemMessageProps) {
  const message = describe(problem, kind, id);
  return (
    <div className="notice notice-problem" role="alert" data-problem={problem.__typename}>
      <h2>{message.title}</h2>
      <p>{message.detail}</p>
      {message.action === 'retry' && (
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      )}
      {message.action === 'restart' && onRestart && (
        <button type="button" className="button" onClick={onRestart}>
          Start again
        </button>
      )}
    </div>
  );
}
