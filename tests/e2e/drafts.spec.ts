import type { Page } from '@playwright/test';
import { test, expect, storedDrafts, fillStorage, emptyFiller, secondTab, DRAFT_PREFIX, INDEX_KEY } from './fixtures/drafts-page';
import { sampleValue } from './fixtures/editor-page';
import { fields, type FieldInfo } from './fixtures/cli';

const GA = 'ga-day-after-action-report';
const STAGING = 'staging-deployment-report';

/** What a field's control shows now. */
async function shown(page: Page, f: FieldInfo): Promise<string | boolean | string[][]> {
  const control = page.locator(`[name="${f.name}"]`);
  if (f.kind === 'checkbox') return control.isChecked();
  if (f.kind === 'table_rows') {
    const rows: string[][] = [];
    for (const row of await control.locator('tbody tr').all()) {
      rows.push(await row.locator('input').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value)));
    }
    return rows;
  }
  return control.inputValue();
}

test.describe('long runs', () => {
  test.skip(({ isMobile }) => isMobile, 'desktop only');
  test.setTimeout(180_000);

  test('a reload after 300 edits restores exactly the same values and grid rows', async ({ drafts, page }) => {
    await drafts.open(/GA Day After-Action/);
    const all = fields(GA).filter((f) => !f.compute); // computed fields fill themselves
    const expected = new Map<string, string | boolean | string[][]>();
    let edits = 0;
    for (const [i, f] of all.entries()) {
      const v = sampleValue(f, i);
      await drafts.fill(f, v);
      expected.set(f.name, v);
      edits += f.kind === 'table_rows' ? (v as string[][]).flat().length + 1 : 1;
    }
    // Edit text fields again until past 300 edits, the last one just before the reload.
    const texts = all.filter((f) => f.kind === 'text' || f.kind === 'block');
    for (let i = 0; edits < 300; i++, edits++) {
      const f = texts[i % texts.length];
      const v = `Edit ${edits} of ${f.label}`;
      await drafts.fill(f, v);
      expected.set(f.name, v);
    }
    expect(edits).toBeGreaterThanOrEqual(300);
    await drafts.expectSaved();
    await page.reload();
    await expect(page.locator('.editor')).toBeVisible();
    for (const f of all) expect(await shown(page, f), f.name).toEqual(expected.get(f.name));
  });
});

test('checkbox states and N/A marks survive a reload; the list shows completion', async ({ drafts, page }) => {
  await drafts.open(/Staging Deployment/);
  const all = fields(STAGING);
  const boxes = all.filter((f) => f.kind === 'checkbox').slice(0, 5);
  for (const f of boxes) await drafts.control(f.name).check();
  const na = all.filter((f) => f.kind === 'text').slice(0, 2);
  await drafts.control(na[0].name).fill('kept under N/A');
  for (const f of na) await page.getByRole('checkbox', { name: `${f.label}: not applicable` }).check();
  await drafts.expectSaved();
  await page.reload();
  for (const f of boxes) await expect(drafts.control(f.name)).toBeChecked();
  for (const f of na) {
    await expect(page.getByRole('checkbox', { name: `${f.label}: not applicable` })).toBeChecked();
    await expect(drafts.control(f.name)).toBeDisabled();
  }
  // Un-marking N/A brings back what was typed before.
  await page.getByRole('checkbox', { name: `${na[0].label}: not applicable` }).uncheck();
  await expect(drafts.control(na[0].name)).toHaveValue('kept under N/A');
  await drafts.back.click();
  const item = drafts.draftItems.first();
  // 5 boxes + 2 N/A fields of 424.
  await expect(item.locator('.draft-percent')).toHaveText('1% complete');
  await expect(item).toContainText('T.A.R.S. v1.0.1 Staging Deployment Report');
});

test('typing is saved by a timer at most 400 ms after a change, not by the input handler', async ({ drafts, page }) => {
  // Timers on a paused fake clock: the 400 ms are checked in the page's own time, so the
  // test cannot flake on a slow machine.
  await page.clock.install();
  await drafts.open(/GA Day After-Action/);
  await page.clock.pauseAt(Date.now() + 1000);
  await expect(drafts.saveStatus).toHaveText('Not saved yet: nothing typed');
  await drafts.control('DEPLOYMENT_STATUS').pressSequentially('Dana');
  await expect(drafts.saveStatus).toHaveText('Saving…');
  await page.clock.runFor(399);
  expect(await storedDrafts(page)).toEqual([]);
  await page.clock.runFor(1);
  await drafts.expectSaved();
  const [d] = await storedDrafts(page);
  expect(d.values.DEPLOYMENT_STATUS).toEqual({ text: 'Dana' });
});

test('a tab closed mid-typing keeps what was typed (saved on pagehide)', async ({ drafts, page, context }) => {
  const closing = await context.newPage();
  await closing.goto('/');
  await closing.locator('.template-open', { hasText: /GA Day After-Action/ }).click();
  await closing.locator('[name="DEPLOYMENT_STATUS"]').pressSequentially('Typed just before closing');
  // Closed at once, inside the 400 ms before the timer would have saved.
  await closing.close();
  await page.goto('/');
  await expect(drafts.control('DEPLOYMENT_STATUS')).toHaveValue('Typed just before closing');
});

test('Ctrl+S saves at once and keeps the browser from opening its save dialog', async ({ drafts, page }) => {
  await drafts.open(/GA Day After-Action/);
  await page.evaluate(() => {
    const w = window as unknown as { __prevented: boolean[] };
    w.__prevented = [];
    window.addEventListener('keydown', (e) => {
      if (e.key === 's') w.__prevented.push(e.defaultPrevented);
    });
  });
  const field = drafts.control('DEPLOYMENT_STATUS');
  await field.fill('Saved by Ctrl+S');
  await field.press('Control+s');
  // No wait: the draft is stored by the time the key press returns.
  const [d] = await storedDrafts(page);
  expect(d.values.DEPLOYMENT_STATUS).toEqual({ text: 'Saved by Ctrl+S' });
  await drafts.expectSaved();
  expect(await page.evaluate(() => (window as unknown as { __prevented: boolean[] }).__prevented)).toEqual([true]);
});

test('undo and redo work across fields, by keyboard and by button', async ({ drafts, page }) => {
  await drafts.open(/Staging Deployment/);
  const sha = drafts.control('GIT_SHA');
  const by = drafts.control('DEPLOYED_BY');
  const box = page.locator('input[type=checkbox][name^="task:"]').first();
  await sha.fill('3f2c9ab');
  await by.fill('Dana');
  await box.check();
  await page.keyboard.press('Control+z');
  await expect(box).not.toBeChecked();
  await page.keyboard.press('Control+z');
  await expect(by).toHaveValue('');
  await expect(by).toBeFocused();
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(sha).toHaveValue('');
  await expect(page.getByRole('button', { name: 'Undo' })).toHaveAttribute('aria-disabled', 'true');
  await page.keyboard.press('Control+Shift+Z');
  await expect(sha).toHaveValue('3f2c9ab');
  await page.keyboard.press('Control+y');
  await expect(by).toHaveValue('Dana');
  await page.getByRole('button', { name: 'Redo' }).click();
  await expect(box).toBeChecked();
  await expect(page.getByRole('button', { name: 'Redo' })).toHaveAttribute('aria-disabled', 'true');
  // Typing in one field is one step, not one per character.
  await by.pressSequentially(' Q.');
  await page.keyboard.press('Control+z');
  await expect(by).toHaveValue('Dana');
  // Undone values are saved like typed ones.
  await drafts.expectSaved();
  const [d] = await storedDrafts(page);
  expect(d.values.DEPLOYED_BY).toEqual({ text: 'Dana' });
});

test('drafts list: new, reopen last, rename, duplicate, delete with undo', { tag: '@phone' }, async ({ drafts, page, isMobile }) => {
  await drafts.open(/GA Day After-Action/);
  await drafts.control('DEPLOYMENT_STATUS').fill('First');
  await drafts.expectSaved();
  // Reopening the app returns to the draft open last.
  await page.reload();
  await expect(drafts.control('DEPLOYMENT_STATUS')).toHaveValue('First');
  await drafts.back.click();
  await expect(drafts.draftItems).toHaveCount(1);
  // Back on the list, a reload stays on the list.
  await page.reload();
  await expect(drafts.draftItems).toHaveCount(1);

  // A second draft of the same template starts empty.
  await page.locator('.template-open', { hasText: /GA Day After-Action/ }).click();
  await expect(drafts.control('DEPLOYMENT_STATUS')).toHaveValue('');
  await drafts.control('DEPLOYMENT_STATUS').fill('Second');
  await drafts.expectSaved();
  // On a phone the page itself scrolls (on wide screens the panes do): scrolled far down
  // the form, back on the list starts at its top.
  if (isMobile) {
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
  }
  await drafts.back.click();
  await expect(drafts.draftItems).toHaveCount(2);
  expect(await page.evaluate(() => window.scrollY)).toBe(0);

  const first = drafts.draftItems.nth(1);
  await first.getByRole('button', { name: /^Rename/ }).click();
  const name = page.getByLabel('Draft name');
  await expect(name).toBeFocused();
  await name.fill('GA review, first pass');
  await name.press('Enter');
  await expect(drafts.draft('GA review, first pass')).toHaveCount(1);

  await drafts.draft('GA review, first pass').getByRole('button', { name: /^Duplicate/ }).click();
  await expect(drafts.draft('GA review, first pass (copy)')).toHaveCount(1);
  await drafts.draft('GA review, first pass (copy)').getByRole('button', { name: /^Open/ }).click();
  await expect(drafts.control('DEPLOYMENT_STATUS')).toHaveValue('First');
  await drafts.back.click();

  await drafts.draft('GA review, first pass (copy)').getByRole('button', { name: /^Delete/ }).click();
  await expect(drafts.draftsStatus).toHaveText('Deleted “GA review, first pass (copy)”.');
  await expect(drafts.draftItems).toHaveCount(2);
  expect(await storedDrafts(page)).toHaveLength(2);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(drafts.draftItems).toHaveCount(3);
  expect(await storedDrafts(page)).toHaveLength(3);
  await page.reload();
  await expect(drafts.draftItems).toHaveCount(3);
});

test('export all, then import into another browser and again here: nothing is overwritten', async ({ drafts, page, browser }) => {
  await drafts.open(/GA Day After-Action/);
  await drafts.control('DEPLOYMENT_STATUS').fill('In the backup');
  await drafts.expectSaved();
  await drafts.back.click();
  const { name, text } = await drafts.download(() => page.getByRole('button', { name: 'Export all (backup)' }).click());
  expect(name).toMatch(/^report-editor-backup-\d{4}-\d{2}-\d{2}\.json$/);
  const backup = JSON.parse(text);
  expect(backup.format).toBe('report-editor/backup');
  expect(backup.backup.drafts).toHaveLength(1);

  // Changed after the backup: importing the backup must not undo this change.
  await drafts.draftItems.first().getByRole('button', { name: /^Open/ }).click();
  await drafts.control('DEPLOYMENT_STATUS').fill('Changed since');
  await drafts.expectSaved();
  await drafts.back.click();
  await page.locator('#import-backup').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
  await expect(drafts.draftsStatus).toHaveText('Imported 1 draft (1 as copies, 0 already here) and 0 new templates.');
  await expect(drafts.draftItems).toHaveCount(2);
  const values = (await storedDrafts(page)).map((d) => d.values.DEPLOYMENT_STATUS?.text).sort();
  expect(values).toEqual(['Changed since', 'In the backup']);

  // A fresh browser gets the draft back as it was.
  const other = await browser.newContext();
  const p2 = await other.newPage();
  await p2.goto('/');
  await p2.locator('#import-backup').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
  await expect(p2.locator('#drafts-status')).toHaveText('Imported 1 draft (0 as copies, 0 already here) and 0 new templates.');
  await p2.getByRole('list', { name: 'Your drafts' }).getByRole('button', { name: /^Open/ }).click();
  await expect(p2.locator('[name="DEPLOYMENT_STATUS"]')).toHaveValue('In the backup');
  // A damaged backup changes nothing and says why.
  await p2.getByRole('button', { name: '← Drafts' }).click();
  await p2.locator('#import-backup').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(text.slice(0, 100)) });
  await expect(p2.locator('#drafts-status')).toContainText('“broken.json” was not imported: this is not a backup: it is not valid JSON');
  await expect(p2.getByRole('list', { name: 'Your drafts' }).getByRole('listitem')).toHaveCount(1);
  await other.close();
});

test('corrupt data under the app keys: the app starts, keeps it aside and offers it for download', async ({ drafts, page }) => {
  await page.goto('/');
  // Let the first load finish (app and offline cache) before reloading, or the reload
  // aborts requests still in flight.
  await expect(page.getByRole('heading', { level: 1, name: 'Report editor' })).toBeVisible();
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  const garbage = '{"format":"report-editor/draft","version":1,"draft":{"id":"x"';
  await page.evaluate(
    ([prefix, index, g]) => {
      localStorage.setItem(`${prefix}broken`, g);
      localStorage.setItem(index, 'not json');
      localStorage.setItem(`${prefix}foreign`, '{"format":"someone-else","version":9}');
    },
    [DRAFT_PREFIX, INDEX_KEY, garbage],
  );
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Report editor' })).toBeVisible();
  const notice = page.locator('#app-notice');
  await expect(notice).toContainText('A stored draft (broken) could not be read');
  await expect(notice).toContainText('The list of drafts could not be read');
  await expect(notice).toContainText('kept aside, not deleted');
  const aside = page.locator('.set-aside li');
  await expect(aside).toHaveCount(3);
  // Nothing is deleted: each value sits under its set-aside key, byte for byte.
  const keys = await page.evaluate(() => Object.keys(localStorage).sort());
  const brokenAside = keys.find((k) => k.startsWith(`${DRAFT_PREFIX}broken.corrupt-`))!;
  expect(brokenAside).toBeTruthy();
  expect(keys).not.toContain(`${DRAFT_PREFIX}broken`);
  const { text } = await drafts.download(() => aside.filter({ hasText: brokenAside }).getByRole('button', { name: 'Download' }).click());
  expect(text).toBe(garbage);
  // The app still works: a new draft saves and lists.
  await page.locator('.template-open', { hasText: /GA Day After-Action/ }).click();
  await drafts.control('DEPLOYMENT_STATUS').fill('Works');
  await drafts.expectSaved();
});

test('full storage: a clear message, the draft stays and downloads, nothing evicted, saving resumes', async ({ drafts, page }) => {
  // An existing draft that must survive.
  await drafts.open(/Staging Deployment/);
  await drafts.control('DEPLOYED_BY').fill('Other draft');
  await drafts.expectSaved();
  await drafts.back.click();
  await page.locator('.template-open', { hasText: /GA Day After-Action/ }).click();
  await fillStorage(page);
  const before = await page.evaluate(() => Object.keys(localStorage).filter((k) => !k.startsWith('filler-')).sort());
  await drafts.control('DEPLOYMENT_STATUS').fill('Typed while storage is full '.repeat(40));
  await expect(drafts.saveStatus).toHaveAttribute('data-status', 'failed');
  await expect(drafts.saveStatus).toContainText('Not saved: browser storage is full');
  await expect(drafts.saveStatus).toContainText('download the draft');
  const after = await page.evaluate(() => Object.keys(localStorage).filter((k) => !k.startsWith('filler-')).sort());
  expect(after).toEqual(before);
  // The draft is in memory and can be downloaded.
  const { text } = await drafts.download(() => drafts.exportMenu('Download draft (.md)'));
  expect(text).toContain('Typed while storage is full');
  await emptyFiller(page);
  // Saving resumes on its own (retried every few seconds).
  await expect(drafts.saveStatus).toHaveAttribute('data-status', 'saved', { timeout: 8000 });
  const stored = await storedDrafts(page);
  const typed = (d: (typeof stored)[number]) =>
    d.template.id === STAGING ? d.values.DEPLOYED_BY?.text : d.values.DEPLOYMENT_STATUS?.text;
  expect(stored.map(typed).sort()).toEqual([
    'Other draft',
    'Typed while storage is full '.repeat(40),
  ]);
});

test.describe('without browser storage', () => {
  test.beforeEach(async ({ page }) => {
    await page.addInitScript(() => {
      Object.defineProperty(window, 'localStorage', {
        get() {
          throw new DOMException('The operation is insecure.', 'SecurityError');
        },
      });
    });
  });

  test('the editor works in memory, says drafts will not persist, and downloads', async ({ drafts, page }) => {
    await drafts.open(/GA Day After-Action/);
    await expect(drafts.saveStatus).toHaveAttribute('data-status', 'unavailable');
    await expect(drafts.saveStatus).toContainText('the draft lasts only while this tab is open');
    await drafts.control('DEPLOYMENT_STATUS').fill('In memory');
    const { text } = await drafts.download(() => drafts.exportMenu('Download draft (.md)'));
    expect(text).toContain('In memory');
    await drafts.back.click();
    await expect(page.getByText('drafts last only while the tab is open')).toBeVisible();
  });
});

test.describe('the same draft in two tabs', () => {
  test.skip(({ isMobile }) => isMobile, 'desktop only');

  test('the other tab takes in saved changes, and a clash is never saved over silently', async ({ drafts, page, context }) => {
    await drafts.open(/GA Day After-Action/);
    await drafts.control('DEPLOYMENT_STATUS').fill('A1');
    await drafts.expectSaved();
    // Tab B opens the same draft; its autosave waits for the test (see secondTab).
    const b = await secondTab(context);
    const bField = (name: string) => b.locator(`[name="${name}"]`);
    await expect(bField('DEPLOYMENT_STATUS')).toHaveValue('A1');

    // A saves; B has no unsaved change, so it simply shows A's work. (The fake clock is
    // the whole context's, so A saves with Ctrl+S rather than by its timer.)
    await drafts.control('DEPLOYMENT_STATUS').fill('A2');
    await drafts.control('DEPLOYMENT_STATUS').press('Control+s');
    await drafts.expectSaved();
    await expect(bField('DEPLOYMENT_STATUS')).toHaveValue('A2');

    // Both change different fields before either saves: B hears of A's save while it has
    // unsaved work, so B asks instead of saving.
    await bField('OVERALL_AVAILABILITY').fill('99.95');
    await drafts.control('DEPLOYMENT_STATUS').fill('A3');
    await drafts.control('DEPLOYMENT_STATUS').press('Control+s');
    await drafts.expectSaved();
    const conflict = b.getByRole('alert').filter({ hasText: 'changed in another tab' });
    await expect(conflict).toBeVisible();
    await expect(b.locator('.save-status')).toHaveAttribute('data-status', 'conflict');
    // B's own save comes due now, and must not write over A's.
    await b.clock.runFor(1000);
    await expect(conflict).toBeVisible();
    let stored = (await storedDrafts(page))[0];
    expect(stored.values.DEPLOYMENT_STATUS).toEqual({ text: 'A3' });
    expect(stored.values.OVERALL_AVAILABILITY ?? { text: '' }).toEqual({ text: '' });

    // Merge: take A's commander, keep B's date.
    await conflict.getByRole('button', { name: 'Merge field by field' }).click();
    const row = conflict.locator('[data-merge-field]').filter({ hasText: 'A3' });
    await row.getByRole('radio', { name: /Take theirs/ }).check();
    await conflict.getByRole('button', { name: 'Save merged draft' }).click();
    await expect(conflict).toBeHidden();
    await expect(bField('DEPLOYMENT_STATUS')).toHaveValue('A3');
    await expect(bField('OVERALL_AVAILABILITY')).toHaveValue('99.95');
    stored = (await storedDrafts(page))[0];
    expect(stored.values.DEPLOYMENT_STATUS).toEqual({ text: 'A3' });
    expect(stored.values.OVERALL_AVAILABILITY).toEqual({ text: '99.95' });
    // And tab A, with nothing unsaved, takes in the merged result.
    await expect(drafts.control('OVERALL_AVAILABILITY')).toHaveValue('99.95');

    // Keep both: B's clashing change becomes a copy; A's draft is left as A saved it.
    await bField('DEPLOYMENT_STATUS').fill('B4');
    await drafts.control('DEPLOYMENT_STATUS').fill('A4');
    await drafts.control('DEPLOYMENT_STATUS').press('Control+s');
    await drafts.expectSaved();
    await expect(conflict).toBeVisible();
    await conflict.getByRole('button', { name: 'Keep both (mine as a copy)' }).click();
    await expect(conflict).toBeHidden();
    await expect(b.locator('.save-status')).toHaveAttribute('data-status', 'saved');
    const all = await storedDrafts(page);
    expect(all.map((d) => d.values.DEPLOYMENT_STATUS?.text).sort()).toEqual(['A4', 'B4']);
    expect(all.find((d) => d.values.DEPLOYMENT_STATUS?.text === 'B4')!.name).toMatch(/\(copy\)$/);
  });
});

test.describe('a clash in two tabs, resolved by loading', () => {
  test.skip(({ isMobile }) => isMobile, 'desktop only');

  test('loading the other version drops only the unsaved change', async ({ drafts, page, context }) => {
    await drafts.open(/GA Day After-Action/);
    await drafts.control('DEPLOYMENT_STATUS').fill('A1');
    await drafts.expectSaved();
    const b = await secondTab(context);
    await b.locator('[name="OVERALL_AVAILABILITY"]').fill('12');
    await drafts.control('DEPLOYMENT_STATUS').fill('A2');
    await drafts.control('DEPLOYMENT_STATUS').press('Control+s');
    const conflict = b.getByRole('alert').filter({ hasText: 'changed in another tab' });
    await conflict.getByRole('button', { name: 'Load their version' }).click();
    await expect(conflict).toBeHidden();
    await expect(b.locator('[name="DEPLOYMENT_STATUS"]')).toHaveValue('A2');
    await expect(b.locator('[name="OVERALL_AVAILABILITY"]')).toHaveValue('');
    // B goes on from A's revision: its next save is a normal one.
    await b.locator('[name="OVERALL_AVAILABILITY"]').fill('99.9');
    await b.clock.runFor(1000);
    await expect(b.locator('.save-status')).toHaveAttribute('data-status', 'saved');
    const [d] = await storedDrafts(page);
    expect([d.values.DEPLOYMENT_STATUS, d.values.OVERALL_AVAILABILITY]).toEqual([{ text: 'A2' }, { text: '99.9' }]);
  });
});

test('a custom template a draft uses is not removed from Your templates', async ({ drafts, page }) => {
  await page.goto('/');
  await page.locator('#template-paste').fill('# Weekly\n\nOwner: {{OWNER}}\n');
  await page.getByRole('button', { name: 'Open pasted template' }).click();
  await drafts.control('OWNER').fill('Dana');
  await drafts.expectSaved();
  await drafts.back.click();
  await page.getByRole('button', { name: 'Remove Weekly' }).click();
  await expect(page.locator('#library-status')).toHaveText(
    'Not removed: one of your drafts uses this template; delete that draft first.',
  );
  await drafts.draftItems.first().getByRole('button', { name: /^Open/ }).click();
  await expect(drafts.control('OWNER')).toHaveValue('Dana');
});

test('the editor warmed up out of sight on the start screen leaves nothing behind', { tag: '@phone' }, async ({ drafts, page }) => {
  await page.goto('/');
  await expect(page.locator('.template-open').first()).toBeVisible();
  const storageBefore = await page.evaluate(() => JSON.stringify({ ...localStorage }));
  // Made once while the start screen waits (User Timing `warm-up`, src/editor/warm.rs).
  await page.waitForFunction(() => performance.getEntriesByName('warm-up').length === 1);
  // Nothing of it is left in the page or in storage, and focus did not move.
  await expect(page.locator('.out-of-sight, .editor, #form, .toolbar')).toHaveCount(0);
  expect(await page.evaluate(() => JSON.stringify({ ...localStorage }))).toBe(storageBefore);
  expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Report editor');

  // The real editor then opens as always, alone, and the first change makes one draft.
  await page.getByRole('button', { name: /Staging Deployment/ }).first().click();
  await expect(page.locator('.editor')).toHaveCount(1);
  await drafts.control('DEPLOYED_BY').fill('Ana');
  await drafts.expectSaved();
  expect(await storedDrafts(page)).toHaveLength(1);

  // Reopened on that draft, the page has no start screen to wait on and warms nothing.
  await page.reload();
  await expect(drafts.control('DEPLOYED_BY')).toHaveValue('Ana');
  await page.evaluate(() => new Promise((r) => requestIdleCallback(() => r(null))));
  expect(await page.evaluate(() => performance.getEntriesByName('warm-up').length)).toBe(0);
});
