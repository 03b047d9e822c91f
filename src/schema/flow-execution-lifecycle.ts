import type { GatewayContext } from '../context.js';
import { ValidationError } from '../upstream/errors.js';
import {
  type JsonValue,
  startFlowExecution,
  stopFlowExecution,
} from '../upstream/flow-execution-lifecycle.js';
import { type ExecutionStatus, executionRequestFor } from '../upstream/flow-executions.js';
import {
  validateAliasIdentifier,
  validateExecutionName,
  validateFlowIdentifier,
  validateNodeName,
} from '../upstream/identifiers.js';
import { builder } from './builder.js';
import { asGraphQLError, startErrors, stopErrors } from './errors.js';
import { FlowExecution, FlowExecutionStatus } from './flow-execution.js';

const ModelLatency = builder.enumType('ModelLatency', {
  description: 'The latency profile of the models a flow calls.',
  values: {
    STANDARD: { value: 'standard', description: 'The model’s standard profile.' },
    OPTIMIZED: { value: 'optimized', description: 'A latency-optimized version, where offered.' },
  } as const,
});

const FlowInput = builder.inputType('FlowInput', {
  description: 'The input a flow starts with, sent to its input node.',
  fields: (t) => ({
    nodeName: t.string({
      required: true,
      description: 'The flow input node, such as FlowInputNode.',
    }),
    nodeOutputName: t.string({
      description: 'The input node’s output the content goes out on, such as document.',
    }),
    nodeInputName: t.string({ description: 'The input node’s input, when it has several.' }),
    content: t.field({
      type: 'JSON',
      required: true,
      description: 'The input document: text, a number, a boolean, an object or an array.',
    }),
  }),
});

const StartFlowExecutionInput = builder.inputType('StartFlowExecutionInput', {
  description: 'What to run and with which input.',
  fields: (t) => ({
    flowId: t.id({
      required: true,
      description: 'The flow: 10 letters or digits, or a flow ARN.',
    }),
    flowAliasId: t.string({
      required: true,
      description: 'The alias to run through: TSTALIASID (the draft), an alias id or an alias ARN.',
    }),
    inputs: t.field({
      type: [FlowInput],
      required: true,
      description: 'Exactly one input, for the flow’s input node.',
    }),
    executionName: t.string({
      description:
        'A name for the execution (1 to 36 letters, digits or hyphens); it becomes the execution id. With a name, a start is safe to retry: the same request answers the execution it started. Without one the gateway never retries a start.',
    }),
    modelLatency: t.field({
      type: ModelLatency,
      description: 'The latency profile of the models the flow calls; Bedrock’s default if absent.',
    }),
  }),
});

const StopFlowExecutionInput = builder.inputType('StopFlowExecutionInput', {
  description: 'Which execution to stop.',
  fields: (t) => ({
    executionArn: t.string({
      required: true,
      description: 'arn:aws:bedrock:REGION:ACCOUNT:flow/FLOW/alias/ALIAS/execution/ID',
    }),
  }),
});

interface StartedShape {
  readonly executionArn: string;
}

interface StoppedShape {
  readonly executionArn: string;
  readonly status: ExecutionStatus;
}

/** Reads the execution a payload names (one GetFlowExecution call, shared within the request). */
async function loadPayloadExecution(context: GatewayContext, executionArn: string) {
  try {
    return await context.loaders.executions.load(executionRequestFor(executionArn));
  } catch (error) {
    throw asGraphQLError(error);
  }
}

const StartFlowExecutionPayload = builder
  .objectRef<StartedShape>('StartFlowExecutionPayload')
  .implement({
    description: 'The execution that was started.',
    fields: (t) => ({
      executionArn: t.exposeString('executionArn', { description: 'The new execution’s ARN.' }),
      execution: t.field({
        type: FlowExecution,
        description:
          'The execution as Bedrock reports it now (one GetFlowExecution call; a failure here is a GraphQL error, the start still happened).',
        resolve: (payload, _args, context) => loadPayloadExecution(context, payload.executionArn),
      }),
    }),
  });

const StopFlowExecutionPayload = builder
  .objectRef<StoppedShape>('StopFlowExecutionPayload')
  .implement({
    description: 'The execution that was stopped.',
    fields: (t) => ({
      executionArn: t.exposeString('executionArn', { description: 'The stopped execution’s ARN.' }),
      status: t.field({
        type: FlowExecutionStatus,
        description: 'Its status after the stop: ABORTED.',
        resolve: (payload) => payload.status,
      }),
      execution: t.field({
        type: FlowExecution,
        description:
          'The execution as Bedrock reports it now (one GetFlowExecution call; cached, since it is final).',
        resolve: (payload, _args, context) => loadPayloadExecution(context, payload.executionArn),
      }),
    }),
  });

/** A GraphQL JSON value as a JSON document, or a ValidationError naming `field`. */
function toJson(value: unknown, field: string, depth = 0): JsonValue {
  if (depth > 64) throw new ValidationError('The document is nested too deeply.', field);
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
    throw new ValidationError('Numbers in the document must be finite.', field);
  }
  if (Array.isArray(value)) return value.map((item) => toJson(item, field, depth + 1));
  if (typeof value === 'object') {
    const out: { [key: string]: JsonValue } = {};
    for (const [key, item] of Object.entries(value)) out[key] = toJson(item, field, depth + 1);
    return out;
  }
  throw new ValidationError('The document must be JSON.', field);
}

builder.mutationField('startFlowExecution', (t) =>
  t.field({
    type: StartFlowExecutionPayload,
    authScopes: (_root, { input }) => ({ $all: { write: true, flow: String(input.flowId) } }),
    description:
      'Starts an execution of a flow through one of its aliases. It runs asynchronously: watch it with the `flowExecutionUpdated` and `flowExecutionEvents` subscriptions.',
    args: {
      input: t.arg({
        type: StartFlowExecutionInput,
        required: true,
        description: 'What to run and with which input.',
      }),
    },
    errors: {
      types: [...startErrors],
      directResult: true,
      union: {
        name: 'StartFlowExecutionResult',
        description: 'The started execution, or why it could not be started.',
      },
    },
    resolve: async (_root, { input }, context) => {
      // Every argument is checked against the upstream's constraints before anything is sent.
      const flowId = validateFlowIdentifier(String(input.flowId), 'input.flowId');
      const flowAliasId = validateAliasIdentifier(input.flowAliasId, 'input.flowAliasId');
      const [only, ...rest] = input.inputs;
      if (!only || rest.length > 0) {
        throw new ValidationError(
          `inputs must hold exactly one input; got ${input.inputs.length}.`,
          'input.inputs',
        );
      }
      const at = 'input.inputs[0]';
      const executionName =
        input.executionName == null
          ? undefined
          : validateExecutionName(input.executionName, 'input.executionName');
      return startFlowExecution(
        context.clients,
        {
          flowId,
          flowAliasId,
          input: {
            nodeName: validateNodeName(only.nodeName, `${at}.nodeName`),
            nodeOutputName:
              only.nodeOutputName == null
                ? undefined
                : validateNodeName(only.nodeOutputName, `${at}.nodeOutputName`),
            nodeInputName:
              only.nodeInputName == null
                ? undefined
                : validateNodeName(only.nodeInputName, `${at}.nodeInputName`),
            document: toJson(only.content, `${at}.content`),
          },
          executionName,
          latency: input.modelLatency ?? undefined,
        },
        context.signal,
      );
    },
  }),
);

builder.mutationField('stopFlowExecution', (t) =>
  t.field({
    type: StopFlowExecutionPayload,
    authScopes: (_root, { input }) => ({ $all: { write: true, flow: input.executionArn } }),
    description:
      'Stops a running execution; it ends ABORTED. Stopping one that has already ended is a ConflictError.',
    args: {
      input: t.arg({
        type: StopFlowExecutionInput,
        required: true,
        description: 'Which execution to stop.',
      }),
    },
    errors: {
      types: [...stopErrors],
      directResult: true,
      union: {
        name: 'StopFlowExecutionResult',
        description: 'The stopped execution, or why it could not be stopped.',
      },
    },
    resolve: (_root, { input }, context) => {
      return stopFlowExecution(
        context.clients,
        executionRequestFor(input.executionArn, 'input.executionArn'),
        context.signal,
      );
    },
  }),
);
