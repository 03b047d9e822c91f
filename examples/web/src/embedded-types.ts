/**
 * Types without an identity of their own (no `id`): the normalized cache stores them inside their
 * parent instead of normalizing them, and stays quiet about the missing key. A unit test holds
 * this list to the schema, so a new id-less type cannot slip past it.
 */
export const EMBEDDED_TYPES: readonly string[] = [
  // Connections and their pages.
  'FlowExecutionConnection',
  'FlowExecutionEdge',
  'FlowExecutionEventConnection',
  'FlowExecutionEventEdge',
  'PageInfo',
  // The nine event kinds and what they carry.
  'ConditionResultEvent',
  'FlowFailureEvent',
  'FlowInputEvent',
  'FlowOutputEvent',
  'NodeActionEvent',
  'NodeDependencyEvent',
  'NodeFailureEvent',
  'NodeInputEvent',
  'NodeOutputEvent',
  'FlowExecutionField',
  'NodeInputField',
  'NodeInputSource',
  'NodeOutputField',
  'NodeOutputTarget',
  'ExecutionChainItem',
  // What an execution recorded and ran with.
  'FlowExecutionError',
  'FlowSnapshot',
  // Mutation payloads: the execution inside them is normalized by its own `id`.
  'StartFlowExecutionPayload',
  'StopFlowExecutionPayload',
  // The error members of the result unions.
  'AccessDeniedError',
  'ConflictError',
  'DependencyFailedError',
  'InvalidCursorError',
  'LimitExceededError',
  'NotFoundError',
  'QuotaExceededError',
  'ThrottledError',
  'UpstreamError',
  'ValidationError',
];
