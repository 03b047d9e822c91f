import { randomUUID } from 'node:crypto';
import { ServiceError } from './errors.js';
import { INPUT_NODE, planRun } from './flow-definitions.js';
import {
  checkScope,
  disagree,
  requireAlias,
  requireFlow,
  resolveExecution,
} from './flow-executions.js';
import type { OperationDeps, OperationRequest, Route } from './router.js';
import { PATTERNS, RequestValidator } from './validation.js';

const START = 'StartFlowExecution';
const STOP = 'StopFlowExecution';
const LATENCIES: readonly string[] = ['standard', 'optimized'];

/** A flow input naming this key makes the run fail at that node: how demos and tests meet failures. */
export const SIMULATE_FAILURE_KEY = 'simulateFailure';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON with sorted keys, so two equal requests compare equal whatever their key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isRecord(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

interface StartBody {
  document: unknown;
  nodeName: string;
  executionName: string | undefined;
  /** What makes two starts with one name the same request. */
  request: string;
}

/** Checks the body against StartFlowExecutionRequest's constraints, reporting every violation. */
function readStartBody(raw: Buffer): StartBody {
  let body: unknown;
  try {
    body = raw.length === 0 ? {} : JSON.parse(raw.toString('utf8'));
  } catch {
    throw new ServiceError('ValidationException', 'The request body is not valid JSON.');
  }
  if (!isRecord(body)) throw new ServiceError('ValidationException', 'The body must be an object.');
  const validator = new RequestValidator();
  const { inputs, flowExecutionName, modelPerformanceConfiguration } = body;
  if (!Array.isArray(inputs)) {
    validator.violation('inputs', String(inputs ?? 'null'), 'Member must not be null');
  } else if (inputs.length !== 1) {
    validator.violation(
      'inputs',
      `[${inputs.length} items]`,
      'Member must have length less than or equal to 1 and greater than or equal to 1',
    );
  }
  const input: unknown = Array.isArray(inputs) ? inputs[0] : undefined;
  let nodeName = '';
  let document: unknown;
  if (isRecord(input)) {
    if (typeof input.nodeName !== 'string') {
      validator.violation('inputs.1.member.nodeName', 'null', 'Member must not be null');
    } else {
      nodeName =
        validator.matches('inputs.1.member.nodeName', input.nodeName, PATTERNS.nodeName) ?? '';
    }
    for (const member of ['nodeOutputName', 'nodeInputName'] as const) {
      const value = input[member];
      if (value === undefined) continue;
      if (typeof value === 'string') {
        validator.matches(`inputs.1.member.${member}`, value, PATTERNS.nodeName);
      } else
        validator.violation(`inputs.1.member.${member}`, String(value), 'Member must be a string');
    }
    const content = input.content;
    if (!isRecord(content) || !('document' in content) || Object.keys(content).length !== 1) {
      validator.violation(
        'inputs.1.member.content',
        JSON.stringify(content ?? null).slice(0, 100),
        'Member must be a union with exactly one member set: document',
      );
    } else {
      document = content.document;
    }
  } else if (Array.isArray(inputs) && inputs.length === 1) {
    validator.violation('inputs.1.member', String(input), 'Member must be a structure');
  }
  let executionName: string | undefined;
  if (flowExecutionName !== undefined) {
    if (typeof flowExecutionName !== 'string') {
      validator.violation(
        'flowExecutionName',
        String(flowExecutionName),
        'Member must be a string',
      );
    } else if (flowExecutionName.length > 36) {
      validator.violation(
        'flowExecutionName',
        flowExecutionName,
        'Member must have length less than or equal to 36',
      );
    } else {
      executionName = validator.matches(
        'flowExecutionName',
        flowExecutionName,
        PATTERNS.executionName,
      );
    }
  }
  if (modelPerformanceConfiguration !== undefined) {
    const latency = isRecord(modelPerformanceConfiguration)
      ? isRecord(modelPerformanceConfiguration.performanceConfig)
        ? modelPerformanceConfiguration.performanceConfig.latency
        : undefined
      : 'not a structure';
    if (latency !== undefined && (typeof latency !== 'string' || !LATENCIES.includes(latency))) {
      validator.violation(
        'modelPerformanceConfiguration.performanceConfig.latency',
        String(latency),
        'Member must satisfy enum value set: [standard, optimized]',
      );
    }
  }
  validator.check();
  return {
    document,
    nodeName,
    executionName,
    request: canonical({ inputs, modelPerformanceConfiguration }),
  };
}

function startFlowExecution({ store, runner, maxConcurrentExecutions }: OperationDeps) {
  return (request: OperationRequest) => {
    const { params } = request;
    const flowParam = params.flowIdentifier ?? '';
    const aliasParam = params.flowAliasIdentifier ?? '';
    const validator = new RequestValidator();
    const flowRef = validator.flow('flowIdentifier', flowParam);
    const aliasRef = validator.alias('flowAliasIdentifier', aliasParam);
    validator.check();
    const body = readStartBody(request.body);
    if (!flowRef || !aliasRef)
      throw disagree('flowIdentifier and flowAliasIdentifier are required.');
    if (aliasRef.flowId !== undefined && aliasRef.flowId !== flowRef.flowId) {
      throw disagree(
        `flowAliasIdentifier names flow ${aliasRef.flowId} but flowIdentifier names flow ${flowRef.flowId}.`,
      );
    }
    checkScope(store, flowRef.scope, flowParam);
    checkScope(store, aliasRef.scope, aliasParam);
    const flow = requireFlow(store, flowRef.flowId, request.operation, request.caller);
    const alias = requireAlias(store, flow, aliasRef.aliasId);
    if (body.nodeName !== INPUT_NODE) {
      throw disagree(
        `The flow has no input node named ${body.nodeName}; its input node is ${INPUT_NODE}.`,
      );
    }

    if (body.executionName !== undefined) {
      // A name makes a start idempotent: the same request again answers the execution it started
      // (so a client may retry after a lost response); a different request under that name conflicts.
      const existing = store.getExecutionById(flow.flowId, body.executionName);
      if (existing) {
        if (existing.flowAliasId === alias.aliasId && existing.startRequest === body.request) {
          return { body: { executionArn: existing.executionArn } };
        }
        throw new ServiceError(
          'ConflictException',
          `An execution named ${body.executionName} already exists for flow ${flow.flowId} with a different request.`,
        );
      }
    }
    if (store.countRunning(flow.flowId) >= maxConcurrentExecutions) {
      throw new ServiceError(
        'ServiceQuotaExceededException',
        `Flow ${flow.flowId} already has ${maxConcurrentExecutions} running executions, the most it may have at once.`,
      );
    }

    const failAt =
      isRecord(body.document) && typeof body.document[SIMULATE_FAILURE_KEY] === 'string'
        ? {
            nodeName: body.document[SIMULATE_FAILURE_KEY],
            message: 'The flow input asked for this node to fail (simulated failure).',
          }
        : undefined;
    const plan = planRun(store.flowSettings(flow.flowId).definition, body.document, {
      idOf: () => randomUUID(),
      ...(failAt ? { failAt } : {}),
    });
    const execution = store.addExecution({
      executionId: body.executionName ?? randomUUID(),
      flowId: flow.flowId,
      flowAliasId: alias.aliasId,
      flowVersion: alias.flowVersion,
      status: 'Running',
      createdAt: new Date(request.now),
      startRequest: body.request,
    });
    runner.start(execution, plan);
    return { body: { executionArn: execution.executionArn } };
  };
}

function stopFlowExecution({ store, runner }: OperationDeps) {
  return (request: OperationRequest) => {
    const { flow, execution } = resolveExecution(store, request);
    if (execution.status !== 'Running') {
      throw new ServiceError(
        'ConflictException',
        `Execution ${execution.executionId} has already ended with status ${execution.status}; only a running execution can be stopped.`,
      );
    }
    runner.cancel(execution.executionArn);
    const lastEvent = store.allEvents(flow.flowId, execution.executionId).at(-1);
    const stopped = store.updateExecution(flow.flowId, execution.executionId, {
      status: 'Aborted',
      endedAt: new Date(Math.max(request.now, lastEvent?.at ?? 0)),
    });
    return { body: { executionArn: stopped.executionArn, status: stopped.status } };
  };
}

/** Starting and stopping executions. */
export function flowExecutionLifecycleRoutes(deps: OperationDeps): Route[] {
  return [
    {
      operation: START,
      method: 'POST',
      path: '/flows/{flowIdentifier}/aliases/{flowAliasIdentifier}/executions',
      handle: startFlowExecution(deps),
    },
    {
      operation: STOP,
      method: 'POST',
      path: '/flows/{flowIdentifier}/aliases/{flowAliasIdentifier}/executions/{executionIdentifier}/stop',
      handle: stopFlowExecution(deps),
    },
  ];
}
