import { createHash } from 'node:crypto';
import {
  type BedrockAgentRuntimeClient,
  type FlowExecutionContent,
  type FlowExecutionEvent,
  GetExecutionFlowSnapshotCommand,
  ListFlowExecutionEventsCommand,
  type NodeExecutionContent,
  type NodeInputField,
  type NodeOutputField,
} from '@aws-sdk/client-bedrock-agent-runtime';
import { translateUpstreamError } from './error-mapping.js';
import type { Attempted } from './flow-executions.js';

/** The two listings of ListFlowExecutionEvents. */
export type EventType = 'Flow' | 'Node';

export type FlowErrorCode = 'VALIDATION' | 'INTERNAL_SERVER' | 'NODE_EXECUTION_FAILED';
export type NodeErrorCode = 'VALIDATION' | 'DEPENDENCY_FAILED' | 'BAD_GATEWAY' | 'INTERNAL_SERVER';
export type DataType = 'String' | 'Number' | 'Boolean' | 'Object' | 'Array';
export type InputCategory = 'LoopCondition' | 'ReturnValueToLoopStart' | 'ExitLoop';
export type ControlNodeType = 'Iterator' | 'Loop';

/** A named value a flow received or produced; `content` is the document as sent. */
export interface FieldRecord {
  readonly name: string;
  readonly content: unknown;
}

export interface NodeInputFieldRecord extends FieldRecord {
  readonly type: DataType | undefined;
  readonly category: InputCategory | undefined;
  readonly source:
    | { readonly nodeName: string; readonly outputFieldName: string; readonly expression: string }
    | undefined;
  readonly executionChain: readonly {
    readonly nodeName: string;
    readonly index: number | undefined;
    readonly type: ControlNodeType;
  }[];
}

export interface NodeOutputFieldRecord extends FieldRecord {
  readonly type: DataType | undefined;
  readonly next: readonly { readonly nodeName: string; readonly inputFieldName: string }[];
}

interface EventBase {
  /** Which listing it came from. */
  readonly eventType: EventType;
  readonly timestamp: Date;
  /** Stable within its listing: what a mid-page cursor resumes after (events carry no id). */
  readonly key: string;
}

/** One execution event, named as the schema names the nine kinds. */
export type ExecutionEventRecord = EventBase &
  (
    | {
        readonly kind: 'FlowInputEvent';
        readonly nodeName: string;
        readonly fields: readonly FieldRecord[];
      }
    | {
        readonly kind: 'FlowOutputEvent';
        readonly nodeName: string;
        readonly fields: readonly FieldRecord[];
      }
    | {
        readonly kind: 'FlowFailureEvent';
        readonly errorCode: FlowErrorCode;
        readonly errorMessage: string;
      }
    | {
        readonly kind: 'NodeInputEvent';
        readonly nodeName: string;
        readonly fields: readonly NodeInputFieldRecord[];
      }
    | {
        readonly kind: 'NodeOutputEvent';
        readonly nodeName: string;
        readonly fields: readonly NodeOutputFieldRecord[];
      }
    | {
        readonly kind: 'NodeFailureEvent';
        readonly nodeName: string;
        readonly errorCode: NodeErrorCode;
        readonly errorMessage: string;
      }
    | {
        readonly kind: 'NodeActionEvent';
        readonly nodeName: string;
        readonly serviceName: string;
        readonly operationName: string;
        readonly requestId: string;
        readonly operationRequest: unknown;
        readonly operationResponse: unknown;
      }
    | {
        readonly kind: 'NodeDependencyEvent';
        readonly nodeName: string;
        readonly traceElements: unknown;
      }
    | {
        readonly kind: 'ConditionResultEvent';
        readonly nodeName: string;
        readonly satisfiedConditions: readonly string[];
      }
  );

/** One ListFlowExecutionEvents request, every parameter explicit: it is also the loader key. */
export interface ListEventsRequest {
  readonly flowId: string;
  readonly flowAliasId: string;
  readonly executionIdentifier: string;
  readonly eventType: EventType;
  readonly nextToken: string | null;
  readonly maxResults: number;
}

export interface EventsPage {
  readonly items: readonly ExecutionEventRecord[];
  readonly nextToken: string | undefined;
}

/** One GetExecutionFlowSnapshot request. */
export interface GetSnapshotRequest {
  readonly flowId: string;
  readonly flowAliasId: string;
  readonly executionIdentifier: string;
}

/** The flow as it stood when an execution started. */
export interface SnapshotRecord {
  /** The FlowDefinition document, parsed from the string the upstream sends. */
  readonly definition: unknown;
  readonly executionRoleArn: string;
  readonly customerEncryptionKeyArn: string | undefined;
  readonly flowId: string;
  readonly flowAliasId: string;
  readonly flowVersion: string;
}

export async function listFlowExecutionEvents(
  client: BedrockAgentRuntimeClient,
  request: ListEventsRequest,
  abortSignal: AbortSignal | undefined,
): Promise<Attempted<EventsPage>> {
  try {
    const output = await client.send(
      new ListFlowExecutionEventsCommand({
        flowIdentifier: request.flowId,
        flowAliasIdentifier: request.flowAliasId,
        executionIdentifier: request.executionIdentifier,
        eventType: request.eventType,
        nextToken: request.nextToken ?? undefined,
        maxResults: request.maxResults,
      }),
      { abortSignal },
    );
    return {
      value: {
        items: required(output.flowExecutionEvents, 'flowExecutionEvents').map((event) =>
          fromEvent(event, request.eventType),
        ),
        nextToken: output.nextToken || undefined,
      },
      attempts: output.$metadata.attempts ?? 1,
    };
  } catch (error) {
    throw translateUpstreamError(error, {
      operation: 'ListFlowExecutionEvents',
      resourceId: request.executionIdentifier,
      validationField: request.nextToken ? 'after' : undefined,
    });
  }
}

export async function getExecutionFlowSnapshot(
  client: BedrockAgentRuntimeClient,
  request: GetSnapshotRequest,
  abortSignal: AbortSignal | undefined,
): Promise<Attempted<SnapshotRecord>> {
  try {
    const output = await client.send(
      new GetExecutionFlowSnapshotCommand({
        flowIdentifier: request.flowId,
        flowAliasIdentifier: request.flowAliasId,
        executionIdentifier: request.executionIdentifier,
      }),
      { abortSignal },
    );
    let definition: unknown;
    try {
      definition = JSON.parse(required(output.definition, 'definition'));
    } catch (cause) {
      throw new Error('Bedrock sent a flow definition that is not JSON', { cause });
    }
    return {
      value: {
        definition,
        executionRoleArn: required(output.executionRoleArn, 'executionRoleArn'),
        customerEncryptionKeyArn: output.customerEncryptionKeyArn,
        flowId: required(output.flowIdentifier, 'flowIdentifier'),
        flowAliasId: required(output.flowAliasIdentifier, 'flowAliasIdentifier'),
        flowVersion: required(output.flowVersion, 'flowVersion'),
      },
      attempts: output.$metadata.attempts ?? 1,
    };
  } catch (error) {
    throw translateUpstreamError(error, {
      operation: 'GetExecutionFlowSnapshot',
      resourceId: request.executionIdentifier,
    });
  }
}

function fromEvent(event: FlowExecutionEvent, eventType: EventType): ExecutionEventRecord {
  // Events have no id; a digest of the whole event is stable and, in practice, unique.
  const key = createHash('sha256').update(JSON.stringify(event)).digest('base64url').slice(0, 22);
  const base = (timestamp: Date | undefined) => ({
    eventType,
    key,
    timestamp: required(timestamp, 'timestamp'),
  });
  if (event.flowInputEvent) {
    const e = event.flowInputEvent;
    return {
      ...base(e.timestamp),
      kind: 'FlowInputEvent',
      nodeName: required(e.nodeName, 'nodeName'),
      fields: required(e.fields, 'fields').map((f) => ({
        name: required(f.name, 'name'),
        content: documentOf(f.content),
      })),
    };
  }
  if (event.flowOutputEvent) {
    const e = event.flowOutputEvent;
    return {
      ...base(e.timestamp),
      kind: 'FlowOutputEvent',
      nodeName: required(e.nodeName, 'nodeName'),
      fields: required(e.fields, 'fields').map((f) => ({
        name: required(f.name, 'name'),
        content: documentOf(f.content),
      })),
    };
  }
  if (event.flowFailureEvent) {
    const e = event.flowFailureEvent;
    return {
      ...base(e.timestamp),
      kind: 'FlowFailureEvent',
      errorCode: oneOf(e.errorCode, FLOW_ERROR_CODES, 'errorCode'),
      errorMessage: required(e.errorMessage, 'errorMessage'),
    };
  }
  if (event.nodeInputEvent) {
    const e = event.nodeInputEvent;
    return {
      ...base(e.timestamp),
      kind: 'NodeInputEvent',
      nodeName: required(e.nodeName, 'nodeName'),
      fields: required(e.fields, 'fields').map(fromInputField),
    };
  }
  if (event.nodeOutputEvent) {
    const e = event.nodeOutputEvent;
    return {
      ...base(e.timestamp),
      kind: 'NodeOutputEvent',
      nodeName: required(e.nodeName, 'nodeName'),
      fields: required(e.fields, 'fields').map(fromOutputField),
    };
  }
  if (event.nodeFailureEvent) {
    const e = event.nodeFailureEvent;
    return {
      ...base(e.timestamp),
      kind: 'NodeFailureEvent',
      nodeName: required(e.nodeName, 'nodeName'),
      errorCode: oneOf(e.errorCode, NODE_ERROR_CODES, 'errorCode'),
      errorMessage: required(e.errorMessage, 'errorMessage'),
    };
  }
  if (event.nodeActionEvent) {
    const e = event.nodeActionEvent;
    return {
      ...base(e.timestamp),
      kind: 'NodeActionEvent',
      nodeName: required(e.nodeName, 'nodeName'),
      serviceName: required(e.serviceName, 'serviceName'),
      operationName: required(e.operationName, 'operationName'),
      requestId: required(e.requestId, 'requestId'),
      operationRequest: e.operationRequest ?? null,
      operationResponse: e.operationResponse ?? null,
    };
  }
  if (event.nodeDependencyEvent) {
    const e = event.nodeDependencyEvent;
    return {
      ...base(e.timestamp),
      kind: 'NodeDependencyEvent',
      nodeName: required(e.nodeName, 'nodeName'),
      traceElements: required(e.traceElements, 'traceElements'),
    };
  }
  if (event.conditionResultEvent) {
    const e = event.conditionResultEvent;
    return {
      ...base(e.timestamp),
      kind: 'ConditionResultEvent',
      nodeName: required(e.nodeName, 'nodeName'),
      satisfiedConditions: required(e.satisfiedConditions, 'satisfiedConditions').map((c) =>
        required(c.conditionName, 'conditionName'),
      ),
    };
  }
  // A new kind of event is a change of the upstream's contract: surface it, never drop it.
  throw new Error(
    `Bedrock sent an execution event of an unknown kind: ${Object.keys(event).join(', ')}`,
  );
}

function fromInputField(field: NodeInputField): NodeInputFieldRecord {
  const source = field.source;
  return {
    name: required(field.name, 'name'),
    content: documentOf(field.content),
    type: optionalOneOf(field.type, DATA_TYPES, 'type'),
    category: optionalOneOf(field.category, INPUT_CATEGORIES, 'category'),
    source: source
      ? {
          nodeName: required(source.nodeName, 'source.nodeName'),
          outputFieldName: required(source.outputFieldName, 'source.outputFieldName'),
          expression: required(source.expression, 'source.expression'),
        }
      : undefined,
    executionChain: (field.executionChain ?? []).map((item) => ({
      nodeName: required(item.nodeName, 'executionChain.nodeName'),
      index: item.index,
      type: oneOf(item.type, CONTROL_NODE_TYPES, 'executionChain.type'),
    })),
  };
}

function fromOutputField(field: NodeOutputField): NodeOutputFieldRecord {
  return {
    name: required(field.name, 'name'),
    content: documentOf(field.content),
    type: optionalOneOf(field.type, DATA_TYPES, 'type'),
    next: (field.next ?? []).map((next) => ({
      nodeName: required(next.nodeName, 'next.nodeName'),
      inputFieldName: required(next.inputFieldName, 'next.inputFieldName'),
    })),
  };
}

function documentOf(content: FlowExecutionContent | NodeExecutionContent | undefined): unknown {
  const present = required(content, 'content');
  if (present.document === undefined) throw new Error('Bedrock sent content without a document');
  return present.document;
}

const FLOW_ERROR_CODES = ['VALIDATION', 'INTERNAL_SERVER', 'NODE_EXECUTION_FAILED'] as const;
const NODE_ERROR_CODES = [
  'VALIDATION',
  'DEPENDENCY_FAILED',
  'BAD_GATEWAY',
  'INTERNAL_SERVER',
] as const;
const DATA_TYPES = ['String', 'Number', 'Boolean', 'Object', 'Array'] as const;
const INPUT_CATEGORIES = ['LoopCondition', 'ReturnValueToLoopStart', 'ExitLoop'] as const;
const CONTROL_NODE_TYPES = ['Iterator', 'Loop'] as const;

function oneOf<T extends string>(
  value: string | undefined,
  known: readonly T[],
  member: string,
): T {
  const present = required(value, member);
  const match = known.find((candidate) => candidate === present);
  if (match === undefined) throw new Error(`Bedrock sent an unknown ${member} ${present}`);
  return match;
}

function optionalOneOf<T extends string>(
  value: string | undefined,
  known: readonly T[],
  member: string,
): T | undefined {
  return value === undefined ? undefined : oneOf(value, known, member);
}

// As in flow-executions.ts: a missing required member breaks the contract, so it is unexpected.
function required<T>(value: T | undefined | null, member: string): T {
  if (value === undefined || value === null) {
    throw new Error(`Bedrock response is missing required member ${member}`);
  }
  return value;
}
