import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

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
});
