/**
 * The demo flows' definitions (the FlowDefinition documents GetExecutionFlowSnapshot returns) and a
 * small interpreter that turns a definition plus an input into the events a run emits, in order.
 */

export type NodeType =
  | 'Input'
  | 'Output'
  | 'Prompt'
  | 'KnowledgeBase'
  | 'LambdaFunction'
  | 'Condition'
  | 'Iterator'
  | 'Collector';

export interface FlowNodeDefinition {
  name: string;
  type: NodeType;
  configuration: Record<string, unknown>;
  inputs?: { name: string; type: string; expression: string }[];
  outputs?: { name: string; type: string }[];
}

export interface FlowConnectionDefinition {
  name: string;
  source: string;
  target: string;
  type: 'Data' | 'Conditional';
  configuration:
    | { data: { sourceOutput: string; targetInput: string } }
    | { conditional: { condition: string } };
}

export interface FlowDefinition {
  nodes: FlowNodeDefinition[];
  connections: FlowConnectionDefinition[];
}

/** What GetExecutionFlowSnapshot adds around the definition. */
export interface FlowSettings {
  definition: FlowDefinition;
  executionRoleArn: string;
  customerEncryptionKeyArn?: string;
}

/** One event of a run, as the upstream's union member name and its body (timestamp added later). */
export interface RunEvent {
  kind: 'Flow' | 'Node';
  member:
    | 'flowInputEvent'
    | 'flowOutputEvent'
    | 'flowFailureEvent'
    | 'nodeInputEvent'
    | 'nodeOutputEvent'
    | 'nodeFailureEvent'
    | 'nodeActionEvent'
    | 'nodeDependencyEvent'
    | 'conditionResultEvent';
  body: Record<string, unknown>;
}

/** How a run ends: every step, or a failure at a node. */
export interface RunPlan {
  events: RunEvent[];
  failure?: { nodeName: string; message: string };
}

const MODEL = 'anthropic.claude-3-haiku-20240307-v1:0';
export const INPUT_NODE = 'FlowInputNode';

const input = (type: string): FlowNodeDefinition => ({
  name: INPUT_NODE,
  type: 'Input',
  configuration: { input: {} },
  outputs: [{ name: 'document', type }],
});

const output = (name: string, type = 'String'): FlowNodeDefinition => ({
  name,
  type: 'Output',
  configuration: { output: {} },
  inputs: [{ name: 'document', type, expression: '$.data' }],
});

const prompt = (name: string, template: string, inputs: string[]): FlowNodeDefinition => ({
  name,
  type: 'Prompt',
  configuration: {
    prompt: {
      sourceConfiguration: {
        inline: {
          modelId: MODEL,
          templateType: 'TEXT',
          inferenceConfiguration: { text: { temperature: 0.2, maxTokens: 512 } },
          templateConfiguration: {
            text: { text: template, inputVariables: inputs.map((name) => ({ name })) },
          },
        },
      },
    },
  },
  inputs: inputs.map((name) => ({ name, type: 'String', expression: '$.data' })),
  outputs: [{ name: 'modelCompletion', type: 'String' }],
});

const knowledgeBase = (knowledgeBaseId: string): FlowNodeDefinition => ({
  name: 'KnowledgeBase',
  type: 'KnowledgeBase',
  configuration: { knowledgeBase: { knowledgeBaseId, modelId: MODEL } },
  inputs: [{ name: 'retrievalQuery', type: 'String', expression: '$.data' }],
  outputs: [{ name: 'outputText', type: 'String' }],
});

const lambda = (functionName: string, inputType = 'String'): FlowNodeDefinition => ({
  name: 'Lambda_Invoke',
  type: 'LambdaFunction',
  configuration: {
    lambdaFunction: { lambdaArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}` },
  },
  inputs: [{ name: 'codeHookInput', type: inputType, expression: '$.data' }],
  outputs: [{ name: 'functionResponse', type: 'String' }],
});

const condition = (
  inputName: string,
  conditions: { name: string; expression?: string }[],
): FlowNodeDefinition => ({
  name: 'Condition',
  type: 'Condition',
  configuration: { condition: { conditions } },
  inputs: [{ name: inputName, type: 'String', expression: '$.data' }],
});

const data = (
  source: string,
  sourceOutput: string,
  target: string,
  targetInput: string,
): FlowConnectionDefinition => ({
  name: `${source}_${sourceOutput}_${target}_${targetInput}`,
  source,
  target,
  type: 'Data',
  configuration: { data: { sourceOutput, targetInput } },
});

const conditional = (source: string, when: string, target: string): FlowConnectionDefinition => ({
  name: `${source}_${when}_${target}`,
  source,
  target,
  type: 'Conditional',
  configuration: { conditional: { condition: when } },
});

/** Answers support questions from a knowledge base, files a ticket, escalates when asked to. */
const SUPPORT: FlowDefinition = {
  nodes: [
    input('String'),
    knowledgeBase('KBSUPPORT01'),
    prompt(
      'Prompt_1',
      'Answer the customer question {{question}} using only these passages: {{context}}',
      ['question', 'context'],
    ),
    lambda('create-support-ticket'),
    condition('answer', [
      { name: 'Escalate', expression: 'answer == "ESCALATE"' },
      { name: 'default' },
    ]),
    output('EscalationOutput'),
    output('FlowOutputNode'),
  ],
  connections: [
    data(INPUT_NODE, 'document', 'KnowledgeBase', 'retrievalQuery'),
    data(INPUT_NODE, 'document', 'Prompt_1', 'question'),
    data('KnowledgeBase', 'outputText', 'Prompt_1', 'context'),
    data('Prompt_1', 'modelCompletion', 'Lambda_Invoke', 'codeHookInput'),
    data('Lambda_Invoke', 'functionResponse', 'Condition', 'answer'),
    conditional('Condition', 'Escalate', 'EscalationOutput'),
    conditional('Condition', 'default', 'FlowOutputNode'),
    data('Prompt_1', 'modelCompletion', 'EscalationOutput', 'document'),
    data('Prompt_1', 'modelCompletion', 'FlowOutputNode', 'document'),
  ],
};

/** Summarises each document of a batch with context from a knowledge base, then publishes. */
const SUMMARY: FlowDefinition = {
  nodes: [
    input('Array'),
    {
      name: 'Iterator',
      type: 'Iterator',
      configuration: { iterator: {} },
      inputs: [{ name: 'array', type: 'Array', expression: '$.data' }],
      outputs: [
        { name: 'arrayItem', type: 'String' },
        { name: 'arraySize', type: 'Number' },
      ],
    },
    knowledgeBase('KBSUMMARY02'),
    prompt('Prompt_1', 'Summarise {{document}} in three sentences; related: {{related}}', [
      'document',
      'related',
    ]),
    {
      name: 'Collector',
      type: 'Collector',
      configuration: { collector: {} },
      inputs: [
        { name: 'arrayItem', type: 'String', expression: '$.data' },
        { name: 'arraySize', type: 'Number', expression: '$.data' },
      ],
      outputs: [{ name: 'collectedArray', type: 'Array' }],
    },
    condition('summaries', [
      { name: 'Publish', expression: 'size(summaries) > 0' },
      { name: 'default' },
    ]),
    lambda('publish-summaries', 'Array'),
    output('FlowOutputNode'),
    output('DraftOutput', 'Array'),
  ],
  connections: [
    data(INPUT_NODE, 'document', 'Iterator', 'array'),
    data('Iterator', 'arrayItem', 'KnowledgeBase', 'retrievalQuery'),
    data('Iterator', 'arrayItem', 'Prompt_1', 'document'),
    data('KnowledgeBase', 'outputText', 'Prompt_1', 'related'),
    data('Prompt_1', 'modelCompletion', 'Collector', 'arrayItem'),
    data('Iterator', 'arraySize', 'Collector', 'arraySize'),
    data('Collector', 'collectedArray', 'Condition', 'summaries'),
    conditional('Condition', 'Publish', 'Lambda_Invoke'),
    conditional('Condition', 'default', 'DraftOutput'),
    data('Collector', 'collectedArray', 'Lambda_Invoke', 'codeHookInput'),
    data('Lambda_Invoke', 'functionResponse', 'FlowOutputNode', 'document'),
    data('Collector', 'collectedArray', 'DraftOutput', 'document'),
  ],
};

/** Routes a ticket by category: billing to a Lambda, technical to a knowledge-backed answer. */
const ROUTING: FlowDefinition = {
  nodes: [
    input('Object'),
    condition('ticket', [
      { name: 'Billing', expression: 'ticket.category == "billing"' },
      { name: 'Technical', expression: 'ticket.category == "technical"' },
      { name: 'default' },
    ]),
    lambda('open-billing-case', 'Object'),
    knowledgeBase('KBROUTING03'),
    prompt('Prompt_1', 'Draft a reply to {{ticket}} from {{context}}', ['ticket', 'context']),
    output('BillingOutput'),
    output('TechnicalOutput'),
    output('FallbackOutput', 'Object'),
  ],
  connections: [
    data(INPUT_NODE, 'document', 'Condition', 'ticket'),
    conditional('Condition', 'Billing', 'Lambda_Invoke'),
    conditional('Condition', 'Technical', 'KnowledgeBase'),
    conditional('Condition', 'default', 'FallbackOutput'),
    data(INPUT_NODE, 'document', 'Lambda_Invoke', 'codeHookInput'),
    data('Lambda_Invoke', 'functionResponse', 'BillingOutput', 'document'),
    data(INPUT_NODE, 'document', 'KnowledgeBase', 'retrievalQuery'),
    data(INPUT_NODE, 'document', 'Prompt_1', 'ticket'),
    data('KnowledgeBase', 'outputText', 'Prompt_1', 'context'),
    data('Prompt_1', 'modelCompletion', 'TechnicalOutput', 'document'),
    data(INPUT_NODE, 'document', 'FallbackOutput', 'document'),
  ],
};

const DEFINITIONS: Readonly<Record<string, FlowDefinition>> = {
  SUPPORT001: SUPPORT,
  SUMMARY002: SUMMARY,
  ROUTING003: ROUTING,
};

/** A demo flow's settings; unknown flows get the support flow (the locked demo flow does). */
export function flowSettings(flowId: string, region: string, accountId: string): FlowSettings {
  const settings: FlowSettings = {
    definition: structuredClone(DEFINITIONS[flowId] ?? SUPPORT),
    executionRoleArn: `arn:aws:iam::${accountId}:role/service-role/AmazonBedrockExecutionRoleForFlows_${flowId}`,
  };
  // One demo flow is encrypted with a customer managed key, so the snapshot shows both shapes.
  if (flowId === 'SUMMARY002') {
    settings.customerEncryptionKeyArn = `arn:aws:kms:${region}:${accountId}:key/6f1c2a4e-8d7b-4c3a-9e5f-0a1b2c3d4e5f`;
  }
  return settings;
}

/** Options of `planRun`. */
export interface PlanOptions {
  /** The run fails at this node (when the run reaches it). */
  failAt?: { nodeName: string; message: string };
  /** Seeds request ids and session ids, so demo runs replay exactly. */
  idOf: (label: string) => string;
}

const NODE_ERROR_CODES: Partial<Record<NodeType, string>> = {
  KnowledgeBase: 'DEPENDENCY_FAILED',
  Prompt: 'BAD_GATEWAY',
  LambdaFunction: 'DEPENDENCY_FAILED',
  Condition: 'VALIDATION',
};

/**
 * The events a run of `definition` on `document` emits, in order. Dataflow is simplified: nodes run
 * in topological order of the branch taken; a condition is satisfied when its name appears in the
 * input (case-insensitively) or leads to the node a planned failure names; an Iterator runs the
 * nodes between it and its Collector once per array element.
 */
export function planRun(
  definition: FlowDefinition,
  document: unknown,
  options: PlanOptions,
): RunPlan {
  const nodes = new Map(definition.nodes.map((node) => [node.name, node]));
  const outgoing = (name: string) => definition.connections.filter((c) => c.source === name);
  const incoming = (name: string) => definition.connections.filter((c) => c.target === name);
  const reaches = (from: string, to: string, seen = new Set<string>()): boolean => {
    if (from === to) return true;
    if (seen.has(from)) return false;
    seen.add(from);
    return outgoing(from).some((c) => reaches(c.target, to, seen));
  };
  const text = JSON.stringify(document ?? null).toLowerCase();
  const chosen = new Map<string, string>();
  const choose = (node: FlowNodeDefinition): string => {
    const branches = outgoing(node.name).filter((c) => c.type === 'Conditional');
    const named = (c: FlowConnectionDefinition) =>
      'conditional' in c.configuration ? c.configuration.conditional.condition : 'default';
    const failAt = options.failAt?.nodeName;
    const pick =
      (failAt && branches.find((c) => reaches(c.target, failAt))) ??
      branches.find((c) => named(c) !== 'default' && text.includes(named(c).toLowerCase())) ??
      branches.find((c) => named(c) === 'default') ??
      branches[0];
    return pick ? named(pick) : 'default';
  };

  // The active subgraph: everything reachable from the input through taken branches.
  const active = new Set<string>();
  const queue = [INPUT_NODE];
  while (queue.length > 0) {
    const name = queue.shift() ?? INPUT_NODE;
    if (active.has(name)) continue;
    active.add(name);
    const node = nodes.get(name);
    if (node?.type === 'Condition') chosen.set(name, choose(node));
    for (const c of outgoing(name)) {
      const taken =
        c.type === 'Data' ||
        ('conditional' in c.configuration && c.configuration.conditional.condition) ===
          chosen.get(name);
      // A node fed by a condition runs only when the condition chose it.
      const gated = incoming(c.target).some((i) => i.type === 'Conditional');
      if (taken && (!gated || c.type === 'Conditional')) queue.push(c.target);
    }
  }
  // A node needs every data input: one fed by a branch not taken does not run either.
  for (let pruned = true; pruned; ) {
    pruned = false;
    for (const name of active) {
      if (incoming(name).some((c) => c.type === 'Data' && !active.has(c.source))) {
        active.delete(name);
        pruned = true;
      }
    }
  }
  // Topological order of the active nodes, ties broken by definition order.
  const order: string[] = [];
  const pending = new Set(active);
  while (pending.size > 0) {
    const next = definition.nodes.find(
      (node) => pending.has(node.name) && incoming(node.name).every((c) => !pending.has(c.source)),
    );
    if (!next) break;
    order.push(next.name);
    pending.delete(next.name);
  }

  const events: RunEvent[] = [];
  const values = new Map<string, unknown>();
  const iterator = definition.nodes.find((n) => n.type === 'Iterator' && active.has(n.name));
  const collector = definition.nodes.find((n) => n.type === 'Collector');
  const loopBody = new Set(
    iterator && collector
      ? order.filter(
          (name) =>
            name !== iterator.name &&
            name !== collector.name &&
            reaches(iterator.name, name) &&
            reaches(name, collector.name),
        )
      : [],
  );
  const items = Array.isArray(document) ? document : [document];

  const nodeEvent = (member: RunEvent['member'], body: Record<string, unknown>): void => {
    events.push({ kind: 'Node', member, body });
  };
  const chainOf = (index: number | undefined) =>
    index === undefined || !iterator
      ? {}
      : { executionChain: [{ nodeName: iterator.name, index, type: 'Iterator' }] };
  const inputFields = (node: FlowNodeDefinition, index: number | undefined) =>
    (node.inputs ?? []).flatMap((field) => {
      const source = incoming(node.name).find(
        (c) => 'data' in c.configuration && c.configuration.data.targetInput === field.name,
      );
      if (!source || !('data' in source.configuration)) return [];
      const key = `${source.source}.${source.configuration.data.sourceOutput}`;
      return [
        {
          name: field.name,
          type: field.type,
          content: { document: values.get(key) ?? null },
          source: {
            nodeName: source.source,
            outputFieldName: source.configuration.data.sourceOutput,
            expression: field.expression,
          },
          ...chainOf(index),
        },
      ];
    });
  const emitOutput = (node: FlowNodeDefinition, outputName: string, value: unknown) => {
    values.set(`${node.name}.${outputName}`, value);
    const spec = node.outputs?.find((o) => o.name === outputName);
    const next = outgoing(node.name)
      .filter(
        (c) =>
          active.has(c.target) &&
          'data' in c.configuration &&
          c.configuration.data.sourceOutput === outputName,
      )
      .map((c) => ({
        nodeName: c.target,
        inputFieldName: 'data' in c.configuration ? c.configuration.data.targetInput : '',
      }));
    nodeEvent('nodeOutputEvent', {
      nodeName: node.name,
      fields: [
        { name: outputName, type: spec?.type ?? 'String', content: { document: value }, next },
      ],
    });
  };
  const fail = (node: FlowNodeDefinition, message: string): RunPlan => {
    nodeEvent('nodeFailureEvent', {
      nodeName: node.name,
      errorCode: NODE_ERROR_CODES[node.type] ?? 'INTERNAL_SERVER',
      errorMessage: message,
    });
    events.push({
      kind: 'Flow',
      member: 'flowFailureEvent',
      body: {
        errorCode: 'NODE_EXECUTION_FAILED',
        errorMessage: `Node ${node.name} failed: ${message}`,
      },
    });
    return { events, failure: { nodeName: node.name, message } };
  };

  /** Runs one node; returns a plan when the run ends there (failure or output). */
  const run = (node: FlowNodeDefinition, index?: number): RunPlan | undefined => {
    const label = `${node.name}#${index ?? ''}`;
    if (node.type === 'Input') {
      events.push({
        kind: 'Flow',
        member: 'flowInputEvent',
        body: { nodeName: node.name, fields: [{ name: 'document', content: { document } }] },
      });
      emitOutput(node, 'document', document);
      return undefined;
    }
    const fields = inputFields(node, index);
    if (node.type === 'Collector') {
      if (index !== undefined) {
        nodeEvent('nodeInputEvent', { nodeName: node.name, fields });
        const collected = values.get(`${node.name}.collectedArray`);
        const item = fields.find((f) => f.name === 'arrayItem')?.content.document;
        values.set(
          `${node.name}.collectedArray`,
          Array.isArray(collected) ? [...collected, item] : [item],
        );
        return undefined;
      }
      emitOutput(node, 'collectedArray', values.get(`${node.name}.collectedArray`) ?? []);
      return undefined;
    }
    nodeEvent('nodeInputEvent', { nodeName: node.name, fields });
    if (options.failAt?.nodeName === node.name) return fail(node, options.failAt.message);
    const first = fields[0]?.content.document;
    switch (node.type) {
      case 'Output':
        events.push({
          kind: 'Flow',
          member: 'flowOutputEvent',
          body: {
            nodeName: node.name,
            fields: [{ name: 'document', content: { document: first } }],
          },
        });
        return { events };
      case 'Condition': {
        const satisfied = chosen.get(node.name) ?? 'default';
        nodeEvent('conditionResultEvent', {
          nodeName: node.name,
          satisfiedConditions: [{ conditionName: satisfied }],
        });
        return undefined;
      }
      case 'Iterator':
        emitOutput(node, 'arraySize', items.length);
        return undefined;
      case 'KnowledgeBase': {
        const passages = [1, 2, 3].map((n) => `Passage ${n} about ${JSON.stringify(first)}`);
        nodeEvent('nodeActionEvent', {
          nodeName: node.name,
          serviceName: 'bedrock-agent-runtime',
          operationName: 'Retrieve',
          requestId: options.idOf(`${label}:action`),
          operationRequest: {
            knowledgeBaseId: node.configuration.knowledgeBase,
            retrievalQuery: { text: first },
          },
          operationResponse: { retrievalResults: passages.map((text) => ({ content: { text } })) },
        });
        emitOutput(node, 'outputText', passages.join('\n'));
        return undefined;
      }
      case 'Prompt': {
        const completion = `Drafted from ${fields.map((f) => f.name).join(' and ')}: ${JSON.stringify(first).slice(0, 60)}`;
        nodeEvent('nodeActionEvent', {
          nodeName: node.name,
          serviceName: 'bedrock-runtime',
          operationName: 'Converse',
          requestId: options.idOf(`${label}:action`),
          operationRequest: {
            modelId: MODEL,
            messages: [{ role: 'user', content: [{ text: first }] }],
          },
          operationResponse: {
            output: { message: { role: 'assistant', content: [{ text: completion }] } },
            usage: { inputTokens: 412, outputTokens: 96 },
          },
        });
        nodeEvent('nodeDependencyEvent', {
          nodeName: node.name,
          traceElements: {
            agentTraces: [
              {
                sessionId: options.idOf(`${label}:session`),
                trace: {
                  orchestrationTrace: {
                    modelInvocationInput: {
                      foundationModel: MODEL,
                      text: JSON.stringify(first),
                      type: 'ORCHESTRATION',
                    },
                  },
                },
              },
            ],
          },
        });
        emitOutput(node, 'modelCompletion', completion);
        return undefined;
      }
      case 'LambdaFunction':
        nodeEvent('nodeActionEvent', {
          nodeName: node.name,
          serviceName: 'lambda',
          operationName: 'Invoke',
          requestId: options.idOf(`${label}:action`),
          operationRequest: { payload: first },
          operationResponse: { statusCode: 200 },
        });
        emitOutput(node, 'functionResponse', `Recorded: ${JSON.stringify(first).slice(0, 40)}`);
        return undefined;
    }
  };

  for (const name of order) {
    if (loopBody.has(name)) continue;
    const node = nodes.get(name);
    if (!node) continue;
    if (node.type === 'Iterator' && collector) {
      const ended = run(node);
      if (ended) return ended;
      for (const [index, item] of items.entries()) {
        values.set(`${node.name}.arrayItem`, item);
        for (const inner of order.filter((n) => loopBody.has(n))) {
          const innerNode = nodes.get(inner);
          const endedInside = innerNode && run(innerNode, index);
          if (endedInside) return endedInside;
        }
        run(collector, index);
      }
      continue;
    }
    const ended = run(node);
    if (ended) return ended;
  }
  return { events };
}
