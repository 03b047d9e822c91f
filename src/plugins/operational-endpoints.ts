import type { Plugin } from 'graphql-yoga';
import type { Registry } from 'prom-client';

export interface Readiness {
  /** False once shutdown has begun: load balancers stop sending work, in-flight work finishes. */
  isReady(): boolean;
}

/**
 * `/health/live` (the process answers), `/health/ready` (it accepts work; it does not ask Bedrock,
 * whose trouble must not take every replica out of rotation at once) and `/metrics` (Prometheus).
 */
export function useOperationalEndpoints(registry: Registry, readiness: Readiness): Plugin {
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (request.method !== 'GET') return;
      const json = (status: number, body: object) =>
        new fetchAPI.Response(JSON.stringify(body), {
          status,
          headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
        });
      switch (url.pathname) {
        case '/health/live':
          endResponse(json(200, { status: 'ok' }));
          return;
        case '/health/ready':
          endResponse(
            readiness.isReady()
              ? json(200, { status: 'ready' })
              : json(503, { status: 'stopping' }),
          );
          return;
        case '/metrics':
          endResponse(
            new fetchAPI.Response(await registry.metrics(), {
              headers: { 'content-type': registry.contentType, 'cache-control': 'no-store' },
            }),
          );
          return;
      }
    },
  };
}
