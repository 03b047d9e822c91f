import { previewJson } from './format';
import type { TimelineEventFragment } from './generated/graphql';

/** One event of a run as a line of the timeline. */
export interface EventLine {
  readonly at: string;
  /** The node it happened at; null for the flow as a whole. */
  readonly node: string | null;
  readonly text: string;
  readonly tone: 'neutral' | 'good' | 'bad';
}

/**
 * Bedrock wraps every field value as `{ document: value }`; the value is what a reader wants to
 * recognise, so show it unwrapped.
 */
function unwrap(content: unknown): unknown {
  if (typeof content === 'object' && content !== null && !Array.isArray(content)) {
    const entries = Object.entries(content);
    if (entries.length === 1 && entries[0]?.[0] === 'document') return entries[0][1];
  }
  return content;
}

function fieldsText(fields: readonly { name: string; content: unknown }[]): string {
  if (fields.length === 0) return 'nothing';
  return fields
    .map((field) => `${field.name} = ${previewJson(unwrap(field.content), 60)}`)
    .join(', ');
}

/**
 * What happened, in words, for each of the nine event kinds. The switch is exhaustive: a tenth kind
 * in the schema stops this compiling until it has its words.
 */
export function describeEvent(event: TimelineEventFragment): EventLine {
  switch (event.__typename) {
    case 'FlowInputEvent':
      return {
        at: event.timestamp,
        node: event.nodeName,
        text: `Flow started with ${fieldsText(event.fields)}`,
        tone: 'neutral',
      };
    case 'FlowOutputEvent':
      return {
        at: event.timestamp,
        node: event.nodeName,
        text: `Flow produced ${fieldsText(event.fields)}`,
        tone: 'good',
      };
    case 'FlowFailureEvent':
      return {
        at: event.timestamp,
        node: null,
        text: `Flow failed (${event.errorCode}): ${event.errorMessage}`,
        tone: 'bad',
      };
    case 'NodeInputEvent':
      return {
        at: event.timestamp,
        node: event.nodeName,
        text: `Received ${fieldsText(event.fields)}`,
        tone: 'neutral',
      };
    case 'NodeOutputEvent': {
      const targets = event.fields.flatMap((field) => field.next.map((next) => next.nodeName));
      return {
        at: event.timestamp,
        node: event.nodeName,
        text: `Produced ${fieldsText(event.fields)}${targets.length > 0 ? ` → ${[...new Set(targets)].join(', ')}` : ''}`,
        tone: 'neutral',
      };
    }
    case 'NodeActionEvent':
      return {
        at: event.timestamp,
        node: event.nodeName,
        text: `Called ${event.serviceName} ${event.operationName} (request ${event.requestId})`,
        tone: 'neutral',
      };
    case 'NodeDependencyEvent':
      return {
        at: event.timestamp,
        node: event.nodeName,
        text: 'Recorded a trace of its work',
        tone: 'neutral',
      };
    case 'NodeFailureEvent':
      return {
        at: event.timestamp,
        node: event.nodeName,
        text: `Failed (${event.errorCode}): ${event.errorMessage}`,
        tone: 'bad',
      };
    case 'ConditionResultEvent':
      return {
        at: event.timestamp,
        node: event.nodeName,
        text:
          event.satisfiedConditions.length > 0
            ? `Took the ${event.satisfiedConditions.join(', ')} branch`
            : 'No condition held',
        tone: 'neutral',
      };
    default: {
      const unhandled: never = event;
      return {
        at: '',
        node: null,
        text: `Something happened: ${String(unhandled)}`,
        tone: 'neutral',
      };
    }
  }
}
