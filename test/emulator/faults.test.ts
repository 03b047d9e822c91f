import { describe, expect, it } from 'vitest';
import {
  DEFAULT_FAULTS,
  FaultInjector,
  FaultSettingsError,
  parseFaultPatch,
} from '../../src/emulator/faults.js';

const LIST = 'ListFlowExecutions';
const GET = 'GetFlowExecution';

describe('the fault injector', () => {
  it('injects nothing by default', () => {
    const faults = new FaultInjector();
    expect(faults.settings).toEqual(DEFAULT_FAULTS);
    expect(Array.from({ length: 20 }, () => faults.nextRequestFault(LIST))).toEqual(
      Array(20).fill(undefined),
    );
    expect(faults.pageLength(LIST, 10, 25)).toBe(10);
    expect(faults.pageLength(LIST, 10, 4)).toBe(4);
  });

  it('consumes failNext one request at a time, in order, before any random fault', () => {
    const faults = new FaultInjector({
      failNext: ['throttle', 500, 'reset', 503],
      retryAfterSeconds: 3,
    });
    expect(faults.nextRequestFault(LIST)).toEqual({ kind: 'throttle', retryAfterSeconds: 3 });
    expect(faults.nextRequestFault(GET)).toEqual({ kind: 'server-error', status: 500 });
    expect(faults.nextRequestFault(LIST)).toEqual({ kind: 'reset' });
    expect(faults.settings.failNext).toEqual([503]);
    expect(faults.nextRequestFault(LIST)).toEqual({ kind: 'server-error', status: 503 });
    expect(faults.nextRequestFault(LIST)).toBeUndefined();
  });

  it('leaves operations outside the `operations` list alone, queued faults included', () => {
    const faults = new FaultInjector({
      operations: [GET],
      failNext: [500],
      throttleRate: 1,
      latencyMs: 30,
    });
    expect(faults.nextRequestFault(LIST)).toBeUndefined();
    expect(faults.latencyFor(LIST)).toBe(0);
    expect(faults.settings.failNext).toEqual([500]);
    expect(faults.nextRequestFault(GET)).toEqual({ kind: 'server-error', status: 500 });
    expect(faults.nextRequestFault(GET)).toEqual({ kind: 'throttle' });
    expect(faults.latencyFor(GET)).toBe(30);
  });

  it('replays the same faults from the same seed, and other faults from another', () => {
    const sequence = (seed: number) => {
      const faults = new FaultInjector({ seed, throttleRate: 0.3, serverErrorRate: 0.3 });
      return Array.from({ length: 40 }, () => faults.nextRequestFault(LIST)?.kind ?? 'ok');
    };
    expect(sequence(7)).toEqual(sequence(7));
    expect(sequence(7)).not.toEqual(sequence(8));
    expect(new Set(sequence(7))).toEqual(new Set(['ok', 'throttle', 'server-error']));
  });

  it('answers injected server errors with the configured status', () => {
    const faults = new FaultInjector({ serverErrorRate: 1, serverErrorStatus: 504 });
    expect(faults.nextRequestFault(LIST)).toEqual({ kind: 'server-error', status: 504 });
  });

  it('shortens pages to at least one item and never empties a finished listing', () => {
    const faults = new FaultInjector({ shortPageRate: 1 });
    for (let i = 0; i < 50; i++) {
      const length = faults.pageLength(LIST, 10, 100);
      expect(length).toBeGreaterThanOrEqual(1);
      expect(length).toBeLessThan(10);
    }
    expect(faults.pageLength(LIST, 10, 1)).toBe(1);
    faults.set({ shortPageRate: 0, emptyPageRate: 1 });
    expect(faults.pageLength(LIST, 10, 30)).toBe(0);
    expect(faults.pageLength(LIST, 10, 0)).toBe(0);
  });

  it('merges patches, clears optional settings with null, and resets to no faults', () => {
    const faults = new FaultInjector({ tokenTtlMs: 100, latencyMs: 5 });
    faults.set({ throttleRate: 0.5 });
    expect(faults.settings).toMatchObject({ tokenTtlMs: 100, latencyMs: 5, throttleRate: 0.5 });
    faults.set({ tokenTtlMs: null });
    expect(faults.settings.tokenTtlMs).toBeUndefined();
    expect(faults.tokenTtlFor(LIST)).toBeUndefined();
    faults.reset();
    expect(faults.settings).toEqual(DEFAULT_FAULTS);
  });
});

describe('fault settings parsing', () => {
  it('lists every problem in one error', () => {
    expect(() =>
      parseFaultPatch({ throttleRate: 2, serverErrorStatus: 501, failNext: ['boom'], surprise: 1 }),
    ).toThrow(
      new FaultSettingsError(
        "Invalid fault settings: unknown setting 'surprise'; throttleRate must be a number between 0 and 1; serverErrorStatus must be one of 500, 502, 503, 504; failNext must be a list of 'throttle', 'reset', 'malformed', 'garbled', 'slow-body', 'dependency-failed', 500, 502, 503 or 504.",
      ),
    );
  });

  it('refuses a non-object and a negative latency', () => {
    expect(() => parseFaultPatch([])).toThrow(FaultSettingsError);
    expect(() => parseFaultPatch({ latencyMs: -1 })).toThrow(/latencyMs/);
    expect(() => new FaultInjector({ emptyPageRate: Number.NaN })).toThrow(/emptyPageRate/);
  });
});
