import { formatDuration, formatTime, STATUS_LABELS } from './format';
import type { ExecutionSummaryFragment } from './generated/graphql';

interface TimelineEntry {
  readonly key: string;
  readonly title: string;
  readonly at: string | null;
  readonly tone: 'neutral' | 'running' | 'good' | 'bad';
}

/**
 * What happened to an execution, oldest first. Today it is built from the execution's own times;
 * once `FlowExecution.events` (a connection of `FlowExecutionEvent`) is served, this component
 * takes that connection instead, paged with `relayPagination` like `Flow.executions`, and renders
 * one entry per event. Its props and its place in the detail view stay as they are.
 */
export function ExecutionTimeline({ execution }: { readonly execution: ExecutionSummaryFragment }) {
  const entries: TimelineEntry[] = [
    { key: 'started', title: 'Started', at: execution.createdAt, tone: 'neutral' },
    execution.status === 'RUNNING' || !execution.endedAt
      ? { key: 'running', title: 'Running — following live', at: null, tone: 'running' }
      : {
          key: 'ended',
          title: `${STATUS_LABELS[execution.status]} after ${formatDuration(execution.createdAt, execution.endedAt)}`,
          at: execution.endedAt,
          tone: execution.status === 'SUCCEEDED' ? 'good' : 'bad',
        },
  ];
  return (
    <ol className="timeline" aria-label="Timeline">
      {entries.map((entry) => (
        <li key={entry.key} className={`timeline-entry timeline-${entry.tone}`}>
          <span className="timeline-dot" aria-hidden="true" />
          <span className="timeline-title">{entry.title}</span>
          {entry.at && <time dateTime={entry.at}>{formatTime(entry.at)}</time>}
        </li>
      ))}
    </ol>
  );
}
