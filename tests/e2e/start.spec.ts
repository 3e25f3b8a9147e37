import { test, expect } from './fixtures/start-page';

// Ids and display order come from report_engine::builtins().
const BUILTIN_IDS = ['staging-deployment-report', 'ga-day-after-action-report'];

test('lists each built-in template with a name and counts', { tag: '@phone' }, async ({ startPage }) => {
  await startPage.goto();
  await expect(startPage.templates).toHaveCount(BUILTIN_IDS.length);
  for (const [i, id] of BUILTIN_IDS.entries()) {
    const item = startPage.templates.nth(i);
    await expect(item).toHaveAttribute('data-template-id', id);
    await expect(startPage.title(item)).toHaveText(/\S/);
    await expect(startPage.counts(item)).toHaveText(/\S/);
  }
});

test('shows the names and placeholder counts the engine gives', async ({ startPage }) => {
  await startPage.goto();
  const staging = startPage.template('staging-deployment-report');
  await expect(startPage.title(staging)).toHaveText('T.A.R.S. v1.0.1 Staging Deployment Report');
  await expect(startPage.counts(staging)).toContainText('389 placeholders');

  const ga = startPage.template('ga-day-after-action-report');
  await expect(startPage.title(ga)).toHaveText('T.A.R.S. v1.0.1 GA Day After-Action Report');
  await expect(startPage.counts(ga)).toContainText('185 placeholders');
});

test('loads under a strict CSP without errors or third-party requests', async ({ page, startPage, health }) => {
  await startPage.goto();
  await expect(startPage.templates.first()).toBeVisible();

  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(csp).not.toContain('unsafe-inline');
  await expect(page.locator('script:not([src])'), 'no inline scripts').toHaveCount(0);

  await page.waitForLoadState('networkidle');
  await health.expectClean();
});
