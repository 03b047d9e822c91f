import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.js';
import { type Browser, launchChromium } from './support/chromium.js';

describe('GraphiQL in a real browser', () => {
  let h: Harness;
  let browser: Browser;
  beforeAll(async () => {
    [h, browser] = await Promise.all([startHarness(), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  it('loads at /graphql, runs its example query and shows the executions', async () => {
    const page = await browser.newPage();
    const offsite: string[] = [];
    page.on('request', (request) => {
      // Its editor workers come from blob: URLs the page makes itself; nothing may come from afar.
      const url = request.url();
      if (/^(https?|wss?):/.test(url) && !url.startsWith(h.url)) offsite.push(url);
    });
    await page.goto(`${h.url}/graphql`);
    const run = page.locator('.graphiql-execute-button');
    await run.waitFor();
    await run.click();
    // The response editor renders only the lines in view: wait for the first ones.
    const shown = await page.waitForFunction(() => {
      const text = document.querySelector('.graphiql-response')?.textContent ?? '';
      const flat = text.replace(/\s+/g, ' ');
      return flat.includes('"__typename": "Flow"') && flat.includes('"executionId":') ? flat : '';
    });
    const text = String(await shown.jsonValue());
    expect(text).toContain('"flowId": "SUPPORT001"');
    expect(text).not.toContain('"errors"');
    expect(offsite).toEqual([]);
  });
});
