import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { type Harness, startHarness, useHarness } from '../support/harness.js';

const ISSUER = 'https://issuer.test';
const AUDIENCE = 'bedrock-flows-gateway';
const HS_SECRET = 'an-hmac-secret-that-is-long-enough-for-hs256';
const READ_KEY = 'read-only-key-0123456789abcdef0123456789';
const SUPPORT_ONLY_KEY = 'support-only-key-0123456789abcdef012345';

const QUERY =
  '{ flow(id: "SUPPORT001") { __typename ... on Flow { executions(first: 2) { edges { cursor } pageInfo { endCursor } } } ... on Error { message } } }';
const OTHER_FLOW = QUERY.replace('SUPPORT001', 'SUMMARY002');

async function ask(h: Harness, query: string, headers: Record<string, string>) {
  const response = await fetch(`${h.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

const hsToken = (
  claims: Record<string, unknown>,
  options: { audience?: string; expires?: string } = {},
) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(ISSUER)
    .setAudience(options.audience ?? AUDIENCE)
    .setSubject('user-1')
    .setIssuedAt()
    .setExpirationTime(options.expires ?? '5m')
    .sign(new TextEncoder().encode(HS_SECRET));

describe('authentication with an HMAC-signed JWT and API keys', () => {
  const h = useHarness({
    env: {
      AUTH_JWT_SECRET: HS_SECRET,
      AUTH_JWT_ISSUER: ISSUER,
      AUTH_JWT_AUDIENCE: AUDIENCE,
      AUTH_API_KEYS: JSON.stringify([
        { id: 'dashboard', key: READ_KEY, scopes: ['flows:read'] },
        {
          id: 'support',
          sha256: createHash('sha256').update(SUPPORT_ONLY_KEY).digest('hex'),
          scopes: ['flows:read'],
          flows: ['SUPPORT001'],
        },
      ]),
    },
  });

  it('answers 401 with no credentials and sends nothing upstream', async () => {
    h.emulator.clearRequests();
    const result = await ask(h, QUERY, {});
    expect(result.status).toBe(401);
    expect(result.headers.get('www-authenticate')).toBe('Bearer');
    expect(result.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(h.upstreamCalls()).toBe(0);
  });

  it.each([
    [
      'a token signed with another secret',
      async () => `${(await hsToken({ scope: 'flows:read' })).slice(0, -4)}AAAA`,
    ],
    [
      'a token for another audience',
      () => hsToken({ scope: 'flows:read' }, { audience: 'someone-else' }),
    ],
    ['an expired token', () => hsToken({ scope: 'flows:read' }, { expires: '-1m' })],
    ['garbage', async () => 'not-a-jwt'],
  ])('answers 401 for %s', async (_, token) => {
    const result = await ask(h, QUERY, { authorization: `Bearer ${await token()}` });
    expect(result.status).toBe(401);
  });

  it('answers 401 for an unknown API key', async () => {
    expect((await ask(h, QUERY, { 'x-api-key': 'x'.repeat(40) })).status).toBe(401);
  });

  it('lets a token with the read scope read', async () => {
    const result = await ask(h, QUERY, {
      authorization: `Bearer ${await hsToken({ scope: 'flows:read' })}`,
    });
    expect(result.status).toBe(200);
    expect(result.body.data.flow.__typename).toBe('Flow');
  });

  it('answers AccessDeniedError to a token without the read scope', async () => {
    const result = await ask(h, QUERY, {
      authorization: `Bearer ${await hsToken({ scope: 'profile' })}`,
    });
    expect(result.body.data.flow.__typename).toBe('AccessDeniedError');
  });

  it('holds flowExecution to the read scope and the flow allowlist', async () => {
    const [own] = h.emulator.store.listExecutions('SUMMARY002');
    const [other] = h.emulator.store.listExecutions('SUPPORT001');
    const lookup = (arn: string | undefined) =>
      `{ flowExecution(executionArn: "${arn}") { __typename ... on FlowExecution { status } } }`;
    const noScope = { authorization: `Bearer ${await hsToken({ scope: 'profile' })}` };
    expect(
      (await ask(h, lookup(own?.executionArn), noScope)).body.data.flowExecution.__typename,
    ).toBe('AccessDeniedError');
    const token = await hsToken({ scope: 'flows:read', bedrock_flows: ['SUMMARY002'] });
    const allowed = await ask(h, lookup(own?.executionArn), { authorization: `Bearer ${token}` });
    expect(allowed.body.data.flowExecution.__typename).toBe('FlowExecution');
    h.emulator.clearRequests();
    const denied = await ask(h, lookup(other?.executionArn), { authorization: `Bearer ${token}` });
    expect(denied.body.data.flowExecution.__typename).toBe('AccessDeniedError');
    // Refused before any upstream call.
    expect(h.upstreamCalls()).toBe(0);
  });

  it('holds a token to its flow allowlist', async () => {
    const token = await hsToken({ scp: ['flows:read'], bedrock_flows: ['SUMMARY002'] });
    const allowed = await ask(h, OTHER_FLOW, { authorization: `Bearer ${token}` });
    expect(allowed.body.data.flow.__typename).toBe('Flow');
    const denied = await ask(h, QUERY, { authorization: `Bearer ${token}` });
    expect(denied.body.data.flow.__typename).toBe('AccessDeniedError');
  });

  it('lets API keys read, within their flow allowlist', async () => {
    expect((await ask(h, OTHER_FLOW, { 'x-api-key': READ_KEY })).body.data.flow.__typename).toBe(
      'Flow',
    );
    expect((await ask(h, QUERY, { 'x-api-key': SUPPORT_ONLY_KEY })).body.data.flow.__typename).toBe(
      'Flow',
    );
    const denied = await ask(h, OTHER_FLOW, { 'x-api-key': SUPPORT_ONLY_KEY });
    expect(denied.body.data.flow.__typename).toBe('AccessDeniedError');
  });

  it('lets only the write scope start and stop executions', async () => {
    const start = `mutation { startFlowExecution(input: { flowId: "SUPPORT001", flowAliasId: "TSTALIASID", inputs: [{ nodeName: "FlowInputNode", nodeOutputName: "document", content: "hello" }] }) { __typename ... on StartFlowExecutionPayload { executionArn } } }`;
    const reader = { authorization: `Bearer ${await hsToken({ scope: 'flows:read' })}` };
    h.emulator.clearRequests();
    const denied = await ask(h, start, reader);
    expect(denied.body.data.startFlowExecution.__typename).toBe('AccessDeniedError');
    expect(h.upstreamCalls()).toBe(0);
    const writer = {
      authorization: `Bearer ${await hsToken({ scope: 'flows:read flows:write' })}`,
    };
    const started = await ask(h, start, writer);
    expect(started.body.data.startFlowExecution.__typename).toBe('StartFlowExecutionPayload');
    const arn: string = started.body.data.startFlowExecution.executionArn;
    const stop = `mutation { stopFlowExecution(input: { executionArn: "${arn}" }) { __typename } }`;
    expect((await ask(h, stop, reader)).body.data.stopFlowExecution.__typename).toBe(
      'AccessDeniedError',
    );
    expect((await ask(h, stop, writer)).body.data.stopFlowExecution.__typename).toBe(
      'StopFlowExecutionPayload',
    );
  });

  it('refuses a subscription outside the allowlist before it starts', async () => {
    const [other] = h.emulator.store.listExecutions('SUMMARY002');
    const response = await fetch(`${h.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'text/event-stream',
        'x-api-key': SUPPORT_ONLY_KEY,
      },
      body: JSON.stringify({
        query: `subscription { flowExecutionUpdated(executionArn: "${other?.executionArn}") { status } }`,
      }),
    });
    const text = await response.text();
    expect(text).toContain('ACCESS_DENIED');
    expect(text).not.toContain('"status"');
  });

  it('denies node() lookups of executions outside the allowlist', async () => {
    const [other] = h.emulator.store.listExecutions('SUMMARY002');
    const id = Buffer.from(`FlowExecution:${other?.executionArn}`).toString('base64url');
    const result = await ask(h, `{ node(id: "${id}") { id } }`, { 'x-api-key': SUPPORT_ONLY_KEY });
    expect(result.body.data.node).toBeNull();
    expect(result.body.errors[0].extensions.code).toBe('ACCESS_DENIED');
  });

  it('never writes credentials or cursors into its logs', async () => {
    const token = await hsToken({ scope: 'flows:read' });
    const first = await ask(h, QUERY, { authorization: `Bearer ${token}` });
    const cursor: string = first.body.data.flow.executions.pageInfo.endCursor;
    await ask(h, QUERY.replace('first: 2', `first: 2, after: "${cursor}"`), {
      'x-api-key': READ_KEY,
    });
    await ask(h, QUERY.replace('first: 2', 'first: 2, after: "forged"'), {
      'x-api-key': SUPPORT_ONLY_KEY,
    });
    const logs = JSON.stringify(h.logs);
    expect(h.logs.length).toBeGreaterThan(0);
    for (const secret of [
      token,
      token.split('.')[2] ?? token,
      READ_KEY,
      SUPPORT_ONLY_KEY,
      HS_SECRET,
      cursor,
    ]) {
      expect(logs).not.toContain(secret);
    }
    // The operation log says who asked, by name only.
    expect(h.logs.some((entry) => entry.caller === 'key:dashboard')).toBe(true);
  });
});

describe('authentication with a JWKS URL', () => {
  let h: Harness;
  let jwks: Server;
  let sign: (claims: Record<string, unknown>) => Promise<string>;
  beforeAll(async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
    jwks = createServer((_, response) => {
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json`;
    sign = (claims) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setExpirationTime('5m')
        .sign(privateKey);
    h = await startHarness({
      env: { AUTH_JWKS_URL: url, AUTH_JWT_ISSUER: ISSUER, AUTH_JWT_AUDIENCE: AUDIENCE },
    });
  });
  afterAll(async () => {
    await h.close();
    jwks.close();
  });

  it('accepts a token signed by a key from the JWKS and refuses an HMAC one', async () => {
    const good = await ask(h, QUERY, {
      authorization: `Bearer ${await sign({ scope: 'flows:read' })}`,
    });
    expect(good.body.data.flow.__typename).toBe('Flow');
    // An HS256 token must not pass as if the public key were its secret (algorithm confusion).
    const confused = await ask(h, QUERY, {
      authorization: `Bearer ${await hsToken({ scope: 'flows:read' })}`,
    });
    expect(confused.status).toBe(401);
  });
});

describe('secure defaults', () => {
  it('refuses to listen beyond loopback without authentication or an explicit opt-out', () => {
    expect(() => loadConfig({ HOST: '0.0.0.0' })).toThrow(ConfigError);
    expect(loadConfig({ HOST: '0.0.0.0', AUTH_DISABLED: 'true' }).auth.disabled).toBe(true);
    expect(
      loadConfig({
        HOST: '0.0.0.0',
        AUTH_JWT_SECRET: HS_SECRET,
        AUTH_JWT_ISSUER: ISSUER,
        AUTH_JWT_AUDIENCE: AUDIENCE,
      }).auth.disabled,
    ).toBe(false);
    expect(loadConfig({ HOST: '127.0.0.1' }).auth.disabled).toBe(true);
  });

  it('requires issuer and audience with JWT authentication', () => {
    expect(() => loadConfig({ AUTH_JWT_SECRET: HS_SECRET })).toThrow(
      /AUTH_JWT_ISSUER and AUTH_JWT_AUDIENCE/,
    );
  });

  it('keeps GraphiQL and introspection for the emulator and turns them off against AWS', () => {
    expect(loadConfig({})).toMatchObject({ graphiql: true, introspection: true });
    expect(loadConfig({ AWS_REGION: 'us-east-1' })).toMatchObject({
      graphiql: false,
      introspection: false,
    });
  });
});
