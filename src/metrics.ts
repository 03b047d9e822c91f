import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import type { UpstreamObserver } from './upstream/observer.js';

/** The gateway's Prometheus metrics, in a registry of their own (one per gateway instance). */
export interface Metrics {
  readonly registry: Registry;
  readonly requestDuration: Histogram<'operation_type' | 'outcome'>;
  readonly upstream: UpstreamObserver;
}

export function createMetrics(options: { processMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry });

  const requestDuration = new Histogram({
    name: 'graphql_request_duration_seconds',
    help: 'Time to answer a GraphQL operation, by operation type and outcome (ok, error).',
    labelNames: ['operation_type', 'outcome'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25],
    registers: [registry],
  });
  const calls = new Counter({
    name: 'bedrock_upstream_calls_total',
    help: 'Upstream calls by operation and outcome (after the SDK retries).',
    labelNames: ['operation', 'outcome'] as const,
    registers: [registry],
  });
  const callDuration = new Histogram({
    name: 'bedrock_upstream_call_duration_seconds',
    help: 'Upstream call latency including retries, by operation.',
    labelNames: ['operation'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const retries = new Counter({
    name: 'bedrock_upstream_retries_total',
    help: 'Retried upstream attempts (attempts beyond the first), by operation.',
    labelNames: ['operation'] as const,
    registers: [registry],
  });
  const deduplicated = new Counter({
    name: 'bedrock_upstream_deduplicated_total',
    help: 'Upstream reads a request asked for again and got from its own loaders, by operation.',
    labelNames: ['operation'] as const,
    registers: [registry],
  });
  const coalesced = new Counter({
    name: 'bedrock_upstream_coalesced_total',
    help: 'Upstream reads that joined an identical read another request had in flight, by operation.',
    labelNames: ['operation'] as const,
    registers: [registry],
  });

  return {
    registry,
    requestDuration,
    upstream: {
      called(operation, outcome, attempts, seconds) {
        calls.inc({ operation, outcome });
        callDuration.observe({ operation }, seconds);
        if (attempts > 1) retries.inc({ operation }, attempts - 1);
      },
      deduplicated: (operation) => deduplicated.inc({ operation }),
      coalesced: (operation) => coalesced.inc({ operation }),
    },
  };
}
