import http from 'node:http';
import {
  BedrockAgentRuntimeClient,
  type FlowExecutionSummary,
  ListFlowExecutionsCommand,
  type ListFlowExecutionsCommandInput,
  type ListFlowExecutionsCommandOutput,
} from '@aws-sdk/client-bedrock-agent-runtime';
import { NodeHttp2Handler, NodeHttpHandler } from '@smithy/node-http-handler';
import type { Emulator } from '../../src/emulator/server.js';

export type Protocol = 'http1' | 'http2';

export const PROTOCOLS: readonly Protocol[] = ['http1', 'http2'];

export interface ClientOptions {
  accessKeyId?: string;
  /** Default 1, so SDK retries never hide an injected fault. */
  maxAttempts?: number;
}

/** The real SDK client, over the default HTTP/2 handler or a keep-alive HTTP/1.1 one. */
export function createClient(
  emulator: Emulator,
  protocol: Protocol,
  options: ClientOptions = {},
): BedrockAgentRuntimeClient {
  return new BedrockAgentRuntimeClient({
    endpoint: emulator.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: options.accessKeyId ?? 'AKIDTEST', secretAccessKey: 'secret' },
    maxAttempts: options.maxAttempts ?? 1,
    requestHandler:
      protocol === 'http2'
        ? new NodeHttp2Handler()
        : new NodeHttpHandler({ httpAgent: new http.Agent({ keepAlive: true }) }),
  });
}

export interface Walk {
  items: FlowExecutionSummary[];
  pages: ListFlowExecutionsCommandOutput[];
}

/** Follows nextToken to the end of a listing, keeping every page. */
export async function walkExecutions(
  client: BedrockAgentRuntimeClient,
  input: Omit<ListFlowExecutionsCommandInput, 'nextToken'>,
  maxPages = 500,
): Promise<Walk> {
  const pages: ListFlowExecutionsCommandOutput[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(new ListFlowExecutionsCommand({ ...input, nextToken }));
    pages.push(page);
    nextToken = page.nextToken;
    if (pages.length > maxPages) throw new Error('The listing did not end');
  } while (nextToken !== undefined);
  return { items: pages.flatMap((page) => page.flowExecutionSummaries ?? []), pages };
}

/** The error a call rejects with, so tests can look at its name and metadata. */
export async function failureOf(call: Promise<unknown>): Promise<{
  name: string;
  message: string;
  $fault?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
}> {
  try {
    await call;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`The call rejected with a non-error: ${String(error)}`);
  }
  throw new Error('The call succeeded where a failure was expected');
}

/** A SigV4-shaped Authorization header for raw requests (the emulator reads, never verifies, it). */
export function authorization(accessKeyId = 'AKIDRAW'): string {
  return `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20250301/us-east-1/bedrock/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`;
}
