import { createHash } from 'node:crypto';
import { type FlowSettings, flowSettings, planRun, type RunEvent } from './flow-definitions.js';
import {
  createRandom,
  pick,
  type Random,
  randomInt,
  randomUuid,
  seedFromString,
} from './random.js';

export type ExecutionStatus = 'Running' | 'Succeeded' | 'Failed' | 'TimedOut' | 'Aborted';

export const EXECUTION_STATUSES: readonly ExecutionStatus[] = [
  'Running',
  'Succeeded',
  'Failed',
  'TimedOut',
  'Aborted',
];

/** One entry of GetFlowExecution's `errors`. */
export interface ExecutionError {
  error?: 'ExecutionTimedOut';
  message?: string;
  nodeName?: string;
}

export interface FlowExecution {
  executionId: string;
  executionArn: string;
  flowId: string;
  flowAliasId: string;
  flowVersion: string;
  status: ExecutionStatus;
  /** Listed as `createdAt`, answered by GetFlowExecution as `startedAt`. */
  createdAt: Date;
  /** Absent while Running. */
  endedAt?: Date;
  errors?: ExecutionError[];
  /** Canonical JSON of the StartFlowExecution request that created it (started executions only). */
  startRequest?: string;
}

/** The two listings of ListFlowExecutionEvents. */
export type EventKind = 'Flow' | 'Node';

/** One stored event: the union member name and its body, timestamp (ISO-8601) included. */
export interface StoredEvent {
  kind: EventKind;
  member: RunEvent['member'];
  body: Record<string, unknown>;
  /** ms since the epoch, for ordering. */
  at: number;
}

export interface FlowAlias {
  aliasId: string;
  flowVersion: string;
}

export interface Flow {
  flowId: string;
  flowArn: string;
  aliases: readonly FlowAlias[];
  /** Every caller gets AccessDeniedException on this flow: how tests meet a real denial. */
  denied: boolean;
}

/** The listing order's sort key: page tokens carry the key of the last item they returned. */
export interface ExecutionKey {
  createdAt: number;
  executionId: string;
}

export interface ExecutionPage {
  items: FlowExecution[];
  /** True when executions remain after the last item returned. */
  hasMore: boolean;
}

export interface StoreOptions {
  /** The newest demo execution starts shortly before this instant. */
  baseTime: Date;
  /** Default `us-east-1`. */
  region?: string;
  /** Default `123456789012`. */
  accountId?: string;
  /** Demo executions generated per flow. Default 250. */
  executionsPerFlow?: number;
}

export const DRAFT_ALIAS_ID = 'TSTALIASID';
export const PROD_ALIAS_ID = 'PRODALIAS1';
export const LOCKED_FLOW_ID = 'LOCKED0004';
export const DEFAULT_REGION = 'us-east-1';
export const DEFAULT_ACCOUNT_ID = '123456789012';
export const DEFAULT_EXECUTIONS_PER_FLOW = 250;

/** The demo flows and the version their production alias points at. */
export const DEMO_FLOWS: readonly { flowId: string; prodVersion: string; denied: boolean }[] = [
  { flowId: 'SUPPORT001', prodVersion: '3', denied: false },
  { flowId: 'SUMMARY002', prodVersion: '5', denied: false },
  { flowId: 'ROUTING003', prodVersion: '2', denied: false },
  { flowId: LOCKED_FLOW_ID, prodVersion: '1', denied: true },
];

const RUNNING_PER_FLOW = 3;
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** Newest first; equal start times fall back to the execution id so the order is total. */
export function compareExecutionKeys(a: ExecutionKey, b: ExecutionKey): number {
  if (a.createdAt !== b.createdAt) return b.createdAt - a.createdAt;
  if (a.executionId === b.executionId) return 0;
  return a.executionId < b.executionId ? -1 : 1;
}

export function executionKey(execution: FlowExecution): ExecutionKey {
  return { createdAt: execution.createdAt.getTime(), executionId: execution.executionId };
}

/** Callers get copies, so nothing outside the store can change what it serves. */
function copyExecution(execution: FlowExecution): FlowExecution {
  const copy: FlowExecution = { ...execution, createdAt: new Date(execution.createdAt) };
  if (execution.endedAt) copy.endedAt = new Date(execution.endedAt);
  if (execution.errors) copy.errors = execution.errors.map((error) => ({ ...error }));
  return copy;
}

/** Index of the first execution strictly after `key` in a list kept in listing order. */
function indexAfter(list: readonly FlowExecution[], key: ExecutionKey | undefined): number {
  if (!key) return 0;
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    const item = list[mid];
    if (item && compareExecutionKeys(executionKey(item), key) <= 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

function insertSorted(list: FlowExecution[], execution: FlowExecution): void {
  list.splice(indexAfter(list, executionKey(execution)), 0, execution);
}

interface FlowState {
  flow: Flow;
  /** Every execution of the flow, in listing order. */
  executions: FlowExecution[];
  /** The same executions per alias, in listing order, so alias-filtered pages need no scan. */
  byAlias: Map<string, FlowExecution[]>;
  byId: Map<string, FlowExecution>;
}

const FAILURES: readonly [ExecutionError, ...ExecutionError[]] = [
  { nodeName: 'Prompt_1', message: 'The model invocation was throttled too many times.' },
  { nodeName: 'KnowledgeBase', message: 'The knowledge base returned no results for the query.' },
  { nodeName: 'Lambda_Invoke', message: 'The Lambda function returned an unhandled error.' },
  { nodeName: 'Condition', message: 'No condition matched and the flow has no default branch.' },
];

const TIMED_OUT: ExecutionError = {
  error: 'ExecutionTimedOut',
  message: 'The flow execution exceeded the maximum duration of 24 hours.',
};

/**
 * The emulator's flows and executions. Demo data is generated from a per-flow seed and anchored to
 * `baseTime`, so two stores built with the same options hold identical data.
 */
export class FlowStore {
  readonly region: string;
  readonly accountId: string;
  readonly baseTime: Date;
  private readonly flows = new Map<string, FlowState>();
  /** Events per execution (`flowId/executionId`); demo executions get theirs when first asked. */
  private readonly events = new Map<string, StoredEvent[]>();
  private readonly settings = new Map<string, FlowSettings>();

  constructor(options: StoreOptions) {
    this.region = options.region ?? DEFAULT_REGION;
    this.accountId = options.accountId ?? DEFAULT_ACCOUNT_ID;
    this.baseTime = new Date(options.baseTime);
    const perFlow = options.executionsPerFlow ?? DEFAULT_EXECUTIONS_PER_FLOW;
    for (const demo of DEMO_FLOWS) {
      const flow: Flow = {
        flowId: demo.flowId,
        flowArn: this.flowArn(demo.flowId),
        aliases: [
          { aliasId: DRAFT_ALIAS_ID, flowVersion: 'DRAFT' },
          { aliasId: PROD_ALIAS_ID, flowVersion: demo.prodVersion },
        ],
        denied: demo.denied,
      };
      this.flows.set(flow.flowId, {
        flow,
        executions: [],
        byAlias: new Map(flow.aliases.map((alias) => [alias.aliasId, []])),
        byId: new Map(),
      });
      for (const execution of this.generateExecutions(flow, perFlow)) this.insert(execution);
    }
  }

  flowArn(flowId: string): string {
    return `arn:aws:bedrock:${this.region}:${this.accountId}:flow/${flowId}`;
  }

  aliasArn(flowId: string, aliasId: string): string {
    return `${this.flowArn(flowId)}/alias/${aliasId}`;
  }

  executionArn(flowId: string, aliasId: string, executionId: string): string {
    return `${this.aliasArn(flowId, aliasId)}/execution/${executionId}`;
  }

  listFlows(): Flow[] {
    return [...this.flows.values()].map(({ flow }) => flow);
  }

  getFlow(flowId: string): Flow | undefined {
    return this.flows.get(flowId)?.flow;
  }

  getAlias(flowId: string, aliasId: string): FlowAlias | undefined {
    return this.flows.get(flowId)?.flow.aliases.find((alias) => alias.aliasId === aliasId);
  }

  /** Every execution of a flow (optionally of one alias) in listing order: newest first. */
  listExecutions(flowId: string, aliasId?: string): FlowExecution[] {
    return this.ordered(flowId, aliasId).map(copyExecution);
  }

  getExecution(flowId: string, aliasId: string, executionId: string): FlowExecution | undefined {
    const execution = this.flows.get(flowId)?.byId.get(executionId);
    return execution && execution.flowAliasId === aliasId ? copyExecution(execution) : undefined;
  }

  /** An execution of a flow by id, whatever its alias. */
  getExecutionById(flowId: string, executionId: string): FlowExecution | undefined {
    const execution = this.flows.get(flowId)?.byId.get(executionId);
    return execution && copyExecution(execution);
  }

  /** How many executions follow `after` (all of them when `after` is absent). */
  countAfter(flowId: string, aliasId: string | undefined, after?: ExecutionKey): number {
    const list = this.ordered(flowId, aliasId);
    return list.length - indexAfter(list, after);
  }

  /**
   * Up to `limit` executions strictly after `after`. Keyset paging: an execution inserted at the
   * head of the listing does not shift what later pages return.
   */
  pageExecutions(
    flowId: string,
    aliasId: string | undefined,
    after: ExecutionKey | undefined,
    limit: number,
  ): ExecutionPage {
    const list = this.ordered(flowId, aliasId);
    const start = indexAfter(list, after);
    const end = Math.min(list.length, start + Math.max(0, limit));
    return { items: list.slice(start, end).map(copyExecution), hasMore: end < list.length };
  }

  /** Adds an execution (e.g. a started one) in its place in the listing order. */
  addExecution(input: Omit<FlowExecution, 'executionArn'>): FlowExecution {
    const state = this.flows.get(input.flowId);
    if (!state) throw new Error(`Unknown flow ${input.flowId}`);
    if (!state.byAlias.has(input.flowAliasId)) {
      throw new Error(`Unknown alias ${input.flowAliasId} of flow ${input.flowId}`);
    }
    if (state.byId.has(input.executionId)) {
      throw new Error(`Execution ${input.executionId} already exists in flow ${input.flowId}`);
    }
    const execution = copyExecution({
      ...input,
      executionArn: this.executionArn(input.flowId, input.flowAliasId, input.executionId),
    });
    this.insert(execution);
    return copyExecution(execution);
  }

  /** Changes what may change about an execution (its status, end and errors; never its sort key). */
  updateExecution(
    flowId: string,
    executionId: string,
    patch: Partial<Pick<FlowExecution, 'status' | 'endedAt' | 'errors'>>,
  ): FlowExecution {
    const execution = this.flows.get(flowId)?.byId.get(executionId);
    if (!execution) throw new Error(`Unknown execution ${executionId} of flow ${flowId}`);
    if (patch.status) execution.status = patch.status;
    if ('endedAt' in patch) {
      if (patch.endedAt) execution.endedAt = new Date(patch.endedAt);
      else delete execution.endedAt;
    }
    if ('errors' in patch) {
      if (patch.errors) execution.errors = patch.errors.map((error) => ({ ...error }));
      else delete execution.errors;
    }
    return copyExecution(execution);
  }

  /** The flow's definition, role and key, as a snapshot reports them. */
  flowSettings(flowId: string): FlowSettings {
    let settings = this.settings.get(flowId);
    if (!settings) {
      settings = flowSettings(flowId, this.region, this.accountId);
      this.settings.set(flowId, settings);
    }
    return structuredClone(settings);
  }

  /** Running executions of a flow, all aliases: what the concurrency quota counts. */
  countRunning(flowId: string): number {
    return this.ordered(flowId, undefined).filter((e) => e.status === 'Running').length;
  }

  /** An execution's events of one kind, in the order they happened (copies). */
  listEvents(flowId: string, executionId: string, kind: EventKind): StoredEvent[] {
    return this.eventsOf(flowId, executionId)
      .filter((event) => event.kind === kind)
      .map((event) => structuredClone(event));
  }

  /** Every event of an execution, both kinds, in the order they happened (copies). */
  allEvents(flowId: string, executionId: string): StoredEvent[] {
    return this.eventsOf(flowId, executionId).map((event) => structuredClone(event));
  }

  /**
   * Records an event of a running execution. Timestamps strictly increase within an execution
   * (at least 1 ms apart), so time order is total even under a frozen clock.
   */
  appendEvent(flowId: string, executionId: string, event: RunEvent, now: number): StoredEvent {
    const list = this.eventsOf(flowId, executionId);
    const at = Math.max(now, (list.at(-1)?.at ?? Number.NEGATIVE_INFINITY) + 1);
    const stored: StoredEvent = {
      kind: event.kind,
      member: event.member,
      body: { ...structuredClone(event.body), timestamp: new Date(at).toISOString() },
      at,
    };
    list.push(stored);
    return structuredClone(stored);
  }

  private eventsOf(flowId: string, executionId: string): StoredEvent[] {
    const key = `${flowId}/${executionId}`;
    let list = this.events.get(key);
    if (!list) {
      const execution = this.flows.get(flowId)?.byId.get(executionId);
      // Started executions record their own events from the first; demo ones are made up once.
      list = execution && execution.startRequest === undefined ? this.demoEvents(execution) : [];
      this.events.set(key, list);
    }
    return list;
  }

  /**
   * Plausible events for a demo execution, consistent with its status: all of them spread over
   * its run when it finished, up to the failing node when it failed, about half when it is still
   * running, was stopped or timed out.
   */
  private demoEvents(execution: FlowExecution): StoredEvent[] {
    const random = createRandom(seedFromString(execution.executionId));
    const idOf = (label: string) =>
      createHash('sha256').update(`${execution.executionId}:${label}`).digest('hex').slice(0, 32);
    const failure = execution.status === 'Failed' ? execution.errors?.[0] : undefined;
    const plan = planRun(
      this.flowSettings(execution.flowId).definition,
      demoInput(execution.flowId, random),
      {
        idOf,
        ...(failure?.nodeName
          ? { failAt: { nodeName: failure.nodeName, message: failure.message ?? 'Failed.' } }
          : {}),
      },
    );
    const complete = execution.status === 'Succeeded' || execution.status === 'Failed';
    const events = complete ? plan.events : plan.events.slice(0, Math.ceil(plan.events.length / 2));
    const start = execution.createdAt.getTime();
    const end = execution.endedAt?.getTime() ?? Math.min(start + 60_000, this.baseTime.getTime());
    const span = execution.status === 'TimedOut' ? 10 * MINUTE : Math.max(end - start, 1);
    const step = span / (events.length + 1);
    let previous = Number.NEGATIVE_INFINITY;
    return events.map((event, index) => {
      const at = Math.max(previous + 1, Math.round(start + step * (index + 1)));
      previous = at;
      return {
        kind: event.kind,
        member: event.member,
        body: { ...event.body, timestamp: new Date(at).toISOString() },
        at,
      };
    });
  }

  private ordered(flowId: string, aliasId: string | undefined): readonly FlowExecution[] {
    const state = this.flows.get(flowId);
    if (!state) return [];
    return aliasId === undefined ? state.executions : (state.byAlias.get(aliasId) ?? []);
  }

  private insert(execution: FlowExecution): void {
    const state = this.flows.get(execution.flowId);
    const aliasList = state?.byAlias.get(execution.flowAliasId);
    if (!state || !aliasList) throw new Error(`Unknown flow alias for ${execution.executionArn}`);
    insertSorted(state.executions, execution);
    insertSorted(aliasList, execution);
    state.byId.set(execution.executionId, execution);
  }

  private generateExecutions(flow: Flow, count: number): FlowExecution[] {
    const random = createRandom(seedFromString(flow.flowId));
    const base = this.baseTime.getTime();
    const executions: FlowExecution[] = [];
    let createdAt = base - randomInt(random, 20_000, 120_000);
    for (let i = 0; i < count; i++) {
      // A few minutes between starts, so the oldest are more than a day old (and may have timed
      // out); now and then two start in the same millisecond so the id tie-break is exercised.
      const sameInstant = i % 40 === 17;
      const gap = randomInt(random, 5 * MINUTE, 15 * MINUTE) + randomInt(random, 0, 999);
      if (i > 0 && !sameInstant) createdAt -= gap;
      const alias = random() < 0.5 ? flow.aliases[0] : flow.aliases[1];
      if (!alias) throw new Error(`Flow ${flow.flowId} has no aliases`);
      const executionId = randomUuid(random);
      const status = i < RUNNING_PER_FLOW ? 'Running' : this.finalStatus(random, base - createdAt);
      const execution: FlowExecution = {
        executionId,
        executionArn: this.executionArn(flow.flowId, alias.aliasId, executionId),
        flowId: flow.flowId,
        flowAliasId: alias.aliasId,
        flowVersion: alias.flowVersion,
        status,
        createdAt: new Date(createdAt),
      };
      const duration = randomInt(random, 1_500, 600_000);
      const failure = pick(random, FAILURES);
      if (status !== 'Running') {
        const ended = status === 'TimedOut' ? createdAt + DAY : createdAt + duration;
        execution.endedAt = new Date(Math.min(ended, base));
      }
      if (status === 'Failed') execution.errors = [{ ...failure }];
      if (status === 'TimedOut') execution.errors = [{ ...TIMED_OUT }];
      executions.push(execution);
    }
    return executions;
  }

  /** Only executions older than a day can have timed out (the upstream's limit is 24 hours). */
  private finalStatus(random: Random, ageMs: number): ExecutionStatus {
    const roll = random();
    if (ageMs >= DAY && roll < 0.25) return 'TimedOut';
    const rest = random();
    if (rest < 0.65) return 'Succeeded';
    if (rest < 0.85) return 'Failed';
    return 'Aborted';
  }
}

const QUESTIONS = [
  'How do I reset my password?',
  'My invoice shows a duplicate charge, please escalate.',
  'Can I change the delivery address after ordering?',
  'The app crashes when I upload a photo.',
] as const;

/** A demo execution's flow input, shaped as the flow's input node expects. */
function demoInput(flowId: string, random: Random): unknown {
  const question = pick(random, QUESTIONS);
  if (flowId === 'SUMMARY002') {
    return ['Quarterly report: revenue grew 12%.', question, 'Release notes for version 5.'];
  }
  if (flowId === 'ROUTING003') {
    return {
      category: pick(random, ['billing', 'technical', 'other'] as const),
      subject: question,
    };
  }
  return question;
}
