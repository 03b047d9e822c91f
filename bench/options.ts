/** Command-line options of `npm run bench`, parsed without a dependency. */
export interface BenchOptions {
  /** Measured seconds per cell and run. Default 1 (the full matrix then takes about 9 minutes). */
  readonly durationS: number;
  /** Unmeasured seconds before each cell and run, with the same load. Default 0.4. */
  readonly warmupS: number;
  /** Runs per cell; the table shows medians. Default 3. */
  readonly runs: number;
  /** Upstream latencies (ms) the emulator adds, one matrix each. Default 0 and 50. */
  readonly latenciesMs: readonly number[];
  /** Connections for the headline `first: 10` scenario. Default 1, 10, 50, 100. */
  readonly connections: readonly number[];
  /** Connections for the other scenarios. Default 10 and 100. */
  readonly scenarioConnections: readonly number[];
  /** Only these scenarios (by name); default all. */
  readonly scenarios: readonly string[] | undefined;
  /** Seconds of the memory soak of the gateway; 0 skips it. Default 20 (300 for the 5-minute target). */
  readonly soakS: number;
  /** Write the report (Markdown) to this file as well. Default none. */
  readonly out: string | undefined;
}

export const DEFAULT_OPTIONS: BenchOptions = {
  durationS: 1,
  warmupS: 0.4,
  runs: 3,
  latenciesMs: [0, 50],
  connections: [1, 10, 50, 100],
  scenarioConnections: [10, 100],
  scenarios: undefined,
  soakS: 20,
  out: undefined,
};

/** A smoke test in seconds: one short run of every scenario at one latency and concurrency. */
export const QUICK_OPTIONS: BenchOptions = {
  ...DEFAULT_OPTIONS,
  durationS: 0.5,
  warmupS: 0.2,
  runs: 1,
  latenciesMs: [0],
  connections: [1, 10],
  scenarioConnections: [10],
  soakS: 0,
};

export const USAGE = `npm run bench -- [options]
  --quick                    smoke test: one short run per cell (${QUICK_OPTIONS.durationS} s, 1 run, latency 0)
  --duration <s>             measured seconds per cell and run (default ${DEFAULT_OPTIONS.durationS})
  --warmup <s>               unmeasured seconds before each (default ${DEFAULT_OPTIONS.warmupS})
  --runs <n>                 runs per cell, medians reported (default ${DEFAULT_OPTIONS.runs})
  --latency <ms,...>         upstream latencies (default ${DEFAULT_OPTIONS.latenciesMs.join(',')})
  --connections <n,...>      connections for first: 10 (default ${DEFAULT_OPTIONS.connections.join(',')})
  --scenario-connections <n,...>  connections for the other scenarios (default ${DEFAULT_OPTIONS.scenarioConnections.join(',')})
  --scenarios <name,...>     only these scenarios
  --soak <s>                 memory soak of the gateway, 0 to skip (default ${DEFAULT_OPTIONS.soakS})
  --out <file>               also write the Markdown report to a file
  --help`;

/** Thrown for a command line that does not parse; the message says what and shows the usage. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Parses `argv` (without node and the script); `--quick` first sets the quick defaults. */
export function parseOptions(argv: readonly string[]): BenchOptions | 'help' {
  if (argv.includes('--help') || argv.includes('-h')) return 'help';
  let options: BenchOptions = argv.includes('--quick') ? QUICK_OPTIONS : DEFAULT_OPTIONS;
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i] ?? '';
    if (flag === '--quick') continue;
    const [name, inline] = flag.includes('=') ? flag.split('=', 2) : [flag, undefined];
    const value = inline ?? argv[++i];
    if (value === undefined) throw new UsageError(`${name} needs a value.\n${USAGE}`);
    switch (name) {
      case '--duration':
        options = { ...options, durationS: positive(name, value) };
        break;
      case '--warmup':
        options = { ...options, warmupS: nonNegative(name, value) };
        break;
      case '--runs':
        options = { ...options, runs: wholeNumber(name, value, 1) };
        break;
      case '--latency':
        options = { ...options, latenciesMs: list(name, value, 0) };
        break;
      case '--connections':
        options = { ...options, connections: list(name, value, 1) };
        break;
      case '--scenario-connections':
        options = { ...options, scenarioConnections: list(name, value, 1) };
        break;
      case '--scenarios':
        options = { ...options, scenarios: value.split(',').filter((s) => s !== '') };
        break;
      case '--soak':
        options = { ...options, soakS: nonNegative(name, value) };
        break;
      case '--out':
        options = { ...options, out: value };
        break;
      default:
        throw new UsageError(`Unknown option ${name}.\n${USAGE}`);
    }
  }
  return options;
}

function positive(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${name} must be a positive number.`);
  return n;
}

function nonNegative(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`${name} must be zero or more.`);
  return n;
}

function wholeNumber(name: string, value: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) {
    throw new UsageError(`${name} must be a whole number of at least ${min}.`);
  }
  return n;
}

function list(name: string, value: string, min: number): number[] {
  const items = value.split(',').filter((s) => s !== '');
  if (items.length === 0) throw new UsageError(`${name} needs at least one value.`);
  return items.map((item) => wholeNumber(name, item, min));
}
