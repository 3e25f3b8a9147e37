// Browser benchmark of the release build: keystroke → preview latency, parse and
// fill+render times, cold load, sizes and memory, with markdown-it as the baseline.
// Prints one JSON summary and writes it under bench/results/. Asserts nothing.
//
//   node bench/run.mjs URL [--smoke] [--out FILE]
//
// scripts/bench.sh builds dist-bench/ (the release build plus the `bench` cargo feature's
// wasm exports, src/bench.rs), serves it on 127.0.0.1 and runs this. BENCH_DIST names the
// served folder (default dist-bench); its sizes are reported, bench exports included.

import { chromium } from 'playwright-core';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { measure, shipped } from '../scripts/sizes.mjs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const url = args.find((a) => !a.startsWith('--')) ?? 'http://127.0.0.1:8090/';
const smoke = args.includes('--smoke');
const outArg = args.indexOf('--out');
const KEYSTROKES = smoke ? 40 : 240;
const COLD_LOADS = smoke ? 2 : 7;
const RUNS = smoke ? 3 : 15;

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--enable-precise-memory-info', '--js-flags=--expose-gc',
  ],
});

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))];
const summary = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const r = (x) => Math.round(x * 1000) / 1000;
  return { n: s.length, p50: r(pct(s, 0.5)), p95: r(pct(s, 0.95)), p99: r(pct(s, 0.99)), max: r(s[s.length - 1]) };
};

// ---- cold load: navigation start → the start screen's buttons exist (a fresh context each time)
async function coldLoad() {
  const times = [];
  for (let i = 0; i < COLD_LOADS; i++) {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.addInitScript(() => {
      new MutationObserver((_, obs) => {
        if (document.querySelector('.template-open')) {
          window.__interactive = performance.now();
          obs.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    });
    await page.goto(url);
    await page.waitForFunction(() => window.__interactive !== undefined);
    times.push(await page.evaluate(() => window.__interactive));
    await ctx.close();
  }
  return summary(times);
}

// ---- helpers that run in the page
async function openPage({ storage = true } = {}) {
  const ctx = await browser.newContext({ bypassCSP: true, viewport: { width: 1440, height: 900 } });
  const page = await ctx.newPage();
  if (!storage) {
    // Autosave off: the app finds no storage and keeps the draft in memory only.
    await page.addInitScript(() => {
      Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('blocked', 'SecurityError'); } });
    });
  }
  await page.goto(url);
  await page.waitForSelector('.template-open');
  await page.addScriptTag({ path: join(process.cwd(), 'node_modules/markdown-it/dist/browser/markdown-it.umd.min.js') });
  await page.evaluate(async () => {
    window.__app = await import(document.querySelector('script[data-glue]').dataset.glue);
  });
  return { ctx, page };
}

/** Fills every control of the open editor with a value of the right shape, in the page. */
async function fillAll(page) {
  return page.evaluate(async () => {
    const t0 = performance.now();
    const set = (el, v) => {
      el.value = v;
      el.dispatchEvent(new Event('input', { bubbles: true }));
    };
    for (const el of document.querySelectorAll('.form input, .form textarea')) {
      // Computed fields fill themselves; a person cannot type into them.
      if (el.readOnly) continue;
      if (el.type === 'checkbox') {
        if (!el.closest('.na-toggle') && !el.checked) el.click();
      } else if (el.type === 'date') set(el, '2026-11-23');
      else if (el.type === 'datetime-local') set(el, '2026-11-23T14:05');
      else if (el.type === 'url') set(el, 'https://ci.example.test/run/1');
      else if (el.tagName === 'TEXTAREA') set(el, 'Notes line one.\n\n- point one\n- point two');
      else if (el.inputMode === 'numeric') set(el, '42');
      else if (el.inputMode === 'decimal') set(el, '85');
      else set(el, 'value');
    }
    // Until the page has caught up and painted.
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    return performance.now() - t0;
  });
}

/** Types `count` characters, cycling over `names`, timing each until the preview shows it. */
async function keystrokes(page, names, count) {
  return page.evaluate(async ({ names, count }) => {
    const targets = names.map((name) => {
      const input = document.querySelector(`.form [name="${name}"]`);
      const i = input.closest('[data-field-index]').dataset.fieldIndex;
      const chunk = document.querySelector(`#preview [data-anchor="${i}"]`).closest('.chunk');
      return { input, chunk };
    });
    const dom = [];
    const frame = [];
    for (let k = 0; k < count; k++) {
      const { input, chunk } = targets[k % targets.length];
      const ch = input.inputMode === 'decimal' || input.inputMode === 'numeric' ? String(k % 10) : 'abcdefghij'[k % 10];
      const expected = input.value + ch;
      const tail = expected.split('\n').pop().replace(/^[\s>#*+-]+/, '');
      const shown = () => chunk.textContent.includes(tail);
      const t0 = performance.now();
      const seen = new Promise((resolve) => {
        if (shown()) return resolve(performance.now());
        const obs = new MutationObserver(() => {
          if (shown()) {
            obs.disconnect();
            resolve(performance.now());
          }
        });
        obs.observe(chunk, { childList: true, subtree: true, characterData: true });
        setTimeout(() => {
          obs.disconnect();
          resolve(NaN);
        }, 2000);
      });
      input.value = expected;
      input.dispatchEvent(new InputEvent('input', { bubbles: true, data: ch, inputType: 'insertText' }));
      const t1 = await seen;
      await new Promise((r) => requestAnimationFrame(() => r()));
      const t2 = performance.now();
      if (Number.isNaN(t1)) throw new Error(`preview never showed ${JSON.stringify(expected)} typed into ${input.name}`);
      dom.push(t1 - t0);
      frame.push(t2 - t0);
      await new Promise((r) => setTimeout(r, 8));
    }
    return { dom, frame };
  }, { names, count });
}

async function memory(page) {
  return page.evaluate(() => {
    window.gc?.();
    return {
      js_heap_bytes: performance.memory?.usedJSHeapSize ?? null,
      wasm_memory_bytes: window.__app.bench_wasm_memory_bytes(),
    };
  });
}

async function engineTimes(page, sourceExpr) {
  return page.evaluate(({ sourceExpr, RUNS }) => {
    const src = new Function('app', `return ${sourceExpr}`)(window.__app);
    const md = window.__app.bench_filled_markdown(src);
    const mdit = window.markdownit({ html: false, linkify: false });
    const mdTimes = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      mdit.render(md);
      mdTimes.push(performance.now() - t0);
    }
    mdTimes.sort((a, b) => a - b);
    return {
      source_bytes: src.length,
      parse_ms: window.__app.bench_parse_ms(src, RUNS),
      fill_render_ms: window.__app.bench_fill_render_ms(src, RUNS),
      markdown_it_render_ms: mdTimes[Math.floor(mdTimes.length / 2)],
    };
  }, { sourceExpr, RUNS });
}

/** What the page weighs as it travels: each shipped file raw, gzip -9 and brotli, and in all. */
function sizes() {
  const dir = process.env.BENCH_DIST ?? 'dist-bench';
  const dist = join(process.cwd(), dir);
  const total = { raw: 0, gzip: 0, brotli: 0 };
  const files = {};
  for (const f of shipped(dist)) {
    const m = measure(readFileSync(join(dist, f)));
    files[f] = m;
    for (const k of Object.keys(total)) total[k] += m[k];
  }
  const pick = (re) => {
    const f = Object.keys(files).find((n) => re.test(n));
    return { file: f, ...files[f] };
  };
  return { dir, wasm: pick(/_bg\.wasm$/), js_glue: pick(/^report-editor-[0-9a-f]+\.js$/), files, total };
}

const result = { when: new Date().toISOString(), smoke, url, sizes: sizes() };
result.cold_load_to_interactive_ms = await coldLoad();
console.error('[bench] cold load', JSON.stringify(result.cold_load_to_interactive_ms));

/** One template: open it, fill every field, time keystrokes, engine work and memory. */
const log = (...m) => console.error('[bench]', ...m);

async function scenario(open, sourceExpr, typeInto, { storage = true } = {}) {
  const { ctx, page } = await openPage({ storage });
  log('opening', sourceExpr);
  const t0 = Date.now();
  await open(page);
  await page.waitForSelector('.editor .form');
  const r = { open_editor_ms: Date.now() - t0 };
  log('opened in', r.open_editor_ms, 'ms; filling every field');
  r.fill_all_fields_ms = Math.round(await fillAll(page));
  log('filled in', r.fill_all_fields_ms, 'ms; timing the engine');
  Object.assign(r, await engineTimes(page, sourceExpr));
  const names = typeof typeInto === 'function' ? await page.evaluate(typeInto) : typeInto;
  r.typed_into = names;
  log('typing into', names.join(', '));
  await page.evaluate(() => performance.clearMeasures('autosave'));
  const { dom, frame } = await keystrokes(page, names, KEYSTROKES);
  // Saves that ran while typing (User Timing measures the app records around each save).
  const saves = await page.evaluate(() => performance.getEntriesByName('autosave').map((e) => e.duration));
  r.autosave_during_typing = { saves: saves.length, ...(saves.length ? { duration_ms: summary(saves) } : {}) };
  r.keystroke_to_preview_ms = summary(dom);
  r.keystroke_to_next_frame_ms = summary(frame);
  r.ratio_keystroke_p50_to_markdown_it = Math.round((r.keystroke_to_preview_ms.p50 / r.markdown_it_render_ms) * 1000) / 1000;
  r.ratio_keystroke_p95_to_markdown_it = Math.round((r.keystroke_to_preview_ms.p95 / r.markdown_it_render_ms) * 1000) / 1000;
  r.memory_after_filling = await memory(page);
  await ctx.close();
  return r;
}

result.staging = await scenario(
  (page) => page.getByRole('button', { name: /Staging Deployment/ }).click(),
  "app.bench_builtin_source('staging-deployment-report')",
  ['DEPLOYED_BY', 'AGENTS_P95', 'STAGING_CLUSTER_SIZE', 'KNOWN_ISSUES'],
);

// The same typing with autosave off (no storage): latency should not differ.
result.staging_autosave_off = await scenario(
  (page) => page.getByRole('button', { name: /Staging Deployment/ }).click(),
  "app.bench_builtin_source('staging-deployment-report')",
  ['DEPLOYED_BY', 'AGENTS_P95', 'STAGING_CLUSTER_SIZE', 'KNOWN_ISSUES'],
  { storage: false },
);

result.generated_5000 = await scenario(
  async (page) => {
    const src = await page.evaluate(() => window.__app.bench_generated_template(5000));
    // Set the text in one go: Playwright's fill() of 138 KB takes ~20 s by itself.
    await page.evaluate((src) => {
      const el = document.querySelector('#template-paste');
      el.value = src;
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }, src);
    await page.getByRole('button', { name: 'Open pasted template' }).click();
  },
  'app.bench_generated_template(5000)',
  () => {
    const values = [...document.querySelectorAll('.form input[name$="_VALUE"]')].map((e) => e.name);
    const blocks = [...document.querySelectorAll('.form textarea[name$="_SUMMARY"]')].map((e) => e.name);
    return [values[Math.floor(values.length / 2)], blocks[Math.floor(blocks.length / 2)], values[values.length - 1]];
  },
);

// Over the 5,000-placeholder limit: how long until the refusal shows (parsing is the work
// done before it), and the parse alone. The tab must never freeze on such a template.
{
  const { ctx, page } = await openPage({ storage: true });
  const src = await page.evaluate(() => window.__app.bench_generated_template(20000));
  await page.evaluate((src) => {
    const el = document.querySelector('#template-paste');
    el.value = src;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, src);
  const t0 = Date.now();
  await page.getByRole('button', { name: 'Open pasted template' }).click();
  await page.waitForSelector('#open-status.is-error');
  result.generated_20000_refused = {
    source_bytes: src.length,
    click_to_refusal_ms: Date.now() - t0,
    parse_ms: await page.evaluate((src) => window.__app.bench_parse_ms(src, 3), src),
    message: await page.locator('#open-status').textContent(),
  };
  log('20,000 placeholders refused', JSON.stringify(result.generated_20000_refused));
  await ctx.close();
}

await browser.close();
const json = JSON.stringify(result, null, 2);
console.log(json);
const dir = join(process.cwd(), 'bench', 'results');
mkdirSync(dir, { recursive: true });
const out = outArg >= 0 ? args[outArg + 1] : join(dir, `${result.when.replace(/[:.]/g, '-')}${smoke ? '-smoke' : ''}.json`);
writeFileSync(out, json + '\n');
console.error(`wrote ${out}`);
