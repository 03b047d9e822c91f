import type { Plugin } from 'graphql-yoga';

/** Headers a browser cannot add to a cross-site request without a CORS preflight. */
const PREFLIGHT_HEADERS = [
  'x-graphql-csrf',
  'apollo-require-preflight',
  'x-apollo-operation-name',
  'graphql-preflight',
];
const SIMPLE_CONTENT_TYPES = [
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'text/plain',
];

/**
 * Refuses GraphQL requests a browser could send cross-site without a preflight: a GET, or a POST
 * with a "simple" content type, that carries none of the preflight headers. JSON POSTs (every
 * GraphQL client's default, GraphiQL's too) pass. Browsers asking for the GraphiQL page pass, and
 * so do requests `isSafe` vouches for (persisted queries over GET).
 */
export function useCsrfPrevention(
  graphqlEndpoint: string,
  isSafe: (request: Request, url: URL) => boolean = () => false,
): Plugin {
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname !== graphqlEndpoint) return;
      if (request.method === 'GET' && (request.headers.get('accept') ?? '').includes('text/html'))
        return;
      if (isSafe(request, url)) return;
      if (PREFLIGHT_HEADERS.some((name) => request.headers.has(name))) return;
      const contentType =
        (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      const preflighted =
        request.method !== 'GET' &&
        contentType !== '' &&
        !SIMPLE_CONTENT_TYPES.includes(contentType);
      if (preflighted) return;
      endResponse(
        new fetchAPI.Response(
          JSON.stringify({
            errors: [
              {
                message: `This request could be a cross-site request forgery: send JSON, or add one of the headers ${PREFLIGHT_HEADERS.join(', ')}.`,
                extensions: { code: 'CSRF_PREVENTED' },
              },
            ],
          }),
          { status: 403, headers: { 'content-type': 'application/json' } },
        ),
      );
    },
  };
}
