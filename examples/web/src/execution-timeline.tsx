import { useState } from 'react';
import { useQuery, useSubscription } from 'urql';
import { describeEvent } from './describe-event';
import { formatClock, formatDuration, formatTime, STATUS_LABELS } from './format';
import { graphql } from './generated/gql';
import type {
  ExecutionSummaryFragment,
  FlowExecutionStatus,
  TimelineEventFragment,
} from './generated/graphql';
import { ProblemMessage } from './problem-message';

/** How the last line of a timeline looks for each status: a stop on request is no failure. */
const ENDING_TONES: Record<FlowExecutionStatus, 'neutral' | 'running' | 'good' | 'bad'> = {
  RUNNING: 'running',
  SUCCEEDED: 'good',
  ABORTED: 'neutral',
  FAILED: 'bad',
  TIMED_OUT: 'bad',
};

/** Events per "Load more". */
export const EVENTS_PAGE_SIZE = 20;

/** What a timeline line shows of each of the nine event kinds. */
export const TimelineEvent = graphql(`
  fragment TimelineEvent on FlowExecutionEvent {
    ... on FlowInputEvent {
      timestamp
      nodeName
      fields {
        name
        content
      }
    }
    ... on FlowOutputEvent {
      timestamp
      nodeName
      fields {
        name
        content
      }
    }
    ... on FlowFailureEvent {
      timestamp
      errorCode
      errorMessage
    }
    ... on NodeInputEvent {
      timestamp
      nodeName
      fields {
        name
        content
      }
    }
    ... on NodeOutputEvent {
      timestamp
      nodeName
      fields {
        name
        content
        next {
          nodeName
        }
      }
    }
    ... on NodeActionEvent {
      timestamp
      nodeName
      serviceName
      operationName
      requestId
    }
    ... on NodeDependencyEvent {
      timestamp
      nodeName
    }
    ... on NodeFailureEvent {
      timestamp
      nodeName
      errorCode
      errorMessage
    }
    ... on ConditionResultEvent {
      timestamp
      nodeName
      satisfiedConditions
    }
  }
`);

const ExecutionEventsQuery = graphql(`
  query ExecutionEvents($executionArn: String!, $first: Int!, $after: String) {
    flowExecution(executionArn: $executionArn) {
      ... on FlowExecution {
        id
        events(first: $first, after: $after) {
          edges {
            cursor
            node {
              ...TimelineEvent
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

const LiveEvents = graphql(`
  subscription LiveEvents($executionArn: String!) {
    flowExecutionEvents(executionArn: $executionArn) {
      ...TimelineEvent
    }
  }
`);

/**
 * Events have no id. Within one run, a kind, a node and a millisecond name one event; the stream
 * replays from the start when it reconnects, and this keeps the replay from doubling the list.
 */
function eventKey(event: TimelineEventFragment): string {
  return `${event.__typename}|${event.timestamp}|${'nodeName' in event ? event.nodeName : ''}`;
}

function appendNew(
  seen: readonly TimelineEventFragment[] | undefined,
  event: TimelineEventFragment,
): TimelineEventFragment[] {
  const list = seen ?? [];
  const key = eventKey(event);
  return list.some((known) => eventKey(known) === key) ? [...list] : [...list, event];
}

/**
 * What happened in an execution, oldest first. While it runs, its events arrive over the
 * `flowExecutionEvents` subscription as they are recorded. Once it is final, they are read as the
 * `events` connection, 20 at a time with "Load more"; the gateway caches a finished run's pages,
 * and the normalized cache merges them into one list (`relayPagination`).
 */
export function ExecutionTimeline({ execution }: { readonly execution: ExecutionSummaryFragment }) {
  const { executionArn } = execution;
  const running = execution.status === 'RUNNING';
  const [after, setAfter] = useState<string | null>(null);
  const [paged, reexecute] = useQuery({
    query: ExecutionEventsQuery,
    variables: { executionArn, first: EVENTS_PAGE_SIZE, after },
    // A running execution's pages would be stale at once, and the cache would keep them.
    pause: running,
  });
  const [live] = useSubscription(
    { query: LiveEvents, variables: { executionArn }, pause: !running },
    (seen: TimelineEventFragment[] | undefined, data) => appendNew(seen, data.flowExecutionEvents),
  );

  const result = paged.data?.flowExecution;
  if (result && result.__typename !== 'FlowExecution') {
    return (
      <ProblemMessage
        problem={result}
        kind="execution"
        id={executionArn}
        onRetry={() => reexecute({ requestPolicy: 'network-only' })}
        onRestart={() => setAfter(null)}
      />
    );
  }
  // Until the first page arrives, the events that came live stay on screen.
  const connection = result?.events;
  const entries = connection
    ? connection.edges.map((edge) => ({ key: edge.cursor, event: edge.node }))
    : (live.data ?? []).map((event) => ({ key: eventKey(event), event }));
  const error = paged.error ?? live.error;
  const ended = !running && execution.endedAt;

  return (
    <>
      <ol className="timeline" aria-label="Timeline">
        <li className="timeline-entry timeline-neutral">
          <span className="timeline-dot" aria-hidden="true" />
          <span className="timeline-title">Started</span>
          <time dateTime={execution.createdAt}>{formatTime(execution.createdAt)}</time>
        </li>
        {entries.map(({ key, event }) => {
          const line = describeEvent(event);
          return (
            <li
              key={key}
              className={`timeline-entry timeline-event timeline-${line.tone}`}
              data-testid="timeline-event"
              data-kind={event.__typename}
            >
              <span className="timeline-dot" aria-hidden="true" />
              <time dateTime={line.at}>{formatClock(line.at)}</time>
              {line.node && <code className="timeline-node">{line.node}</code>}
              <span className="timeline-text">{line.text}</span>
            </li>
          );
        })}
        {connection?.pageInfo.hasNextPage && (
          <li className="timeline-entry timeline-more">
            <button
              type="button"
              className="button button-quiet"
              disabled={paged.fetching}
              onClick={() => setAfter(connection.pageInfo.endCursor ?? null)}
            >
              {paged.fetching ? 'Loading…' : 'Load more'}
            </button>
          </li>
        )}
        {!connection && !running && !error && (
          <li className="timeline-entry timeline-neutral muted">Loading events…</li>
        )}
        {ended ? (
          <li className={`timeline-entry timeline-${ENDING_TONES[execution.status]}`}>
            <span className="timeline-dot" aria-hidden="true" />
            <span className="timeline-title">
              {`${STATUS_LABELS[execution.status]} after ${formatDuration(execution.createdAt, ended)}`}
            </span>
            <time dateTime={ended}>{formatTime(ended)}</time>
          </li>
        ) : (
          <li className="timeline-entry timeline-running">
            <span className="timeline-dot" aria-hidden="true" />
            <span className="timeline-title">Running — following live</span>
          </li>
        )}
      </ol>
      {error && (
        <p className="inline-error timeline-error">Could not read the events: {error.message}</p>
      )}
    </>
  );
}
