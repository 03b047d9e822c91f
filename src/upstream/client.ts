import http from 'node:http';
import https from 'node:https';
import { BedrockAgentRuntimeClient } from '@aws-sdk/client-bedrock-agent-runtime';
import { NodeHttp2Handler, NodeHttpHandler } from '@smithy/node-http-handler';

/** How the one process-wide SDK client reaches Bedrock. */
export interface ClientSettings {
  /** Region; undefined lets the SDK's own chain (env, profile) decide. */
  readonly region?: string | undefined;
  /** Endpoint override; undefined keeps the SDK's resolution (including AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME). */
  readonly endpoint?: string | undefined;
  /** Static credentials (the emulator); undefined uses the standard credential chain. */
  readonly credentials?:
    | { readonly accessKeyId: string; readonly secretAccessKey: string }
    | undefined;
  readonly protocol: 'http1' | 'http2';
  readonly connectTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly maxAttempts: number;
}

/**
 * Creates the SDK client, once per process. The SDK's default HTTP/2 handler opens a connection per
 * request; a keep-alive HTTP/1.1 agent measured 2-3x cheaper per call, so it is the default. Both get
 * explicit timeouts because the SDK has none by default, and a request timeout that only warns is
 * no timeout at all (`throwOnRequestTimeout`).
 */
export function createBedrockClient(settings: ClientSettings): BedrockAgentRuntimeClient {
  return createBedrockClients(settings).client;
}

/** The process's SDK clients: one that retries, one that never does, over one connection pool. */
export interface BedrockClients {
  /** Standard retries: for every call a retry cannot duplicate. */
  readonly client: BedrockAgentRuntimeClient;
  /**
   * One attempt only: for StartFlowExecution without an execution name, where a retry after a 5xx
   * or a dropped connection could start a second run.
   */
  readonly singleAttempt: BedrockAgentRuntimeClient;
  /** Closes the shared connections. */
  destroy(): void;
}

/** Creates both clients once per process; they share the handler, so its connections and timeouts. */
export function createBedrockClients(settings: ClientSettings): BedrockClients {
  const requestHandler =
    settings.protocol === 'http2'
      ? new NodeHttp2Handler({
          requestTimeout: settings.requestTimeoutMs,
          sessionTimeout: 60_000,
        })
      : new NodeHttpHandler({
          httpAgent: new http.Agent({ keepAlive: true, maxSockets: 128 }),
          httpsAgent: new https.Agent({ keepAlive: true, maxSockets: 128 }),
          connectionTimeout: settings.connectTimeoutMs,
          requestTimeout: settings.requestTimeoutMs,
          throwOnRequestTimeout: true,
          // A body that stalls after its headers is not covered by the request timeout.
          socketTimeout: settings.requestTimeoutMs,
        });
  const create = (maxAttempts: number) =>
    new BedrockAgentRuntimeClient({
      ...(settings.region ? { region: settings.region } : {}),
      ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
      ...(settings.credentials ? { credentials: settings.credentials } : {}),
      // Standard mode: jittered backoff, a longer base for throttling, Retry-After honoured, and a
      // retry budget per client. Retries stay in this one layer; the operation deadline bounds them.
      retryMode: 'standard',
      maxAttempts,
      requestHandler,
    });
  const client = create(settings.maxAttempts);
  const singleAttempt = create(1);
  return {
    client,
    singleAttempt,
    destroy: () => {
      client.destroy();
      singleAttempt.destroy();
    },
  };
}

/**
 * Who the clients act as, for scoping cached upstream answers: region, endpoint and access key id.
 * Resolved through the SDK's own providers, so it names what the calls really use.
 */
export async function resolveUpstreamIdentity(client: BedrockAgentRuntimeClient): Promise<string> {
  const region = await client.config.region();
  const endpoint = await client.config.endpoint?.();
  const credentials = await client.config.credentials();
  const where = endpoint
    ? `${endpoint.protocol}//${endpoint.hostname}:${endpoint.port ?? ''}${endpoint.path}`
    : 'default-endpoint';
  return JSON.stringify([region, where, credentials.accessKeyId]);
}
