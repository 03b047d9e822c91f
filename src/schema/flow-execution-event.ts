import type {
  ExecutionEventRecord,
  FieldRecord,
  NodeInputFieldRecord,
  NodeOutputFieldRecord,
} from '../upstream/flow-execution-events.js';
import { builder } from './builder.js';
import { asGraphQLError } from './errors.js';
import { eventsArgsFrom, loadEventsWindow } from './events-window.js';
import { FlowExecution } from './flow-execution.js';

type EventOf<K extends ExecutionEventRecord['kind']> = Extract<ExecutionEventRecord, { kind: K }>;

export const FlowExecutionEventKind = builder.enumType('FlowExecutionEventKind', {
  description: 'The two listings Bedrock keeps for an execution’s events.',
  values: {
    FLOW: { value: 'Flow', description: 'Flow-level events: its input, its output, its failure.' },
    NODE: {
      value: 'Node',
      description:
        'Node-level events: inputs, outputs, actions, dependency traces, condition results and failures of nodes.',
    },
  } as const,
});

// One enum for flow and node failures: a union member's same-named fields must share a type, or a
// client selecting `errorCode` on both would have to alias one.
const EventErrorCode = builder.enumType('EventErrorCode', {
  description: 'Why a flow or a node failed.',
  values: {
    VALIDATION: { description: 'The flow, a node’s input or its configuration was invalid.' },
    INTERNAL_SERVER: { description: 'Bedrock failed internally.' },
    NODE_EXECUTION_FAILED: {
      description: 'A node failed (flows only); see the NodeFailureEvent.',
    },
    DEPENDENCY_FAILED: { description: 'A service the node calls failed (nodes only).' },
    BAD_GATEWAY: {
      description: 'A service the node calls could not be reached properly (nodes only).',
    },
  } as const,
});

const FlowNodeDataType = builder.enumType('FlowNodeDataType', {
  description: 'The data type of a node input or output field.',
  values: {
    STRING: { value: 'String', description: 'Text.' },
    NUMBER: { value: 'Number', description: 'A number.' },
    BOOLEAN: { value: 'Boolean', description: 'True or false.' },
    OBJECT: { value: 'Object', description: 'A JSON object.' },
    ARRAY: { value: 'Array', description: 'A JSON array.' },
  } as const,
});

const FlowNodeInputCategory = builder.enumType('FlowNodeInputCategory', {
  description: 'The role of an input field in a loop.',
  values: {
    LOOP_CONDITION: {
      value: 'LoopCondition',
      description: 'The condition that keeps a loop going.',
    },
    RETURN_VALUE_TO_LOOP_START: {
      value: 'ReturnValueToLoopStart',
      description: 'A value handed back to the start of the loop.',
    },
    EXIT_LOOP: { value: 'ExitLoop', description: 'A value that leaves the loop.' },
  } as const,
});

const FlowControlNodeType = builder.enumType('FlowControlNodeType', {
  description: 'A node that repeats the nodes after it.',
  values: {
    ITERATOR: { value: 'Iterator', description: 'Runs once per element of an array.' },
    LOOP: { value: 'Loop', description: 'Runs while a condition holds.' },
  } as const,
});

const FlowExecutionField = builder.objectRef<FieldRecord>('FlowExecutionField').implement({
  description: 'A named value the flow received or produced.',
  fields: (t) => ({
    name: t.exposeString('name', {
      description: 'The field’s name in the flow’s input or output schema.',
    }),
    content: t.field({
      type: 'JSON',
      description: 'The value, as a JSON document.',
      resolve: (field) => field.content,
    }),
  }),
});

const NodeInputSource = builder
  .objectRef<NonNullable<NodeInputFieldRecord['source']>>('NodeInputSource')
  .implement({
    description: 'Where a node input field’s value came from.',
    fields: (t) => ({
      nodeName: t.exposeString('nodeName', { description: 'The node that produced the value.' }),
      outputFieldName: t.exposeString('outputFieldName', {
        description: 'The output field of that node.',
      }),
      expression: t.exposeString('expression', {
        description: 'The expression that extracted the value from that output.',
      }),
    }),
  });

const ExecutionChainItem = builder
  .objectRef<NodeInputFieldRecord['executionChain'][number]>('ExecutionChainItem')
  .implement({
    description: 'One enclosing iterator or loop of a node run, outermost first.',
    fields: (t) => ({
      nodeName: t.exposeString('nodeName', { description: 'The iterator or loop node.' }),
      index: t.int({
        nullable: true,
        description: 'Which iteration this run belongs to, from 0.',
        resolve: (item) => item.index ?? null,
      }),
      type: t.field({
        type: FlowControlNodeType,
        description: 'Whether it is an iterator or a loop.',
        resolve: (item) => item.type,
      }),
    }),
  });

const NodeInputField = builder.objectRef<NodeInputFieldRecord>('NodeInputField').implement({
  description: 'A value a node received.',
  fields: (t) => ({
    name: t.exposeString('name', { description: 'The input field’s name.' }),
    content: t.field({
      type: 'JSON',
      description: 'The value, as a JSON document.',
      resolve: (field) => field.content,
    }),
    type: t.field({
      type: FlowNodeDataType,
      nullable: true,
      description: 'The declared data type, when Bedrock reports it.',
      resolve: (field) => field.type ?? null,
    }),
    category: t.field({
      type: FlowNodeInputCategory,
      nullable: true,
      description: 'Its role in a loop, if any.',
      resolve: (field) => field.category ?? null,
    }),
    source: t.field({
      type: NodeInputSource,
      nullable: true,
      description: 'Where the value came from, when Bedrock reports it.',
      resolve: (field) => field.source ?? null,
    }),
    executionChain: t.field({
      type: [ExecutionChainItem],
      description: 'The iterators and loops this run is nested in; empty outside any.',
      resolve: (field) => field.executionChain,
    }),
  }),
});

const NodeOutputTarget = builder
  .objectRef<NodeOutputFieldRecord['next'][number]>('NodeOutputTarget')
  .implement({
    description: 'A node input an output value was sent on to.',
    fields: (t) => ({
      nodeName: t.exposeString('nodeName', { description: 'The receiving node.' }),
      inputFieldName: t.exposeString('inputFieldName', {
        description: 'The receiving input field.',
      }),
    }),
  });

const NodeOutputField = builder.objectRef<NodeOutputFieldRecord>('NodeOutputField').implement({
  description: 'A value a node produced.',
  fields: (t) => ({
    name: t.exposeString('name', { description: 'The output field’s name.' }),
    content: t.field({
      type: 'JSON',
      description: 'The value, as a JSON document.',
      resolve: (field) => field.content,
    }),
    type: t.field({
      type: FlowNodeDataType,
      nullable: true,
      description: 'The declared data type, when Bedrock reports it.',
      resolve: (field) => field.type ?? null,
    }),
    next: t.field({
      type: [NodeOutputTarget],
      description: 'Where the value went next.',
      resolve: (field) => field.next,
    }),
  }),
});

const timestampField = 'When it happened (as Bedrock reports it, millisecond precision).';

/** Every event's `timestamp` field: when it happened. */
const timestamp = {
  type: 'DateTime',
  description: timestampField,
  resolve: (event: { readonly timestamp: Date }) => event.timestamp,
} as const;

const FlowInputEvent = builder.objectRef<EventOf<'FlowInputEvent'>>('FlowInputEvent').implement({
  description: 'The inputs the flow was started with (a FLOW event).',
  fields: (t) => ({
    timestamp: t.field(timestamp),
    nodeName: t.exposeString('nodeName', {
      description: 'The flow input node that received them.',
    }),
    fields: t.field({
      type: [FlowExecutionField],
      description: 'The input fields.',
      resolve: (e) => e.fields,
    }),
  }),
});

const FlowOutputEvent = builder.objectRef<EventOf<'FlowOutputEvent'>>('FlowOutputEvent').implement({
  description: 'What the flow produced at its end (a FLOW event).',
  fields: (t) => ({
    timestamp: t.field(timestamp),
    nodeName: t.exposeString('nodeName', { description: 'The flow output node that produced it.' }),
    fields: t.field({
      type: [FlowExecutionField],
      description: 'The output fields.',
      resolve: (e) => e.fields,
    }),
  }),
});

const FlowFailureEvent = builder
  .objectRef<EventOf<'FlowFailureEvent'>>('FlowFailureEvent')
  .implement({
    description: 'The flow failed (a FLOW event).',
    fields: (t) => ({
      timestamp: t.field(timestamp),
      errorCode: t.field({
        type: EventErrorCode,
        description: 'Why.',
        resolve: (e) => e.errorCode,
      }),
      errorMessage: t.exposeString('errorMessage', { description: 'Bedrock’s explanation.' }),
    }),
  });

const NodeInputEvent = builder.objectRef<EventOf<'NodeInputEvent'>>('NodeInputEvent').implement({
  description: 'A node received its inputs (a NODE event).',
  fields: (t) => ({
    timestamp: t.field(timestamp),
    nodeName: t.exposeString('nodeName', { description: 'The node.' }),
    fields: t.field({
      type: [NodeInputField],
      description: 'The input fields.',
      resolve: (e) => e.fields,
    }),
  }),
});

const NodeOutputEvent = builder.objectRef<EventOf<'NodeOutputEvent'>>('NodeOutputEvent').implement({
  description: 'A node produced its outputs (a NODE event).',
  fields: (t) => ({
    timestamp: t.field(timestamp),
    nodeName: t.exposeString('nodeName', { description: 'The node.' }),
    fields: t.field({
      type: [NodeOutputField],
      description: 'The output fields.',
      resolve: (e) => e.fields,
    }),
  }),
});

const NodeFailureEvent = builder
  .objectRef<EventOf<'NodeFailureEvent'>>('NodeFailureEvent')
  .implement({
    description: 'A node failed (a NODE event).',
    fields: (t) => ({
      timestamp: t.field(timestamp),
      nodeName: t.exposeString('nodeName', { description: 'The node.' }),
      errorCode: t.field({
        type: EventErrorCode,
        description: 'Why.',
        resolve: (e) => e.errorCode,
      }),
      errorMessage: t.exposeString('errorMessage', { description: 'Bedrock’s explanation.' }),
    }),
  });

const NodeActionEvent = builder.objectRef<EventOf<'NodeActionEvent'>>('NodeActionEvent').implement({
  description:
    'A node called another service: a model, a knowledge base, a Lambda function (a NODE event).',
  fields: (t) => ({
    timestamp: t.field(timestamp),
    nodeName: t.exposeString('nodeName', { description: 'The calling node.' }),
    serviceName: t.exposeString('serviceName', { description: 'The service called.' }),
    operationName: t.exposeString('operationName', { description: 'The operation called.' }),
    requestId: t.exposeString('requestId', { description: 'The call’s request id.' }),
    operationRequest: t.field({
      type: 'JSON',
      nullable: true,
      description: 'The request sent, when Bedrock reports it.',
      resolve: (e) => e.operationRequest ?? null,
    }),
    operationResponse: t.field({
      type: 'JSON',
      nullable: true,
      description: 'The response received, when Bedrock reports it.',
      resolve: (e) => e.operationResponse ?? null,
    }),
  }),
});

const NodeDependencyEvent = builder
  .objectRef<EventOf<'NodeDependencyEvent'>>('NodeDependencyEvent')
  .implement({
    description: 'An internal trace of a node, such as an agent’s reasoning steps (a NODE event).',
    fields: (t) => ({
      timestamp: t.field(timestamp),
      nodeName: t.exposeString('nodeName', { description: 'The node.' }),
      traceElements: t.field({
        type: 'JSON',
        description: 'The trace, as Bedrock sends it (`{ agentTraces: [...] }`).',
        resolve: (e) => e.traceElements,
      }),
    }),
  });

const ConditionResultEvent = builder
  .objectRef<EventOf<'ConditionResultEvent'>>('ConditionResultEvent')
  .implement({
    description: 'A condition node chose its branch (a NODE event).',
    fields: (t) => ({
      timestamp: t.field(timestamp),
      nodeName: t.exposeString('nodeName', { description: 'The condition node.' }),
      satisfiedConditions: t.stringList({
        description: 'The names of the conditions that held.',
        resolve: (e) => e.satisfiedConditions,
      }),
    }),
  });

export const FlowExecutionEvent = builder.unionType('FlowExecutionEvent', {
  description:
    'Something that happened during an execution: one of the nine kinds Bedrock records.',
  types: [
    FlowInputEvent,
    FlowOutputEvent,
    FlowFailureEvent,
    NodeInputEvent,
    NodeOutputEvent,
    NodeFailureEvent,
    NodeActionEvent,
    NodeDependencyEvent,
    ConditionResultEvent,
  ],
  // The upstream record's kind is the schema type's name.
  resolveType: (event) => event.kind,
});

export const FlowExecutionEventConnection = builder.connectionObject(
  {
    type: FlowExecutionEvent,
    name: 'FlowExecutionEventConnection',
    description: 'A forward-only page of an execution’s events, oldest first.',
  },
  {
    name: 'FlowExecutionEventEdge',
    description: 'An event and the cursor to continue after it.',
  },
);

builder.objectField(FlowExecution, 'events', (t) =>
  t.field({
    type: FlowExecutionEventConnection,
    description:
      'What happened during the execution, oldest first. With both kinds (the default) the two Bedrock listings are merged into one timeline ordered by time (flow events first on equal times), under one cursor. A finished execution’s events are served from the gateway’s cache. Failures show as the `flowExecution` lookup’s union member; reached any other way, as a GraphQL error with `extensions.code`.',
    args: {
      first: t.arg.int({
        description: 'How many events to return: 1 to 100 (configurable), default 20.',
      }),
      after: t.arg.string({ description: 'Continue after this edge cursor.' }),
      kinds: t.arg({
        type: [FlowExecutionEventKind],
        description: 'Which listings to read: FLOW, NODE or both (the default).',
      }),
    },
    resolve: async (execution, args, context) => {
      try {
        return await loadEventsWindow(context, execution, eventsArgsFrom(args));
      } catch (error) {
        throw asGraphQLError(error);
      }
    },
  }),
);
