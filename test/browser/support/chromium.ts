import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { onTestFailed } from 'vitest';

/** Debian's Chromium, which `scripts/ensure-chromium.sh` installs; CHROMIUM_PATH overrides it. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Headless, unsandboxed (CI runs as root), and quiet on the network: without the background
 * switches Chromium keeps calling home, which a closed network answers with refusals.
 */
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

export const SCREENSHOT_DIR = '.artifacts/screenshots';

export interface Browser {
  readonly context: BrowserContext;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/** Chromium on a fresh, throwaway profile. */
export async function launchChromium(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'chromium-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ARGS,
    viewport: { width: 1200, height: 900 },
  });
  return {
    context,
    async newPage() {
      const page = await context.newPage();
      watchForFailure(page);
      return page;
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** When the current test fails, saves what the page showed and what it logged. */
function watchForFailure(page: Page): void {
  const console: string[] = [];
  page.on('console', (message) => console.push(`${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => console.push(`pageerror: ${error.message}`));
  onTestFailed(async ({ task }) => {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const name = task.name.replace(/[^\w-]+/g, '-').slice(0, 100);
    const path = join(SCREENSHOT_DIR, `${name}.png`);
    await page.screenshot({ path, fullPage: true }).catch(() => undefined);
    process.stderr.write(`Screenshot: ${path}\nBrowser console:\n${console.join('\n')}\n`);
  });
}
