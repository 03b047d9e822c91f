import { useMutation, useQuery } from 'urql';
import { ExecutionTimeline } from './execution-timeline';
import { FlowSnapshot } from './flow-snapshot';
import { formatDuration, formatTime } from './format';
import { graphql } from './generated/gql';
import { ProblemMessage } from './problem-message';
import { flowHref } from './routes';
import { StatusBadge } from './status-badge';
import { Unreachable } from './unreachable';
import { useFollowExecution } from './use-follow-execution';

const ExecutionDetailQuery = graphql(`
  query ExecutionDetail($executionArn: String!) {
    flowExecution(executionArn: $executionArn) {
      ... on FlowExecution {
        ...ExecutionSummary
        startedAt
        errors {
          error
          nodeName
          message
        }
      }
      ...ProblemFields
    }
  }
`);

const StopRun = graphql(`
  mutation StopRun($executionArn: String!) {
    stopFlowExecution(input: { executionArn: $executionArn }) {
      ... on StopFlowExecutionPayload {
        execution {
          ...ExecutionSummary
        }
      }
      ...ProblemFields
    }
  }
`);

/**
 * One execution: its identifiers, times, status and errors, its timeline, and the flow it ran,
 * followed live while it runs.
 */
export function ExecutionDetail({ executionArn }: { readonly executionArn: string }) {
  const [{ data, error }, reexecute] = useQuery({
    query: ExecutionDetailQuery,
    variables: { executionArn },
  });
  const execution = data?.flowExecution;
  const running = execution?.__typename === 'FlowExecution' && execution.status === 'RUNNING';
  const followError = useFollowExecution(executionArn, running);
  const retry = () => reexecute({ requestPolicy: 'network-only' });
  // The stopped execution comes back ABORTED in the payload; the normalized cache applies it to
  // this view and the list, and following stops with it.
  const [stopped, stop] = useMutation(StopRun);
  const stopRefused =
    stopped.data?.stopFlowExecution.__typename === 'StopFlowExecutionPayload'
      ? undefined
      : stopped.data?.stopFlowExecution;

  if (!execution) {
    if (error) return <Unreachable message={error.message} onRetry={retry} />;
    return <p className="loading">Loading the execution…</p>;
  }
  if (execution.__typename !== 'FlowExecution') {
    return (
      <ProblemMessage problem={execution} kind="execution" id={executionArn} onRetry={retry} />
    );
  }
  return (
    <section className="card" aria-label="Execution">
      <div className="card-header">
        <div>
          <a className="back" href={flowHref(execution.flowId)}>
            ← {execution.flowId}
          </a>
          <h2>
            Execution <code>{execution.executionId}</code>
          </h2>
        </div>
        <div className="header-actions">
          <span className="live-status" data-testid="execution-status">
            <StatusBadge status={execution.status} />
            {running && !followError && <span className="muted"> following live…</span>}
            {followError && (
              <span className="inline-error"> live updates stopped: {followError.message}</span>
            )}
          </span>
          {running && (
            <button
              type="button"
              className="button button-quiet button-small"
              disabled={stopped.fetching}
              onClick={() => stop({ executionArn })}
            >
              {stopped.fetching ? 'Stopping…' : 'Stop'}
            </button>
          )}
        </div>
      </div>
      {stopped.error && (
        <p className="inline-error stop-error">Could not stop the run: {stopped.error.message}</p>
      )}
      {stopRefused && (
        <div className="stop-problem">
          <ProblemMessage
            problem={stopRefused}
            kind="execution"
            id={executionArn}
            onRetry={retry}
          />
        </div>
      )}
      <dl className="facts">
        <dt>Flow</dt>
        <dd>
          <code>{execution.flowId}</code>
        </dd>
        <dt>Alias</dt>
        <dd>
          <code>{execution.flowAliasId}</code> (version {execution.flowVersion})
        </dd>
        <dt>Started</dt>
        <dd>{formatTime(execution.startedAt)}</dd>
        <dt>Ended</dt>
        <dd>
          {execution.endedAt
            ? `${formatTime(execution.endedAt)} (${formatDuration(execution.startedAt, execution.endedAt)})`
            : 'not yet'}
        </dd>
        <dt>ARN</dt>
        <dd>
          <code className="arn">{execution.executionArn}</code>
        </dd>
      </dl>
      {execution.errors.length > 0 && (
        <section className="run-errors" aria-label="Errors">
          <h3>What went wrong</h3>
          <ul>
            {execution.errors.map((problem) => (
              <li key={`${problem.nodeName}:${problem.error}:${problem.message}`}>
                {problem.nodeName && <code>{problem.nodeName}</code>}{' '}
                {problem.message ?? 'Bedrock gave no message.'}
                {problem.error === 'EXECUTION_TIMED_OUT' && ' (it ran for 24 hours)'}
              </li>
            ))}
          </ul>
        </section>
      )}
      <h3>Timeline</h3>
      <ExecutionTimeline execution={execution} />
      <FlowSnapshot executionArn={execution.executionArn} />
    </section>
  );
}
