import type { BedrockAgentRuntimeClient } from '@aws-sdk/client-bedrock-agent-runtime';
import DataLoader from 'dataloader';
import {
  type ExecutionRecord,
  type ExecutionsPage,
  type GetExecutionRequest,
  getFlowExecution,
  type ListExecutionsRequest,
  listFlowExecutions,
} from './flow-executions.js';

/**
 * The request's loaders. Keys are the whole upstream request, so the same page asked for through
 * aliases, fragments or entity references is fetched once, and different requests go out together.
 */
export interface Loaders {
  readonly executionPages: DataLoader<ListExecutionsRequest, ExecutionsPage, string>;
  readonly executions: DataLoader<GetExecutionRequest, ExecutionRecord, string>;
  /** Upstream calls this request has made (each distinct key once). */
  readonly upstreamCalls: () => number;
}

export interface LoaderOptions {
  /** Aborts every upstream call of the request: client gone or deadline passed. */
  readonly signal?: AbortSignal | undefined;
}

/** Creates a fresh set of loaders; call once per GraphQL request, never share across requests. */
export function createLoaders(
  client: BedrockAgentRuntimeClient,
  options: LoaderOptions = {},
): Loaders {
  let calls = 0;
  // The upstream has no batch operations: a batch is a set of concurrent single calls, each settling
  // to its value or its Error at the same index, as DataLoader's contract requires.
  const each =
    <K, V>(call: (key: K) => Promise<V>) =>
    (keys: readonly K[]): Promise<(V | Error)[]> =>
      Promise.all(
        keys.map((key) => {
          calls += 1;
          return call(key).catch((error: unknown) =>
            error instanceof Error ? error : new Error(String(error)),
          );
        }),
      );

  return {
    executionPages: new DataLoader(
      each((request: ListExecutionsRequest) => listFlowExecutions(client, request, options.signal)),
      {
        cacheKeyFn: (r) =>
          JSON.stringify([
            'ListFlowExecutions',
            r.flowId,
            r.flowAliasId,
            r.nextToken,
            r.maxResults,
          ]),
      },
    ),
    executions: new DataLoader(
      each((request: GetExecutionRequest) => getFlowExecution(client, request, options.signal)),
      {
        cacheKeyFn: (r) =>
          JSON.stringify(['GetFlowExecution', r.flowId, r.flowAliasId, r.executionIdentifier]),
      },
    ),
    upstreamCalls: () => calls,
  };
}
