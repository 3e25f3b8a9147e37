import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from '@playwright/test';
import { test, expect, type EditorPage } from './fixtures/editor-page';
import { report } from './fixtures/cli';
import { collapse, corpus, missing, trap, unsafeNodes, visibleText, type Payload } from './fixtures/xss';

// Every payload of tests/fixtures/xss/payloads.txt through every door of the page: the
// template text, a field value, a grid cell, a draft file, a share link, and the standalone
// HTML export opened on its own. Nothing may run (no dialog, `pwned` untouched), nothing may
// load (the health fixture fails on any request to another origin, any failed request and
// any CSP violation), the rendered DOM holds only the renderer's elements, and the payload
// stays visible as text.

const PAYLOADS = corpus();
const TITLE = "XSS doors <img src=x onerror=alert('title')>";
const DRAFT_NAME = "<img src=x onerror=alert('name')> draft";
const LEAD = "<script>alert('lead')</script> lead";
const pad = (i: number): string => String(i).padStart(2, '0');
const oneLine = (p: Payload): string => collapse(p.text);

/** The template of the value doors: per payload a block, an inline field and a link, then a grid. */
function doorsTemplate(): string {
  const blocks = PAYLOADS.map((_, i) => `{{P_${pad(i)}}}`).join('\n\n');
  const inline = PAYLOADS.map((_, i) => `Inline ${pad(i)}: {I_${pad(i)}} end.`).join('\n\n');
  const links = PAYLOADS.map((_, i) => `See [dest-${pad(i)}]({U_${pad(i)}}).`).join('\n\n');
  return `# ${TITLE}\n\n## Blocks\n\n${blocks}\n\n## Inline\n\n${inline}\n\n## Links\n\n${links}\n\n## Grid\n\n| Payload | Name |\n|---|---|\n{{INSERT_XSS_ROWS}}\n`;
}

/** VALUES.json for the doors template: each payload in every field. */
function doorsValues(): Record<string, unknown> {
  const v: Record<string, unknown> = {};
  PAYLOADS.forEach((p, i) => {
    v[`P_${pad(i)}`] = p.text;
    v[`I_${pad(i)}`] = oneLine(p);
    v[`U_${pad(i)}`] = p.text.split('\n')[0];
  });
  v.INSERT_XSS_ROWS = PAYLOADS.map((p) => [oneLine(p), p.name]);
  return v;
}

/** The preview under the heading `name`: its chunk and those after it up to the next `h2`
 * (a block placeholder standing alone is a chunk of its own). */
async function chunkText(page: Page, name: string): Promise<string> {
  await page.locator('#preview .chunk').evaluateAll((els, name) => {
    let inside = false;
    for (const el of els) {
      // A section's chunk starts with its heading; a block value's chunk with its anchor.
      const first = el.firstElementChild;
      if (first?.tagName === 'H2') inside = first.textContent === name;
      el.toggleAttribute('data-under', inside);
    }
  }, name);
  return visibleText(page.locator('#preview .chunk[data-under]'));
}

/** Nothing ran, the preview DOM is clean, and every payload is visible as text in each door. */
async function expectDoorsSafe(page: Page, executed: () => Promise<unknown>): Promise<void> {
  await expect(page.locator('.editor h1').first()).toHaveText(TITLE);
  // Every chunk rendered (a chunk not made yet holds its place with a min-height).
  await expect(page.locator('#preview .chunk[style*="min-height"]')).toHaveCount(0);
  expect(await unsafeNodes(page, '#preview .chunk')).toEqual([]);
  const blocks = await chunkText(page, "Blocks");
  expect(missing(blocks, PAYLOADS.flatMap((p) => p.shows))).toEqual([]);
  for (const section of ['Inline', 'Grid']) {
    expect(missing(await chunkText(page, section), PAYLOADS.map((p) => p.name)), section).toEqual([]);
  }
  const links = await chunkText(page, 'Links');
  expect(missing(links, PAYLOADS.map((_, i) => `dest-${pad(i)}`))).toEqual([]);
  expect(await executed()).toEqual({ pwned: 0, dialogs: [] });
}

async function openPasted(page: Page, source: string): Promise<void> {
  await page.goto('/');
  // Set at once: typing 20 KB key by key would take minutes.
  await page.getByLabel('Paste a template').evaluate((el, text) => {
    (el as HTMLTextAreaElement).value = text;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, source);
  await page.getByRole('button', { name: 'Open pasted template' }).click();
  const anyway = page.getByRole('button', { name: 'Open anyway' });
  await expect(page.locator('.editor').or(anyway)).toBeVisible();
  if (await anyway.isVisible()) await anyway.click();
  await expect(page.locator('.editor')).toBeVisible();
}

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'report-xss-'));
}

/** A draft file of the doors template with every payload filled, made by the CLI. */
function draftFile(dir: string): { template: string; values: string; file: string } {
  const template = join(dir, 'doors.md');
  const values = join(dir, 'values.json');
  const file = join(dir, 'doors.draft.json');
  writeFileSync(template, doorsTemplate());
  writeFileSync(values, JSON.stringify(doorsValues()));
  report(['draft', template, '--values', values, '-o', file, '--name', DRAFT_NAME, '--lead', LEAD]);
  return { template, values, file };
}

test.describe('the XSS corpus', () => {
  test.skip(({ isMobile }) => isMobile, 'desktop only: the doors are the same on a phone');
  test.setTimeout(180_000);

  test('through the template text: nothing runs, the text shows', async ({ editor, page }) => {
    expect(PAYLOADS.length).toBeGreaterThanOrEqual(50);
    const executed = await trap(page);
    const source = `# ${TITLE}\n\n${PAYLOADS.map((p) => p.text).join('\n\n')}\n\nSigned: {XSS_NAME}\n`;
    await openPasted(page, source);
    await editor.control('XSS_NAME').fill("<svg onload=alert('value')>");
    await expect(editor.preview).toContainText("Signed: <svg onload=alert('value')>");
    expect(await unsafeNodes(page, '#preview .chunk')).toEqual([]);
    const text = await visibleText(page.locator('#preview .chunk'));
    expect(missing(text, PAYLOADS.flatMap((p) => p.shows))).toEqual([]);
    expect(await executed()).toEqual({ pwned: 0, dialogs: [] });
    // The library and the drafts list show the hostile title as text too.
    await page.getByRole('button', { name: '← Drafts' }).click();
    await expect(page.getByRole('list', { name: 'Your templates' })).toContainText(TITLE);
    await expect(page.getByRole('list', { name: 'Your drafts' })).toContainText(TITLE);
    expect(await executed()).toEqual({ pwned: 0, dialogs: [] });
  });

  test('typed into fields, link fields and grid cells: nothing runs, the text shows', async ({ editor, page }) => {
    const executed = await trap(page);
    await openPasted(page, doorsTemplate());
    const values = doorsValues();
    for (let i = 0; i < PAYLOADS.length; i++) {
      for (const f of [`P_${pad(i)}`, `I_${pad(i)}`, `U_${pad(i)}`]) await editor.control(f).fill(values[f] as string);
    }
    const grid = editor.control('INSERT_XSS_ROWS');
    const rows = values.INSERT_XSS_ROWS as string[][];
    while ((await grid.locator('tbody tr').count()) < rows.length) {
      await grid.getByRole('button', { name: 'Add row' }).click();
    }
    for (const [r, row] of rows.entries()) {
      const inputs = grid.locator('tbody tr').nth(r).locator('input');
      for (const [c, cell] of row.entries()) await inputs.nth(c).fill(cell);
    }
    await expect(editor.preview).toContainText(PAYLOADS[PAYLOADS.length - 1].name);
    await expectDoorsSafe(page, executed);
  });

  test('in a draft file and a share link, and the standalone HTML export opened on its own', async ({ editor, page, browser, baseURL }) => {
    const executed = await trap(page);
    const dir = scratch();
    const { template, values, file } = draftFile(dir);

    // The draft file: the panel shows its hostile name and lead as text.
    await page.goto('/');
    await page.locator('#open-draft-file').setInputFiles(file);
    const panel = page.getByRole('heading', { name: /^Shared draft:/ });
    await expect(panel).toContainText(DRAFT_NAME);
    await expect(page.locator('.incoming')).toContainText(LEAD);
    expect(await executed()).toEqual({ pwned: 0, dialogs: [] });
    await page.getByRole('button', { name: 'Import as a new draft' }).click();
    await expect(page.locator('.editor')).toBeVisible();
    await expectDoorsSafe(page, executed);

    // The standalone HTML, downloaded and opened from disk in a browser of its own.
    const html = await editor.download(() => editor.exportMenu('Download HTML'));
    const path = join(dir, html.name);
    writeFileSync(path, html.text);
    await expectStandaloneSafe(browser, path);

    // The share link, opened in the address bar.
    const link = report(['link', template, '--values', values, '--base-url', `${baseURL}/`, '--name', DRAFT_NAME, '--lead', LEAD]).trim();
    await page.goto(link);
    await expect(page.getByRole('heading', { name: /^Shared draft:/ })).toContainText(DRAFT_NAME);
    await page.getByRole('button', { name: 'Import as a new draft' }).click();
    await expect(page.locator('.editor')).toBeVisible();
    await expectDoorsSafe(page, executed);
    expect(readFileSync(file, 'utf8')).toContain('report-editor/shared-draft');
  });
});

/** Records the directives of CSP violations in the page; read them with `violations`. */
async function watchViolations(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { violations: string[] };
    w.violations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.violations.push(e.violatedDirective));
  });
}

function violations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { violations: string[] }).violations);
}

/** Opens the exported file via file://: nothing runs, nothing but the file loads, the text shows. */
async function expectStandaloneSafe(browser: import('@playwright/test').Browser, path: string): Promise<void> {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const executed = await trap(page);
  await watchViolations(page);
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  const url = pathToFileURL(path).href;
  await page.goto(url);
  await expect(page.locator('article.report h1').first()).toHaveText(TITLE);
  expect(await page.title()).toBe(TITLE);
  expect(await unsafeNodes(page, 'article.report')).toEqual([]);
  const text = await visibleText(page.locator('article.report'));
  expect(missing(text, PAYLOADS.flatMap((p) => p.shows))).toEqual([]);
  expect(missing(text, PAYLOADS.map((p) => p.name))).toEqual([]);
  expect(await executed()).toEqual({ pwned: 0, dialogs: [] });
  expect(await violations(page)).toEqual([]);
  expect(requests).toEqual([url]);
  await ctx.close();
}

test.describe('the Content-Security-Policy', () => {
  test.skip(({ isMobile }) => isMobile, 'desktop only');

  for (const [build, file] of [['dist/', 'dist/index.html'], ['the one-file build', 'dist-single/report-editor.html']]) {
    test(`of ${build} blocks inline scripts, handlers and javascript: URLs (test-only page)`, async ({ browser, baseURL }) => {
      // The policy exactly as the build ships it, on a page made only for this test.
      const shipped = readFileSync(file, 'utf8');
      const meta = shipped.match(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/);
      expect(meta, `${file} has a CSP meta tag`).not.toBeNull();
      const ctx = await browser.newContext();
      const page = await ctx.newPage();
      const executed = await trap(page);
      await watchViolations(page);
      const url = `${baseURL}/__csp_test__.html`;
      await page.route(url, (route) => route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="${meta![1]}"></head>
<body><p id="ready">CSP test</p>
<script>window.pwned = 1; alert('inline script');</script>
<img src="data:," onerror="window.pwned = 2">
<a id="js" href="javascript:window.pwned=3">javascript: link</a>
<iframe srcdoc="<script>parent.pwned = 4</script>"></iframe>
</body></html>`,
      }));
      await page.goto(url);
      await expect(page.locator('#ready')).toBeVisible();
      await page.locator('#js').click();
      await expect.poll(async () => (await violations(page)).length).toBeGreaterThanOrEqual(3);
      const seen = await violations(page);
      expect(seen).toContain('script-src-elem');
      expect(seen).toContain('script-src-attr');
      expect(await executed()).toEqual({ pwned: 0, dialogs: [] });
      // The DOM check the corpus tests rely on sees every one of these elements.
      const found = (await unsafeNodes(page, 'body')).join('\n');
      for (const bad of ['<script>', '<img onerror>', '<a href="javascript:window.pwned=3"> (javascript:)', '<iframe>']) {
        expect(found).toContain(bad);
      }
      await ctx.close();
    });
  }
});
