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
import { rjsfOpen } from './peers/rjsf.mjs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const url = args.find((a) => !a.startsWith('--')) ?? 'http://127.0.0.1:8090/';
const smoke = args.includes('--smoke');
const outArg = args.indexOf('--out');
const KEYSTROKES = smoke ? 40 : 240;
const COLD_LOADS = smoke ? 2 : 7;
const RUNS = smoke ? 3 : 20;

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--enable-precise-memory-info', '--js-flags=--expose-gc',
  ],
});

// Nearest-rank percentiles: the p95 of 20 samples is the 19th smallest, of 10 the largest.
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * p) - 1))];
// A person reads the start screen before clicking; nobody clicks within a second of it
// appearing. Ours and the peer wait the same before each timed click.
const THINK_MS = 1000;
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

/**
 * Click → the first field usable, as the page sees it: from the click (a capture listener,
 * so before the app's own handler) until a form control exists and a frame has been
 * painted with it. `click` performs the real click.
 */
async function timedOpen(page, click, whole) {
  await page.evaluate(() => {
    window.__opened = undefined;
    window.__whole = undefined;
    document.addEventListener(
      'click',
      () => {
        const t0 = performance.now();
        const painted = (key) =>
          requestAnimationFrame(() => setTimeout(() => (window[key] = performance.now() - t0), 0));
        const ready = () => document.querySelector('.form input, .form textarea');
        // The rest of the screen: the preview's first chunk and the problems panel.
        const complete = () => document.querySelector('#problems') && document.querySelector('#preview .chunk:not(:empty)');
        let opened = false;
        const check = () => {
          if (!opened && ready()) {
            opened = true;
            painted('__opened');
          }
          if (opened && complete()) {
            obs.disconnect();
            painted('__whole');
          }
        };
        const obs = new MutationObserver(check);
        obs.observe(document.body, { childList: true, subtree: true });
        check();
      },
      { capture: true, once: true },
    );
  });
  await click();
  await page.waitForFunction(() => window.__opened !== undefined && window.__whole !== undefined, null, { timeout: 120_000 });
  const [opened, all] = await page.evaluate(() => [window.__opened, window.__whole]);
  whole?.push(all);
  return opened;
}

/**
 * Fills every control of the open editor with a value of the right shape, in the page, the
 * way a person does: what is on screen, then scroll on (the form makes sections as they
 * come near, see src/editor/lazy.rs). A control already holding a value is left alone.
 */
async function fillAll(page) {
  return page.evaluate(async () => {
    const t0 = performance.now();
    const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const set = (el, v) => {
      el.value = v;
      el.dispatchEvent(new Event('input', { bubbles: true }));
    };
    const form = document.querySelector('.form');
    const fillShown = () => {
      for (const el of form.querySelectorAll('input, textarea')) {
        // Computed fields fill themselves; a person cannot type into them.
        if (el.readOnly) continue;
        if (el.type === 'checkbox') {
          if (!el.closest('.na-toggle') && !el.checked) el.click();
          continue;
        }
        if (el.value !== '') continue;
        if (el.type === 'date') set(el, '2026-11-23');
        else if (el.type === 'datetime-local') set(el, '2026-11-23T14:05');
        else if (el.type === 'url') set(el, 'https://ci.example.test/run/1');
        else if (el.tagName === 'TEXTAREA') set(el, 'Notes line one.\n\n- point one\n- point two');
        else if (el.inputMode === 'numeric') set(el, '42');
        else if (el.inputMode === 'decimal') set(el, '85');
        else set(el, 'value');
      }
    };
    form.scrollTop = 0;
    await frame();
    for (;;) {
      fillShown();
      if (form.scrollTop + form.clientHeight >= form.scrollHeight - 1) break;
      form.scrollTop += form.clientHeight * 0.9;
      await frame();
    }
    form.scrollTop = 0;
    // Until the page has caught up and painted.
    await frame();
    return performance.now() - t0;
  });
}

/**
 * Types `count` characters in all, into each of `names` in turn (a share each, as a person
 * fills one field and then the next), timing each from the input event until the preview
 * shows the character (a mutation observer on the whole preview). A field is scrolled to
 * first, so the form makes its section.
 */
async function keystrokes(page, names, count) {
  return page.evaluate(async ({ names, count }) => {
    const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const form = document.querySelector('.form');
    const preview = document.querySelector('#preview');
    const reveal = async (name) => {
      const find = () => form.querySelector(`[name="${name}"]`);
      if (!find()) {
        form.scrollTop = 0;
        await frame();
        while (!find() && form.scrollTop + form.clientHeight < form.scrollHeight - 1) {
          form.scrollTop += form.clientHeight * 0.9;
          await frame();
        }
      }
      const input = find();
      if (!input) throw new Error(`no control named ${name}`);
      input.scrollIntoView({ block: 'center' });
      input.focus();
      await frame();
      await frame();
      return input;
    };
    const dom = [];
    const frameTimes = [];
    const each = Math.max(1, Math.floor(count / names.length));
    for (const name of names) {
      const input = await reveal(name);
      const i = input.closest('[data-field-index]').dataset.fieldIndex;
      const chunk = preview.querySelector(`[data-anchor="${i}"]`)?.closest('.chunk');
      if (!chunk) throw new Error(`${name} is not shown in the preview`);
      for (let k = 0; k < each; k++) {
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
          obs.observe(preview, { childList: true, subtree: true, characterData: true });
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
        frameTimes.push(t2 - t0);
        await new Promise((r) => setTimeout(r, 8));
      }
    }
    return { dom, frame: frameTimes };
  }, { names, count });
}

/**
 * The peer's keystroke, as its preview works: markdown-it renders the whole filled text and
 * the preview's HTML is replaced with it, in this page, timed until the page has it.
 */
async function peerKeystrokes(page, sourceExpr, count) {
  return page.evaluate(({ sourceExpr, count }) => {
    const src = new Function('app', `return ${sourceExpr}`)(window.__app);
    let md = window.__app.bench_filled_markdown(src);
    const mdit = window.markdownit({ html: false, linkify: false });
    const host = document.createElement('div');
    host.className = 'report';
    document.body.append(host);
    const times = [];
    for (let k = 0; k < count; k++) {
      md += 'abcdefghij'[k % 10];
      const t0 = performance.now();
      host.innerHTML = mdit.render(md);
      void host.textContent.length;
      times.push(performance.now() - t0);
    }
    host.remove();
    return times;
  }, { sourceExpr, count });
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

/**
 * Opens a template `opens` times, each in a fresh browser context (a new tab's renderer: its
 * fonts, style and compiled code start cold, as when a person opens the app), after the
 * same pause as the peer's. Returns the times and the last context, still open.
 */
async function timedOpens({ prepare, click, opens, storage }) {
  const times = [];
  const warm = [];
  const whole = [];
  let ctx;
  let page;
  for (let k = 0; k < opens; k++) {
    await ctx?.close();
    ({ ctx, page } = await openPage({ storage }));
    await prepare(page);
    await page.waitForTimeout(THINK_MS);
    times.push(await timedOpen(page, () => click(page), whole));
    // The editor made out of sight while the start screen waited (src/editor/warm.rs).
    warm.push(...(await page.evaluate(() => performance.getEntriesByName('warm-up').map((e) => e.duration))));
  }
  return { ctx, page, times, whole, warm };
}

/**
 * One template. `prepare(page)` readies a freshly loaded start screen (e.g. pastes the
 * template) and `click(page)` opens it; opening is timed `opens` times (`timedOpens`).
 * Then, on the last one: memory, filling every field, engine times, keystrokes (ours and
 * the peer's), memory again.
 */
async function scenario({ prepare = async () => {}, click, sourceExpr, typeInto, opens = RUNS, storage = true, keys = KEYSTROKES }) {
  log('opening', sourceExpr, opens, 'times');
  const { ctx, page, times, whole, warm } = await timedOpens({ prepare, click, opens, storage });
  // The form first; the preview and the problems panel follow when the page is next idle.
  const r = {
    click_to_form_usable_ms: summary(times),
    click_to_form_usable_runs_ms: times.map((t) => Math.round(t * 10) / 10),
    click_to_preview_and_panels_ms: summary(whole),
    start_screen_warm_up_ms: summary(warm),
  };
  log('click → form usable', JSON.stringify(r.click_to_form_usable_ms), 'preview and panels', JSON.stringify(r.click_to_preview_and_panels_ms));
  await page.waitForTimeout(1000);
  r.memory_after_opening = await memory(page);
  r.fill_all_fields_ms = Math.round(await fillAll(page));
  // What the person's page holds once every field is filled: before the benchmark's own
  // engine runs below (whole-template parses and renders the app never does) add their
  // high-water mark to the same wasm memory.
  r.memory_after_filling = await memory(page);
  log('filled in', r.fill_all_fields_ms, 'ms; memory', JSON.stringify(r.memory_after_filling), '; timing the engine');
  Object.assign(r, await engineTimes(page, sourceExpr));
  const names = typeof typeInto === 'function' ? await page.evaluate(typeInto) : typeInto;
  r.typed_into = names;
  log('typing into', names.length, 'fields');
  await page.evaluate(() => performance.clearMeasures('autosave'));
  const { dom, frame } = await keystrokes(page, names, keys);
  // Saves that ran while typing (User Timing measures the app records around each save).
  const saves = await page.evaluate(() => performance.getEntriesByName('autosave').map((e) => e.duration));
  r.autosave_during_typing = { saves: saves.length, ...(saves.length ? { duration_ms: summary(saves) } : {}) };
  r.keystroke_to_preview_ms = summary(dom);
  r.keystroke_to_next_frame_ms = summary(frame);
  r.peer_markdown_it_keystroke_ms = summary(await peerKeystrokes(page, sourceExpr, Math.min(keys, 60)));
  r.ratio_keystroke_p95_to_peer_p95 = Math.round((r.keystroke_to_preview_ms.p95 / r.peer_markdown_it_keystroke_ms.p95) * 1000) / 1000;
  r.memory_after_typing_and_engine_runs = await memory(page);
  await ctx.close();
  return r;
}

const clickBuiltin = (title) => (page) => page.getByRole('button', { name: title }).click();

/** Pastes a generated template of `n` placeholders into the start screen's text box. */
const pasteGenerated = (n) => async (page) => {
  await page.evaluate(async (n) => {
    const app = await import(document.querySelector('script[data-glue]').dataset.glue);
    // Set the text in one go: Playwright's fill() of 138 KB takes ~20 s by itself.
    const el = document.querySelector('#template-paste');
    el.value = app.bench_generated_template(n);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, n);
};
const clickOpenPasted = (page) => page.getByRole('button', { name: 'Open pasted template' }).click();

// The staging report's single-line fields a person types into (every other one, in order):
// "any inline field", table cells included.
const stagingInline = () =>
  [...document.querySelectorAll('.form input[name]')]
    .filter((e) => !e.readOnly && e.type === 'text')
    .map((e) => e.name)
    .filter((_, k) => k % 2 === 0);

result.staging = await scenario({
  click: clickBuiltin(/Staging Deployment/),
  sourceExpr: "app.bench_builtin_source('staging-deployment-report')",
  typeInto: ['DEPLOYED_BY', 'AGENTS_P95', 'STAGING_CLUSTER_SIZE', 'KNOWN_ISSUES'],
});

// The peer, on the same fields in the same run: react-jsonschema-form, click → first input
// painted (no preview at all), as many opens as ours.
{
  const dist = process.env.BENCH_DIST ?? 'dist-bench';
  const fields = JSON.parse(readFileSync(join(process.cwd(), dist, 'peers/staging-fields.json'), 'utf8'));
  const peer = await rjsfOpen(browser, url, fields, RUNS, THINK_MS);
  const theirs = summary(peer.runs);
  result.staging_peer_rjsf = { fields: peer.fields, inputs: peer.inputs, click_to_form_usable_ms: theirs };
  const ratio = (a, b) => Math.round((a / b) * 100) / 100;
  const ours = result.staging;
  ours.ratio_peer_p95_to_ours_p95 = ratio(theirs.p95, ours.click_to_form_usable_ms.p95);
  ours.ratio_peer_p50_to_ours_p50 = ratio(theirs.p50, ours.click_to_form_usable_ms.p50);
  // rjsf's first input comes with all its 424 at once; ours with the first screen, the
  // preview and panels a moment later. Both end points, side by side.
  ours.ratio_peer_p95_to_ours_preview_and_panels_p95 = ratio(theirs.p95, ours.click_to_preview_and_panels_ms.p95);
  log('rjsf peer', JSON.stringify(result.staging_peer_rjsf), 'ours', JSON.stringify(result.staging.click_to_form_usable_ms));
}

// The GA report: a built-in the start screen's warm-up does not make (it makes the first,
// staging), so its open shows what warming with another template leaves.
{
  const { ctx, times, whole } = await timedOpens({
    prepare: async () => {},
    click: clickBuiltin(/GA Day After-Action/),
    opens: smoke ? 2 : 10,
    storage: true,
  });
  result.ga_open = { click_to_form_usable_ms: summary(times), click_to_preview_and_panels_ms: summary(whole) };
  log('GA click → form usable', JSON.stringify(result.ga_open.click_to_form_usable_ms));
  await ctx.close();
}

// Every other inline field of the staging report, a few keystrokes each.
result.staging_inline_fields = await scenario({
  click: clickBuiltin(/Staging Deployment/),
  sourceExpr: "app.bench_builtin_source('staging-deployment-report')",
  typeInto: stagingInline,
  opens: 1,
  keys: smoke ? 40 : 400,
});

// The same typing with autosave off (no storage): latency should not differ.
result.staging_autosave_off = await scenario({
  click: clickBuiltin(/Staging Deployment/),
  sourceExpr: "app.bench_builtin_source('staging-deployment-report')",
  typeInto: ['DEPLOYED_BY', 'AGENTS_P95', 'STAGING_CLUSTER_SIZE', 'KNOWN_ISSUES'],
  opens: 1,
  storage: false,
});

result.generated_5000 = await scenario({
  prepare: pasteGenerated(5000),
  click: clickOpenPasted,
  sourceExpr: 'app.bench_generated_template(5000)',
  typeInto: ['F2561_VALUE', 'F2520_SUMMARY', 'F4999_VALUE'],
  opens: smoke ? 2 : 10,
});

// 20,000 placeholders: opening and memory (filling 20,000 fields by scrolling is left to
// the 5,000 case).
{
  const { ctx, page, times, whole, warm } = await timedOpens({
    prepare: pasteGenerated(20000),
    click: clickOpenPasted,
    opens: smoke ? 1 : 5,
    storage: true,
  });
  await page.waitForTimeout(1000);
  const src = await page.evaluate(() => window.__app.bench_generated_template(20000));
  result.generated_20000 = {
    source_bytes: src.length,
    parse_ms: await page.evaluate((src) => window.__app.bench_parse_ms(src, 3), src),
    click_to_form_usable_ms: summary(times),
    click_to_preview_and_panels_ms: summary(whole),
    start_screen_warm_up_ms: summary(warm),
    memory_after_opening: await memory(page),
  };
  log('20,000 placeholders', JSON.stringify(result.generated_20000));
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
