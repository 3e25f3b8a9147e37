import { join } from 'node:path';
import { test, expect } from './fixtures/editor-page';
import { secondTab } from './fixtures/drafts-page';
import type { Page } from '@playwright/test';

const AXE = join(process.cwd(), 'node_modules', 'axe-core', 'axe.min.js');

// axe-core is injected as a script, which the page's CSP rightly forbids: bypass it here only.
test.use({ bypassCSP: true });

interface Violation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string[] }[];
}

/** Serious and critical axe-core violations on the page as it is now. */
async function audit(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const violations: Violation[] = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: Violation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')})`);
}

test('start screen has no serious or critical accessibility violations', { tag: '@phone' }, async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  expect(await audit(page)).toEqual([]);
});

test('the form has no serious or critical accessibility violations', { tag: '@phone' }, async ({ editor, page }) => {
  await editor.open(/GA Day After-Action/);
  await editor.control('HOTFIX_COUNT').fill('fast');
  await editor.control('TOTAL_REQUESTS').focus();
  expect(await audit(page)).toEqual([]);
});

test('the problems panel after a download attempt has no serious or critical violations', async ({ editor, page }) => {
  await editor.open(/Staging Deployment/);
  await editor.downloadReport.click({ force: true });
  await expect(editor.problems).toBeFocused();
  expect(await audit(page)).toEqual([]);
});

test('the drafts list, with a renamed draft and a set-aside value, has no serious or critical violations', { tag: '@phone' }, async ({ editor, page }) => {
  await editor.open(/GA Day After-Action/);
  await editor.control('HOTFIX_COUNT').fill('3');
  await expect(page.locator('.save-status')).toHaveAttribute('data-status', 'saved');
  await page.evaluate(() => localStorage.setItem('report-editor/v1/draft/broken', '{'));
  await page.getByRole('button', { name: '← Drafts' }).click();
  await page.reload();
  await expect(page.locator('.set-aside li')).toHaveCount(1);
  await page.getByRole('list', { name: 'Your drafts' }).getByRole('button', { name: /^Rename/ }).click();
  expect(await audit(page)).toEqual([]);
});

test('the merge view of a clash between two tabs has no serious or critical violations', async ({ editor, page, context }) => {
  await editor.open(/GA Day After-Action/);
  await editor.control('HOTFIX_COUNT').fill('3');
  await expect(page.locator('.save-status')).toHaveAttribute('data-status', 'saved');
  const other = await secondTab(context);
  await other.locator('[name="HOTFIX_COUNT"]').fill('4');
  await editor.control('HOTFIX_COUNT').fill('5');
  await editor.control('HOTFIX_COUNT').press('Control+s');
  await other.getByRole('button', { name: 'Merge field by field' }).click();
  await expect(other.locator('[data-merge-field]')).toHaveCount(1);
  await other.clock.resume(); // axe-core needs timers
  expect(await audit(other)).toEqual([]);
});

test('computed fields, an overridden one, imported values and the import dialog have no serious or critical violations', { tag: '@phone' }, async ({ editor, page }) => {
  await editor.open(/Staging Deployment/);
  await editor.control('API_TESTS').fill('40');
  await (await editor.notes('AGENT_FAILED')).getByRole('button', { name: 'Override: Agent failed' }).click();
  await editor.control('AGENT_FAILED').fill('1');
  await page.locator('#import-results').setInputFiles(join(process.cwd(), 'tests', 'fixtures', 'results', 'regression-playwright-junit.xml'));
  await expect(page.getByRole('dialog')).toBeVisible();
  expect(await audit(page)).toEqual([]);
  await page.getByRole('dialog').getByRole('button', { name: /^Apply/ }).click();
  await expect(page.locator('.field-source, input.is-imported').first()).toBeVisible();
  expect(await audit(page)).toEqual([]);
});

test("a table of placeholders, with an error in a cell and a computed cell's notes, has no serious or critical violations", { tag: '@phone' }, async ({ editor, page }) => {
  await editor.open(/Staging Deployment/);
  const table = page.getByRole('table', { name: '4.1 API Load Testing: table' });
  await table.getByRole('textbox', { name: 'GET /api/v1/agents, p95, ms' }).fill('fast');
  await page.keyboard.press('Tab');
  await expect(table.getByRole('textbox', { name: 'GET /api/v1/agents, p95, ms' })).toHaveAttribute('aria-invalid', 'true');
  await editor.control('AGENTS_STATUS').focus();
  await expect(page.locator('[data-field-notes="AGENTS_STATUS"]')).toBeVisible();
  expect(await audit(page)).toEqual([]);
});
