import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.js';
import { type Browser, launchChromium } from './support/chromium.js';
import { buildWebApp, MANIFEST_PATH, type StaticSite, serveDirectory } from './support/web-app.js';

const FLOW = 'SUPPORT001';
/** Events per page of the app's timeline. */
const EVENTS_PAGE = 20;
/**
 * Time between two events of a started run: short, so a run lasts about two seconds, yet long
 * enough that it is still running when the app first shows it.
 */
const STEP_MS = 150;

/** Waits until the page shows at least `count` execution rows; returns how many it shows. */
async function waitForRows(page: Page, count: number): Promise<number> {
  await page.waitForFunction(
    (n) => document.querySelectorAll('tbody tr[data-execution-id]').length >= n,
    count,
  );
  return page.locator('tbody tr[data-execution-id]').count();
}

/**
 * Starts a run of FLOW through the app's form with `input`, waits for the app to open it, and
 * returns its execution id.
 */
async function startRun(page: Page, input: string): Promise<string> {
  const form = page.getByRole('region', { name: 'Start a run' });
  await form.getByLabel('Input').fill(input);
  await form.getByRole('button', { name: 'Start run' }).click();
  await page.waitForURL(/#\/execution\//);
  const arn = decodeURIComponent(new URL(page.url()).hash.slice('#/execution/'.length));
  return arn.slice(arn.lastIndexOf('/') + 1);
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
      startHarness({
        env: { CORS_ORIGINS: site.origin, TRUSTED_DOCUMENTS: MANIFEST_PATH },
        emulator: { stepMs: STEP_MS },
      }),
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

  it('says in words why a run could not start', async () => {
    const page = await browser.newPage();
    await page.goto(`${site.origin}/#/flow/${FLOW}`);
    const form = page.getByRole('region', { name: 'Start a run' });
    await form.getByLabel('Flow', { exact: true }).selectOption('LOCKED0004');
    await form.getByRole('button', { name: 'Start run' }).click();
    await form.getByRole('heading', { name: 'You do not have access' }).waitFor();
    await form.getByLabel('Flow', { exact: true }).selectOption(FLOW);
    await form.getByLabel('Execution name').fill('not a valid name!');
    await form.getByRole('button', { name: 'Start run' }).click();
    await form.getByRole('heading', { name: 'That request was not valid' }).waitFor();
    expect(await form.getByRole('alert').getAttribute('data-problem')).toBe('ValidationError');
    // Neither start reached the page of a new execution.
    expect(new URL(page.url()).hash).toBe(`#/flow/${FLOW}`);
  });

  it('starts a run from the form and follows it live to SUCCEEDED, its timeline filling, in the detail view and the list', async () => {
    const page = await browser.newPage();
    await page.goto(`${site.origin}/#/flow/${FLOW}`);
    await waitForRows(page, 1);
    const executionId = await startRun(page, 'Please escalate my refund');

    const status = page.getByTestId('execution-status');
    await status.locator('[data-status="RUNNING"]').waitFor();
    await page.getByText('following live').first().waitFor();
    // Events arrive while it still runs.
    await page.waitForFunction(
      () =>
        document.querySelectorAll('[data-testid="timeline-event"]').length >= 2 &&
        document.querySelector('[data-testid="execution-status"] [data-status="RUNNING"]') !== null,
    );
    await status.locator('[data-status="SUCCEEDED"]').waitFor();
    await page.getByText(/Succeeded after/).waitFor();
    await page.locator('[data-kind="FlowOutputEvent"]').waitFor();
    const recorded = h.emulator.store.allEvents(FLOW, executionId).length;
    expect(recorded).toBeLessThanOrEqual(EVENTS_PAGE);
    expect(await page.getByTestId('timeline-event').count()).toBe(recorded);
    expect(await page.getByRole('button', { name: 'Stop' }).count()).toBe(0);

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

    // The list, read again past the browser's cache, has the new run, with its final status.
    await page.goBack();
    await page
      .locator(`tr[data-execution-id="${executionId}"] [data-status="SUCCEEDED"]`)
      .waitFor();
  });

  it('follows a run told to fail to FAILED, and says where it failed', async () => {
    const page = await browser.newPage();
    await page.goto(`${site.origin}/#/flow/${FLOW}`);
    await startRun(page, '{"simulateFailure": "Prompt_1"}');
    const status = page.getByTestId('execution-status');
    await status.locator('[data-status="RUNNING"]').waitFor();
    await status.locator('[data-status="FAILED"]').waitFor();
    const errors = page.getByRole('region', { name: 'Errors' });
    await errors.getByText('Prompt_1').waitFor();
    await page.locator('[data-kind="NodeFailureEvent"]').getByText('Prompt_1').waitFor();
    await page.getByText(/Failed after/).waitFor();
  });

  it('stops a running run and shows it ABORTED', async () => {
    const page = await browser.newPage();
    await page.goto(`${site.origin}/#/flow/${FLOW}`);
    const executionId = await startRun(page, 'Please escalate my refund');
    const status = page.getByTestId('execution-status');
    await status.locator('[data-status="RUNNING"]').waitFor();
    await page.getByRole('button', { name: 'Stop' }).click();
    await status.locator('[data-status="ABORTED"]').waitFor();
    await page.getByText(/Aborted after/).waitFor();
    expect(await page.getByRole('button', { name: 'Stop' }).count()).toBe(0);
    expect(h.emulator.store.getExecutionById(FLOW, executionId)?.status).toBe('Aborted');
  });

  it('pages a finished run’s timeline to its end with no line twice', async () => {
    const long = h.emulator.store
      .listExecutions('SUMMARY002')
      .find(
        (e) =>
          e.status !== 'Running' &&
          h.emulator.store.allEvents('SUMMARY002', e.executionId).length > EVENTS_PAGE,
      );
    if (!long) throw new Error('The emulator has no finished SUMMARY002 run of over 20 events');
    const total = h.emulator.store.allEvents('SUMMARY002', long.executionId).length;
    const page = await browser.newPage();
    await page.goto(`${site.origin}/#/execution/${encodeURIComponent(long.executionArn)}`);
    const lines = page.getByTestId('timeline-event');
    await lines.nth(EVENTS_PAGE - 1).waitFor();
    expect(await lines.count()).toBe(EVENTS_PAGE);
    await page.getByRole('button', { name: 'Load more' }).click();
    await lines.nth(total - 1).waitFor();
    expect(await lines.count()).toBe(total);
    const times = await lines
      .locator('time')
      .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('datetime')));
    // Timestamps are distinct within a run, so a repeated line would repeat one.
    expect(new Set(times).size).toBe(total);
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);
  });
});
