import { type DocumentNode, GraphQLError, Kind, type OperationDefinitionNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { GatewayContext } from '../context.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import { asGraphQLError } from '../schema/errors.js';

/**
 * One log line and one latency observation per operation, with the request id, operation name,
 * caller id and upstream calls, and no variables (they hold cursors and ids callers may not want
 * logged). Typed failures that reach here keep their code; unexpected errors (a bug, a broken
 * upstream) are logged in full under the same request id, and reach the client as
 * "Unexpected error." with only that id.
 */
export function useObservability(logger: Logger, metrics: Metrics): Plugin<GatewayContext> {
  return {
    onExecute: ({ args }) => {
      const started = performance.now();
      const context = args.contextValue;
      const document: DocumentNode = args.document;
      const operation = document.definitions.find(
        (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
      );
      const operationType = operation?.operation ?? 'unknown';
      const operationName = args.operationName ?? operation?.name?.value ?? null;
      return {
        onExecuteDone: ({ result, setResult }) => {
          // Streams (subscriptions, @stream) are logged by their own handlers, not here.
          if (Symbol.asyncIterator in result) return;
          const seconds = (performance.now() - started) / 1000;
          let changed = false;
          const errors = result.errors?.map((error) => {
            const original = error.originalError;
            if (!original || original instanceof GraphQLError) return error;
            // A typed failure where no union could carry it (a denial under `node`, say) keeps
            // its code; only the truly unexpected is masked.
            const typed = asGraphQLError(original);
            changed = true;
            if (typed instanceof GraphQLError) {
              return new GraphQLError(typed.message, {
                nodes: error.nodes,
                path: error.path,
                extensions: typed.extensions,
              });
            }
            logger.error(
              { requestId: context.requestId, operationName, path: error.path, err: original },
              'Unexpected error while executing an operation',
            );
            return new GraphQLError('Unexpected error.', {
              nodes: error.nodes,
              path: error.path,
              extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: context.requestId },
            });
          });
          if (changed && errors) setResult({ ...result, errors });
          const codes = (errors ?? []).map((e) => String(e.extensions?.code ?? 'UNKNOWN'));
          metrics.requestDuration.observe(
            { operation_type: operationType, outcome: codes.length ? 'error' : 'ok' },
            seconds,
          );
          logger.info(
            {
              requestId: context.requestId,
              operationName,
              operationType,
              caller: context.caller.id,
              durationMs: Math.round(seconds * 1000 * 10) / 10,
              upstreamCalls: context.loaders.upstreamCalls(),
              ...(codes.length ? { errorCodes: codes } : {}),
            },
            'operation',
          );
        },
      };
    },
  };
}
