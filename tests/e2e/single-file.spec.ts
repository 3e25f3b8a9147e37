import { test, expect } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

// The one-file build (scripts/build-single.sh), opened straight from disk.
const PATH = resolve('dist-single/report-editor.html');
const URL = `file://${PATH}`;

test('the one-file build works from disk with no request: fill, reload, the draft is kept, download, share', async ({ page }) => {
  expect(existsSync(PATH), 'run scripts/build-single.sh first').toBe(true);
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(e.violatedDirective));
  });
  await page.goto(URL);
  await page.locator('.template-open', { hasText: /GA Day After-Action/ }).click();
  const field = page.locator('[name="DEPLOYMENT_STATUS"]');
  await field.fill('Filled from the file');
  await expect(page.locator('.save-status')).toHaveAttribute('data-status', 'saved');
  await page.reload();
  await expect(field).toHaveValue('Filled from the file');
  await page.locator('.more > summary').click();
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download draft (.md)' }).click()]);
  expect(readFileSync((await dl.path())!, 'utf8')).toContain('**Deployment Status:** Filled from the file');
  // Share as file works from disk too.
  await page.locator('.more > summary').click();
  const [shared] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Share as file' }).click()]);
  const draft = JSON.parse(readFileSync((await shared.path())!, 'utf8'));
  expect(draft.shared.state.values.DEPLOYMENT_STATUS).toEqual({ text: 'Filled from the file' });
  // Only the file itself was ever loaded; nothing was blocked or failed.
  expect(requests.filter((u) => u !== URL)).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).toEqual([]);
  expect(errors).toEqual([]);
});
