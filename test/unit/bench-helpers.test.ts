import { describe, expect, it } from 'vitest';
import { endCursorOf, isFailedAnswer } from '../../bench/load.js';
import { DEFAULT_OPTIONS, parseOptions, QUICK_OPTIONS, UsageError } from '../../bench/options.js';
import {
  formatNumber,
  formatTable,
  median,
  percentile,
  ratio,
  rotate,
  slope,
  verdict,
} from '../../bench/stats.js';

describe('the benchmark’s statistics', () => {
  it('takes the median of odd and even counts and ignores non-numbers', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([Number.NaN, 5])).toBe(5);
    expect(median([])).toBeNaN();
  });

  it('takes nearest-rank percentiles', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(samples, 50)).toBe(50);
    expect(percentile(samples, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it('gives no ratio of nothing', () => {
    expect(ratio(3, 2)).toBe(1.5);
    expect(ratio(1, 0)).toBeNaN();
    expect(ratio(Number.NaN, 1)).toBeNaN();
  });

  it('judges targets in both directions and says n/a when unmeasured', () => {
    expect(verdict(3, 3, 'at-least')).toBe('PASS');
    expect(verdict(2.9, 3, 'at-least')).toBe('MISS');
    expect(verdict(0.01, 0.01, 'at-most')).toBe('PASS');
    expect(verdict(Number.NaN, 1, 'at-most')).toBe('n/a');
  });

  it('measures the growth of a series per sample', () => {
    expect(slope([1, 2, 3, 4])).toBeCloseTo(1);
    expect(slope([5, 5, 5])).toBe(0);
    expect(slope([5])).toBe(0);
  });

  it('rotates the contenders so none always runs first', () => {
    expect(rotate(['a', 'b', 'c'], 0)).toEqual(['a', 'b', 'c']);
    expect(rotate(['a', 'b', 'c'], 1)).toEqual(['b', 'c', 'a']);
    expect(rotate(['a', 'b', 'c'], 4)).toEqual(['b', 'c', 'a']);
  });

  it('prints an aligned Markdown table and dashes for missing numbers', () => {
    expect(formatNumber(1234.5, 1)).toBe('1,234.5');
    expect(formatNumber(Number.NaN)).toBe('-');
    expect(formatTable(['name', 'ops/s'], [['gateway', '1,200']], ['left', 'right'])).toBe(
      ['| name    | ops/s |', '|---------|------:|', '| gateway | 1,200 |'].join('\n'),
    );
  });
});

describe('the benchmark’s command line', () => {
  it('defaults to the full matrix and --quick to a smoke test', () => {
    expect(parseOptions([])).toEqual(DEFAULT_OPTIONS);
    expect(parseOptions(['--quick'])).toEqual(QUICK_OPTIONS);
  });

  it('reads lists and numbers in both spellings', () => {
    expect(parseOptions(['--latency', '0,50', '--connections=1,100', '--duration', '2'])).toEqual({
      ...DEFAULT_OPTIONS,
      latenciesMs: [0, 50],
      connections: [1, 100],
      durationS: 2,
    });
  });

  it('refuses unknown options and bad values', () => {
    expect(() => parseOptions(['--nope', '1'])).toThrow(UsageError);
    expect(() => parseOptions(['--connections', '0'])).toThrow(UsageError);
    expect(() => parseOptions(['--duration'])).toThrow(UsageError);
  });
});

describe('the benchmark’s answer checks', () => {
  it('counts GraphQL errors and error union members as failures', () => {
    expect(isFailedAnswer('{"errors":[{"message":"x"}]}')).toBe(true);
    expect(isFailedAnswer('{"data":{"flow":{"__typename":"ThrottledError"}}}')).toBe(true);
    expect(isFailedAnswer('{"data":{"flow":{"__typename":"Flow"}}}')).toBe(false);
  });

  it('finds the end cursor to continue a walk', () => {
    expect(endCursorOf('{"pageInfo":{"hasNextPage":true,"endCursor":"abc_-1"}}')).toBe('abc_-1');
    expect(endCursorOf('{"pageInfo":{"endCursor":null}}')).toBeNull();
  });
});
