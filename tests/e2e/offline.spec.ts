import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, storedDrafts } from './fixtures/drafts-page';

/** Waits until the service worker controls the page (it claims it on first install). */
async function controlled(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

test.describe('offline', () => {
  test.skip(({ isMobile }) => isMobile, 'desktop only');

  test('after one visit the editor works with the network off: reload, fill, save, download', async ({ drafts, page, context }) => {
    await page.goto('/');
    await controlled(page);
    await context.setOffline(true);
    await page.reload();
    await page.locator('.template-open', { hasText: /GA Day After-Action/ }).click();
    await drafts.control('DEPLOYMENT_STATUS').fill('Filled offline');
    await drafts.expectSaved();
    const { text } = await drafts.download(() => drafts.exportMenu('Download draft (.md)'));
    expect(text).toContain('**Deployment Status:** Filled offline');
    const file = await drafts.download(() => drafts.exportMenu('Share as file'));
    expect(JSON.parse(file.text).format).toBe('report-editor/shared-draft');
    await page.reload();
    await expect(drafts.control('DEPLOYMENT_STATUS')).toHaveValue('Filled offline');
    await context.setOffline(false);
  });
});

test.describe('a new version', () => {
  test.skip(({ isMobile }) => isMobile, 'desktop only');
  let server: ChildProcess;
  let root: string;
  const port = 4199;

  test.beforeAll(async () => {
    // A copy of the build on a server of its own, so the test can deploy "version 2".
    root = mkdtempSync(join(tmpdir(), 'report-editor-sw-'));
    cpSync('dist', root, { recursive: true });
    server = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', root], { stdio: 'ignore' });
    for (let i = 0; i < 50; i++) {
      try {
        await fetch(`http://127.0.0.1:${port}/index.html`);
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    throw new Error('test server did not start');
  });
  test.afterAll(() => {
    server?.kill();
  });

  test('is offered, never swapped under an open draft, and the old cache goes after the switch', async ({ browser }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const base = `http://127.0.0.1:${port}/`;
    await page.goto(base);
    await controlled(page);
    const v1 = await page.evaluate(() => caches.keys());
    expect(v1).toHaveLength(1);
    await page.locator('.template-open', { hasText: /GA Day After-Action/ }).click();
    const field = page.locator('[name="DEPLOYMENT_STATUS"]');
    await field.fill('Typed on version 1');
    await expect(page.locator('.save-status')).toHaveAttribute('data-status', 'saved');

    // Deploy version 2 (a changed service worker), and let the page look for updates.
    const sw = join(root, 'sw.js');
    writeFileSync(sw, readFileSync(sw, 'utf8').replace(/const VERSION = "([0-9a-f]+)"/, 'const VERSION = "$1-v2"'));
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
    const banner = page.getByRole('status').filter({ hasText: 'A new version is ready' });
    await expect(banner).toBeVisible();
    // Nothing switched by itself: still the same page, the draft still open.
    await expect(field).toHaveValue('Typed on version 1');
    await field.fill('Typed while the update waits');
    await banner.getByRole('button', { name: 'Reload' }).click();
    await page.waitForFunction(() => !document.querySelector('.update-banner') && document.querySelector('.editor'));
    await expect(field).toHaveValue('Typed while the update waits');
    const v2 = await page.evaluate(() => caches.keys());
    expect(v2).toHaveLength(1);
    expect(v2[0]).toMatch(/-v2$/);
    expect(v2).not.toEqual(v1);
    expect((await storedDrafts(page)).map((d) => d.values.DEPLOYMENT_STATUS?.text)).toEqual(['Typed while the update waits']);
    await context.close();
  });
});
