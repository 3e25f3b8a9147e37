import { deflateSync } from 'node:zlib';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures/drafts-page';

// The documented limits (README, "Limits and hostile input"): each refusal names the limit,
// nothing is stored, and the page goes on working.

/** A template of `n` distinct placeholders, padded with prose to at least `bytes`. */
function bigTemplate(n: number, bytes: number): Buffer {
  const lines = ['# Big report', ''];
  for (let i = 0; i < n; i++) lines.push(`- Measure ${i}: {M_${i}} done`);
  let text = `${lines.join('\n')}\n`;
  const filler = 'Background paragraph that makes the template large without adding placeholders.\n\n';
  if (text.length < bytes) text += filler.repeat(Math.ceil((bytes - text.length) / filler.length));
  return Buffer.from(text, 'utf8');
}

/** The start screen still works: a built-in template opens. */
async function expectStillWorking(page: Page): Promise<void> {
  await page.locator('.template-open', { hasText: /GA Day After-Action/ }).click();
  await expect(page.locator('.editor')).toBeVisible();
}

test('a 5 MB template with 20,000 placeholders is refused before it is read, naming the limit', async ({ drafts, page }) => {
  void drafts;
  await page.goto('/');
  const huge = bigTemplate(20_000, 5 * 1024 * 1024);
  expect(huge.length).toBeGreaterThan(5 * 1024 * 1024);
  await page.getByLabel('Choose a file…').setInputFiles({ name: 'huge.md', mimeType: 'text/markdown', buffer: huge });
  await expect(page.locator('#open-status')).toHaveText(
    '“huge.md” cannot be opened: the template is 5.1 MiB, over the 2 MiB limit for templates.',
  );
  await expect(page.getByRole('list', { name: 'Your templates' }).getByRole('listitem')).toHaveCount(0);
  await expectStillWorking(page);
});

test('a template under 2 MiB with 50,001 placeholders is refused before any form is built', async ({ drafts, page }) => {
  void drafts;
  await page.goto('/');
  const many = bigTemplate(50_001, 0);
  expect(many.length).toBeLessThan(2 * 1024 * 1024);
  await page.getByLabel('Choose a file…').setInputFiles({ name: 'many.md', mimeType: 'text/markdown', buffer: many });
  await expect(page.locator('#open-status')).toHaveText(
    '“Big report” cannot be opened: the template has 50,001 placeholders, over the 50,000 limit for one template.',
  );
  await expect(page.locator('.editor')).toHaveCount(0);
  await expect(page.getByRole('list', { name: 'Your templates' }).getByRole('listitem')).toHaveCount(0);
  await expectStillWorking(page);
});

test('a value over 256 KiB is not taken: the field keeps its value and the notice names the limit', async ({ drafts, page }) => {
  await drafts.open(/GA Day After-Action/);
  const notes = page.locator('textarea').first();
  await notes.fill('Kept notes');
  await drafts.expectSaved();
  // A paste of 300 KiB, as one input event.
  await notes.evaluate((el) => {
    const t = el as HTMLTextAreaElement;
    t.value = 'x'.repeat(300 * 1024);
    t.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await expect(page.locator('#app-notice')).toContainText(
    'Not taken: the value of this field is 300 KiB, over the 256 KiB limit for one field.',
  );
  await expect(notes).toHaveValue('Kept notes');
  await notes.fill('Kept notes, then more');
  await drafts.expectSaved();
  const stored = await drafts.storedDrafts();
  const texts = Object.values(stored[0].values).map((v) => v.text ?? '');
  expect(texts).toContain('Kept notes, then more');
  expect(Math.max(...texts.map((t) => t.length))).toBeLessThan(1000);
  // The refused value never entered the undo history: undo goes back to a value taken
  // (typing within a second is one step, so possibly to before "Kept notes"), redo returns.
  await page.keyboard.press('Control+z');
  await expect(notes).not.toHaveValue('Kept notes, then more');
  expect(['Kept notes', '']).toContain(await notes.inputValue());
  await page.keyboard.press('Control+Shift+z');
  await expect(notes).toHaveValue('Kept notes, then more');
});

test('a draft file over 8 MiB and a link that unpacks past 8 MiB are refused, naming the limit', async ({ drafts, page }) => {
  void drafts;
  await page.goto('/');
  const big = Buffer.alloc(8 * 1024 * 1024 + 1, ' ');
  await page.locator('#open-draft-file').setInputFiles({ name: 'big.draft.json', mimeType: 'application/json', buffer: big });
  await expect(page.locator('.handoff-note')).toHaveText(
    '“big.draft.json” was not opened: the draft file is 8.1 MiB, over the 8 MiB limit for draft files.',
  );
  // 9 MiB of spaces packed into a short link.
  const bomb = deflateSync(Buffer.alloc(9 * 1024 * 1024, ' '), { level: 9 }).toString('base64url');
  expect(bomb.length).toBeLessThan(32_000);
  await page.goto(`/#d=${bomb}`);
  await expect(page.locator('.handoff-note')).toContainText('the share link unpacks to more than 8 MiB, the limit for draft files');
  expect(await drafts.storedDrafts()).toEqual([]);
  await expectStillWorking(page);
});
