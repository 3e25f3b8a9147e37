// Screenshots of the editor: node /tmp/my/shot.mjs <out-prefix> <width> <height> [steps]
import { chromium } from '@playwright/test';
const [,, out, w, h, scenario] = process.argv;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
const page = await browser.newPage({ viewport: { width: +w, height: +h }, deviceScaleFactor: 1 });
await page.goto('http://127.0.0.1:8099/index.html');
await page.getByRole('button', { name: /Staging Deployment/ }).first().click();
await page.waitForSelector('.form');
const R = '/work/main/tests/fixtures/results/';
if (scenario === 'computed') {
  await page.locator('[name=API_TESTS]').fill('40');
  await page.locator('[name=API_TESTS]').blur();
  await page.locator('#f-' + await idx(page, 'API_FAILED')).scrollIntoViewIfNeeded();
  await page.evaluate(() => document.querySelector('[name=API_TESTS]').scrollIntoView());
  await page.screenshot({ path: out + '-waiting.png' });
  await page.locator('[name=API_PASSED]').fill('38');
  await page.getByRole('button', { name: 'Override: Agent failed' }).click();
  await page.locator('[name=AGENT_FAILED]').fill('1 (flaky)');
  await page.evaluate(() => document.querySelector('[name=API_TESTS]').scrollIntoView());
  await page.screenshot({ path: out + '-computed.png' });
} else if (scenario === 'import') {
  await page.locator('[name=API_TESTS]').fill('41');
  await page.locator('#import-results').setInputFiles(R + 'regression-playwright-junit.xml');
  await page.waitForSelector('.import-dialog');
  await page.screenshot({ path: out + '-dialog.png' });
  await page.getByRole('button', { name: /^Apply/ }).click();
  await page.evaluate(() => document.querySelector('[name=API_PASSED]').scrollIntoView());
  await page.screenshot({ path: out + '-applied.png' });
  await page.locator('#import-results').setInputFiles(R + 'hostile-xxe.xml');
  await page.waitForTimeout(300);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: out + '-hostile.png' });
}
async function idx(page, name) { return await page.locator(`[name=${name}]`).getAttribute('id').then((id) => id.slice(2)); }
await browser.close();
