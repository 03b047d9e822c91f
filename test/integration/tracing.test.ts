import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { beforeAll, describe, expect, it } from 'vitest';
import { FlowExecutionsDocument } from '../generated/graphql.js';
import { useHarness } from '../support/harness.js';

// An OpenTelemetry SDK registered in the process, as an operator would: the gateway only uses the API.
const exporter = new InMemorySpanExporter();

describe('OpenTelemetry tracing', () => {
  beforeAll(() => {
    const provider = new BasicTracerProvider();
    provider.addSpanProcessor(new SimpleSpanProcessor(exporter));
    provider.register();
  });
  const h = useHarness();

  it('traces each operation with its upstream calls as children', async () => {
    exporter.reset();
    const result = await h.execute(FlowExecutionsDocument, { id: 'SUPPORT001', first: 25 });
    expect(result.data?.flow).toMatchObject({ __typename: 'Flow' });
    const spans = exporter.getFinishedSpans();
    const operation = spans.find((s) => s.name === 'graphql.request');
    expect(operation?.attributes).toMatchObject({
      'graphql.operation.name': 'FlowExecutions',
      'graphql.operation.type': 'query',
      'gateway.upstream_calls': 3,
    });
    const upstream = spans.filter((s) => s.name === 'bedrock.ListFlowExecutions');
    expect(upstream).toHaveLength(3);
    for (const span of upstream) {
      expect(span.parentSpanId).toBe(operation?.spanContext().spanId);
      expect(span.spanContext().traceId).toBe(operation?.spanContext().traceId);
      expect(span.attributes).toMatchObject({
        'gateway.outcome': 'ok',
        'rpc.method': 'ListFlowExecutions',
      });
    }
  });

  it('marks failed upstream calls and failed operations', async () => {
    exporter.reset();
    h.emulator.setFaults({ serverErrorRate: 1 });
    await h.execute(FlowExecutionsDocument, { id: 'SUPPORT001', first: 5 });
    const spans = exporter.getFinishedSpans();
    const upstream = spans.find((s) => s.name === 'bedrock.ListFlowExecutions');
    expect(upstream?.attributes).toMatchObject({
      'gateway.outcome': 'upstream',
      'aws.attempts': 3,
    });
    expect(upstream?.status.code).toBe(2); // SpanStatusCode.ERROR
  });
});
