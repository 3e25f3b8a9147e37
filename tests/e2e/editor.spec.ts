import { test, expect, sampleValue, trapExecution } from './fixtures/editor-page';
import { fields, fill } from './fixtures/cli';

const GA = 'ga-day-after-action-report';
const STAGING = 'staging-deployment-report';

test.describe('filling whole reports', () => {
  // Long form-filling runs: once, at desktop size. Each fills hundreds of fields through
  // the page (about a minute alone); the timeout is a hang guard that also holds when the
  // other worker's browser shares the two cores.
  test.skip(({ isMobile }) => isMobile, 'desktop only');
  test.setTimeout(300_000);

  test('fill every field of the GA report, download it, and get what the CLI fills', async ({ editor }) => {
    await editor.open(/GA Day After-Action/);
    const all = fields(GA).filter((f) => !f.compute);
    const values = await editor.fillAll(all);
    await expect(editor.problemCount).toHaveText('No problems');
    await expect(editor.downloadReport).not.toHaveAttribute('aria-disabled', 'true');
    const { name, text } = await editor.download(() => editor.downloadReport.click());
    expect(name).toMatch(/^t-a-r-s-v1-0-1-ga-day-after-action-report-\d{4}-\d{2}-\d{2}\.md$/);
    expect(text).toBe(fill(GA, values));
    // Table rows made it in as rows of the template's table.
    expect(text).toContain('| Time (UTC) one | Event one | Status one | Notes one |');
    expect(text).not.toMatch(/\{\{[A-Z_]+\}\}/);
  });

  test("the staging report's problems panel lists all 389 fields before filling and none after", async ({ editor }) => {
    await editor.open(/Staging Deployment/);
    await expect(editor.problemCount).toHaveText('389 problems');
    // Each section lists its first five at once; "Show N more" lists the rest. (The panel
    // is made once the form's first screens are painted.)
    await expect(editor.problemLinks.first()).toBeVisible();
    const shown = await editor.problemLinks.count();
    expect(shown).toBeGreaterThan(50);
    expect(shown).toBeLessThan(389);
    const perSection = await editor.problems.locator('ul').evaluateAll((uls) => uls.map((ul) => ul.querySelectorAll('a').length));
    expect(Math.max(...perSection)).toBe(5);
    await expect(editor.problems.getByRole('button', { name: 'Show 23 more in 1.2 Docker Images' })).toBeVisible();
    await editor.expandProblems();
    await expect(editor.problemLinks).toHaveCount(389);
    await expect(editor.downloadReport).toHaveAttribute('aria-disabled', 'true');
    const required = fields(STAGING).filter((f) => f.required);
    expect(required).toHaveLength(389);
    // Computed fields fill themselves once their inputs are there.
    const typed = required.filter((f) => !f.compute);
    expect(typed).toHaveLength(277);
    for (const [i, f] of typed.entries()) await editor.fill(f, sampleValue(f, i));
    await expect(editor.problemLinks).toHaveCount(0);
    await expect(editor.problems).toContainText('No problems');
    await expect(editor.downloadReport).not.toHaveAttribute('aria-disabled', 'true');
  });
});

test('a field shows its error once left, tied to the input', async ({ editor, page }) => {
  await editor.open(/GA Day After-Action/);
  const count = editor.control('HOTFIX_COUNT');
  await count.fill('fast');
  await expect(count).not.toHaveAttribute('aria-invalid', 'true');
  // Tab stays in the field (its N/A toggle); leaving the field shows the error.
  await count.press('Tab');
  await expect(count).not.toHaveAttribute('aria-invalid', 'true');
  await page.keyboard.press('Tab');
  await expect(count).toHaveAttribute('aria-invalid', 'true');
  const describedBy = await count.getAttribute('aria-describedby');
  expect(describedBy).toBeTruthy();
  await expect(page.locator(`#${describedBy}`)).toHaveText("Hotfix count must be a whole number, like 42 or 1,234; got 'fast'");
  await count.fill('3');
  await expect(count).not.toHaveAttribute('aria-invalid', 'true');
});

test('a download attempt with problems shows every error and moves focus to the summary', async ({ editor, page }) => {
  await editor.open(/GA Day After-Action/);
  await expect(page.locator('[aria-invalid="true"]')).toHaveCount(0);
  let downloads = 0;
  page.on('download', () => downloads++);
  await editor.downloadReport.click({ force: true });
  await expect(editor.problems).toBeFocused();
  await expect(page.locator('#problems-heading')).toHaveText('There is a problem: 185 to fix');
  await expect(page.locator('input[aria-invalid="true"]').first()).toBeVisible();
  // Each entry is a link to its field.
  await editor.expandProblems();
  await editor.problemLinks.filter({ hasText: 'Enter Hotfix count' }).click();
  await expect(editor.control('HOTFIX_COUNT')).toBeFocused();
  expect(downloads).toBe(0);
});

test('controls match field kinds, with labels, units and the raw name', { tag: '@phone' }, async ({ editor, page }) => {
  await editor.open(/GA Day After-Action/);
  await expect(editor.control('GA_START_TIME')).toHaveAttribute('type', 'datetime-local');
  await expect(editor.control('ENG_LEAD_DATE')).toHaveAttribute('type', 'date');
  await expect(editor.control('P99_LATENCY_MS')).toHaveAttribute('inputmode', 'decimal');
  await expect(page.locator('.field', { has: editor.control('P99_LATENCY_MS') }).locator('.affix')).toHaveText('ms');
  await expect(page.locator('.field', { has: editor.control('COST_PER_1M_REQUESTS') }).locator('.affix')).toHaveText('$');
  await expect(editor.control('INSERT_KEY_OUTCOMES')).toHaveJSProperty('tagName', 'TEXTAREA');
  await expect(editor.control('CERTIFICATION_STATUS')).toHaveAttribute('list', /options/);
  await expect(page.getByLabel('p99 latency ms', { exact: true })).toHaveAttribute('name', 'P99_LATENCY_MS');
  await expect(page.locator('.field', { has: editor.control('P99_LATENCY_MS') })).toContainText('P99_LATENCY_MS');
  // Every input, textarea and select has a label.
  const unlabelled = await page.locator('.editor input, .editor textarea').evaluateAll((els) =>
    els.filter((el) => !(el as HTMLInputElement).labels?.length && !el.getAttribute('aria-label')).map((el) => el.outerHTML),
  );
  expect(unlabelled).toEqual([]);
  // "Now" fills a timestamp.
  await page.locator('.field', { has: editor.control('GA_START_TIME') }).getByRole('button', { name: 'Now' }).click();
  await expect(editor.control('GA_START_TIME')).toHaveValue(/^\d{4}-\d\d-\d\dT\d\d:\d\d$/);
});

test('N/A fills a field with N/A and counts it as filled', async ({ editor, page }) => {
  await editor.open(/GA Day After-Action/);
  await expect(editor.problemCount).toHaveText('185 problems');
  await page.getByRole('checkbox', { name: 'Certification status: not applicable', exact: true }).check();
  await expect(editor.control('CERTIFICATION_STATUS')).toBeDisabled();
  await expect(editor.problemCount).toHaveText('184 problems');
  if (await editor.preview.isVisible()) await expect(editor.preview).toContainText('Status: N/A');
});

test('table rows: add, reorder, delete, Tab across cells, paste from a spreadsheet', { tag: '@phone' }, async ({ editor, page }) => {
  await editor.open(/GA Day After-Action/);
  const grid = editor.control('INSERT_GA_TIMELINE_ROWS');
  const rows = grid.locator('tbody tr');
  await expect(grid.locator('thead th')).toHaveText(['Time (UTC)', 'Event', 'Status', 'Notes', 'Row actions']);
  await expect(rows).toHaveCount(1);
  const first = rows.nth(0).locator('input');
  await first.nth(0).fill('14:00');
  await first.nth(0).press('Tab');
  await expect(first.nth(1)).toBeFocused();
  await page.keyboard.type('Deploy started');

  await grid.getByRole('button', { name: 'Add row' }).click();
  await rows.nth(1).locator('input').nth(0).fill('14:30');
  await grid.getByRole('button', { name: /row 2 up/ }).click();
  await expect(rows.nth(0).locator('input').nth(0)).toHaveValue('14:30');
  await expect(rows.nth(1).locator('input').nth(1)).toHaveValue('Deploy started');

  // Paste two tab-separated rows into the first cell of row 2: row 2 is overwritten, row 3 added.
  await rows.nth(1).locator('input').nth(0).focus();
  await page.evaluate(() => {
    const data = new DataTransfer();
    data.setData('text/plain', '15:00\tCanary\t✅ Pass\tok\r\n15:10\tFull\t✅ Pass\tdone\r\n');
    document.activeElement!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  });
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(2).locator('input').nth(3)).toHaveValue('done');

  await grid.getByRole('button', { name: /Delete .* row 1$/ }).click();
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0).locator('input').nth(1)).toHaveValue('Canary');
  if (await editor.preview.isVisible()) {
    await expect(editor.preview.locator('table').filter({ hasText: '15:10' })).toContainText('Canary');
  }
});

test.describe('preview', () => {
  test.skip(({ isMobile }) => isMobile, 'the preview sits beside the form on wide screens');

  test('updates as you type, marks unfilled and invalid placeholders, and links them to fields', async ({ editor, page }) => {
    await editor.open(/GA Day After-Action/);
    const mark = editor.preview.locator('mark.ph-missing', { hasText: '{{OVERALL_AVAILABILITY}}' }).first();
    await expect(mark).toBeVisible();
    await mark.click();
    await expect(editor.control('OVERALL_AVAILABILITY')).toBeFocused();
    await page.keyboard.type('99.97');
    await expect(editor.preview).toContainText('Availability: 99.97% (Target: ≥99.9%)');
    await expect(editor.preview.locator('mark', { hasText: '{{OVERALL_AVAILABILITY}}' })).toHaveCount(0);

    await editor.control('OVERALL_AVAILABILITY').fill('lots');
    await expect(editor.preview.locator('mark.ph-invalid')).toHaveCount(2); // used twice in the template
  });

  test('focusing a field scrolls the preview to its first use', async ({ editor }) => {
    await editor.open(/GA Day After-Action/);
    const before = await editor.preview.evaluate((el) => el.scrollTop);
    await editor.control('ARTIFACT_SHA256').focus();
    await expect.poll(() => editor.preview.evaluate((el) => el.scrollTop)).toBeGreaterThan(before + 500);
    const mark = editor.preview.locator('mark', { hasText: '{{ARTIFACT_SHA256}}' });
    await expect(mark).toBeInViewport();
  });

  test('the first edit, made before the page is first idle, starts the bookkeeping and is caught up in the counts, the problems and the preview', async ({ editor, page }) => {
    // The bookkeeping effects start when the page is next idle after the first screen, or
    // at the first change if it comes sooner (Edits::start_effects). Idle callbacks are held
    // here until released, so the first edit below lands before the effects exist, in a
    // preview chunk made by focusing the field.
    await page.addInitScript(() => {
      const w = window as unknown as { __releaseIdle: () => void };
      const held: Array<() => void> = [];
      let holding = true;
      const real = window.requestIdleCallback.bind(window);
      window.requestIdleCallback = ((cb: IdleRequestCallback, opts?: IdleRequestOptions) => {
        if (!holding) return real(cb, opts);
        held.push(() => cb({ didTimeout: false, timeRemaining: () => 50 }));
        return 0;
      }) as typeof window.requestIdleCallback;
      w.__releaseIdle = () => {
        holding = false;
        held.splice(0).forEach((f) => f());
      };
    });
    await editor.open(/Staging Deployment/);
    await expect(editor.problemCount).toHaveText('389 problems');
    await expect(page.locator('.progress')).toHaveText('0 / 424 filled');
    // A plain value (its chunk, made before the effects, shows the placeholder) and then a
    // value with markup.
    await editor.control('DEPLOYED_BY').focus();
    await expect(editor.preview.locator('mark', { hasText: '{DEPLOYED_BY}' })).toBeAttached();
    await editor.control('DEPLOYED_BY').fill('Alpha Seven');
    await editor.control('APP_VERSION').focus();
    await editor.control('APP_VERSION').fill('*beta*');
    // No idle moment yet: the first change started the effects.
    await expect(editor.problemCount).toHaveText('387 problems');
    await expect(page.locator('.progress')).toHaveText('2 / 424 filled');
    await expect(editor.preview.locator('[data-value]', { hasText: 'Alpha Seven' })).toBeAttached();
    await expect(editor.preview.locator('em', { hasText: 'beta' })).toBeAttached();
    await expect(editor.preview.locator('mark', { hasText: '{DEPLOYED_BY}' })).toHaveCount(0);
    // The idle step then finds them started and makes the rest as usual.
    await page.evaluate(() => (window as unknown as { __releaseIdle: () => void }).__releaseIdle());
    await expect(editor.problems).toBeAttached();
    await editor.control('DEPLOYED_BY').fill('Alpha Eight');
    await expect(editor.preview.locator('[data-value]', { hasText: 'Alpha Eight' })).toBeAttached();
    await expect(page.locator('.progress')).toHaveText('2 / 424 filled');
    await expect(editor.problemCount).toHaveText('387 problems');
  });

  test('raw HTML and script links in values stay text and run nothing', async ({ editor, page }) => {
    const executed = await trapExecution(page);
    await editor.open(/GA Day After-Action/);
    const payload = '<img src=x onerror="window.__pwned=1;alert(1)"> [x](javascript:window.__pwned=2) <script>window.__pwned=3</script>';
    await editor.control('INSERT_KEY_OUTCOMES').fill(payload);
    await editor.control('CERTIFICATION_STATUS').fill('[y](Javas&#99;ript:alert(2))');
    await expect(editor.preview).toContainText('<img src=x onerror="window.__pwned=1;alert(1)">');
    await expect(editor.preview.locator('img, script, [onerror]')).toHaveCount(0);
    await expect(editor.preview.locator('a[href^="javascript" i], a[href^="Javas" i]')).toHaveCount(0);
    expect(await executed()).toEqual({ flag: 0, dialogs: [] });
  });
});

test('exports: standalone HTML without scripts, Markdown on the clipboard, a print view of the report only', async ({ editor, page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await editor.open(/GA Day After-Action/);
  await editor.control('OVERALL_AVAILABILITY').fill('99.97');

  const html = await editor.download(() => editor.exportMenu('Download HTML'));
  expect(html.name).toMatch(/\.html$/);
  expect(html.text).toContain('<style>');
  expect(html.text).not.toMatch(/<script|<link|src=/i);
  expect(html.text).toContain('99.97%');

  const draft = await editor.download(() => editor.exportMenu(/Download draft/));
  expect(draft.name).toMatch(/-draft\.md$/);
  expect(draft.text).toContain('**Availability:** 99.97%');
  expect(draft.text).toContain('{{OVERALL_ERROR_RATE}}'); // unfilled placeholders kept

  await editor.exportMenu('Copy Markdown');
  await expect(page.locator('.toolbar .notice')).toContainText('copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(draft.text);

  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.form')).toBeHidden();
  await expect(page.locator('.toolbar')).toBeHidden();
  await expect(editor.preview).toBeVisible();
});

test('keyboard only: skip to the form, fill, and reach the exports', { tag: '@phone' }, async ({ editor, page }) => {
  await editor.open(/GA Day After-Action/);
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to the form' })).toBeFocused();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  const focusedName = await page.evaluate(() => document.activeElement?.getAttribute('name'));
  expect(focusedName).toBe('GENERATION_TIMESTAMP');
  // Every toolbar action is a focusable button (on a phone, after unfolding the tools).
  const tools = page.getByRole('button', { name: 'Tools' });
  if (await tools.isVisible()) {
    await tools.focus();
    await page.keyboard.press('Enter');
    await expect(tools).toHaveAttribute('aria-expanded', 'true');
  }
  for (const name of ['← Drafts', 'Undo', 'Download report']) {
    const b = page.getByRole('button', { name });
    await b.focus();
    await expect(b).toBeFocused();
  }
  await page.locator('.more > summary').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Copy Markdown' })).toBeVisible();
});

test.describe('the phone layout', () => {
  test.skip(({ isMobile }) => !isMobile, 'phones only');

  test('the toolbar folds its tools away and the first field shows without scrolling', { tag: '@phone' }, async ({ editor, page }) => {
    await editor.open(/Staging Deployment/);
    const viewport = page.viewportSize()!;
    const toolbar = (await page.locator('.toolbar').boundingBox())!;
    expect(toolbar.height).toBeLessThan(200);
    const first = (await page.locator('.form .field').first().boundingBox())!;
    expect(first.y + first.height).toBeLessThan(viewport.height);
    const tools = page.getByRole('button', { name: 'Tools' });
    await expect(tools).toHaveAttribute('aria-expanded', 'false');
    await expect(page.getByRole('button', { name: 'Undo' })).toBeHidden();
    await tools.click();
    await expect(tools).toHaveAttribute('aria-expanded', 'true');
    await expect(page.getByRole('button', { name: 'Undo' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Download report' })).toBeVisible();
    // The problem count stays in sight and jumps to the problems, which follow the form.
    await page.locator('.problem-count').click();
    await expect(editor.problems).toBeFocused();
  });
});

test('no layout breaks: nothing wider than the screen', { tag: '@phone' }, async ({ editor, page }) => {
  await editor.open(/GA Day After-Action/);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  const tab = page.getByRole('tab', { name: 'Preview' });
  if (await tab.isVisible()) {
    await tab.click();
    await expect(editor.preview).toBeVisible();
  }
  const overflowPreview = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflowPreview).toBeLessThanOrEqual(0);
});

test('a hostile template opened from pasted text runs nothing and shows its text', async ({ editor, page }) => {
  const executed = await trapExecution(page);
  const hostile = [
    '# Hostile <script>window.__pwned=1;alert(1)</script>',
    '',
    '<img src=x onerror="window.__pwned=2;alert(2)">',
    '',
    '[x](javascript:window.__pwned=3) and [y](Javas&#99;ript:alert(4)) and <javascript:alert(5)>',
    '',
    '<iframe srcdoc="<script>parent.__pwned=6</script>"></iframe> {NAME}',
    '',
  ].join('\n');
  await page.goto('/');
  await page.getByLabel('Paste a template').fill(hostile);
  await page.getByRole('button', { name: 'Open pasted template' }).click();
  const openAnyway = page.getByRole('button', { name: 'Open anyway' });
  if (await openAnyway.isVisible().catch(() => false)) await openAnyway.click();
  await expect(page.locator('.editor')).toBeVisible();
  await editor.control('NAME').fill('<svg onload=alert(7)>');
  const tab = page.getByRole('tab', { name: 'Preview' });
  if (await tab.isVisible()) await tab.click();
  await expect(editor.preview).toContainText('<img src=x onerror="window.__pwned=2;alert(2)">');
  await expect(editor.preview).toContainText('<svg onload=alert(7)>');
  await expect(editor.preview.locator('script, img, iframe, svg, [onerror], [onload]')).toHaveCount(0);
  await expect(editor.preview.locator('a[href]')).toHaveCount(0);
  await expect(page.locator('body script:not([src])')).toHaveCount(0);
  expect(await executed()).toEqual({ flag: 0, dialogs: [] });
});

test('a file dropped on the editor does not navigate away', async ({ editor, page }) => {
  await editor.open(/GA Day After-Action/);
  await editor.control('HOTFIX_COUNT').fill('2');
  const prevented = await page.evaluate(() => {
    const data = new DataTransfer();
    data.items.add(new File(['# x'], 'x.md', { type: 'text/markdown' }));
    const over = new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true });
    const drop = new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true });
    document.querySelector('.form')!.dispatchEvent(over);
    document.querySelector('.form')!.dispatchEvent(drop);
    return over.defaultPrevented && drop.defaultPrevented;
  });
  expect(prevented).toBe(true);
  await expect(editor.control('HOTFIX_COUNT')).toHaveValue('2');
});

test('the outline shows per-section and overall progress, and jumps to a section', { tag: '@phone' }, async ({ editor, page }) => {
  await editor.open(/GA Day After-Action/);
  const outline = page.getByRole('navigation', { name: 'Sections' });
  const canary = outline.getByRole('button', { name: /^Canary Metrics/ });
  await expect(canary).toContainText('0 / 6 filled');
  await expect(page.locator('.progress')).toHaveText('0 / 185 filled');
  await editor.control('CANARY_DURATION_MINUTES').fill('30');
  await editor.control('CANARY_TRAFFIC_PERCENT').fill('10');
  await expect(canary).toContainText('2 / 6 filled');
  await expect(page.locator('.progress')).toHaveText('2 / 185 filled');
  await outline.getByRole('button', { name: /^H\. Runbook References/ }).click();
  await expect(page.locator('.form').getByRole('heading', { name: 'H. Runbook References' })).toBeInViewport();
  await expect(editor.control('INSERT_RUNBOOK_REFERENCES')).toBeInViewport();
});

test('without requestIdleCallback (Safari) the preview, the panels and the rest of the form still come', { tag: '@phone' }, async ({ editor, page }) => {
  await page.addInitScript(() => {
    delete (window as { requestIdleCallback?: unknown }).requestIdleCallback;
    delete (Window.prototype as { requestIdleCallback?: unknown }).requestIdleCallback;
  });
  await editor.open(/Staging Deployment/);
  expect(await page.evaluate(() => 'requestIdleCallback' in window)).toBe(false);
  // Made after the first paint by the same deferred step as everywhere else.
  await expect(editor.problems).toBeAttached();
  await expect(page.locator('.outline li').first()).toBeAttached();
  // (#preview: on a phone the preview pane is hidden behind its tab, but made all the same.)
  await expect(page.locator('#preview .chunk').first()).not.toBeEmpty();
  // The remaining sections of a small report are filled in too (find-in-page sees them).
  await expect(page.locator('.form .lazy-space')).toHaveCount(0);
  await expect(editor.control('AGENTS_P95')).toBeAttached();
});
