import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, DEV_CORS_ORIGINS, loadConfig } from '../../src/config.js';

function file(contents: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'config-')), 'manifest.json');
  writeFileSync(path, contents);
  return path;
}
const DOCUMENT = '{ __typename }';
const HASH = createHash('sha256').update(DOCUMENT).digest('hex');

describe('configuration', () => {
  it('defaults to the embedded emulator on loopback when no region is configured', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 4000,
      host: '127.0.0.1',
      backend: 'emulator',
      cursorSecretGenerated: true,
      pagination: { defaultFirst: 20, maxFirst: 100 },
      upstream: { protocol: 'http1', maxAttempts: 3 },
    });
    expect(config.cursorSecret.length).toBeGreaterThanOrEqual(32);
  });

  it('talks to AWS when a region is configured', () => {
    expect(loadConfig({ AWS_REGION: 'eu-west-1' })).toMatchObject({
      backend: 'aws',
      region: 'eu-west-1',
    });
    expect(loadConfig({ AWS_DEFAULT_REGION: 'us-west-2' })).toMatchObject({ backend: 'aws' });
    expect(loadConfig({ AWS_REGION: 'eu-west-1', BEDROCK_BACKEND: 'emulator' }).backend).toBe(
      'emulator',
    );
  });

  it('keeps a configured cursor secret', () => {
    const secret = 'a'.repeat(40);
    expect(loadConfig({ CURSOR_SECRET: secret })).toMatchObject({
      cursorSecret: secret,
      cursorSecretGenerated: false,
    });
  });

  it('reports every problem at once', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        CURSOR_SECRET: 'short',
        UPSTREAM_PROTOCOL: 'http3',
        BEDROCK_BACKEND: 'azure',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(4);
    for (const name of ['PORT', 'CURSOR_SECRET', 'UPSTREAM_PROTOCOL', 'BEDROCK_BACKEND']) {
      expect(problems.some((p) => p.startsWith(name))).toBe(true);
    }
  });

  it('refuses a default page size above the maximum', () => {
    expect(() => loadConfig({ PAGE_SIZE_DEFAULT: '50', PAGE_SIZE_MAX: '10' })).toThrow(ConfigError);
  });

  it('serves the plain schema unless asked to be a subgraph, and leaves node/nodes out of one', () => {
    expect(loadConfig({}).federation).toEqual({ subgraph: false, nodeFields: false });
    expect(loadConfig({ FEDERATION_SUBGRAPH: 'true' }).federation).toEqual({
      subgraph: true,
      nodeFields: false,
    });
    expect(
      loadConfig({ FEDERATION_SUBGRAPH: 'true', FEDERATION_NODE_FIELDS: 'true' }).federation,
    ).toEqual({ subgraph: true, nodeFields: true });
  });

  it('refuses FEDERATION_NODE_FIELDS without FEDERATION_SUBGRAPH', () => {
    expect(() => loadConfig({ FEDERATION_NODE_FIELDS: 'true' })).toThrow(/FEDERATION_SUBGRAPH/);
  });

  it('opens CORS to the example app’s loopback origins with the emulator, and to nobody with AWS', () => {
    expect(loadConfig({}).browser.corsOrigins).toEqual(DEV_CORS_ORIGINS);
    expect(DEV_CORS_ORIGINS).toEqual([
      'http://localhost:5173',
      'http://127.0.0.1:5173',
      'http://localhost:4173',
      'http://127.0.0.1:4173',
    ]);
    expect(loadConfig({ AWS_REGION: 'eu-west-1' }).browser.corsOrigins).toEqual([]);
    expect(loadConfig({ CORS_ORIGINS: 'none' }).browser.corsOrigins).toEqual([]);
    expect(
      loadConfig({ CORS_ORIGINS: 'https://a.example.com, http://127.0.0.1:8080' }).browser
        .corsOrigins,
    ).toEqual(['https://a.example.com', 'http://127.0.0.1:8080']);
  });

  it('refuses CORS entries that no browser would send as an origin', () => {
    for (const bad of [
      '*',
      'https://a.example.com/',
      'https://a.example.com/app',
      'a.example.com',
    ]) {
      expect(() => loadConfig({ CORS_ORIGINS: bad })).toThrow(/CORS_ORIGINS/);
    }
  });

  it('persists no documents and trusts every document by default', () => {
    expect(loadConfig({}).browser).toMatchObject({
      persistedDocuments: undefined,
      trustedDocumentsOnly: false,
      persistedQueryMaxAgeSeconds: 0,
    });
  });

  it('reads a manifest for persisted or trusted documents, and turns GraphiQL off for trusted ones', () => {
    const path = file(JSON.stringify({ [HASH]: DOCUMENT }));
    const persisted = loadConfig({ PERSISTED_DOCUMENTS: path });
    expect(persisted.browser.persistedDocuments?.get(HASH)).toBe(DOCUMENT);
    expect(persisted.browser.trustedDocumentsOnly).toBe(false);
    expect(persisted.graphiql).toBe(true);
    const prefixed = file(JSON.stringify({ [`sha256:${HASH}`]: DOCUMENT }));
    expect(
      loadConfig({ PERSISTED_DOCUMENTS: prefixed }).browser.persistedDocuments?.get(HASH),
    ).toBe(DOCUMENT);
    const trusted = loadConfig({ TRUSTED_DOCUMENTS: path });
    expect(trusted.browser.trustedDocumentsOnly).toBe(true);
    expect(trusted.graphiql).toBe(false);
    expect(loadConfig({ TRUSTED_DOCUMENTS: path, GRAPHIQL: 'true' }).graphiql).toBe(true);
  });

  it('refuses a manifest that is missing, malformed or out of step with its documents', () => {
    expect(() => loadConfig({ TRUSTED_DOCUMENTS: '/nonexistent/manifest.json' })).toThrow(
      /TRUSTED_DOCUMENTS: cannot read/,
    );
    expect(() => loadConfig({ PERSISTED_DOCUMENTS: file('[]') })).toThrow(/JSON object/);
    expect(() =>
      loadConfig({ PERSISTED_DOCUMENTS: file(JSON.stringify({ [HASH]: '{ flow }' })) }),
    ).toThrow(/does not hash to it/);
    expect(() =>
      loadConfig({ PERSISTED_DOCUMENTS: file(JSON.stringify({ abc: DOCUMENT })) }),
    ).toThrow(/not a sha256/);
  });

  it('refuses PERSISTED_DOCUMENTS and TRUSTED_DOCUMENTS together', () => {
    const path = file(JSON.stringify({ [HASH]: DOCUMENT }));
    expect(() => loadConfig({ PERSISTED_DOCUMENTS: path, TRUSTED_DOCUMENTS: path })).toThrow(
      /configure only one/,
    );
  });
});
