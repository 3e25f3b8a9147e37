import { test, expect } from './fixtures/editor-page';

/** The engine's generated scale template (crates/engine/examples/generate.rs.inc), `n` placeholders. */
function generated(n: number): string {
  const suffixes = ['_COUNT', '_P95', '_STATUS', '_DATE', '_URL', '_NOTE', '_RATE', '_DURATION'];
  let s = '# Generated report\n\n';
  let i = 0;
  let section = 0;
  while (i < n) {
    section += 1;
    s += `## Section ${section}\n\n| Item | A | B | C | Status |\n|---|---|---|---|---|\n`;
    for (let r = 0; r < 10 && i + 4 <= n; r++) {
      const row = [0, 1, 2, 3].map((k) => `{F${i + k}${suffixes[(i + k) % suffixes.length]}}`);
      s += `| item ${i} | ${row[0]}ms | ${row[1]}% | ${row[2]} | ${row[3]} |\n`;
      i += 4;
    }
    s += '\n';
    while (i < n && i % 40 !== 0) {
      s += `- **Metric ${i}:** {{F${i}_VALUE}}\n`;
      i += 1;
    }
    if (i < n) {
      s += `\n{{F${i}_SUMMARY}}\n\n`;
      i += 1;
    }
  }
  return s;
}

test.describe('a 5,000-placeholder form', () => {
  test.setTimeout(120_000);

  test('opens with only what is near the screen made, and a problem in a far section jumps to its field', async ({ page, editor }) => {
    await page.goto('/');
    const source = generated(5000);
    await page.locator('#template-paste').evaluate((el, src) => {
      (el as HTMLTextAreaElement).value = src;
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }, source);
    await page.getByRole('button', { name: 'Open pasted template' }).click();
    await expect(page.locator('.editor')).toBeVisible();
    await expect(editor.problemCount).toHaveText('5,000 problems');
    // Far sections are spacers: far fewer inputs than fields, and every heading is there.
    await expect(page.locator('.form input[name]').first()).toBeVisible();
    expect(await page.locator('.form input[name], .form textarea[name]').count()).toBeLessThan(1000);
    await expect(page.locator('.outline li').first()).toBeVisible();
    const sections = await page.locator('.outline li').count();
    expect(sections).toBe(63);
    await expect(page.locator('.form .section-title')).toHaveCount(sections);
    await expect(page.locator('.lazy-space').first()).toBeAttached();

    // The problems panel lists every section; a far one's first problem jumps to its field.
    // Section 62 of 63 starts with F4841.
    const far = editor.problems.getByRole('link', { name: 'Enter item 4841, A, ms' });
    await far.scrollIntoViewIfNeeded();
    await far.click();
    const input = editor.control('F4841_P95');
    await expect(input).toBeFocused();
    await expect(input).toBeInViewport();
    await input.fill('12');
    await expect(editor.problemCount).toHaveText('4,999 problems');
    // Its first use in the preview was made and shows the value.
    await expect(editor.preview.locator('[data-value]', { hasText: '12' })).toBeAttached();
    // Typed on (written in place, nothing re-rendered), let go of by scrolling the preview
    // far away, and made again on return: the chunk shows the value as it is now.
    await input.fill('123');
    await expect(editor.preview.locator('[data-value]', { hasText: '123' })).toBeAttached();
    await editor.preview.evaluate((el) => el.scrollTo(0, 0));
    await expect(editor.preview.locator('[data-value]', { hasText: '12' })).toHaveCount(0);
    // Focusing the field again brings its chunk back into the preview.
    await input.blur();
    await input.focus();
    await expect(editor.preview.locator('[data-value]', { hasText: '123' })).toBeVisible();

    // The outline reaches any section; scrolling there makes it.
    await page.locator('.outline').getByRole('button', { name: /^Section 30\b/ }).click();
    await expect(page.locator('.form input[name="F2281_P95"]')).toBeVisible();
  });
});
