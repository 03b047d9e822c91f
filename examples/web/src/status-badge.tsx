import { STATUS_LABELS } from './format';
import type { FlowExecutionStatus } from './generated/graphql';

/** An execution's status as a coloured pill; `data-status` carries the enum for tests and styles. */
export function StatusBadge({ status }: { status: FlowExecutionStatus }) {
  return (
    <span className={`badge badge-${status.toLowerCase().replace('_', '-')}`} data-status={status}>
      {STATUS_LABELS[status]}
    </span>
  );
}
