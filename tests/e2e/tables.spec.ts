import { test, expect } from './fixtures/editor-page';
import { fillDraft } from './fixtures/cli';
import type { Locator } from '@playwright/test';

const STAGING = 'staging-deployment-report';

/** Pastes `text` into `input` as a spreadsheet's clipboard would. */
async function paste(input: Locator, text: string): Promise<void> {
  await input.focus();
  await input.evaluate((el, text) => {
    const data = new DataTransfer();
    data.setData('text/plain', text);
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

test.describe('tables of placeholders', () => {
  test('the load-test table is filled as a table, by typing along rows and pasting a block, and downloads as the CLI fills it', { tag: '@phone' }, async ({ editor, page }) => {
    await editor.open(/Staging Deployment/);
    const table = page.getByRole('table', { name: '4.1 API Load Testing: table' });
    await expect(table).toBeVisible();
    // Fixed cells are text; each input is named by its row, its column and its unit.
    await expect(table.getByRole('rowheader', { name: 'GET /api/v1/agents' })).toBeVisible();
    const p95 = table.getByRole('textbox', { name: 'GET /api/v1/agents, p95, ms' });
    await expect(p95).toHaveAttribute('name', 'AGENTS_P95');
    await expect(table.getByRole('row', { name: /GET \/api\/v1\/agents/ })).toContainText('ms');

    // Row one by keyboard: Tab walks along the row.
    await table.getByRole('textbox', { name: 'GET /api/v1/agents, Requests' }).fill('544');
    for (const v of ['27', '43', '49', '0.00']) {
      await page.keyboard.press('Tab');
      await page.keyboard.type(v);
    }
    await expect(p95).toHaveValue('43');
    await expect(table.getByRole('textbox', { name: 'GET /api/v1/agents, Error Rate, %' })).toBeFocused();
    // Enter goes down the column.
    await page.keyboard.press('Enter');
    await expect(table.getByRole('textbox', { name: 'POST /api/v1/evaluations, Error Rate, %' })).toBeFocused();
    // Computed status, from the p95 against the target beside it.
    await expect(editor.control('AGENTS_STATUS')).toHaveValue('✅ Pass');

    // Two rows pasted from a spreadsheet into the first cell of row two: one undo step.
    await paste(table.getByRole('textbox', { name: 'POST /api/v1/evaluations, Requests' }), '610\t31\t48\t55\t0.10\n702\t22\t39\t41\t0.00\n');
    await expect(page.locator('.app-notice')).toContainText('Pasted 10 values into the table.');
    await expect(editor.control('METRICS_P99')).toHaveValue('41');
    await page.keyboard.press('Control+z');
    await expect(editor.control('EVAL_REQUESTS')).toHaveValue('');
    await expect(editor.control('METRICS_P99')).toHaveValue('');
    await page.keyboard.press('Control+Shift+z');
    await expect(editor.control('METRICS_P99')).toHaveValue('41');
    // The WebSocket row's fixed dashes take nothing.
    await paste(table.getByRole('textbox', { name: 'WebSocket /ws, Requests' }), '250\t-\t-\t-\t0.4');
    await expect(page.locator('.app-notice')).toContainText('Pasted 2 values into the table. 3 cells left out');
    await expect(editor.control('WS_ERROR')).toHaveValue('0.4');

    const values = {
      AGENTS_REQUESTS: '544', AGENTS_P50: '27', AGENTS_P95: '43', AGENTS_P99: '49', AGENTS_ERROR: '0.00',
      EVAL_REQUESTS: '610', EVAL_P50: '31', EVAL_P95: '48', EVAL_P99: '55', EVAL_ERROR: '0.10',
      METRICS_REQUESTS: '702', METRICS_P50: '22', METRICS_P95: '39', METRICS_P99: '41', METRICS_ERROR: '0.00',
      WS_CONNECTIONS: '250', WS_ERROR: '0.4',
    };
    const { text } = await editor.download(() => editor.exportMenu('Download draft (.md)'));
    expect(text).toBe(fillDraft(STAGING, values));
    expect(text).toContain('| GET /api/v1/agents | 544 | 27ms | 43ms | 49ms | 0.00% | <150ms p95 | ✅ Pass |');
  });

  test('a cell shows its error, a row can be marked N/A, and a computed cell can be overridden', async ({ editor, page }) => {
    await editor.open(/Staging Deployment/);
    const table = page.getByRole('table', { name: '4.1 API Load Testing: table' });
    const p95 = table.getByRole('textbox', { name: 'GET /api/v1/agents, p95, ms' });
    await p95.fill('fast');
    await page.keyboard.press('Tab');
    await expect(p95).toHaveAttribute('aria-invalid', 'true');
    const described = await p95.getAttribute('aria-describedby');
    await expect(page.locator(`#${described}`)).toContainText('must be a number');
    await p95.fill('120');
    await expect(p95).not.toHaveAttribute('aria-invalid', 'true');

    await table.getByRole('checkbox', { name: 'WebSocket /ws: not applicable' }).check();
    await expect(editor.control('WS_CONNECTIONS')).toBeDisabled();
    await expect(editor.control('WS_ERROR')).toBeDisabled();
    // The row's N/A box is one step: one undo clears the whole row, one redo marks it again.
    await page.keyboard.press('Control+z');
    await expect(editor.control('WS_CONNECTIONS')).toBeEnabled();
    await expect(editor.control('WS_ERROR')).toBeEnabled();
    await page.keyboard.press('Control+Shift+z');
    await expect(editor.control('WS_CONNECTIONS')).toBeDisabled();
    await expect(editor.control('WS_ERROR')).toBeDisabled();

    const status = editor.control('AGENTS_STATUS');
    await expect(status).toHaveAttribute('readonly', '');
    await table.getByRole('button', { name: 'Override: GET /api/v1/agents, Status' }).click();
    await expect(status).toBeFocused();
    await status.fill('⚠️ Watch');
    await expect(editor.preview).toContainText('⚠️ Watch');
    await table.getByRole('button', { name: 'Reset to computed: GET /api/v1/agents, Status' }).click();
    await expect(status).toHaveValue('✅ Pass');
  });

  test('a table wider than the form pane scrolls sideways with its row names in view, and a focused cell is never under them', async ({ editor, page, isMobile }) => {
    test.skip(isMobile, 'on a phone each row is a card and nothing scrolls sideways');
    await page.setViewportSize({ width: 1280, height: 800 });
    await editor.open(/Staging Deployment/);
    const table = page.getByRole('table', { name: '4.1 API Load Testing: table' });
    const scroller = page.locator('.form-table-scroll', { has: table });
    await editor.control('AGENTS_STATUS').focus();
    expect(await scroller.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
    // Back along the row: each cell, as it gets focus, sits clear of the row's name, which
    // stays at the pane's left edge.
    for (let k = 0; k < 5; k++) {
      await page.keyboard.press('Shift+Tab');
      const place = await page.evaluate(() => {
        const input = document.activeElement as HTMLElement;
        const name = input.closest('tr')!.querySelector('th')!;
        const box = input.closest('.form-table-scroll')!.getBoundingClientRect();
        return {
          cell: input.getAttribute('aria-label') ?? input.getAttribute('name'),
          clear: input.getBoundingClientRect().left >= name.getBoundingClientRect().right - 1,
          nameAtEdge: Math.abs(name.getBoundingClientRect().left - box.left) <= 1,
        };
      });
      expect(place, JSON.stringify(place)).toMatchObject({ clear: true, nameAtEdge: true });
    }
    await expect(editor.control('AGENTS_REQUESTS')).toBeFocused();
    // The preview's table (made when a field of it got focus) keeps each placeholder whole,
    // on one line, and scrolls sideways rather than breaking words letter by letter.
    const mark = editor.preview.locator('mark', { hasText: '{AGENTS_REQUESTS}' });
    await expect(mark).toBeVisible();
    expect(await mark.evaluate((el) => el.getClientRects().length)).toBe(1);
    const previewTable = editor.preview.locator('table', { has: page.locator('mark', { hasText: '{AGENTS_REQUESTS}' }) });
    expect(await previewTable.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
  });
});
