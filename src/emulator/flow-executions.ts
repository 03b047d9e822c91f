import { ServiceError } from './errors.js';
import type { Caller, OperationDeps, OperationRequest, Route } from './router.js';
import {
  type ExecutionKey,
  executionKey,
  type Flow,
  type FlowAlias,
  type FlowExecution,
  type FlowStore,
} from './store.js';
import { type ArnScope, MAX_RESULTS_LIMIT, RequestValidator } from './validation.js';

/** The list shapes hold at most 10 items whatever `maxResults` asks for. */
export const PAGE_SIZE_LIMIT = 10;
export const DEFAULT_MAX_RESULTS = 10;

const LIST = 'ListFlowExecutions';
const GET = 'GetFlowExecution';

/** The JSON members of the upstream's shapes, as the SDK deserialises them. */
interface FlowExecutionSummaryBody {
  executionArn: string;
  flowAliasIdentifier: string;
  flowIdentifier: string;
  flowVersion: string;
  status: string;
  createdAt: string;
  endedAt?: string;
}

interface GetFlowExecutionBody extends Omit<FlowExecutionSummaryBody, 'createdAt'> {
  startedAt: string;
  errors?: { error?: string; message?: string; nodeName?: string }[];
}

function toSummary(execution: FlowExecution): FlowExecutionSummaryBody {
  const body: FlowExecutionSummaryBody = {
    executionArn: execution.executionArn,
    flowAliasIdentifier: execution.flowAliasId,
    flowIdentifier: execution.flowId,
    flowVersion: execution.flowVersion,
    status: execution.status,
    createdAt: execution.createdAt.toISOString(),
  };
  if (execution.endedAt) body.endedAt = execution.endedAt.toISOString();
  return body;
}

/** GetFlowExecution names the start `startedAt` (never `createdAt`) and adds `errors`. */
function toDetail(execution: FlowExecution): GetFlowExecutionBody {
  const body: GetFlowExecutionBody = {
    executionArn: execution.executionArn,
    flowAliasIdentifier: execution.flowAliasId,
    flowIdentifier: execution.flowId,
    flowVersion: execution.flowVersion,
    status: execution.status,
    startedAt: execution.createdAt.toISOString(),
  };
  if (execution.endedAt) body.endedAt = execution.endedAt.toISOString();
  if (execution.errors && execution.errors.length > 0) {
    body.errors = execution.errors.map((error) => ({ ...error }));
  }
  return body;
}

/** Executions are paged by (createdAt, executionId); tokens carry that pair. */
function encodeKey(key: ExecutionKey | undefined): unknown {
  return key ? [key.createdAt, key.executionId] : null;
}

function parseKey(raw: unknown): ExecutionKey | undefined {
  if (!Array.isArray(raw) || raw.length !== 2) return undefined;
  const [createdAt, executionId] = raw;
  if (typeof createdAt !== 'number' || typeof executionId !== 'string') return undefined;
  return { createdAt, executionId };
}

function principal(store: FlowStore, caller: Caller): string {
  return `arn:aws:iam::${store.accountId}:user/${caller.accessKeyId}`;
}

export function notFound(message: string): ServiceError {
  return new ServiceError('ResourceNotFoundException', message);
}

export function disagree(message: string): ServiceError {
  return new ServiceError('ValidationException', message);
}

/** An ARN for another region or account names nothing this emulator holds. */
export function checkScope(store: FlowStore, scope: ArnScope | undefined, given: string): void {
  if (scope && (scope.region !== store.region || scope.accountId !== store.accountId)) {
    throw notFound(
      `The resource ${given} was not found: this endpoint serves region ${store.region}, account ${store.accountId}.`,
    );
  }
}

/** The flow, if it exists and the caller may see it (LOCKED0004 denies everyone). */
export function requireFlow(
  store: FlowStore,
  flowId: string,
  operation: string,
  caller: Caller,
): Flow {
  const flow = store.getFlow(flowId);
  if (!flow) throw notFound(`Flow ${flowId} was not found.`);
  if (flow.denied) {
    throw new ServiceError(
      'AccessDeniedException',
      `User: ${principal(store, caller)} is not authorized to perform: bedrock:${operation} on resource: ${flow.flowArn} with an explicit deny in a resource-based policy`,
    );
  }
  return flow;
}

export function requireAlias(store: FlowStore, flow: Flow, aliasId: string): FlowAlias {
  const alias = store.getAlias(flow.flowId, aliasId);
  if (!alias) throw notFound(`Alias ${aliasId} of flow ${flow.flowId} was not found.`);
  return alias;
}

function listFlowExecutions({ store, tokens, faults }: OperationDeps) {
  return (request: OperationRequest) => {
    const { params, query } = request;
    const flowParam = params.flowIdentifier ?? '';
    const aliasParam = query.get('flowAliasIdentifier') ?? undefined;
    const validator = new RequestValidator();
    const flowRef = validator.flow('flowIdentifier', flowParam);
    const aliasRef =
      aliasParam === undefined ? undefined : validator.alias('flowAliasIdentifier', aliasParam);
    const maxResults = validator.integer(
      'maxResults',
      query.get('maxResults') ?? undefined,
      1,
      MAX_RESULTS_LIMIT,
      DEFAULT_MAX_RESULTS,
    );
    const token = validator.token('nextToken', query.get('nextToken') ?? undefined);
    validator.check();
    if (!flowRef) throw disagree('flowIdentifier is required.');
    if (aliasRef?.flowId !== undefined && aliasRef.flowId !== flowRef.flowId) {
      throw disagree(
        `flowAliasIdentifier names flow ${aliasRef.flowId} but flowIdentifier names flow ${flowRef.flowId}.`,
      );
    }
    checkScope(store, flowRef.scope, flowParam);
    if (aliasRef && aliasParam !== undefined) checkScope(store, aliasRef.scope, aliasParam);

    const flow = requireFlow(store, flowRef.flowId, request.operation, request.caller);
    const aliasId = aliasRef ? requireAlias(store, flow, aliasRef.aliasId).aliasId : undefined;

    // Tokens are bound to the flow and the alias filter, not to maxResults: a client may ask for a
    // different page size on every call.
    const listing = `${LIST}\n${flow.flowId}\n${aliasId ?? '*'}`;
    const ttlMs = faults.tokenTtlFor(request.operation);
    const after =
      token === undefined
        ? undefined
        : tokens.read(token, { listing, now: request.now, ttlMs, parseKey });

    const remaining = store.countAfter(flow.flowId, aliasId, after);
    const size = Math.min(maxResults, PAGE_SIZE_LIMIT);
    const length = faults.pageLength(request.operation, size, remaining);
    const page = store.pageExecutions(flow.flowId, aliasId, after, length);
    const last = page.items.at(-1);
    const body: { flowExecutionSummaries: FlowExecutionSummaryBody[]; nextToken?: string } = {
      flowExecutionSummaries: page.items.map(toSummary),
    };
    if (page.hasMore) {
      // An empty page resumes where the previous token did (or at the start).
      body.nextToken = tokens.issue(
        listing,
        encodeKey(last ? executionKey(last) : after),
        request.now,
      );
    }
    return { body };
  };
}

/**
 * The execution an operation's path names (`/flows/{f}/aliases/{a}/executions/{e}...`), after the
 * same validation, scope and access checks GetFlowExecution makes.
 */
export function resolveExecution(
  store: FlowStore,
  request: OperationRequest,
): { flow: Flow; alias: FlowAlias; execution: FlowExecution } {
  const { params } = request;
  const flowParam = params.flowIdentifier ?? '';
  const aliasParam = params.flowAliasIdentifier ?? '';
  const executionParam = params.executionIdentifier ?? '';
  const validator = new RequestValidator();
  const flowRef = validator.flow('flowIdentifier', flowParam);
  const aliasRef = validator.alias('flowAliasIdentifier', aliasParam);
  const executionRef = validator.execution('executionIdentifier', executionParam);
  validator.check();
  if (!flowRef || !aliasRef || !executionRef) throw disagree('All three identifiers are required.');
  if (aliasRef.flowId !== undefined && aliasRef.flowId !== flowRef.flowId) {
    throw disagree(
      `flowAliasIdentifier names flow ${aliasRef.flowId} but flowIdentifier names flow ${flowRef.flowId}.`,
    );
  }
  if (executionRef.flowId !== undefined && executionRef.flowId !== flowRef.flowId) {
    throw disagree(
      `executionIdentifier names flow ${executionRef.flowId} but flowIdentifier names flow ${flowRef.flowId}.`,
    );
  }
  if (executionRef.aliasId !== undefined && executionRef.aliasId !== aliasRef.aliasId) {
    throw disagree(
      `executionIdentifier names alias ${executionRef.aliasId} but flowAliasIdentifier names alias ${aliasRef.aliasId}.`,
    );
  }
  checkScope(store, flowRef.scope, flowParam);
  checkScope(store, aliasRef.scope, aliasParam);
  checkScope(store, executionRef.scope, executionParam);

  const flow = requireFlow(store, flowRef.flowId, request.operation, request.caller);
  const alias = requireAlias(store, flow, aliasRef.aliasId);
  const execution = store.getExecution(flow.flowId, alias.aliasId, executionRef.executionId);
  if (!execution) {
    throw notFound(
      `Execution ${executionRef.executionId} of flow ${flow.flowId} alias ${alias.aliasId} was not found.`,
    );
  }
  return { flow, alias, execution };
}

function getFlowExecution({ store }: OperationDeps) {
  return (request: OperationRequest) => ({
    body: toDetail(resolveExecution(store, request).execution),
  });
}

/** The read side of flow executions. Lifecycle operations add their routes next to these. */
export function flowExecutionRoutes(deps: OperationDeps): Route[] {
  return [
    {
      operation: LIST,
      method: 'GET',
      path: '/flows/{flowIdentifier}/executions',
      handle: listFlowExecutions(deps),
    },
    {
      operation: GET,
      method: 'GET',
      path: '/flows/{flowIdentifier}/aliases/{flowAliasIdentifier}/executions/{executionIdentifier}',
      handle: getFlowExecution(deps),
    },
  ];
}
