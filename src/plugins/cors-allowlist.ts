import type { Plugin } from 'graphql-yoga';

/** Request headers a browser page may send cross-origin (every client's, and the gateway's own). */
const ALLOWED_HEADERS = [
  'content-type',
  'accept',
  'authorization',
  'x-api-key',
  'x-request-id',
  'x-graphql-csrf',
  'graphql-preflight',
];
/** Browsers may reuse a preflight answer this long (Chromium caps it at 2 hours). */
const PREFLIGHT_MAX_AGE_SECONDS = 600;

/**
 * CORS for an allowlist of exact origins. A listed origin gets its own origin echoed back (never
 * `*`) and no credentials (callers authenticate with headers, never cookies); any other origin gets
 * no CORS headers at all, so its browser keeps the response from the page. Every response says
 * `Vary: Origin`, so a CDN never hands one origin's answer to another. An empty list adds nothing:
 * no CORS at all, as with yoga's `cors: false`.
 */
export function useCorsAllowlist(origins: readonly string[]): Plugin {
  const allowed = new Set(origins);
  if (allowed.size === 0) return {};
  return {
    onRequest({ request, endResponse, fetchAPI }) {
      if (request.method !== 'OPTIONS') return;
      const origin = request.headers.get('origin');
      const headers: Record<string, string> = { 'content-length': '0', vary: 'Origin' };
      if (origin !== null && allowed.has(origin)) {
        Object.assign(headers, {
          'access-control-allow-origin': origin,
          'access-control-allow-methods': 'GET, POST',
          'access-control-allow-headers': ALLOWED_HEADERS.join(', '),
          'access-control-max-age': String(PREFLIGHT_MAX_AGE_SECONDS),
        });
      }
      endResponse(new fetchAPI.Response(null, { status: 204, headers }));
    },
    onResponse({ request, response }) {
      response.headers.append('vary', 'Origin');
      const origin = request.headers.get('origin');
      if (origin === null || !allowed.has(origin)) return;
      response.headers.set('access-control-allow-origin', origin);
    },
  };
}
