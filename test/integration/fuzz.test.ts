import fc from 'fast-check';
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlowExecutionsDocument } from '../generated/graphql.js';
import { type Harness, startHarness } from '../support/harness.js';

const FLOW_EXECUTIONS = print(FlowExecutionsDocument);
const VALID_FLOW = /^(arn:aws:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:flow\/)?[0-9a-zA-Z]{10}$/;
const VALID_ALIAS = /^[0-9a-zA-Z]+$/;

interface Outcome {
  readonly status: number;
  readonly body: {
    data?: {
      flow?: { __typename?: string; executions?: { edges: { cursor: string }[] } };
    } | null;
    errors?: { extensions?: { code?: string } }[];
  };
}

describe('fuzzed input', () => {
  let h: Harness;
  let sent = 0;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  /** In-process, no socket: 10,000 requests must stay cheap. */
  async function send(body: unknown): Promise<Outcome> {
    sent += 1;
    const text = JSON.stringify(body);
    const response = await h.gateway.fetch('http://gateway/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(text)),
      },
      body: text,
    });
    return { status: response.status, body: JSON.parse(await response.text()) };
  }

  function expectHandled(outcome: Outcome) {
    expect(outcome.status).toBeLessThan(500);
    for (const error of outcome.body.errors ?? []) {
      expect(error.extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
    }
  }

  it('answers 4,000 garbled documents without a crash, a 5xx or an unexpected error', async () => {
    const documents = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc
        .string({
          unit: fc.constantFrom(
            ...'{}()[]:$@!.,="\\ #\nquery flow executions first after edges node ... on Flow Error __typename 1 -'.split(
              ' ',
            ),
          ),
          maxLength: 60,
        })
        .map((parts) => parts),
      fc
        .tuple(fc.nat(FLOW_EXECUTIONS.length), fc.nat(40), fc.string({ maxLength: 8 }))
        .map(
          ([at, cut, insert]) =>
            `${FLOW_EXECUTIONS.slice(0, at)}${insert}${FLOW_EXECUTIONS.slice(at + cut)}`,
        ),
    );
    await fc.assert(
      fc.asyncProperty(documents, fc.jsonValue({ maxDepth: 2 }), async (query, variables) => {
        expectHandled(
          await send({
            query,
            variables: {
              id: 'SUPPORT001',
              ...(typeof variables === 'object' && variables && !Array.isArray(variables)
                ? variables
                : {}),
            },
          }),
        );
      }),
      { numRuns: 4000 },
    );
  });

  it('answers 3,000 invalid argument sets with typed errors and no upstream call', async () => {
    h.emulator.clearRequests();
    const invalidId = fc.string({ maxLength: 60 }).filter((s) => !VALID_FLOW.test(s));
    const anyFirst = fc.oneof(fc.integer(), fc.constant(null));
    const badFirst = fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: 101 }));
    const invalidAlias = fc
      .string({ minLength: 1, maxLength: 60 })
      .filter((s) => !VALID_ALIAS.test(s));
    const variables = fc.oneof(
      fc.record({ id: invalidId, first: anyFirst, flowAliasId: fc.option(fc.string()) }),
      fc.record({ id: fc.constant('SUPPORT001'), first: badFirst }),
      fc.record({
        id: fc.constant('SUPPORT001'),
        first: fc.integer({ min: 1, max: 100 }),
        flowAliasId: invalidAlias,
      }),
    );
    await fc.assert(
      fc.asyncProperty(variables, async (vars) => {
        const outcome = await send({ query: FLOW_EXECUTIONS, variables: vars });
        expectHandled(outcome);
        // Either the argument check answers, or a huge `first` is refused by the cost limit first.
        const answer =
          outcome.body.data?.flow?.__typename ?? outcome.body.errors?.[0]?.extensions?.code;
        expect(['ValidationError', 'LIMIT_EXCEEDED']).toContain(answer);
      }),
      { numRuns: 3000 },
    );
    expect(h.upstreamCalls()).toBe(0);
  });

  it('answers 3,000 forged, garbled and foreign cursors with InvalidCursorError and no upstream call', async () => {
    const real = await send({ query: FLOW_EXECUTIONS, variables: { id: 'SUPPORT001', first: 3 } });
    const cursors = real.body.data?.flow?.executions?.edges.map((e) => e.cursor);
    const [sample] = cursors ?? [];
    if (!sample) throw new Error('no cursor to mutate');
    h.emulator.clearRequests();
    const forged = fc
      .tuple(
        fc.nat(sample.length - 1),
        fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'),
      )
      .filter(([at, c]) => sample[at] !== c)
      .map(([at, c]) => `${sample.slice(0, at)}${c}${sample.slice(at + 1)}`);
    const truncated = fc.nat(sample.length - 1).map((n) => sample.slice(0, n));
    const after = fc.oneof(
      forged,
      truncated,
      fc.string({ maxLength: 200 }),
      fc.base64String({ maxLength: 400 }),
    );
    await fc.assert(
      fc.asyncProperty(after, async (cursor) => {
        // A cursor for another flow's listing must not open this one either.
        const outcome = await send({
          query: FLOW_EXECUTIONS,
          variables: { id: 'SUMMARY002', first: 3, after: cursor },
        });
        expectHandled(outcome);
        expect(outcome.body.data?.flow?.__typename).toBe('InvalidCursorError');
      }),
      { numRuns: 3000 },
    );
    expect(h.upstreamCalls()).toBe(0);
    expect(sent).toBeGreaterThanOrEqual(10_000);
  });
});
