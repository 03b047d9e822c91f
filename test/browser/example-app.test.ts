import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.js';
import { type Browser, launchChromium } from './support/chromium.js';
import { buildWebApp, MANIFEST_PATH, type StaticSite, serveDirectory } from './support/web-app.js';

const FLOW = 'SUPPORT001';

/** Waits until the page shows at least `count` execution rows; returns how many it shows. */
async function waitForRows(page: Page, count: number): Promise<number> {
  await page.waitForFunction(
    (n) => document.querySelectorAll('tbody tr[data-execution-id]').length >= n,
    count,
  );
  return page.locator('tbody tr[data-execution-id]').count();
}

describe('the example web app in a real browser', () => {
  let h: Harness;
  let site: StaticSite;
  let browser: Browser;
  let outDir: string;
  /** Every request the app sent the gateway: method, URL, `accept` header and body. */
  const sent: { method: string; url: string; accept: string; body: string | null }[] = [];

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'web-app-'));
    site = await serveDirectory(outDir);
    // The strictest setting the app must live with: its own origin only, its own documents only.
    [h, browser] = await Promise.all([
      startHarness({ env: { CORS_ORIGINS: site.origin, TRUSTED_DOCUMENTS: MANIFEST_PATH } }),
      launchChromium(),
    ]);
    await buildWebApp(outDir, `${h.url}/graphql`);
    browser.context.on('request', (request) => {
      if (request.url().startsWith(h.url))
        sent.push({
          method: request.method(),
          url: request.url(),
          accept: request.headers().accept ?? '',
          body: request.postData(),
        });
    });
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await h?.close();
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  it('pages through every execution of a flow with no duplicate rows', async () => {
    const page = await browser.newPage();
    await page.goto(`${site.origin}/#/flow/${FLOW}`);
    let shown = await waitForRows(page, 1);
    const loadMore = page.getByRole('button', { name: 'Load more' });
    while (await loadMore.isVisible()) {
      await loadMore.click();
      shown = await waitForRows(page, shown + 1);
    }
    await page.getByTestId('end-of-list').waitFor();
    const total = h.emulator.store.listExecutions(FLOW).length;
    const ids = await page
      .locator('tbody tr[data-execution-id]')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-execution-id')));
    expect(ids).toHaveLength(total);
    expect(new Set(ids).size).toBe(total);
    expect(ids).toEqual(h.emulator.store.listExecutions(FLOW).map((e) => e.executionId));
    // Every query went out as a persisted GET: a hash, never document text.
    expect(sent.length).toBeGreaterThan(0);
    for (const request of sent) {
      if (request.method === 'OPTIONS' || request.accept === 'text/event-stream') continue;
      expect(request.method).toBe('GET');
      expect(new URL(request.url).searchParams.has('query')).toBe(false);
    }
  });

  it('says in words what went wrong for each kind of failed flow lookup', async () => {
    const page = await browser.newPage();
    await page.goto(`${site.origin}/#/flow/LOCKED0004`);
    await page.getByRole('heading', { name: 'You do not have access' }).waitFor();
    const other = page.getByLabel('Another flow');
    await other.fill('NOSUCHFLOW');
    await other.press('Enter');
    await page.getByRole('heading', { name: 'No such flow' }).waitFor();
    await other.fill('not/a flow');
    await other.press('Enter');
    await page.getByRole('heading', { name: 'That request was not valid' }).waitFor();
    expect(await page.getByRole('alert').getAttribute('data-problem')).toBe('ValidationError');
  });

  it('shows a running execution flip to its final status, in the detail view and the list', async () => {
    const running = h.emulator.store.listExecutions(FLOW).find((e) => e.status === 'Running');
    if (!running) throw new Error(`The emulator has no running execution of ${FLOW}`);
    const page = await browser.newPage();
    await page.goto(`${site.origin}/#/flow/${FLOW}`);
    const row = page.locator(`tr[data-execution-id="${running.executionId}"]`);
    await row.locator('[data-status="RUNNING"]').waitFor();
    await row.getByRole('link').click();
    const status = page.getByTestId('execution-status');
    await status.locator('[data-status="RUNNING"]').waitFor();
    await page.getByText('following live').first().waitFor();

    h.emulator.store.updateExecution(FLOW, running.executionId, {
      status: 'Succeeded',
      endedAt: new Date(),
    });
    await status.locator('[data-status="SUCCEEDED"]').waitFor();
    await page.getByText(/Succeeded after/).waitFor();
    // The list reads the same normalized record: it shows the new status without asking again.
    await page.goBack();
    await row.locator('[data-status="SUCCEEDED"]').waitFor();
    // The news came over subscriptions: JSON POSTs for streams, naming their documents by hash.
    const streams = sent.filter((r) => r.accept === 'text/event-stream');
    const names = new Set<unknown>();
    for (const request of streams) {
      expect(request.method).toBe('POST');
      const body = JSON.parse(request.body ?? '{}') as Record<string, unknown>;
      expect(body.query).toBeUndefined();
      names.add(body.operationName);
    }
    expect([...names].sort()).toEqual(['FollowExecution', 'LiveEvents']);
  });
});
