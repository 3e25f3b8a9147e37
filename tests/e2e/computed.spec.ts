import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { test, expect, sampleValue } from './fixtures/editor-page';
import { fields, fill } from './fixtures/cli';

const STAGING = 'staging-deployment-report';
/** Results files written by the real tools (or to their documented formats): SOURCES.md. */
const RESULTS = join(process.cwd(), 'tests', 'fixtures', 'results');
const result = (name: string) => join(RESULTS, name);

test.describe('computed fields', () => {
  test('fill themselves from their inputs, say what they wait for, and can be overridden and reset', { tag: '@phone' }, async ({ editor, page, isMobile }) => {
    await editor.open(/Staging Deployment/);
    const failed = editor.control('API_FAILED');
    const rate = editor.control('API_PASS_RATE');
    const field = () => editor.notes('API_FAILED');
    await expect(failed).toHaveAttribute('readonly', '');
    await expect((await field()).locator('.field-formula')).toHaveText('Computed = API tests − API passed');
    await expect((await field()).locator('.field-waiting')).toHaveText('Waits for API tests, API passed');
    // The formula in words describes the input, for assistive technology too.
    await expect(failed).toHaveAttribute('aria-describedby', /f-\d+-formula/);

    await editor.control('API_TESTS').fill('40');
    await expect((await field()).locator('.field-waiting')).toHaveText('Waits for API passed');
    await editor.control('API_PASSED').fill('38');
    await expect(failed).toHaveValue('2');
    await expect(rate).toHaveValue('95.0');
    await expect((await field()).locator('.field-waiting')).toHaveCount(0);
    await expect((await editor.notes('REGRESSION_TOTAL')).locator('.field-waiting')).toHaveText(
      'Waits for Agent tests, Coord tests, Automl tests, Hypersync tests, Cognitive tests, Region tests, Security tests',
    );
    // The preview shows the computed cells; the suite's total waits for the other rows.
    if (isMobile) await page.getByRole('tab', { name: 'Preview' }).click();
    const row = editor.preview.locator('tr', { hasText: 'API Endpoints' }).locator('td');
    await expect(row).toHaveText(['API Endpoints', '40', '38', '2', '95.0%']);
    await expect(editor.preview).toContainText('Total Tests: {REGRESSION_TOTAL}');
    if (isMobile) await page.getByRole('tab', { name: 'Form' }).click();

    // Override: typed by hand, kept when the inputs change, marked, and reset on request.
    await (await field()).getByRole('button', { name: 'Override: API failed' }).click();
    await expect(failed).toBeFocused();
    await expect(failed).not.toHaveAttribute('readonly', '');
    await failed.fill('1');
    await expect((await field()).locator('.field-override-tag')).toHaveText('Overridden');
    await editor.control('API_TESTS').fill('41');
    await expect(failed).toHaveValue('1');
    await expect(rate).toHaveValue('92.7');
    await expect(page.locator('.save-status')).toHaveAttribute('data-status', 'saved');
    // The override is part of the draft: still there after a reload.
    await page.reload();
    await expect(editor.control('API_FAILED')).toHaveValue('1');
    await expect((await editor.notes('API_FAILED')).locator('.field-override-tag')).toBeVisible();
    await page.getByRole('button', { name: 'Reset to computed: API failed' }).click();
    await expect(editor.control('API_FAILED')).toHaveValue('3');
    await expect(editor.control('API_FAILED')).toHaveAttribute('readonly', '');

    // Undo takes back the input, and the computed value follows.
    await editor.control('API_PASSED').fill('40');
    await expect(editor.control('API_FAILED')).toHaveValue('1');
    await page.keyboard.press('Control+z');
    await expect(editor.control('API_PASSED')).toHaveValue('38');
    await expect(editor.control('API_FAILED')).toHaveValue('3');
  });

  test('a value typed by hand before the field was computed is kept as an override, not replaced', async ({ editor, page }) => {
    await editor.open(/Staging Deployment/);
    await editor.control('API_TESTS').fill('40');
    await expect(page.locator('.save-status')).toHaveAttribute('data-status', 'saved');
    // A draft as an older version stored it: Failed typed by hand, no overrides listed.
    await page.evaluate(() => {
      const key = Object.keys(localStorage).find((k) => k.startsWith('report-editor/v1/draft/'))!;
      const stored = JSON.parse(localStorage.getItem(key)!);
      stored.draft.values.API_FAILED = { text: '7' };
      delete stored.draft.overrides;
      localStorage.setItem(key, JSON.stringify(stored));
    });
    await page.reload();
    await expect(editor.control('API_FAILED')).toHaveValue('7');
    const field = await editor.notes('API_FAILED');
    await expect(field.locator('.field-override-tag')).toHaveText('Overridden');
    // A computed field the draft left empty still computes (here: waits).
    await expect(editor.control('API_PASS_RATE')).toHaveAttribute('readonly', '');
    await field.getByRole('button', { name: 'Reset to computed: API failed' }).click();
    await expect(editor.control('API_FAILED')).toHaveValue('');
  });

  test('a computed field waiting for its inputs is a problem that says so', async ({ editor, page }) => {
    await editor.open(/Staging Deployment/);
    await editor.control('AGENTS_P95').fill('142');
    await expect(editor.control('AGENTS_STATUS')).toHaveValue('✅ Pass');
    await editor.control('AGENTS_P95').fill('151');
    await expect(editor.control('AGENTS_STATUS')).toHaveValue('❌ Fail');
    await editor.control('AGENTS_P95').fill('fast');
    await expect(editor.control('AGENTS_STATUS')).toHaveValue('');
    const status = await editor.notes('AGENTS_STATUS');
    await expect(status.locator('.field-waiting')).toHaveText("Agents p95 cannot be used: 'fast' is not a number");
    await editor.expandProblems();
    await expect(editor.problemLinks.filter({ hasText: /^GET \/api\/v1\/agents, Status is computed/ })).toHaveCount(1);
  });
});

test.describe('importing results', () => {
  test('a JUnit file from a real reporter: every change listed, typed values kept, one undo step, sources shown and kept', { tag: '@phone' }, async ({ editor, page }) => {
    await editor.open(/Staging Deployment/);
    await editor.control('API_TESTS').fill('41'); // typed by hand
    await page.locator('#import-results').setInputFiles(result('regression-playwright-junit.xml'));
    const dialog = page.getByRole('dialog', { name: 'Import “regression-playwright-junit.xml”' });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('heading')).toBeFocused();
    await expect(dialog).toContainText('JUnit XML: 17 fields would change; the value typed by hand is unticked');
    await expect(dialog.locator('tbody tr')).toHaveCount(17);
    const typedRow = dialog.locator('tr[data-import-field="API_TESTS"]');
    await expect(typedRow).toContainText('41 → 40');
    await expect(typedRow.getByRole('checkbox')).not.toBeChecked();
    await expect(dialog.locator('tr[data-import-field="API_PASSED"]').getByRole('checkbox')).toBeChecked();
    // Nothing has changed yet.
    await expect(editor.control('API_PASSED')).toHaveValue('');
    await dialog.getByRole('button', { name: 'Apply 16 changes' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(page.locator('.notice')).toHaveText('Imported 16 values from “regression-playwright-junit.xml”; 1 field left as it was.');
    await expect(editor.control('API_TESTS')).toHaveValue('41');
    await expect(editor.control('API_PASSED')).toHaveValue('37');
    await expect(editor.control('API_FAILED')).toHaveValue('4');
    await expect(editor.control('SECURITY_PASS_RATE')).toHaveValue('96.7');
    const passed = await editor.notes('API_PASSED');
    await expect(passed.locator('.field-source')).toHaveText('From regression-playwright-junit.xml · suite API Endpoints, passed');
    // Typing over an imported value: it is no longer from the file.
    await editor.control('AGENT_TESTS').fill('25');
    await expect((await editor.notes('AGENT_TESTS')).locator('.field-source')).toHaveCount(0);
    await page.keyboard.press('Control+z');
    await expect(editor.control('AGENT_TESTS')).toHaveValue('24');
    await expect((await editor.notes('AGENT_TESTS')).locator('.field-source')).toHaveCount(1);
    // The source travels with the draft: saved, and in a shared draft file.
    await expect(page.locator('.save-status')).toHaveAttribute('data-status', 'saved');
    const stored = await page.evaluate(() => {
      const key = Object.keys(localStorage).find((k) => k.startsWith('report-editor/v1/draft/'))!;
      return JSON.parse(localStorage.getItem(key)!).draft;
    });
    expect(stored.sources.API_PASSED).toEqual({ file: 'regression-playwright-junit.xml', what: 'suite API Endpoints, passed', value: '37' });
    expect(stored.sources.API_TESTS).toBeUndefined();
    const shared = await editor.download(() => editor.exportMenu('Share as file'));
    expect(JSON.parse(shared.text).shared.sources.API_PASSED.file).toBe('regression-playwright-junit.xml');
    // One undo takes back the whole import (after the typing above).
    await page.keyboard.press('Control+z');
    await expect(editor.control('API_PASSED')).toHaveValue('');
    await expect(editor.control('SECURITY_TESTS')).toHaveValue('');
    await expect(editor.control('API_TESTS')).toHaveValue('41');
  });

  test('the whole staging report from four tools and the typed rest equals the CLI fill', async ({ editor, page }) => {
    // Fills 198 fields through the page: a hang guard, not a speed check.
    test.setTimeout(300_000);
    await editor.open(/Staging Deployment/);
    const files = [
      'regression-playwright-junit.xml',
      'staging-pytest-junit.xml',
      'load-locust_stats.csv',
      'websocket-k6-summary.json',
      'grafana-k6-summary-export.json',
      'db-k6-summary.json',
    ];
    // Dropped on the editor together: one dialog after another, in order.
    await dropFiles(page, files.map(result));
    for (const f of files) {
      const dialog = page.getByRole('dialog', { name: `Import “${f}”` });
      await dialog.getByRole('button', { name: /^Apply \d+ change/ }).click();
    }
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await expect(page.locator('.notice')).toContainText('Imported 12 values from “db-k6-summary.json”.');
    const all = fields(STAGING);
    const imported = new Set(
      // Rows show "From …" under the field; table cells are marked and say it on hover.
      await page.locator('.field-source, input.is-imported').evaluateAll((els) =>
        els
          .map((e) => (e.matches('input') ? e : e.closest('.field')?.querySelector('[name]'))?.getAttribute('name'))
          .filter((n) => n),
      ),
    );
    expect(imported.size).toBe(79);
    const typed = all.filter((f) => f.required && !f.compute && !imported.has(f.name));
    expect(typed).toHaveLength(198);
    const values: Record<string, unknown> = {};
    for (const [i, f] of typed.entries()) {
      const v = sampleValue(f, i);
      await editor.fill(f, v);
      values[f.name] = v;
    }
    await expect(editor.problemCount).toHaveText('No problems');
    const { text } = await editor.download(() => editor.downloadReport.click());
    expect(text).toBe(fill(STAGING, values, files.map(result)));
    expect(text).toContain('| API Endpoints | 40 | 37 | 3 | 92.5% |');
    expect(text).toContain('| GET /api/v1/agents | 544 | 27ms | 43ms | 49ms | 0.00% | <150ms p95 | ✅ Pass |');
  });

  test('hostile and broken files change nothing and say why', async ({ editor, page }) => {
    await editor.open(/Staging Deployment/);
    await editor.control('API_TESTS').fill('41');
    const cases: [string, string][] = [
      ['hostile-xxe.xml', '“hostile-xxe.xml” could not be imported: line 2: DTDs are not read'],
      ['hostile-billion-laughs.xml', '“hostile-billion-laughs.xml” could not be imported: line 2: DTDs are not read'],
      ['malformed-unclosed.xml', '“malformed-unclosed.xml” could not be imported: line 5'],
      ['malformed.json', '“malformed.json” could not be imported: line 5'],
      ['malformed-quote.csv', '“malformed-quote.csv” could not be imported: line 3'],
    ];
    for (const [file, message] of cases) {
      await page.locator('#import-results').setInputFiles(result(file));
      await expect(page.locator('.notice')).toContainText(message);
      await expect(page.locator('.notice')).toContainText('Nothing was changed.');
      await expect(page.getByRole('dialog')).toHaveCount(0);
    }
    // Over the size limit: refused before it is read.
    await page.locator('#import-results').setInputFiles({ name: 'huge.xml', mimeType: 'text/xml', buffer: Buffer.alloc(5 * 1024 * 1024 + 1, 32) });
    await expect(page.locator('.notice')).toContainText('“huge.xml” was not imported: the results file is 5.1 MiB, over the 5 MiB limit for results files. Nothing was changed.');
    // A results file the template maps nothing from.
    await page.locator('#import-results').setInputFiles(result('nextest-junit.xml'));
    await expect(page.locator('.notice')).toContainText('“nextest-junit.xml” (JUnit XML) has no measure this template takes.');
    await expect(editor.control('API_TESTS')).toHaveValue('41');
    // Cancel changes nothing either.
    await page.locator('#import-results').setInputFiles(result('regression-playwright-junit.xml'));
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    await expect(page.locator('.notice')).toHaveText('Import of “regression-playwright-junit.xml” cancelled: nothing was changed.');
    await expect(editor.control('API_PASSED')).toHaveValue('');
  });
});

/** Drops files on the form together, as a person dragging them from their desktop would. */
async function dropFiles(page: import('@playwright/test').Page, paths: string[]): Promise<void> {
  const files = paths.map((p) => [p.split('/').pop()!, readFileSync(p, 'utf8')]);
  await page.evaluate((files) => {
    const data = new DataTransfer();
    for (const [name, content] of files) data.items.add(new File([content], name));
    const form = document.querySelector('.form')!;
    form.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
    form.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  }, files);
}
