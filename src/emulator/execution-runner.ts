import type { RunPlan } from './flow-definitions.js';
import type { FlowExecution, FlowStore } from './store.js';

export interface RunnerOptions {
  /** Time between two events of a running execution. */
  stepMs: number;
  /** The emulator clock, ms since the epoch. */
  clock: () => number;
}

interface Run {
  readonly execution: FlowExecution;
  readonly plan: RunPlan;
  next: number;
  timer: NodeJS.Timeout | undefined;
  lastAt: number | undefined;
  readonly settled: Promise<void>;
  settle(): void;
}

/**
 * Plays started executions: one event per step, then Succeeded (or Failed at a planned failure).
 * Stopping one cancels its remaining steps.
 */
export class ExecutionRunner {
  private readonly runs = new Map<string, Run>();

  constructor(
    private readonly store: FlowStore,
    private readonly options: RunnerOptions,
  ) {}

  /** Starts playing `plan` for a just-added execution; the first event is recorded at once. */
  start(execution: FlowExecution, plan: RunPlan): void {
    let settle = () => {};
    const settled = new Promise<void>((resolve) => {
      settle = resolve;
    });
    const run: Run = {
      execution,
      plan,
      next: 0,
      timer: undefined,
      lastAt: undefined,
      settled,
      settle,
    };
    this.runs.set(execution.executionArn, run);
    this.step(run);
  }

  /** Cancels the rest of a run (the caller records the abort). False when it is not playing. */
  cancel(executionArn: string): boolean {
    const run = this.runs.get(executionArn);
    if (!run) return false;
    clearTimeout(run.timer);
    this.runs.delete(executionArn);
    run.settle();
    return true;
  }

  /** Resolves once the execution is no longer being played (at once when it is not). */
  settled(executionArn: string): Promise<void> {
    return this.runs.get(executionArn)?.settled ?? Promise.resolve();
  }

  /** Cancels every run, leaving them as they are (the emulator is closing). */
  close(): void {
    for (const arn of [...this.runs.keys()]) this.cancel(arn);
  }

  private step(run: Run): void {
    const { execution, plan } = run;
    const event = plan.events[run.next];
    if (event) {
      const stored = this.store.appendEvent(
        execution.flowId,
        execution.executionId,
        event,
        this.options.clock(),
      );
      run.next += 1;
      run.timer = setTimeout(() => this.step(run), this.options.stepMs);
      // A run in progress must not keep a process alive on its own.
      run.timer.unref();
      run.lastAt = stored.at;
      return;
    }
    this.runs.delete(execution.executionArn);
    this.store.updateExecution(execution.flowId, execution.executionId, {
      status: plan.failure ? 'Failed' : 'Succeeded',
      // Never before the last event, which a frozen clock may have pushed ahead.
      endedAt: new Date(Math.max(this.options.clock(), run.lastAt ?? 0)),
      ...(plan.failure
        ? { errors: [{ nodeName: plan.failure.nodeName, message: plan.failure.message }] }
        : {}),
    });
    run.settle();
  }
}
