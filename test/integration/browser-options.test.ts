import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const LATEST = `query Latest($id: ID!) {
  flow(id: $id) {
    __typename
    ... on Flow {
      executions(first: 2) {
        edges {
          node {
            __typename
            executionId
          }
        }
      }
    }
    ... on Error {
      message
    }
  }
}`;
const TYPENAME = 'query Typename { __typename }';
const LATEST_HASH = sha256(LATEST);
const WATCH = `subscription Watch($executionArn: String!) {
  flowExecutionUpdated(executionArn: $executionArn) {
    __typename
    status
  }
}`;
const STOP = `mutation Stop($executionArn: String!) {
  stopFlowExecution(input: { executionArn: $executionArn }) {
    __typename
    ... on Error {
      message
    }
  }
}`;

/** A manifest file as the client preset writes it: `sha256:<hex>` -> document text. */
function writeManifest(documents: readonly string[]): string {
  const path = join(mkdtempSync(join(tmpdir(), 'manifest-')), 'persisted-documents.json');
  const entries = documents.map((d) => [`sha256:${sha256(d)}`, d]);
  writeFileSync(path, JSON.stringify(Object.fromEntries(entries)));
  return path;
}

/** A GET for a persisted document, in the `documentId` form, with no CSRF header. */
function getById(
  h: Harness,
  hash: string,
  variables: unknown,
  headers: Record<string, string> = {},
) {
  const search = new URLSearchParams({ documentId: hash, variables: JSON.stringify(variables) });
  return fetch(`${h.url}/graphql?${search}`, {
    headers: { accept: 'application/json', ...headers },
  });
}

function post(h: Harness, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${h.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

interface Body {
  data?: { flow?: { __typename: string; executions?: { edges: unknown[] } } } | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}
const codes = (body: Body) => (body.errors ?? []).map((e) => e.extensions?.code);

describe('CORS', () => {
  let dev: Harness;
  let configured: Harness;
  beforeAll(async () => {
    [dev, configured] = await Promise.all([
      startHarness(),
      startHarness({ env: { CORS_ORIGINS: 'https://app.example.com' } }),
    ]);
  });
  afterAll(() => Promise.all([dev.close(), configured.close()]));

  const preflight = (h: Harness, origin: string) =>
    fetch(`${h.url}/graphql`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });

  it('lets the example app’s loopback dev origin call an emulator-backed gateway by default', async () => {
    const response = await preflight(dev, 'http://localhost:5173');
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(response.headers.get('access-control-allow-methods')).toBe('GET, POST');
    expect(response.headers.get('access-control-allow-headers')).toContain('content-type');
    const answer = await post(dev, { query: TYPENAME }, { origin: 'http://127.0.0.1:5173' });
    expect(answer.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:5173');
    expect(answer.headers.get('access-control-allow-credentials')).toBeNull();
    expect(answer.headers.get('vary')).toContain('Origin');
  });

  it('gives an origin one port off the default no CORS headers', async () => {
    const response = await preflight(dev, 'http://localhost:5174');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('access-control-allow-methods')).toBeNull();
    const answer = await post(dev, { query: TYPENAME }, { origin: 'http://localhost:5174' });
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('replaces the default with the configured allowlist', async () => {
    const listed = await preflight(configured, 'https://app.example.com');
    expect(listed.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    for (const origin of ['http://localhost:5173', 'https://app.example.com.evil.test']) {
      const refused = await preflight(configured, origin);
      expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    }
  });
});

describe('persisted documents', () => {
  let h: Harness;
  let unconfigured: Harness;
  let authenticated: Harness;
  const apiKey = 'k'.repeat(40);
  beforeAll(async () => {
    const manifest = writeManifest([LATEST, TYPENAME]);
    [h, unconfigured, authenticated] = await Promise.all([
      startHarness({ env: { PERSISTED_DOCUMENTS: manifest, PERSISTED_QUERY_MAX_AGE: '7' } }),
      startHarness(),
      startHarness({
        env: {
          PERSISTED_DOCUMENTS: manifest,
          PERSISTED_QUERY_MAX_AGE: '5',
          AUTH_API_KEYS: JSON.stringify([{ id: 'web', key: apiKey, scopes: ['flows:read'] }]),
        },
      }),
    ]);
  });
  afterAll(() => Promise.all([h.close(), unconfigured.close(), authenticated.close()]));
  beforeEach(() => {
    h.emulator.clearRequests();
  });

  it('runs a manifest query named by documentId over GET, cacheable by a CDN, with no CSRF header', async () => {
    const response = await getById(h, LATEST_HASH, { id: 'SUPPORT001' });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=7, s-maxage=7');
    const body = (await response.json()) as Body;
    expect(body.errors).toBeUndefined();
    expect(body.data?.flow?.executions?.edges).toHaveLength(2);
  });

  it('accepts the sha256: prefix and Apollo’s APQ extension form over GET too', async () => {
    const prefixed = await getById(h, `sha256:${LATEST_HASH}`, { id: 'SUPPORT001' });
    expect(((await prefixed.json()) as Body).data?.flow?.__typename).toBe('Flow');
    const search = new URLSearchParams({
      variables: JSON.stringify({ id: 'SUMMARY002' }),
      extensions: JSON.stringify({ persistedQuery: { version: 1, sha256Hash: LATEST_HASH } }),
    });
    const apq = await fetch(`${h.url}/graphql?${search}`);
    expect(apq.status).toBe(200);
    expect(apq.headers.get('cache-control')).toBe('public, max-age=7, s-maxage=7');
    expect(((await apq.json()) as Body).data?.flow?.__typename).toBe('Flow');
  });

  it('answers PersistedQueryNotFound for a hash one digit off, uncached and without an upstream call', async () => {
    const wrong = `${LATEST_HASH.slice(0, -1)}${LATEST_HASH.endsWith('0') ? '1' : '0'}`;
    const response = await getById(h, wrong, { id: 'SUPPORT001' });
    expect(response.status).toBe(400);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as Body;
    expect(body.errors?.[0]?.message).toBe('PersistedQueryNotFound');
    expect(h.upstreamCalls()).toBe(0);
  });

  it('never lets a CDN keep a typed failure', async () => {
    const response = await getById(h, LATEST_HASH, { id: 'LOCKED0004' });
    expect(((await response.json()) as Body).data?.flow?.__typename).toBe('AccessDeniedError');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const invalid = await getById(h, LATEST_HASH, { id: '../x' });
    expect(((await invalid.json()) as Body).data?.flow?.__typename).toBe('ValidationError');
    expect(invalid.headers.get('cache-control')).toBe('no-store');
  });

  it('still refuses a GET that carries document text without a CSRF header', async () => {
    const search = new URLSearchParams({ query: TYPENAME, documentId: sha256(TYPENAME) });
    expect((await fetch(`${h.url}/graphql?${search}`)).status).toBe(403);
  });

  it('runs documents by id over POST, and marks POST answers uncacheable', async () => {
    const response = await post(h, { documentId: LATEST_HASH, variables: { id: 'SUPPORT001' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(((await response.json()) as Body).data?.flow?.__typename).toBe('Flow');
  });

  it('still runs documents sent as text when only persisting, not trusting', async () => {
    const response = await post(h, { query: '{ __typename }' });
    expect(((await response.json()) as Body).errors).toBeUndefined();
  });

  it('answers PersistedQueryNotSupported when no manifest is configured, so clients send the text', async () => {
    const response = await getById(unconfigured, LATEST_HASH, { id: 'SUPPORT001' });
    const body = (await response.json()) as Body;
    expect(body.errors?.[0]?.message).toBe('PersistedQueryNotSupported');
    expect(unconfigured.upstreamCalls()).toBe(0);
  });

  it('lets nothing cache a persisted query unless PERSISTED_QUERY_MAX_AGE says so', async () => {
    const defaults = await startHarness({ env: { PERSISTED_DOCUMENTS: writeManifest([LATEST]) } });
    try {
      const response = await getById(defaults, LATEST_HASH, { id: 'SUPPORT001' });
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
    } finally {
      await defaults.close();
    }
  });

  it('keeps answers private to the caller when authentication is on', async () => {
    const response = await getById(
      authenticated,
      LATEST_HASH,
      { id: 'SUPPORT001' },
      {
        'x-api-key': apiKey,
      },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('private, max-age=5');
    expect(response.headers.get('vary')).toContain('X-Api-Key');
    const anonymous = await getById(authenticated, LATEST_HASH, { id: 'SUPPORT001' });
    expect(anonymous.status).toBe(401);
  });
});

describe('trusted documents', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { TRUSTED_DOCUMENTS: writeManifest([LATEST, WATCH, STOP]) } });
  });
  afterAll(() => h.close());
  beforeEach(() => {
    h.emulator.clearRequests();
  });

  it('runs a manifest document named by its hash', async () => {
    const response = await post(h, { documentId: LATEST_HASH, variables: { id: 'SUPPORT001' } });
    expect(((await response.json()) as Body).data?.flow?.__typename).toBe('Flow');
    const byGet = await getById(h, LATEST_HASH, { id: 'SUPPORT001' });
    expect(byGet.status).toBe(200);
  });

  it('runs a manifest document sent as its exact text', async () => {
    const response = await post(h, { query: LATEST, variables: { id: 'SUPPORT001' } });
    expect(((await response.json()) as Body).data?.flow?.__typename).toBe('Flow');
  });

  it('refuses the same document with one character changed, before any upstream call', async () => {
    const edited = LATEST.replace('first: 2', 'first: 3');
    const response = await post(h, { query: edited, variables: { id: 'SUPPORT001' } });
    expect(response.status).toBe(403);
    expect(codes((await response.json()) as Body)).toEqual(['TRUSTED_DOCUMENTS_ONLY']);
    expect(h.upstreamCalls()).toBe(0);
  });

  it('streams a manifest subscription named by its hash over a JSON POST, with no CSRF header', async () => {
    const finished = h.emulator.store
      .listExecutions('SUPPORT001')
      .find((e) => e.status === 'Succeeded');
    if (!finished) throw new Error('The emulator has no succeeded execution of SUPPORT001');
    const response = await post(
      h,
      {
        extensions: { persistedQuery: { version: 1, sha256Hash: sha256(WATCH) } },
        variables: { executionArn: finished.executionArn },
      },
      { accept: 'text/event-stream' },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const stream = await response.text();
    expect(stream).toContain('"status":"SUCCEEDED"');
    expect(stream).toMatch(/event: complete/);
  });

  it('runs a manifest mutation named by its hash over a JSON POST', async () => {
    const finished = h.emulator.store
      .listExecutions('SUPPORT001')
      .find((e) => e.status === 'Succeeded');
    if (!finished) throw new Error('The emulator has no succeeded execution of SUPPORT001');
    const response = await post(h, {
      documentId: `sha256:${sha256(STOP)}`,
      variables: { executionArn: finished.executionArn },
    });
    const body = (await response.json()) as {
      data?: { stopFlowExecution?: { __typename: string } };
    };
    // Stopping a finished run is refused as data: the mutation ran, by hash alone.
    expect(body.data?.stopFlowExecution?.__typename).toBe('ConflictError');
  });

  it('refuses a hash that is not in the manifest', async () => {
    const response = await post(h, { documentId: sha256(TYPENAME) });
    expect(((await response.json()) as Body).errors?.[0]?.message).toBe('PersistedQueryNotFound');
  });
});
