import { type CombinedError, useSubscription } from 'urql';
import { graphql } from './generated/gql';

/**
 * What changes while an execution runs. The summary carries `id`, so each update lands in the
 * execution's one normalized record, and every view of it (the detail, the list) re-renders.
 */
const FollowExecution = graphql(`
  subscription FollowExecution($executionArn: String!) {
    flowExecutionUpdated(executionArn: $executionArn) {
      ...ExecutionSummary
      startedAt
      errors {
        error
        nodeName
        message
      }
    }
  }
`);

/**
 * Keeps a running execution current until its status is final, over the `flowExecutionUpdated`
 * subscription (server-sent events): the gateway sends the execution now and at each status
 * change, then completes. Paused once the status is final, so nothing stays open for a run that
 * cannot change. Returns why following stopped, when it stopped on a failure.
 */
export function useFollowExecution(
  executionArn: string,
  running: boolean,
): CombinedError | undefined {
  const [{ error }] = useSubscription({
    query: FollowExecution,
    variables: { executionArn },
    pause: !running,
  });
  return error;
}
