/** Pure helpers of the benchmark: medians, percentiles, ratios and the printed table. */

/** Median of the values; NaN for none. Runs are few (3 by default), so sorting a copy is fine. */
export function median(values: readonly number[]): number {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return Number.NaN;
  const sorted = [...finite].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? Number.NaN;
  if (sorted.length % 2 === 1) return upper;
  return ((sorted[middle - 1] ?? upper) + upper) / 2;
}

/** The `p`th percentile (0-100) by nearest rank of unsorted samples; NaN for none. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = Float64Array.from(samples).sort();
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}

/** `a / b`, NaN when either side is missing or `b` is zero (a ratio of nothing is no ratio). */
export function ratio(a: number, b: number): number {
  if (!Number.isFinite(a) || !Number.isFinite(b) || b === 0) return Number.NaN;
  return a / b;
}

/** Formats a number for the table: `-` for NaN, thousands grouped, `digits` decimals. */
export function formatNumber(value: number, digits = 0): string {
  if (!Number.isFinite(value)) return '-';
  return value.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

export type Alignment = 'left' | 'right';

/** A Markdown table whose columns line up in a terminal as well as in a rendered page. */
export function formatTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  align: readonly Alignment[] = [],
): string {
  const widths = headers.map((header, column) =>
    Math.max(3, header.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const cell = (text: string, column: number) => {
    const width = widths[column] ?? text.length;
    return align[column] === 'right' ? text.padStart(width) : text.padEnd(width);
  };
  const line = (cells: readonly string[]) =>
    `| ${widths.map((_, column) => cell(cells[column] ?? '', column)).join(' | ')} |`;
  const rule = `|${widths
    .map((width, column) =>
      align[column] === 'right' ? `${'-'.repeat(width + 1)}:` : '-'.repeat(width + 2),
    )
    .join('|')}|`;
  return [line(headers), rule, ...rows.map(line)].join('\n');
}

/** How a measured value compares with its target. */
export type Comparison = 'at-least' | 'at-most';

/** PASS, MISS, or `n/a` when the value could not be measured in this run. */
export function verdict(value: number, target: number, comparison: Comparison): string {
  if (!Number.isFinite(value)) return 'n/a';
  const pass = comparison === 'at-least' ? value >= target : value <= target;
  return pass ? 'PASS' : 'MISS';
}

/**
 * Least-squares slope of `values` against their index, per sample: how fast a series (RSS sampled
 * once a second) grows. Zero for fewer than two samples.
 */
export function slope(values: readonly number[]): number {
  const n = values.length;
  if (n < 2) return 0;
  const meanX = (n - 1) / 2;
  const meanY = values.reduce((sum, v) => sum + v, 0) / n;
  let numerator = 0;
  let denominator = 0;
  values.forEach((v, x) => {
    numerator += (x - meanX) * (v - meanY);
    denominator += (x - meanX) ** 2;
  });
  return numerator / denominator;
}

/** Every ordering of `items` rotated by `round`, so no contender always runs first (or last). */
export function rotate<T>(items: readonly T[], round: number): T[] {
  if (items.length === 0) return [];
  const shift = ((round % items.length) + items.length) % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}
