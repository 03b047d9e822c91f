import { useState } from 'react';
import { useQuery } from 'urql';
import { formatDuration, formatTime } from './format';
import { graphql } from './generated/gql';
import type { ExecutionSummaryFragment } from './generated/graphql';
import { ProblemMessage } from './problem-message';
import { executionHref } from './routes';
import { StatusBadge } from './status-badge';
import { Unreachable } from './unreachable';

/** Executions per "Load more": a multiple of Bedrock's 10-item pages, so none is read twice. */
export const PAGE_SIZE = 30;

const FlowExecutionsQuery = graphql(`
  query FlowExecutions($flowId: ID!, $first: Int!, $after: String) {
    flow(id: $flowId) {
      ... on Flow {
        id
        flowId
        executions(first: $first, after: $after) {
          edges {
            cursor
            node {
              ...ExecutionSummary
            }
          }
          pageInfo {
            hasNextPage
            endCursor
          }
        }
      }
      ...ProblemFields
    }
  }
`);

/**
 * A flow's executions, newest first, with "Load more" until the end. Only `after` changes from
 * page to page; the cache's `relayPagination` answers each query with every edge so far.
 */
export function FlowExecutions({ flowId }: { readonly flowId: string }) {
  const [after, setAfter] = useState<string | null>(null);
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: FlowExecutionsQuery,
    variables: { flowId, first: PAGE_SIZE, after },
  });
  const retry = () => reexecute({ requestPolicy: 'network-only' });

  if (!data) {
    if (error) return <Unreachable message={error.message} onRetry={retry} />;
    return <p className="loading">Loading executions…</p>;
  }
  const flow = data.flow;
  if (flow.__typename !== 'Flow') {
    return (
      <ProblemMessage
        problem={flow}
        kind="flow"
        id={flowId}
        onRetry={retry}
        onRestart={() => setAfter(null)}
      />
    );
  }
  const { edges, pageInfo } = flow.executions;
  return (
    <section className="card" aria-label={`Executions of ${flow.flowId}`}>
      <div className="card-header">
        <h2>
          Executions of <code>{flow.flowId}</code>
        </h2>
        <span className="muted" data-testid="execution-count">
          {edges.length} shown
        </span>
      </div>
      {edges.length === 0 ? (
        <p className="empty">This flow has not run yet.</p>
      ) : (
        <table className="executions">
          <thead>
            <tr>
              <th scope="col">Execution</th>
              <th scope="col">Status</th>
              <th scope="col">Alias</th>
              <th scope="col">Version</th>
              <th scope="col">Started</th>
              <th scope="col">Duration</th>
            </tr>
          </thead>
          <tbody>
            {edges.map(({ cursor, node }) => (
              <ExecutionRow key={cursor} execution={node} />
            ))}
          </tbody>
        </table>
      )}
      <div className="card-footer">
        {error && <span className="inline-error">Could not load more: {error.message}</span>}
        {pageInfo.hasNextPage ? (
          <button
            type="button"
            className="button"
            disabled={fetching}
            onClick={() => setAfter(pageInfo.endCursor ?? null)}
          >
            {fetching ? 'Loading…' : 'Load more'}
          </button>
        ) : (
          <span className="muted" data-testid="end-of-list">
            All {edges.length} executions loaded.
          </span>
        )}
      </div>
    </section>
  );
}

function ExecutionRow({ execution }: { readonly execution: ExecutionSummaryFragment }) {
  return (
    <tr data-execution-id={execution.executionId}>
      <td>
        <a href={executionHref(execution.executionArn)} title={execution.executionId}>
          <code>{execution.executionId.slice(0, 8)}</code>
        </a>
      </td>
      <td>
        <StatusBadge status={execution.status} />
      </td>
      <td>{execution.flowAliasId}</td>
      <td>{execution.flowVersion}</td>
      <td>{formatTime(execution.createdAt)}</td>
      <td>{execution.endedAt ? formatDuration(execution.createdAt, execution.endedAt) : '—'}</td>
    </tr>
  );
}
