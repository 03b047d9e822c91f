import { describe, expect, it } from 'vitest';
import { useHarness } from '../support/harness.js';

describe('the HTTP server', () => {
  const h = useHarness();

  it('serves GraphiQL from its own assets with a working example query', async () => {
    const response = await fetch(`${h.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('SUPPORT001');
    expect(html).toContain('query RecentExecutions');
    // No script or stylesheet from elsewhere: it must work offline and under a strict CSP.
    expect(html).not.toMatch(/<script[^>]+src=["']https?:/);
    expect(html).not.toMatch(/<link[^>]+href=["']https?:/);
    expect(html).not.toMatch(/unpkg\.com|jsdelivr\.net/);
  });

  it('runs GraphiQL’s example query on the demo data', async () => {
    const html = await (
      await fetch(`${h.url}/graphql`, { headers: { accept: 'text/html' } })
    ).text();
    const embedded = /"defaultQuery":("(?:[^"\\]|\\.)*")/.exec(html)?.[1];
    expect(embedded).toBeDefined();
    const response = await fetch(`${h.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: JSON.parse(embedded ?? '""') }),
    });
    const body = await response.json();
    expect(body.errors).toBeUndefined();
    expect(body.data.flow.__typename).toBe('Flow');
    expect(body.data.flow.executions.edges).toHaveLength(10);
  });

  it('answers the health check', async () => {
    const response = await fetch(`${h.url}/health`);
    expect(response.status).toBe(200);
  });

  it('refuses batched requests', async () => {
    const response = await fetch(`${h.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]),
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
  });
});
