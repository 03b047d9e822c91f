/**
 * `npm run bench`: the gateway against its baselines on the embedded emulator, side by side.
 *
 * Layout (2 cores are the norm here, so who shares a core matters):
 *   parent      load generator (autocannon; a sequential client at 1 connection) and reporting
 *   emulator    its own process; counts upstream requests and connections
 *   contenders  one process each (gateway, naive, bare, sdk), all started once; only the one being
 *               measured gets load, so an idle contender costs the others nothing
 * Where taskset exists, the contenders are pinned to the last CPU and the parent and emulator to
 * the others: every contender gets one whole core of its own, and nothing it is compared with
 * (load generator, upstream) competes with it for that core.
 * Every cell (scenario x latency x connections) runs each contender `runs` times, rotating the
 * order every run, and the table shows medians.
 */
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import {
  type Child,
  type LoopReply,
  type MemoryReply,
  pinToCpus,
  startChild,
  type UpstreamStats,
} from './ipc.js';
import { autocannonLoad, type LoadResult, type Operation, post, sequentialLoad } from './load.js';
import { type BenchOptions, parseOptions, USAGE, UsageError } from './options.js';
import {
  scenarios as allScenarios,
  CONTENDER_LABELS,
  type ContenderName,
  DASHBOARD_QUERY,
  pageQuery,
  type Scenario,
} from './scenarios.js';
import { formatNumber, formatTable, median, ratio, rotate, slope, verdict } from './stats.js';

interface Sample extends LoadResult {
  /** Upstream calls in the second half of the measured run. */
  readonly upstreamCalls: number;
  /** Upstream connections opened in the second half of the measured run. */
  readonly newConnections: number;
  readonly peakRssBytes: number;
}

interface Cell {
  readonly scenario: Scenario;
  readonly latencyMs: number;
  readonly connections: number;
  readonly contender: ContenderName;
  readonly samples: Sample[];
}

const TARGET_CONNECTIONS = 50;
const BURST = 100;
const log = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<void> {
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) {
      log(error.message);
      process.exit(64); // EX_USAGE
    }
    throw error;
  }
  if (parsed === 'help') {
    log(USAGE);
    return;
  }
  const options = parsed;
  const started = performance.now();

  const cpuCount = os.availableParallelism();
  const contenderCpu = String(cpuCount - 1);
  const sharedCpus = cpuCount > 2 ? `0-${cpuCount - 2}` : '0';
  const emulator = await startChild('./emulator-process.ts', []);
  const endpoint = emulator.ready.endpoint ?? '';
  const selected = allScenarios([], []).filter(
    (s) => options.scenarios === undefined || options.scenarios.includes(s.name),
  );
  const needed = new Set<ContenderName>(['gateway', ...selected.flatMap((s) => s.contenders)]);
  const children = new Map<ContenderName, Child>();
  await Promise.all(
    [...needed].map(async (name) => {
      children.set(
        name,
        await startChild('./contender-process.ts', [name], { BENCH_UPSTREAM: endpoint }),
      );
    }),
  );
  const pinned =
    cpuCount >= 2 &&
    pinToCpus(process.pid, sharedCpus) &&
    pinToCpus(emulator.pid, sharedCpus) &&
    [...children.values()].every((c) => pinToCpus(c.pid, contenderCpu));
  log(
    pinned
      ? `Pinned: contenders to CPU ${contenderCpu}; load generator and emulator to CPU ${sharedCpus}.`
      : 'Not pinned to CPUs (taskset unavailable or one CPU): results are noisier.',
  );
  const child = (name: ContenderName): Child => {
    const found = children.get(name);
    if (!found) throw new Error(`contender ${name} was not started`);
    return found;
  };

  try {
    const gatewayUrl = child('gateway').ready.url ?? '';
    const { finished: finishedArns, all: firstArns } = await findExecutions(gatewayUrl);
    const scenarios = allScenarios(finishedArns, firstArns).filter((s) =>
      selected.some((chosen) => chosen.name === s.name),
    );

    log(`Warming up ${[...needed].join(', ')} ...`);
    for (const name of needed) await warmUp(child(name), options);

    log('Counting upstream calls per operation (exact pass, latency 0) ...');
    const exact = await exactPass(scenarios, child, emulator);

    const cells: Cell[] = [];
    for (const latencyMs of options.latenciesMs) {
      await emulator.call({ kind: 'upstream-latency', latencyMs });
      for (const scenario of scenarios) {
        for (const connections of connectionsOf(scenario, options)) {
          const row = scenario.contenders.map((contender) => ({
            scenario,
            latencyMs,
            connections,
            contender,
            samples: [] as Sample[],
          }));
          cells.push(...row);
          for (let run = 0; run < options.runs; run += 1) {
            for (const cell of rotate(row, run)) {
              const sample = await measure(cell, child(cell.contender), emulator, options);
              cell.samples.push(sample);
              log(
                `  ${scenario.name} ${latencyMs}ms c${connections} ${cell.contender} run ${run + 1}: ${formatNumber(sample.opsPerS)} ops/s p50 ${formatNumber(sample.p50Ms, 2)} ms, errors ${sample.errors}`,
              );
            }
          }
        }
      }
    }

    log(`Coalescing: ${BURST} concurrent identical dashboards at 50 ms upstream latency ...`);
    await emulator.call({ kind: 'upstream-latency', latencyMs: 50 });
    const burst = await burstCalls(child('gateway'), emulator);
    await emulator.call({ kind: 'upstream-latency', latencyMs: 0 });

    log('Time to first edge: first: 100 at 50 ms upstream latency, whole vs edges @stream ...');
    await emulator.call({ kind: 'upstream-latency', latencyMs: 50 });
    const firstEdge = await timeToFirstEdge(child('gateway'), Math.max(3, options.runs * 3));
    await emulator.call({ kind: 'upstream-latency', latencyMs: 0 });

    const soak = options.soakS > 0 ? await soakGateway(child('gateway'), options) : undefined;
    const gatewayPeak = (await child('gateway').call<MemoryReply>({ kind: 'memory' })).peakRssBytes;

    const report = renderReport({
      options,
      cells,
      exact,
      burst,
      firstEdge,
      soak,
      gatewayPeak,
      pinned,
      elapsedS: (performance.now() - started) / 1000,
    });
    process.stdout.write(`${report}\n`);
    if (options.out) writeFileSync(options.out, `${report}\n`);
  } finally {
    await Promise.all([...children.values()].map((c) => c.stop()));
    await emulator.stop();
  }
}

function connectionsOf(scenario: Scenario, options: BenchOptions): readonly number[] {
  if (scenario.connections === 'headline') return options.connections;
  if (scenario.connections === 'scenario') return options.scenarioConnections;
  return [targetConnections(options)];
}

/** The targets are at 50 connections; a run without 50 uses its largest. */
function targetConnections(options: BenchOptions): number {
  return options.connections.includes(TARGET_CONNECTIONS)
    ? TARGET_CONNECTIONS
    : Math.max(...options.connections);
}

/** Five finished executions of the bench flow, read through the gateway. */
/** The bench flow's 20 newest executions, and 5 finished ones among them. */
async function findExecutions(url: string): Promise<{ finished: string[]; all: string[] }> {
  const agent = new http.Agent({ keepAlive: false });
  const { body } = await post(agent, url, pageQuery(20, null));
  const matches = [
    ...body.matchAll(/"executionArn":"([^"]+)","executionId":"[^"]+","status":"(\w+)"/g),
  ];
  const finished = matches.filter((m) => m[2] !== 'RUNNING').map((m) => m[1] ?? '');
  if (finished.length < 5) throw new Error(`Expected 5 finished executions, got: ${body}`);
  return { finished: finished.slice(0, 5), all: matches.map((m) => m[1] ?? '') };
}

async function warmUp(contender: Child, options: BenchOptions): Promise<void> {
  const seconds = Math.max(0.5, options.warmupS * 4);
  if (contender.ready.url) {
    await autocannonLoad(contender.ready.url, page10, 10, seconds);
  } else {
    await contender.call<LoopReply>({
      kind: 'sdk-loop',
      concurrency: 10,
      durationMs: seconds * 1000,
      callsPerOp: 1,
    });
  }
}

const page10: Operation = { steps: 1, body: () => pageQuery(10, null) };

interface ExactCount {
  readonly callsPerOp: number;
  readonly errors: number;
}

/** Upstream calls per operation, counted exactly: a few operations, one at a time, no load. */
async function exactPass(
  scenarios: readonly Scenario[],
  child: (name: ContenderName) => Child,
  emulator: Child,
): Promise<Map<string, ExactCount>> {
  const counts = new Map<string, ExactCount>();
  const agent = new http.Agent({ keepAlive: true });
  const ops = 3;
  for (const scenario of scenarios) {
    for (const contender of scenario.contenders) {
      if (contender === 'bare') continue;
      await emulator.call({ kind: 'upstream-clear' });
      let errors = 0;
      const url = child(contender).ready.url;
      if (url === undefined) {
        const reply = await child(contender).call<LoopReply>({
          kind: 'sdk-loop',
          concurrency: 1,
          durationMs: 1,
          callsPerOp: scenario.sdkCallsPerOp ?? 1,
        });
        errors += reply.errors;
        const { requests } = await emulator.call<UpstreamStats>({ kind: 'upstream-stats' });
        counts.set(`${scenario.name}|${contender}`, {
          callsPerOp: requests / Math.max(1, reply.ops),
          errors,
        });
        continue;
      }
      const operation = scenario.operation(contender);
      for (let op = 0; op < ops; op += 1) {
        let after: string | null = null;
        for (let step = 0; step < operation.steps; step += 1) {
          const answer = await post(agent, url, operation.body(step, after));
          if (answer.status !== 200 || answer.body.includes('"errors"')) errors += 1;
          after = /"endCursor":"([^"]*)"/.exec(answer.body)?.[1] ?? null;
        }
      }
      const { requests } = await emulator.call<UpstreamStats>({ kind: 'upstream-stats' });
      counts.set(`${scenario.name}|${contender}`, { callsPerOp: requests / ops, errors });
    }
  }
  agent.destroy();
  return counts;
}

/** One run of one contender in one cell: warm-up, then the measured load and the counters. */
async function measure(
  cell: Cell,
  contender: Child,
  emulator: Child,
  options: BenchOptions,
): Promise<Sample> {
  const load = async (seconds: number): Promise<LoadResult> => {
    const url = contender.ready.url;
    if (url === undefined) {
      const reply = await contender.call<LoopReply>({
        kind: 'sdk-loop',
        concurrency: cell.connections,
        durationMs: seconds * 1000,
        callsPerOp: cell.scenario.sdkCallsPerOp ?? 1,
      });
      return {
        opsPerS: reply.ops / (reply.elapsedMs / 1000),
        p50Ms: reply.p50Ms,
        p99Ms: reply.p99Ms,
        errors: reply.errors,
      };
    }
    const operation = cell.scenario.operation(cell.contender);
    return cell.connections === 1
      ? sequentialLoad(url, operation, seconds)
      : autocannonLoad(url, operation, cell.connections, seconds);
  };
  if (options.warmupS > 0) await load(options.warmupS);
  await emulator.call({ kind: 'upstream-clear' });
  // Connections are judged over the second half only: the first may still replace upstream
  // sockets that the warm-up's abandoned requests took down (a client going away aborts them).
  const halfway = new Promise<UpstreamStats>((resolve) =>
    setTimeout(
      () => resolve(emulator.call<UpstreamStats>({ kind: 'upstream-stats' })),
      (options.durationS * 1000) / 2,
    ),
  );
  const result = await load(options.durationS);
  const after = await emulator.call<UpstreamStats>({ kind: 'upstream-stats' });
  const middle = await halfway;
  const memory = await contender.call<MemoryReply>({ kind: 'memory' });
  return {
    ...result,
    upstreamCalls: after.requests - middle.requests,
    newConnections: after.connections - middle.connections,
    peakRssBytes: memory.peakRssBytes,
  };
}

interface BurstResult {
  readonly calls: number;
  readonly minimum: number;
  readonly errors: number;
}

/** `BURST` identical dashboards at once: do they share upstream calls? */
async function burstCalls(gateway: Child, emulator: Child): Promise<BurstResult> {
  const url = gateway.ready.url ?? '';
  const agent = new http.Agent({ keepAlive: true, maxSockets: BURST });
  const body = JSON.stringify({ query: DASHBOARD_QUERY });
  // Open the connections first, so the burst measures the gateway and not TCP handshakes.
  await Promise.all(Array.from({ length: BURST }, () => post(agent, url, pageQuery(1, null))));
  await emulator.call({ kind: 'upstream-clear' });
  const answers = await Promise.all(Array.from({ length: BURST }, () => post(agent, url, body)));
  agent.destroy();
  const { requests } = await emulator.call<UpstreamStats>({ kind: 'upstream-stats' });
  return {
    calls: requests,
    minimum: 5,
    errors: answers.filter((a) => a.status !== 200 || a.body.includes('"errors"')).length,
  };
}

interface SoakResult {
  readonly seconds: number;
  readonly peakRssBytes: number;
  readonly startRssBytes: number;
  readonly endRssBytes: number;
  /** Bytes per minute over the second half of the soak. */
  readonly slopePerMinute: number;
  /** Median RSS of the last third of the soak over that of the first third. */
  readonly growth: number;
  readonly opsPerS: number;
  readonly errors: number;
}

/** The gateway under `first: 10` load at 50 connections, its RSS sampled every second. */
async function soakGateway(gateway: Child, options: BenchOptions): Promise<SoakResult> {
  log(`Soak: gateway, first: 10 at ${TARGET_CONNECTIONS} connections for ${options.soakS} s ...`);
  const rss: number[] = [];
  const sampler = setInterval(() => {
    gateway.call<MemoryReply>({ kind: 'memory' }).then(
      (m) => rss.push(m.rssBytes),
      () => undefined,
    );
  }, 1000);
  const result = await autocannonLoad(
    gateway.ready.url ?? '',
    page10,
    TARGET_CONNECTIONS,
    options.soakS,
  );
  clearInterval(sampler);
  const memory = await gateway.call<MemoryReply>({ kind: 'memory' });
  const secondHalf = rss.slice(Math.floor(rss.length / 2));
  const third = Math.max(1, Math.floor(rss.length / 3));
  return {
    seconds: options.soakS,
    peakRssBytes: memory.peakRssBytes,
    startRssBytes: rss[0] ?? Number.NaN,
    endRssBytes: rss.at(-1) ?? Number.NaN,
    slopePerMinute: slope(secondHalf) * 60,
    growth: ratio(median(rss.slice(-third)), median(rss.slice(0, third))),
    opsPerS: result.opsPerS,
    errors: result.errors,
  };
}

interface ReportInput {
  readonly options: BenchOptions;
  readonly cells: readonly Cell[];
  readonly exact: ReadonlyMap<string, ExactCount>;
  readonly burst: BurstResult;
  readonly firstEdge: FirstEdgeResult;
  readonly soak: SoakResult | undefined;
  readonly gatewayPeak: number;
  readonly pinned: boolean;
  readonly elapsedS: number;
}

const MB = 1024 * 1024;

interface FirstEdgeResult {
  /** Median ms from request to the first edge when the page comes whole (ten upstream pages). */
  readonly wholeMs: number;
  /** The same with `edges @stream` and pageInfo deferred: one upstream page. */
  readonly streamedMs: number;
}

const FIRST_EDGE_QUERY = (stream: boolean) =>
  JSON.stringify({
    query: `{ flow(id: "SUPPORT001") { ... on Flow { executions(first: 100) { edges${stream ? ' @stream(initialCount: 0)' : ''} { cursor node { executionArn status } } ${stream ? '... @defer { pageInfo { hasNextPage endCursor } }' : 'pageInfo { hasNextPage endCursor }'} } } } }`,
  });

/**
 * Milliseconds from sending a request to reading its first edge, sequentially, `runs` times each;
 * the streamed answer is read over server-sent events until the first `items` arrive.
 */
async function timeToFirstEdge(gateway: Child, runs: number): Promise<FirstEdgeResult> {
  const url = gateway.ready.url ?? '';
  const once = async (stream: boolean) => {
    const started = performance.now();
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: stream ? 'text/event-stream' : 'application/json',
      },
      body: FIRST_EDGE_QUERY(stream),
    });
    const reader = response.body?.getReader();
    if (!reader) throw new Error('no body');
    const decoder = new TextDecoder();
    let seen = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`no edge in the answer: ${seen.slice(0, 300)}`);
      seen += decoder.decode(value, { stream: true });
      if (seen.includes('"executionArn"')) {
        const elapsed = performance.now() - started;
        await reader.cancel().catch(() => undefined);
        return elapsed;
      }
    }
  };
  const whole: number[] = [];
  const streamed: number[] = [];
  for (let run = 0; run < runs; run++) {
    whole.push(await once(false));
    streamed.push(await once(true));
  }
  return { wholeMs: median(whole), streamedMs: median(streamed) };
}

function renderReport(input: ReportInput): string {
  const { options, cells, exact, burst, soak } = input;
  const med = (cell: Cell | undefined, pick: (s: Sample) => number) =>
    cell ? median(cell.samples.map(pick)) : Number.NaN;
  const find = (
    scenario: string,
    latencyMs: number,
    connections: number,
    contender: ContenderName,
  ) =>
    cells.find(
      (c) =>
        c.scenario.name === scenario &&
        c.latencyMs === latencyMs &&
        c.connections === connections &&
        c.contender === contender,
    );

  const rows = cells.map((cell) => {
    const count = exact.get(`${cell.scenario.name}|${cell.contender}`);
    return [
      cell.scenario.name,
      String(cell.latencyMs),
      String(cell.connections),
      CONTENDER_LABELS[cell.contender],
      formatNumber(med(cell, (s) => s.opsPerS)),
      formatNumber(
        med(cell, (s) => s.p50Ms),
        2,
      ),
      formatNumber(
        med(cell, (s) => s.p99Ms),
        2,
      ),
      String(cell.samples.reduce((sum, s) => sum + s.errors, 0)),
      count ? formatNumber(count.callsPerOp, 1) : '-',
      count ? formatNumber(ratio(count.callsPerOp, cell.scenario.minCallsPerOp), 2) : '-',
      formatNumber(
        med(cell, (s) => ratio(s.newConnections, s.upstreamCalls)),
        3,
      ),
      formatNumber(med(cell, (s) => s.peakRssBytes / MB)),
    ];
  });
  const table = formatTable(
    [
      'scenario',
      'upstream ms',
      'conns',
      'contender',
      'ops/s',
      'p50 ms',
      'p99 ms',
      'errors',
      'calls/op',
      'calls÷min',
      'new conns÷calls',
      'peak RSS MB',
    ],
    rows,
    [
      'left',
      'right',
      'right',
      'left',
      'right',
      'right',
      'right',
      'right',
      'right',
      'right',
      'right',
      'right',
    ],
  );

  const target = targetConnections(options);
  const targetRows: string[][] = [];
  const add = (name: string, value: number, digits: number, goal: string, pass: string) =>
    targetRows.push([name, formatNumber(value, digits), goal, pass]);
  for (const latencyMs of options.latenciesMs) {
    const ops = (scenario: string, c: number, who: ContenderName) =>
      med(find(scenario, latencyMs, c, who), (s) => s.opsPerS);
    const vsNaive = ratio(ops('page10', target, 'gateway'), ops('page10', target, 'naive'));
    add(
      `${latencyMs} ms: gateway ÷ naive (b), first: 10, c${target}`,
      vsNaive,
      2,
      '≥ 3.00',
      verdict(vsNaive, 3, 'at-least'),
    );
    const vsSdk = ratio(ops('page10', target, 'gateway'), ops('page10', target, 'sdk'));
    add(
      `${latencyMs} ms: gateway ÷ SDK loop (a), first: 10, c${target}`,
      vsSdk,
      2,
      '≥ 0.60',
      verdict(vsSdk, 0.6, 'at-least'),
    );
    const vsBare = ratio(ops('page10', target, 'gateway'), ops('page10', target, 'bare'));
    add(`${latencyMs} ms: gateway ÷ bare yoga (c), first: 10, c${target}`, vsBare, 2, 'info', '');
    const latency = (who: ContenderName, pick: (s: Sample) => number) =>
      med(find('page10', latencyMs, 1, who), pick);
    const addedP50 = latency('gateway', (s) => s.p50Ms) - latency('sdk', (s) => s.p50Ms);
    const addedP99 = latency('gateway', (s) => s.p99Ms) - latency('sdk', (s) => s.p99Ms);
    add(
      `${latencyMs} ms: added p50 over an SDK call, c1 (ms)`,
      addedP50,
      2,
      '≤ +1.00',
      verdict(addedP50, 1, 'at-most'),
    );
    add(
      `${latencyMs} ms: added p99 over an SDK call, c1 (ms)`,
      addedP99,
      2,
      '≤ +2.00',
      verdict(addedP99, 2, 'at-most'),
    );
    const gatewayScale = ratio(ops('page100', target, 'gateway'), ops('page10', target, 'gateway'));
    const sdkScale = ratio(ops('page100', target, 'sdk'), ops('page10', target, 'sdk'));
    add(
      `${latencyMs} ms: first: 100 ÷ first: 10 (SDK loop: ${formatNumber(sdkScale, 3)})`,
      gatewayScale,
      3,
      `≥ ${formatNumber(sdkScale, 3)}`,
      Number.isFinite(sdkScale) ? verdict(gatewayScale, sdkScale, 'at-least') : 'n/a',
    );
  }
  const gatewayCounts = [...exact.entries()].filter(([key]) => key.endsWith('|gateway'));
  const worstCalls = Math.max(
    ...gatewayCounts.map(([key, count]) => {
      const scenario = cells.find((c) => key.startsWith(`${c.scenario.name}|`))?.scenario;
      return ratio(count.callsPerOp, scenario?.minCallsPerOp ?? Number.NaN);
    }),
  );
  add(
    'upstream calls ÷ minimum, worst scenario (gateway)',
    worstCalls,
    2,
    '= 1.00',
    verdict(worstCalls, 1, 'at-most'),
  );
  const gatewayCells = cells.filter((c) => c.contender === 'gateway');
  const worstConnections = Math.max(
    ...gatewayCells.map((c) => med(c, (s) => ratio(s.newConnections, s.upstreamCalls))),
  );
  add(
    'new upstream connections ÷ calls, worst cell (gateway)',
    worstConnections,
    3,
    '≤ 0.010',
    verdict(worstConnections, 0.01, 'at-most'),
  );
  const burstRatio = ratio(burst.calls, burst.minimum);
  add(
    `${BURST} identical dashboards: calls ÷ one dashboard's (${burst.calls} calls)`,
    burstRatio,
    1,
    `≤ ${BURST / 10} (shared)`,
    verdict(burstRatio, BURST / 10, 'at-most'),
  );
  const peak = Math.max(input.gatewayPeak, soak?.peakRssBytes ?? 0) / MB;
  add('gateway peak RSS (MB)', peak, 0, '≤ 250', verdict(peak, 250, 'at-most'));
  if (soak) {
    add(
      `RSS, last third ÷ first third of a ${soak.seconds} s soak (${formatNumber(soak.slopePerMinute / MB, 1)} MB/min at the end)`,
      soak.growth,
      2,
      '≤ 1.10 (flat)',
      verdict(soak.growth, 1.1, 'at-most'),
    );
  }
  const errors =
    gatewayCells.reduce((sum, c) => sum + c.samples.reduce((n, s) => n + s.errors, 0), 0) +
    burst.errors +
    (soak?.errors ?? 0) +
    gatewayCounts.reduce((sum, [, count]) => sum + count.errors, 0);
  add('gateway errors (every run)', errors, 0, '= 0', verdict(errors, 0, 'at-most'));
  const { wholeMs, streamedMs } = input.firstEdge;
  targetRows.push([
    'time to first edge, first: 100, 50 ms upstream: whole page ÷ edges @stream (ms)',
    `${formatNumber(wholeMs, 0)} ÷ ${formatNumber(streamedMs, 0)}`,
    'measured',
    `${formatNumber(wholeMs / streamedMs, 1)}× sooner`,
  ]);

  const notes = [
    ...new Set(
      cells.flatMap((c) => (c.scenario.note ? [`- ${c.scenario.name}: ${c.scenario.note}`] : [])),
    ),
  ];
  const cpus = os.cpus();
  return [
    `## Results (${new Date().toISOString().slice(0, 10)})`,
    '',
    `Machine: ${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${formatNumber(os.totalmem() / 1024 ** 3)} GB RAM, ${os.type()} ${os.release()}, Node ${process.version}.`,
    `Method: ${options.runs} run(s) per cell, contenders alternating, medians shown; ${options.durationS} s measured after ${options.warmupS} s warm-up; ops/s counts only correct answers; c1 uses a sequential µs-resolution client, higher concurrency autocannon (1 ms histogram); ${input.pinned ? 'each contender pinned to a CPU of its own, load generator and emulator to the other(s)' : 'processes not pinned to CPUs'}. Whole run: ${formatNumber(input.elapsedS)} s.`,
    '',
    table,
    '',
    ...notes,
    ...(notes.length > 0 ? [''] : []),
    '### Targets',
    '',
    formatTable(['target', 'measured', 'goal', 'verdict'], targetRows, [
      'left',
      'right',
      'left',
      'left',
    ]),
    ...(soak
      ? [
          '',
          `Soak: ${soak.seconds} s at ${TARGET_CONNECTIONS} connections, ${formatNumber(soak.opsPerS)} ops/s, RSS ${formatNumber(soak.startRssBytes / MB)} → ${formatNumber(soak.endRssBytes / MB)} MB, peak ${formatNumber(soak.peakRssBytes / MB)} MB.`,
        ]
      : []),
  ].join('\n');
}

await main();
