import { createHash } from 'node:crypto';
import {
  type ExecutionResult,
  GraphQLError,
  type GraphQLSchema,
  isInterfaceType,
  Kind,
  parse,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';

export interface PersistedDocumentsOptions {
  /** sha256 (hex) of each document's text -> the text. Undefined: no documents are persisted. */
  readonly manifest: ReadonlyMap<string, string> | undefined;
  /** Refuse every document that is not in the manifest. */
  readonly trustedOnly: boolean;
  /** max-age of a cacheable persisted GET; 0 sends `no-store` instead. */
  readonly maxAgeSeconds: number;
  /**
   * Whether one caller's answer may be served to another: true only when the gateway runs without
   * authentication. Otherwise answers are `private`, for the caller's own browser cache alone.
   */
  readonly shared: boolean;
  /** The schema's error interface, whose members in `data` make an answer uncacheable. */
  readonly errorInterface: string;
}

/** An optional `sha256:` prefix (the GraphQL-over-HTTP persisted documents form), then the hash. */
const DOCUMENT_ID = /^(?:sha256:)?([0-9a-f]{64})$/;

interface RequestState {
  /** The document came from the manifest and holds only queries. */
  persistedQuery: boolean;
  cacheable: boolean;
}

/**
 * The hash a request names its document by: `documentId` (in a POST body or the GET query
 * string) or Apollo's APQ `extensions.persistedQuery.sha256Hash`. Undefined when it names none.
 */
function requestedHash(params: Record<string, unknown>, url: URL): string | undefined {
  const documentId = params.documentId ?? url.searchParams.get('documentId') ?? undefined;
  if (typeof documentId === 'string') return documentId;
  const extensions = params.extensions;
  if (!isRecord(extensions) || !isRecord(extensions.persistedQuery)) return undefined;
  const hash = extensions.persistedQuery.sha256Hash;
  return typeof hash === 'string' ? hash : undefined;
}

/**
 * True for a GET that names a document by hash and carries no document text: all it can run is a
 * manifest's query (mutations never run over GET), so it needs no CSRF preflight header.
 */
export function isPersistedGet(request: Request, url: URL): boolean {
  if (request.method !== 'GET' || url.searchParams.has('query')) return false;
  if (url.searchParams.has('documentId')) return true;
  return (url.searchParams.get('extensions') ?? '').includes('"persistedQuery"');
}

function refusal(message: string, code: string, status: number): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status } } });
}

/**
 * Persisted documents: a request may name a manifest document by hash instead of sending its text,
 * over POST or over GET, where a CDN may cache the answer. Nothing is ever registered at run time:
 * the manifest (built with the client) is the only source. With `trustedOnly`, documents outside
 * the manifest are refused, whether named by hash or sent as text.
 */
export function usePersistedDocuments(options: PersistedDocumentsOptions): Plugin {
  const { manifest } = options;
  // A manifest document is cacheable over GET only when every operation in it is a query.
  const queryOnly = new Map<string, boolean>();
  for (const [hash, text] of manifest ?? []) {
    queryOnly.set(
      hash,
      parse(text).definitions.every(
        (d) => d.kind !== Kind.OPERATION_DEFINITION || d.operation === 'query',
      ),
    );
  }
  const states = new WeakMap<Request, RequestState>();
  let errorTypes: ReadonlySet<string> = new Set();

  return {
    onSchemaChange({ schema }) {
      errorTypes = errorTypeNames(schema, options.errorInterface);
    },
    onParams({ params, request, setParams }) {
      const url = new URL(request.url, 'http://localhost');
      const raw = params as Record<string, unknown>;
      const named = requestedHash(raw, url);
      const { documentId: _documentId, ...rest } = raw;
      const state: RequestState = { persistedQuery: false, cacheable: false };
      states.set(request, state);
      if (typeof params.query === 'string') {
        // The text decides what runs; a hash sent along with it (an APQ retry) is only a label.
        if (options.trustedOnly && !manifest?.has(sha256Hex(params.query))) {
          throw refusal(
            'Only trusted documents run on this gateway: send the documentId of a document from its manifest.',
            'TRUSTED_DOCUMENTS_ONLY',
            403,
          );
        }
        setParams(rest);
        return;
      }
      if (named === undefined) {
        if (options.trustedOnly) {
          throw refusal(
            'Only trusted documents run on this gateway: send the documentId of a document from its manifest.',
            'TRUSTED_DOCUMENTS_ONLY',
            403,
          );
        }
        return;
      }
      // Message texts are the APQ protocol's: clients such as urql's and Apollo's persisted-query
      // exchanges read them to fall back to sending the text.
      if (!manifest) {
        throw refusal('PersistedQueryNotSupported', 'PERSISTED_QUERY_NOT_SUPPORTED', 400);
      }
      const hash = DOCUMENT_ID.exec(named)?.[1];
      const text = hash === undefined ? undefined : manifest.get(hash);
      if (hash === undefined || text === undefined) {
        throw refusal('PersistedQueryNotFound', 'PERSISTED_QUERY_NOT_FOUND', 400);
      }
      state.persistedQuery = queryOnly.get(hash) === true;
      setParams({ ...rest, query: text });
    },
    onExecutionResult({ request, result }) {
      const state = states.get(request);
      if (!state?.persistedQuery || request.method !== 'GET' || options.maxAgeSeconds === 0) return;
      // A stream (a subscription) is never cached; neither is a failure, even a typed one in
      // `data` (a throttled or denied answer must not outlive its cause).
      if (!result || Symbol.asyncIterator in result || Array.isArray(result)) return;
      const single = result as ExecutionResult;
      state.cacheable =
        (single.errors === undefined || single.errors.length === 0) &&
        !containsType(single.data, errorTypes);
    },
    onResponse({ request, response }) {
      const state = states.get(request);
      if (!state) return;
      if (!state.cacheable) {
        response.headers.set('cache-control', 'no-store');
        return;
      }
      const age = options.maxAgeSeconds;
      response.headers.set(
        'cache-control',
        options.shared ? `public, max-age=${age}, s-maxage=${age}` : `private, max-age=${age}`,
      );
      if (!options.shared) response.headers.append('vary', 'Authorization, X-Api-Key');
    },
  };
}

function errorTypeNames(schema: GraphQLSchema, interfaceName: string): ReadonlySet<string> {
  const type = schema.getType(interfaceName);
  if (!isInterfaceType(type)) return new Set();
  return new Set(schema.getPossibleTypes(type).map((member) => member.name));
}

/** True when any object under `value` has a `__typename` in `names`. */
function containsType(value: unknown, names: ReadonlySet<string>): boolean {
  if (Array.isArray(value)) return value.some((item) => containsType(item, names));
  if (!isRecord(value)) return false;
  if (typeof value.__typename === 'string' && names.has(value.__typename)) return true;
  return Object.values(value).some((item) => containsType(item, names));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
