import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { test, expect, markdownFile, type LibraryPage } from './fixtures/library-page';
import { EditorPage } from './fixtures/editor-page';
import { fields, fill, report, type FieldInfo } from './fixtures/cli';

// Issue 13: a template without placeholders (a heading-only postmortem) opens through the
// places the engine finds in it: listed first, each kept or left out, then the form.
const FILE = 'tests/fixtures/implicit/google-sre-postmortem.md';
const SOURCE = readFileSync(FILE, 'utf8');

/** `report adopt FILE`: the explicit template on stdout, the places found on stderr. */
function adopt(file: string): { text: string; places: { line: number; label: string; kind: string }[] } {
  report(['--version']); // builds the binary if needed
  const run = spawnSync(join(process.cwd(), 'target', 'debug', 'report'), ['adopt', file], { encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  const places = [...run.stderr.matchAll(/^ {2}line (\d+): (.+) \((.+)\) → \{\{\w+\}\}$/gm)].map((m) => ({
    line: Number(m[1]),
    label: m[2],
    kind: m[3],
  }));
  return { text: run.stdout, places };
}

/** The fields `report fields --json` lists for a template given as text. */
function fieldsOf(text: string): FieldInfo[] {
  const path = join(mkdtempSync(join(tmpdir(), 'report-e2e-')), 'explicit.md');
  writeFileSync(path, text);
  return fields(path);
}

class PlacesPanel {
  readonly region: Locator;
  readonly heading: Locator;
  readonly items: Locator;
  readonly download: Locator;
  readonly openForm: Locator;
  readonly cancel: Locator;

  constructor(readonly page: Page) {
    this.region = page.getByRole('region', { name: /^No placeholders: / });
    this.heading = this.region.getByRole('heading', { level: 2 });
    this.items = this.region.getByRole('list', { name: 'Places to fill' }).getByRole('listitem');
    this.download = this.region.getByRole('button', { name: 'Download as explicit template' });
    this.openForm = this.region.getByRole('button', { name: /^Open form with / });
    this.cancel = this.region.getByRole('button', { name: 'Cancel' });
  }

  place(label: string): Locator {
    return this.region.getByRole('checkbox', { name: label, exact: true });
  }

  async downloadText(): Promise<{ name: string; text: string }> {
    const [dl] = await Promise.all([this.page.waitForEvent('download'), this.download.click()]);
    const path = await dl.path();
    if (!path) throw new Error('download failed');
    return { name: dl.suggestedFilename(), text: readFileSync(path, 'utf8') };
  }
}

async function openPostmortem(library: LibraryPage): Promise<PlacesPanel> {
  await library.goto();
  await library.pick(markdownFile('google-sre-postmortem.md', SOURCE));
  const panel = new PlacesPanel(library.page);
  await expect(panel.region).toBeVisible();
  return panel;
}

test('a heading-only postmortem lists its places, downloads its explicit form, and fills like the CLI', { tag: '@phone' }, async ({ library, page }) => {
  test.setTimeout(90_000);
  const explicit = adopt(FILE);
  const all = fields(FILE);
  expect(all.length).toBeGreaterThan(5);
  expect(explicit.places).toHaveLength(all.length);

  const panel = await openPostmortem(library);
  // The summary sentence, focused, with the number of places.
  await expect(panel.heading).toBeFocused();
  await expect(panel.heading).toHaveText(new RegExp(`^No placeholders: ${all.length} places to fill found in \\w`));
  // Every place: kept, named by its label, with its line and kind in words.
  await expect(panel.items).toHaveCount(all.length);
  for (const [i, p] of explicit.places.entries()) {
    const item = panel.items.nth(i);
    await expect(item.getByRole('checkbox', { name: p.label, exact: true })).toBeChecked();
    await expect(item).toContainText(`Line ${p.line}`);
    await expect(item).toContainText(p.kind);
  }
  await expect(panel.openForm).toHaveText(`Open form with ${all.length} fields`);

  // Leave one place out: the explicit template has one field fewer.
  const left = all[1];
  await panel.place(left.label).uncheck();
  await expect(panel.openForm).toHaveText(`Open form with ${all.length - 1} fields`);
  const fewer = await panel.downloadText();
  expect(fewer.name).toMatch(/\.md$/);
  expect(fewer.text).toContain('implicit: false');
  const fewerFields = fieldsOf(fewer.text);
  expect(fewerFields.map((f) => f.name)).toEqual(all.filter((f) => f.name !== left.name).map((f) => f.name));
  await expect(page.locator('#places-status')).toContainText(`${all.length - 1} placeholders`);

  // All kept again: exactly what `report adopt` writes.
  await panel.place(left.label).check();
  await expect(panel.openForm).toHaveText(`Open form with ${all.length} fields`);
  const every = await panel.downloadText();
  expect(every.text).toBe(explicit.text);
  // Nothing is stored before "Open form".
  expect((await library.storedLibrary())?.templates ?? []).toHaveLength(0);

  // Open the form: the explicit form is what is kept in Your templates.
  await panel.openForm.click();
  const editor = new EditorPage(page);
  await expect(page.locator('.editor')).toBeVisible();
  // Opened from the foot of a long list, the editor starts at its top, named by the file.
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  await expect(page.locator('.doc-title')).toContainText('google-sre-postmortem');
  const stored = await library.storedLibrary();
  expect(stored?.templates).toHaveLength(1);
  expect(stored?.templates[0].source).toBe(explicit.text);

  // Fill every field; the report downloaded is what the CLI fills from the original file.
  const values = await editor.fillAll(all);
  await expect(editor.problemCount).toHaveText('No problems');
  await editor.openTools();
  const filled = await editor.download(() => editor.downloadReport.click());
  expect(filled.text).toBe(fill(FILE, values));
});

test('a place left out is not in the form, and the form opens from the explicit text after a reload', async ({ library, page }) => {
  const all = fields(FILE);
  const panel = await openPostmortem(library);
  const left = all[2];
  await panel.place(left.label).uncheck();
  await panel.openForm.click();
  await expect(page.locator('.editor')).toBeVisible();
  await expect(page.locator(`[name="${all[0].name}"]`)).toBeVisible();
  await expect(page.locator(`[name="${left.name}"]`)).toHaveCount(0);

  const stored = await library.storedLibrary();
  expect(stored?.templates).toHaveLength(1);
  expect(stored?.templates[0].source).toContain('implicit: false');
  expect(fieldsOf(stored!.templates[0].source)).toHaveLength(all.length - 1);

  // The stored explicit template opens at once, without the places panel. (No value was
  // typed, so no draft was saved and the reload shows the start screen.)
  await library.reload();
  const item = library.yourItems.first();
  await item.getByRole('button', { name: /^Open / }).click();
  await expect(page.locator('.editor')).toBeVisible();
  await expect(panel.region).toHaveCount(0);
  await expect(page.locator(`[name="${left.name}"]`)).toHaveCount(0);
});

test('a table the template left with blank rows starts the form with as many rows, and key-value cells are fields', async ({ library, page }) => {
  const KEHOE = 'tests/fixtures/implicit/kehoe-postmortem.md';
  const table = fields(KEHOE).find((f) => f.kind === 'table_rows' && f.label === 'Postmortem Attendees')!;
  await library.goto();
  await library.pick(markdownFile('kehoe-postmortem.md', readFileSync(KEHOE, 'utf8')));
  await new PlacesPanel(page).openForm.click();
  const editor = new EditorPage(page);
  // The rows under the attendees table's header and delimiter that hold only pipes.
  const lines = readFileSync(KEHOE, 'utf8').split('\n');
  const header = lines.findIndex((line) => line.startsWith('| Name | Role |'));
  const blankRows = lines.slice(header + 2).findIndex((line) => !/^\|(\s*\|)+\s*$/.test(line));
  expect(blankRows).toBeGreaterThan(1);
  await expect(editor.control(table.name).locator('tbody tr')).toHaveCount(blankRows);
  await expect(editor.control('sre_lead')).toBeVisible();
});

test('Cancel stores nothing and returns focus to the file picker', async ({ library, page }) => {
  const panel = await openPostmortem(library);
  await panel.cancel.click();
  await expect(panel.region).toHaveCount(0);
  await expect(library.openStatus).toContainText('was not opened');
  await expect(library.fileInput).toBeFocused();
  expect((await library.storedLibrary())?.templates ?? []).toHaveLength(0);
  await expect(page.locator('.editor')).toHaveCount(0);
});

test('the places can be kept or left out with the keyboard', async ({ library }) => {
  const all = fields(FILE);
  const panel = await openPostmortem(library);
  await expect(panel.heading).toBeFocused();
  await library.page.keyboard.press('Tab');
  await expect(panel.place(all[0].label)).toBeFocused();
  await library.page.keyboard.press('Space');
  await expect(panel.place(all[0].label)).not.toBeChecked();
  await expect(panel.openForm).toHaveText(`Open form with ${all.length - 1} fields`);
});

test.describe('accessibility', () => {
  // axe-core is injected as a script, which the page's CSP rightly forbids: bypass it here only.
  test.use({ bypassCSP: true });

  test('the places panel has no serious or critical accessibility violations', { tag: '@phone' }, async ({ library, page }) => {
    const panel = await openPostmortem(library);
    await panel.place(fields(FILE)[0].label).uncheck();
    await page.addScriptTag({ path: join(process.cwd(), 'node_modules', 'axe-core', 'axe.min.js') });
    const violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (ctx: Element, opts: object) => Promise<{ violations: never[] }> } }).axe;
      const result = await axe.run(document.querySelector('main')!, { resultTypes: ['violations'] });
      return result.violations;
    });
    const serious = violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')})`);
    expect(serious).toEqual([]);
  });
});
