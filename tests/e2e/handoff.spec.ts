import type { Browser, Page } from '@playwright/test';
import { test, expect, storedDrafts } from './fixtures/drafts-page';
import { sampleValue, EditorPage } from './fixtures/editor-page';
import { fields, report, type FieldInfo } from './fixtures/cli';
import { CORRUPT_PREFIX, LIBRARY_KEY, LibraryPage } from './fixtures/library-page';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const GA = 'ga-day-after-action-report';

/** GA fields a lead types (computed ones follow), by section, in template order. */
function sections(): FieldInfo[][] {
  const out: FieldInfo[][] = [];
  const names: string[] = [];
  for (const f of fields(GA).filter((f) => !f.compute)) {
    let i = names.indexOf(f.section);
    if (i < 0) {
      names.push(f.section);
      out.push([]);
      i = out.length - 1;
    }
    out[i].push(f);
  }
  return out;
}

/** A lead in a browser of their own; `errors` collects what went wrong in the page. */
async function lead(browser: Browser, name: string): Promise<{ page: Page; editor: EditorPage; errors: string[] }> {
  const ctx = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`${name}: ${e}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`${name}: ${m.text()}`);
  });
  await page.goto('/');
  await page.getByLabel('Your name as a lead').fill(name);
  await page.getByLabel('Your name as a lead').press('Tab');
  return { page, editor: new EditorPage(page), errors };
}

async function shareLink(editor: EditorPage): Promise<string> {
  await editor.exportMenu('Copy share link…');
  const link = await editor.page.locator('#share-link').inputValue();
  await expect(editor.page.locator('#share-length')).toContainText(`${link.length} characters`);
  return link;
}

async function shareFile(editor: EditorPage): Promise<{ name: string; text: string }> {
  return editor.download(() => editor.exportMenu('Share as file'));
}

async function openDraftFile(page: Page, file: { name: string; text: string }): Promise<void> {
  await page.locator('#open-draft-file').setInputFiles({ name: file.name, mimeType: 'application/json', buffer: Buffer.from(file.text) });
}

test.describe('two leads hand a report back and forth', () => {
  test.skip(({ isMobile }) => isMobile, 'desktop only');
  test.setTimeout(120_000);

  test('A fills sections 1-3 and sends a link; B fills 4-6 and sends a file; A merges; then a clash is decided', async ({ browser }) => {
    const secs = sections();
    const [aFields, bFields] = [secs.slice(0, 3).flat(), secs.slice(3, 6).flat()];
    const a = await lead(browser, 'Eng lead');
    await a.page.locator('.template-open', { hasText: /GA Day After-Action/ }).click();
    for (const [i, f] of aFields.entries()) await a.editor.fill(f, sampleValue(f, i));
    const link = await shareLink(a.editor);
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#d=[A-Za-z0-9_-]+$/);

    // B opens the link: nothing is stored until B chooses.
    const b = await lead(browser, 'QA lead');
    await b.page.goto(link);
    await expect(b.page.getByRole('heading', { name: /^Shared draft:/ })).toBeVisible();
    expect(await storedDrafts(b.page)).toHaveLength(0);
    await expect(b.page).toHaveURL(/\/$/); // the draft left the address bar
    await b.page.getByRole('button', { name: 'Import as a new draft' }).click();
    await expect(b.editor.control(aFields[2].name)).toHaveValue(sampleValue(aFields[2], 2) as string);
    // Who filled what.
    const byA = b.page.locator(`[data-field-index]`, { has: b.page.locator(`[name="${aFields[2].name}"]`) }).locator('.field-by');
    await expect(byA).toHaveText('by Eng lead');
    for (const [i, f] of bFields.entries()) await b.editor.fill(f, sampleValue(f, 100 + i));
    const file = await shareFile(b.editor);
    expect(file.name).toMatch(/\.draft\.json$/);
    expect(JSON.parse(file.text).format).toBe('report-editor/shared-draft');

    // A opens B's file and merges: B's sections come in, A's stay, nothing conflicts.
    await a.page.getByRole('button', { name: '← Drafts' }).click();
    await openDraftFile(a.page, file);
    await a.page.getByRole('button', { name: /^Merge into/ }).click();
    await expect(a.page.locator('.editor')).toBeVisible();
    for (const [i, f] of aFields.entries()) if (f.kind !== 'table_rows' && f.kind !== 'checkbox') await expect(a.editor.control(f.name)).toHaveValue(sampleValue(f, i) as string);
    for (const [i, f] of bFields.entries()) if (f.kind !== 'table_rows' && f.kind !== 'checkbox') await expect(a.editor.control(f.name)).toHaveValue(sampleValue(f, 100 + i) as string);
    const byB = a.page.locator(`[data-field-index]`, { has: a.page.locator(`[name="${bFields[0].name}"]`) }).locator('.field-by');
    await expect(byB).toHaveText('by QA lead');

    // Both change the same field after that: B's next merge shows the conflict.
    const clash = aFields.find((f) => f.kind === 'status' || f.kind === 'text')!;
    await a.editor.control(clash.name).fill('From A');
    const link2 = await shareLink(a.editor);
    await b.editor.control(clash.name).fill('From B');
    await expect(b.page.locator('.save-status')).toHaveAttribute('data-status', 'saved');
    await b.page.goto(link2);
    await b.page.getByRole('button', { name: /^Merge into/ }).click();
    const row = b.page.locator(`[data-conflict="${clash.name}"]`);
    await expect(row).toContainText('From B');
    await expect(row).toContainText('From A');
    const save = b.page.getByRole('button', { name: 'Save merged draft' });
    await expect(save).toHaveAttribute('aria-disabled', 'true');
    await row.getByRole('radio', { name: 'Take theirs' }).check();
    await save.click();
    await expect(b.editor.control(clash.name)).toHaveValue('From A');
    await b.page.reload();
    await expect(b.editor.control(clash.name)).toHaveValue('From A');
    // The choice holds and B's other work is still there.
    await expect(b.editor.control(bFields[0].name)).toHaveValue(sampleValue(bFields[0], 100) as string);
    expect([...a.errors, ...b.errors]).toEqual([]);
  });
});

test('a broken or hostile link or file changes nothing and says why', async ({ drafts, page }) => {
  await drafts.open(/GA Day After-Action/);
  await drafts.control('DEPLOYMENT_STATUS').fill('Mine');
  await drafts.expectSaved();
  await drafts.back.click();
  const before = await storedDrafts(page);
  for (const [hash, message] of [
    ['#d=not-base64!!', 'not valid base64url'],
    ['#d=eNpLTEoGAAJNASc', 'not valid JSON'],
    [`#d=${'A'.repeat(64)}`, 'damaged'],
  ]) {
    await page.goto(`/${hash}`);
    await expect(page.locator('.handoff-note')).toContainText('The share link could not be opened');
    await expect(page.locator('.handoff-note')).toContainText(message);
  }
  await openDraftFile(page, { name: 'newer.draft.json', text: '{"format":"report-editor/shared-draft","version":7,"shared":{}}' });
  await expect(page.locator('.handoff-note')).toContainText('newer version of the editor');
  await openDraftFile(page, { name: 'cut.draft.json', text: '{"format":"report-editor/shared-draft","vers' });
  await expect(page.locator('.handoff-note')).toContainText('not valid JSON');
  expect(await storedDrafts(page)).toEqual(before);
});

test('a draft of another lineage merges with every difference as a conflict, or imports separately', { tag: '@phone' }, async ({ drafts, page }) => {
  await drafts.open(/GA Day After-Action/);
  await drafts.control('DEPLOYMENT_STATUS').fill('Mine');
  await drafts.control('OVERALL_AVAILABILITY').fill('99.9');
  await drafts.expectSaved();
  const text = (await drafts.download(() => drafts.exportMenu('Share as file'))).text;
  // The same report started independently elsewhere: another lineage.
  const other = JSON.parse(text);
  other.shared.lineage = 'someone-else';
  other.shared.checkpoints = [];
  other.shared.state.values.DEPLOYMENT_STATUS = { text: 'Theirs' };
  await drafts.back.click();
  await openDraftFile(page, { name: 'other.draft.json', text: JSON.stringify(other) });
  await page.getByRole('button', { name: /no shared history: every difference is a conflict/ }).click();
  await expect(page.locator('[data-conflict]')).toHaveCount(1);
  await expect(page.locator('[data-conflict="DEPLOYMENT_STATUS"]')).toContainText('Theirs');
  // Long choices and values wrap: nothing is wider than the screen (phone too).
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  // Cancel, then drop the same file anywhere on the page: offered again.
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  await expect(page.locator('.incoming')).toHaveCount(0);
  await new LibraryPage(page).drop('other.draft.json', JSON.stringify(other), 'application/json', page.getByRole('region', { name: 'Your drafts' }));
  // Or import it as a separate draft instead.
  await page.getByRole('button', { name: 'Import as a new draft' }).click();
  await expect(drafts.control('DEPLOYMENT_STATUS')).toHaveValue('Theirs');
  expect(await storedDrafts(page)).toHaveLength(2);

  // Merging after all, the clash settled by editing a third version.
  await drafts.back.click();
  await openDraftFile(page, { name: 'other.draft.json', text: JSON.stringify(other) });
  await page.getByRole('button', { name: /no shared history/ }).click();
  const row = page.locator('[data-conflict="DEPLOYMENT_STATUS"]');
  await row.getByRole('radio', { name: 'Edit' }).check();
  await row.getByLabel('Merged value').fill('Agreed by both');
  await page.getByRole('button', { name: 'Save merged draft' }).click();
  await expect(drafts.control('DEPLOYMENT_STATUS')).toHaveValue('Agreed by both');
  await expect(drafts.control('OVERALL_AVAILABILITY')).toHaveValue('99.9');
  expect(await storedDrafts(page)).toHaveLength(2);
});

test('a share link over 32,000 characters shows its length and recommends the file', { tag: '@phone' }, async ({ drafts, page }) => {
  await drafts.open(/GA Day After-Action/);
  // Pseudo-random text (xorshift) barely compresses: 60,000 characters make a link well
  // over 32,000.
  let x = 2463534242;
  const noise = Array.from({ length: 60_000 }, () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return String.fromCharCode(33 + (x % 90));
  }).join('');
  await drafts.control('INSERT_KEY_OUTCOMES').evaluate((el, v) => {
    (el as HTMLTextAreaElement).value = v;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, noise);
  await drafts.exportMenu('Copy share link…');
  const link = await page.locator('#share-link').inputValue();
  expect(link.length).toBeGreaterThan(32_000);
  await expect(page.locator('#share-length')).toContainText(`${link.length} characters`);
  await expect(page.locator('.share-dialog [role=alert]')).toContainText('send the draft as a file instead');
});

test('a draft file dropped on the editor is saved over nothing and offered on the start screen', async ({ drafts, page }) => {
  await drafts.open(/GA Day After-Action/);
  await drafts.control('DEPLOYMENT_STATUS').fill('Mine');
  const file = await drafts.download(() => drafts.exportMenu('Share as file'));
  await drafts.control('DEPLOYMENT_STATUS').fill('Typed after sharing');
  const dt = await page.evaluateHandle((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'dropped.draft.json', { type: 'application/json' }));
    return dt;
  }, file.text);
  await page.locator('.form').dispatchEvent('drop', { dataTransfer: dt });
  await expect(page.getByRole('heading', { name: /^Shared draft:/ })).toBeVisible();
  // The work typed before the drop was saved, and the dropped draft is not imported yet.
  const stored = await storedDrafts(page);
  expect(stored.map((d) => d.values.DEPLOYMENT_STATUS?.text)).toEqual(['Typed after sharing']);
});

test('a share link opened first thing over an unreadable library sets it aside, never replaces it', async ({ drafts, page }) => {
  // A pipeline's link to a draft of a custom template (the template travels in the link).
  const dir = mkdtempSync(join(tmpdir(), 'report-e2e-'));
  writeFileSync(join(dir, 'ops.md'), '# Ops check\n\nOwner: {{OWNER}}\n\nRisk: {{RISK}}\n');
  writeFileSync(join(dir, 'values.json'), JSON.stringify({ OWNER: 'Ana' }));
  const link = report(['link', join(dir, 'ops.md'), '--values', join(dir, 'values.json'), '--lead', 'CI']).trim();
  const fragment = link.slice(link.indexOf('#'));

  await page.goto('/');
  // Loaded before leaving (the icon too): leaving mid-load would abort the page's own
  // requests, which the health check counts as failed.
  await expect(page.locator('.template-open').first()).toBeVisible();
  await page.waitForLoadState('networkidle');
  const corrupt = '{"version":1,"templates":"oops"';
  await page.evaluate(([key, value]) => localStorage.setItem(key, value), [LIBRARY_KEY, corrupt]);
  await page.goto('about:blank');
  await page.goto(`/${fragment}`);
  await page.getByRole('button', { name: 'Import as a new draft' }).click();
  const library = new LibraryPage(page);
  await expect(library.editorTitle).toHaveText('Ops check');
  await expect(drafts.control('OWNER')).toHaveValue('Ana');

  expect(Object.values(await library.keptAside()), 'the unreadable library, byte for byte').toEqual([corrupt]);
  const stored = await library.storedLibrary();
  expect(stored?.templates.map((t) => t.name)).toEqual(['Ops check']);
  expect(Object.keys(await library.keptAside())[0].startsWith(CORRUPT_PREFIX)).toBe(true);
});
