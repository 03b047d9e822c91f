import { trace } from '@opentelemetry/api';

/**
 * The gateway's OpenTelemetry tracer. Only the API is a dependency: without an OpenTelemetry SDK
 * registered in the process (for example `node --import` of your SDK setup) every span is a no-op
 * that costs next to nothing; with one, each operation is a span and each upstream call a child.
 */
export const tracer = trace.getTracer('bedrock-flows-gateway');
