import { ServiceError } from './errors.js';
import { DEFAULT_MAX_RESULTS, PAGE_SIZE_LIMIT, resolveExecution } from './flow-executions.js';
import type { OperationDeps, OperationRequest, Route } from './router.js';
import type { EventKind, StoredEvent } from './store.js';
import { MAX_RESULTS_LIMIT, RequestValidator } from './validation.js';

const EVENTS = 'ListFlowExecutionEvents';
const SNAPSHOT = 'GetExecutionFlowSnapshot';
const EVENT_TYPES: readonly string[] = ['Node', 'Flow'] satisfies EventKind[];

function isEventKind(value: string): value is EventKind {
  return EVENT_TYPES.includes(value);
}

/** Events only ever get appended, so a token can carry the index of the next one. */
function parseIndex(raw: unknown): number | undefined {
  return typeof raw === 'number' && Number.isInteger(raw) && raw >= 0 ? raw : undefined;
}

/** The union member as restJson1 sends it: `{ "nodeInputEvent": { ..., "timestamp": ISO } }`. */
function toWire(event: StoredEvent): Record<string, unknown> {
  return { [event.member]: event.body };
}

function listFlowExecutionEvents({ store, tokens, faults }: OperationDeps) {
  return (request: OperationRequest) => {
    const { query } = request;
    const validator = new RequestValidator();
    const eventType = query.get('eventType');
    const maxResults = validator.integer(
      'maxResults',
      query.get('maxResults') ?? undefined,
      1,
      MAX_RESULTS_LIMIT,
      DEFAULT_MAX_RESULTS,
    );
    const token = validator.token('nextToken', query.get('nextToken') ?? undefined);
    validator.check();
    if (eventType === null) {
      throw new ServiceError('ValidationException', 'eventType is required: Node or Flow.');
    }
    if (!isEventKind(eventType)) {
      throw new ServiceError(
        'ValidationException',
        `1 validation error detected: Value '${eventType.slice(0, 100)}' at 'eventType' failed to satisfy constraint: Member must satisfy enum value set: [Node, Flow]`,
      );
    }
    const { flow, alias, execution } = resolveExecution(store, request);
    // Tokens are bound to the execution and the event type, as the upstream's are to their listing.
    const listing = `${EVENTS}\n${flow.flowId}\n${alias.aliasId}\n${execution.executionId}\n${eventType}`;
    const start =
      token === undefined
        ? 0
        : (tokens.read(token, {
            listing,
            now: request.now,
            ttlMs: faults.tokenTtlFor(request.operation),
            parseKey: parseIndex,
          }) ?? 0);
    const all = store.listEvents(flow.flowId, execution.executionId, eventType);
    const remaining = Math.max(0, all.length - start);
    const length = faults.pageLength(
      request.operation,
      Math.min(maxResults, PAGE_SIZE_LIMIT),
      remaining,
    );
    const end = start + length;
    const body: { flowExecutionEvents: Record<string, unknown>[]; nextToken?: string } = {
      flowExecutionEvents: all.slice(start, end).map(toWire),
    };
    if (end < all.length) body.nextToken = tokens.issue(listing, end, request.now);
    return { body };
  };
}

function getExecutionFlowSnapshot({ store }: OperationDeps) {
  return (request: OperationRequest) => {
    const { flow, alias, execution } = resolveExecution(store, request);
    const settings = store.flowSettings(flow.flowId);
    const body: Record<string, string> = {
      // The upstream sends the FlowDefinition as a JSON string, not as a document.
      definition: JSON.stringify(settings.definition),
      executionRoleArn: settings.executionRoleArn,
      flowAliasIdentifier: alias.aliasId,
      flowIdentifier: flow.flowId,
      flowVersion: execution.flowVersion,
    };
    if (settings.customerEncryptionKeyArn) {
      body.customerEncryptionKeyArn = settings.customerEncryptionKeyArn;
    }
    return { body };
  };
}

/** What an execution emitted, and the flow as it stood when the execution started. */
export function flowExecutionEventRoutes(deps: OperationDeps): Route[] {
  const execution =
    '/flows/{flowIdentifier}/aliases/{flowAliasIdentifier}/executions/{executionIdentifier}';
  return [
    {
      operation: EVENTS,
      method: 'GET',
      path: `${execution}/events`,
      handle: listFlowExecutionEvents(deps),
    },
    {
      operation: SNAPSHOT,
      method: 'GET',
      path: `${execution}/flowsnapshot`,
      handle: getExecutionFlowSnapshot(deps),
    },
  ];
}
