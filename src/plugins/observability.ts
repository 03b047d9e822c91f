import { SpanStatusCode } from '@opentelemetry/api';
import {
  type DocumentNode,
  type ExecutionResult,
  GraphQLError,
  Kind,
  type OperationDefinitionNode,
} from 'graphql';
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
 * "Unexpected error." with only that id. Subscriptions get the same error treatment, at their
 * start and on every event.
 */
export function useObservability(logger: Logger, metrics: Metrics): Plugin<GatewayContext> {
  const describe = (args: {
    document: DocumentNode;
    operationName?: string | null | undefined;
  }) => {
    const operation = args.document.definitions.find(
      (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
    );
    return {
      operationType: operation?.operation ?? 'unknown',
      operationName: args.operationName ?? operation?.name?.value ?? null,
    };
  };

  /** The result with its errors settled: typed ones coded, unexpected ones logged and masked. */
  const settle = (
    result: ExecutionResult,
    context: GatewayContext,
    operationName: string | null,
  ): ExecutionResult | undefined => {
    let changed = false;
    const errors = result.errors?.map((error) => {
      const original = error.originalError;
      if (!original || original instanceof GraphQLError) return error;
      changed = true;
      // A typed failure where no union could carry it (a denial under `node`, say) keeps its
      // code; only the truly unexpected is masked.
      const typed = asGraphQLError(original);
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
    return changed ? { ...result, errors } : undefined;
  };

  return {
    onExecute: ({ args }) => {
      const started = performance.now();
      const context = args.contextValue;
      const { operationType, operationName } = describe(args);
      return {
        onExecuteDone: ({ result, setResult }) => {
          const codes: string[] = [];
          const finish = () => {
            const seconds = (performance.now() - started) / 1000;
            context.span.setAttributes({
              'graphql.operation.type': operationType,
              'graphql.operation.name': operationName ?? '',
              'gateway.upstream_calls': context.loaders.upstreamCalls(),
            });
            if (codes.length) {
              context.span.setStatus({ code: SpanStatusCode.ERROR, message: codes.join(',') });
            }
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
          };
          // An incremental answer (@stream, @defer): each part settled, one log line at its end.
          if (Symbol.asyncIterator in result) {
            return {
              onNext: ({ result: part, setResult: setPart }) => {
                const settled = settle(part, context, operationName);
                if (settled) setPart(settled);
                for (const e of (settled ?? part).errors ?? [])
                  codes.push(String(e.extensions?.code ?? 'UNKNOWN'));
              },
              onEnd: finish,
            };
          }
          const settled = settle(result, context, operationName);
          if (settled) setResult(settled);
          for (const e of (settled ?? result).errors ?? [])
            codes.push(String(e.extensions?.code ?? 'UNKNOWN'));
          finish();
          return undefined;
        },
      };
    },
    onSubscribe: ({ args }) => {
      const context = args.contextValue;
      const { operationName } = describe(args);
      context.span.setAttributes({
        'graphql.operation.type': 'subscription',
        'graphql.operation.name': operationName ?? '',
      });
      logger.info(
        {
          requestId: context.requestId,
          operationName,
          operationType: 'subscription',
          caller: context.caller.id,
        },
        'subscription',
      );
      return {
        onSubscribeResult: ({ result, setResult }) => {
          if (!(Symbol.asyncIterator in result)) {
            const settled = settle(result, context, operationName);
            if (settled) setResult(settled);
            return;
          }
          return {
            onNext: ({ result: event, setResult: setEvent }) => {
              const settled = settle(event, context, operationName);
              if (settled) setEvent(settled);
            },
          };
        },
      };
    },
  };
}
