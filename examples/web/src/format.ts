import type { FlowExecutionStatus } from './generated/graphql';

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** A timestamp from the gateway (ISO-8601, UTC) in the reader's own time zone. */
export function formatTime(iso: string): string {
  return dateTime.format(new Date(iso));
}

const clock = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  fractionalSecondDigits: 3,
});

/** The time of day of an event, to the millisecond: events of a run are often milliseconds apart. */
export function formatClock(iso: string): string {
  return clock.format(new Date(iso));
}

/**
 * A JSON value on one line, cut at `max` characters: enough to recognise it in a timeline. Text is
 * shown as text, in quotes, rather than with JSON's escapes.
 */
export function previewJson(value: unknown, max = 80): string {
  const text =
    typeof value === 'string'
      ? `“${value.replace(/\s+/g, ' ')}”`
      : (JSON.stringify(value) ?? 'null');
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** How long something took, at the two coarsest units that matter: "4.2 s", "12 min 5 s", "2 h 3 min". */
export function formatDuration(fromIso: string, toIso: string): string {
  const ms = Math.max(0, Date.parse(toIso) - Date.parse(fromIso));
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes} min ${Math.floor((ms % 60_000) / 1000)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export const STATUS_LABELS: Record<FlowExecutionStatus, string> = {
  RUNNING: 'Running',
  SUCCEEDED: 'Succeeded',
  FAILED: 'Failed',
  TIMED_OUT: 'Timed out',
  ABORTED: 'Aborted',
};
