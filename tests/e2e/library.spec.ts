import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, markdownFile, LIBRARY_KEY, CORRUPT_PREFIX } from './fixtures/library-page';

// A template with a title, placeholders, a checkbox and a blank: "3 placeholders · 1 checkbox · 1 blank".
const WEEKLY = `# Weekly ops report

Owner: {{OWNER}}
Availability: {AVAILABILITY}%
Incidents: {{INCIDENT_COUNT}}

- [ ] Reviewed by on-call

**Ops lead:** ______
`;
const WEEKLY_COUNTS = '3 placeholders · 1 checkbox · 1 blank';

// An unclosed `{{` on line 4, column 8: a diagnostic; the template still opens.
const BROKEN = `# Release checklist

Version: {{VERSION}}
Build: {{ BUILD_SHA
Notes: {{NOTES}}
`;

test('opens a template chosen with the file picker and keeps it in Your templates', { tag: '@phone' }, async ({ library }) => {
  await library.goto();
  await expect(library.page.getByText('Templates you open are kept here')).toBeVisible();
  await library.pick(markdownFile('weekly-ops.md', WEEKLY));
  await expect(library.editorTitle).toHaveText('Weekly ops report');

  const stored = await library.storedLibrary();
  expect(stored?.format).toBe('report-editor/library');
  expect(stored?.version).toBe(1);
  expect(stored?.templates).toHaveLength(1);
  expect(stored?.templates[0]).toMatchObject({ name: 'Weekly ops report', source: WEEKLY });
  expect(stored?.templates[0].hash).toMatch(/^[0-9a-f]{16}$/);

  await library.reload();
  await expect(library.yourItems).toHaveCount(1);
  const item = library.item('Weekly ops report');
  await expect(item.locator('.template-counts')).toHaveText(WEEKLY_COUNTS);
  await expect(item.getByRole('button', { name: 'Open Weekly ops report' })).toBeVisible();
  await expect(item.getByRole('button', { name: 'Remove Weekly ops report' })).toBeVisible();
  await expect(library.page.getByText('Templates you open are kept here')).toBeHidden();

  // Opening it again from the list, and the same file again, does not add a copy.
  await item.getByRole('button', { name: 'Open Weekly ops report' }).click();
  await expect(library.editorTitle).toHaveText('Weekly ops report');
  await library.reload();
  await library.pick(markdownFile('copy-of-weekly.txt', WEEKLY, 'text/plain'));
  await expect(library.editorTitle).toHaveText('Weekly ops report');
  expect((await library.storedLibrary())?.templates).toHaveLength(1);
});

test('opens pasted text', async ({ library }) => {
  await library.goto();
  await library.paste(WEEKLY);
  await expect(library.editorTitle).toHaveText('Weekly ops report');
  await library.reload();
  await expect(library.item('Weekly ops report')).toBeVisible();
});

test('opens a file dropped on the page, with a visible drop state', async ({ library }) => {
  await library.goto();
  await library.drop('dropped.md', WEEKLY);
  await expect(library.editorTitle).toHaveText('Weekly ops report');
  await library.reload();
  await expect(library.item('Weekly ops report')).toBeVisible();
});

test('a file dropped anywhere on the start screen opens too', async ({ library }) => {
  await library.goto();
  await library.drop('anywhere.md', WEEKLY, 'text/markdown', library.page.getByRole('heading', { level: 1 }));
  await expect(library.editorTitle).toHaveText('Weekly ops report');
});

test('shows diagnostics with line numbers, opens anyway, then remove and undo', { tag: '@phone' }, async ({ library, page }) => {
  await library.goto();
  await library.pick(markdownFile('release.md', BROKEN));

  await expect(library.diagnostics).toBeVisible();
  await expect(page.getByRole('heading', { name: '“Release checklist” has 1 problem' })).toBeFocused();
  const problem = library.diagnostics.getByRole('listitem');
  await expect(problem).toHaveCount(1);
  await expect(problem.locator('.diagnostic-where')).toHaveText('Line 4:8');
  await expect(problem.locator('.diagnostic-severity')).toHaveText(/^(Error|Warning)$/);
  await expect(problem.locator('.diagnostic-message')).toContainText('{{');
  await expect(problem.locator('.diagnostic-source')).toHaveText('Build: {{ BUILD_SHA');
  expect(await library.storedLibrary(), 'saved only when opened').toBeNull();

  await library.openAnyway.click();
  await expect(library.editorTitle).toHaveText('Release checklist');

  await library.reload();
  const item = library.item('Release checklist');
  await expect(item).toBeVisible();
  await expect(item).toContainText('1 problem');

  await item.getByRole('button', { name: 'Remove Release checklist' }).click();
  await expect(library.yourItems).toHaveCount(0);
  await expect(library.libraryStatus).toHaveText('Removed “Release checklist”.');
  await expect(library.libraryStatus).toHaveAttribute('aria-live', 'polite');
  await expect(library.undo).toBeFocused();
  expect((await library.storedLibrary())?.templates).toEqual([]);

  await library.undo.click();
  await expect(item).toBeVisible();
  await expect(library.libraryStatus).toHaveText('Restored “Release checklist”.');
  await expect(item.getByRole('button', { name: 'Open Release checklist' })).toBeFocused();
  await expect(library.undo).toHaveCount(0);

  await library.reload();
  await expect(item).toBeVisible();
  // Opening a saved template with diagnostics shows them again first.
  await item.getByRole('button', { name: 'Open Release checklist' }).click();
  await expect(library.diagnostics).toBeVisible();
  await library.cancel.click();
  await expect(library.diagnostics).toHaveCount(0);
  await expect(library.openStatus).toHaveText('“Release checklist” was not opened.');
  await expect(item.getByRole('button', { name: 'Open Release checklist' })).toBeFocused();
});

test('cancelling a template with diagnostics keeps nothing', async ({ library }) => {
  await library.goto();
  await library.paste(BROKEN);
  await expect(library.diagnostics).toBeVisible();
  await library.cancel.click();
  await expect(library.pasteButton).toBeFocused();
  await expect(library.pasteBox).toHaveValue(BROKEN);
  expect(await library.storedLibrary()).toBeNull();
});

test('refuses files it cannot open, with a clear message, and keeps working', async ({ library }) => {
  await library.goto();
  const cases: [Parameters<typeof library.pick>[0], string | RegExp][] = [
    [{ name: 'utf16.md', mimeType: 'text/markdown', buffer: Buffer.from([0xff, 0xfe, 0x23, 0x00, 0x41, 0x00]) },
      '“utf16.md” is not UTF-8 text. Save it with UTF-8 encoding and open it again.'],
    [{ name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47]) },
      '“photo.png” is not a template file. Open a Markdown or text file (.md, .markdown or .txt).'],
    [markdownFile('empty.md', ''), '“empty.md” is empty: there is no template to open.'],
    [markdownFile('blank.txt', '  \n\n', 'text/plain'), '“blank.txt” is empty: there is no template to open.'],
    [markdownFile('huge.md', '#'.repeat(2 * 1024 * 1024 + 1)),
      '“huge.md” cannot be opened: the template is 2.1 MiB, over the 2 MiB limit for templates.'],
  ];
  for (const [file, message] of cases) {
    await library.pick(file);
    await expect(library.openStatus).toHaveText(message);
    await expect(library.openStatus).toHaveClass(/is-error/);
    await expect(library.editorTitle).toHaveCount(0);
  }
  await library.paste('   ');
  await expect(library.openStatus).toHaveText('The pasted text is empty: there is no template to open.');

  expect(await library.storedLibrary()).toBeNull();
  // Still works after all that.
  await library.paste(WEEKLY);
  await expect(library.editorTitle).toHaveText('Weekly ops report');
});

test('corrupt data under the library key is kept aside and the page still works', async ({ library, page }) => {
  await library.goto();
  const corrupt = '{"version":1,"templates":"oops"';
  await page.evaluate(([key, value]) => localStorage.setItem(key, value), [LIBRARY_KEY, corrupt]);
  await library.reload();

  await expect(library.libraryStatus).toContainText('Your saved templates could not be read');
  await expect(library.libraryStatus).toContainText(CORRUPT_PREFIX);
  await expect(library.builtins).toHaveCount(2);
  await expect(library.yourItems).toHaveCount(0);
  const aside = await library.keptAside();
  expect(Object.values(aside), 'kept byte for byte').toEqual([corrupt]);
  expect(await library.storedLibrary()).toBeNull();

  // A foreign value (another app, or a newer version) is kept aside the same way.
  const foreign = JSON.stringify({ version: 2, templates: [{ whatever: true }] });
  await page.evaluate(([key, value]) => localStorage.setItem(key, value), [LIBRARY_KEY, foreign]);
  await library.reload();
  await expect(library.libraryStatus).toContainText('format version 2');
  expect(Object.values(await library.keptAside()).sort()).toEqual([corrupt, foreign].sort());

  // The library works again from empty, and what was kept aside stays.
  await library.paste(WEEKLY);
  await expect(library.editorTitle).toHaveText('Weekly ops report');
  await library.reload();
  await expect(library.libraryStatus).toHaveText('');
  await expect(library.item('Weekly ops report')).toBeVisible();
  expect(Object.keys(await library.keptAside())).toHaveLength(2);
});

test.describe('without browser storage', () => {
  test.beforeEach(async ({ page }) => {
    await page.addInitScript(() => {
      Object.defineProperty(window, 'localStorage', {
        configurable: true,
        get() {
          throw new DOMException('The operation is insecure.', 'SecurityError');
        },
      });
    });
  });

  test('says so, and templates still open', async ({ library }) => {
    await library.goto();
    await expect(library.libraryStatus).toContainText('Browser storage is not available here');
    await library.paste(WEEKLY);
    await expect(library.editorTitle).toHaveText('Weekly ops report');
    await expect(library.appNotice).toBeVisible();
    await expect(library.appNotice).toContainText(
      '“Weekly ops report” is open, but it is not kept in Your templates: browser storage is not available.',
    );
    await library.appNotice.getByRole('button', { name: 'Dismiss' }).click();
    await expect(library.appNotice).toBeHidden();
  });
});

test('full storage: the template still opens and the notice says why it is not kept', async ({ library, page }) => {
  await library.goto();
  await page.evaluate(() => {
    let i = 0;
    for (const size of [1 << 20, 1 << 14, 1 << 10, 64]) {
      const chunk = 'x'.repeat(size);
      try {
        for (;;) localStorage.setItem(`filler-${i++}`, chunk);
      } catch {
        // full at this chunk size; try smaller ones
      }
    }
  });
  const big = `${WEEKLY}\n${'Padding line for a template that does not fit.\n'.repeat(100)}`;
  await library.paste(big);
  await expect(library.editorTitle).toHaveText('Weekly ops report');
  await expect(library.appNotice).toContainText('is not kept in Your templates: browser storage is full');
  await page.evaluate(() => {
    for (const key of Object.keys(localStorage)) if (key.startsWith('filler-')) localStorage.removeItem(key);
  });
});

test('keyboard: the file picker and pasted text are reachable, with a visible focus', { tag: '@phone' }, async ({ library, page }) => {
  await library.goto();
  await page.getByRole('button', { name: /GA Day After-Action/ }).focus();
  await page.keyboard.press('Tab');
  await expect(library.fileInput).toBeFocused();
  const outline = await page.locator('label[for="template-file"]').evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline, 'the visible button shows the focus of the hidden input').toBe('solid');
  await page.keyboard.press('Tab');
  await expect(library.pasteBox).toBeFocused();
  await page.keyboard.insertText(WEEKLY);
  await page.keyboard.press('Tab');
  await expect(library.pasteButton).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(library.editorTitle).toHaveText('Weekly ops report');
});

test.describe('accessibility audit', () => {
  // axe-core is injected as a script, which the page's CSP rightly forbids: bypass it here only.
  test.use({ bypassCSP: true });

  async function audit(page: Page): Promise<string[]> {
    await page.addScriptTag({ path: join(process.cwd(), 'node_modules', 'axe-core', 'axe.min.js') });
    const violations = await page.evaluate(async () => {
      type V = { id: string; impact: string; help: string; nodes: { target: string[] }[] };
      const axe = (window as unknown as { axe: { run: (c: Document, o: object) => Promise<{ violations: V[] }> } }).axe;
      return (await axe.run(document, { resultTypes: ['violations'] })).violations;
    });
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')})`);
  }

  test('start screen with a saved template and the diagnostics panel', async ({ library, page }) => {
    await library.goto();
    await library.paste(WEEKLY);
    await expect(library.editorTitle).toBeVisible();
    await library.reload();
    await expect(library.item('Weekly ops report')).toBeVisible();
    await library.paste(BROKEN);
    await expect(library.diagnostics).toBeVisible();
    expect(await audit(page)).toEqual([]);
  });
});

// Formulas with problems: a cycle named in full and an unknown field, each at its line and
// column; the template opens with those fields as ordinary inputs, the good formula works.
const FORMULAS = `---
fields:
  A: { compute: "B & 1" }
  B: { compute: "A & 2" }
  RATE: { compute: "PASSED / TESTS * 100", decimals: 1 }
  LATE: { compute: "MISSING + 1" }
  TESTS: { kind: integer }
  PASSED: { kind: integer }
---
# Formula check

Tests {TESTS}, passed {PASSED}, rate {RATE}%. A {A}, B {B}, late {LATE}.
`;

test('formula problems are diagnostics with line and column, and the template still opens', async ({ library, page }) => {
  await library.goto();
  await library.pick(markdownFile('formulas.md', FORMULAS));
  await expect(library.diagnostics).toBeVisible();
  const problems = library.diagnostics.getByRole('listitem');
  await expect(problems).toHaveCount(2);
  await expect(problems.nth(0).locator('.diagnostic-where')).toHaveText('Line 3:18');
  await expect(problems.nth(0).locator('.diagnostic-message')).toContainText('computed fields depend on each other in a cycle: A → B → A');
  await expect(problems.nth(1).locator('.diagnostic-where')).toHaveText('Line 6:21');
  await expect(problems.nth(1).locator('.diagnostic-message')).toContainText('unknown field MISSING');
  await library.openAnyway.click();
  await expect(library.editorTitle).toHaveText('Formula check');
  // The fields whose formulas did not check are typed by hand; the good one computes.
  await expect(page.locator('[name="A"]')).not.toHaveAttribute('readonly', '');
  await expect(page.locator('[name="LATE"]')).not.toHaveAttribute('readonly', '');
  await page.locator('[name="TESTS"]').fill('8');
  await page.locator('[name="PASSED"]').fill('6');
  await expect(page.locator('[name="RATE"]')).toHaveValue('75.0');
  await expect(page.locator('[name="RATE"]')).toHaveAttribute('readonly', '');
});
