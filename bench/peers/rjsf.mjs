// The rjsf peer: react-jsonschema-form rendering the same fields as our editor, timed the
// way a person gets it: from the click on "Open form" until the form's first control is
// painted, observed in the page (the page is peers/rjsf.html, built by build.mjs).
//
//   import { rjsfOpen } from './peers/rjsf.mjs';
//   const r = await rjsfOpen(browser, 'http://127.0.0.1:8090/', fields, 20, 1000);
//   // → { fields, inputs, runs: [ms…] } (bench/run.mjs summarises the runs)
//
// `fields` is the array `report fields TEMPLATE --json` prints.

const NUMERIC = { integer: 'integer', number: 'number', percent: 'number', currency: 'number' };
const FORMATS = { date: 'date', datetime: 'date-time', url: 'uri' };

/** One field as a JSON Schema property, plus its uiSchema entry (or null). */
function property(f) {
  const title = f.label;
  const ui = {};
  let p;
  if (f.kind === 'checkbox') {
    p = { type: 'boolean', title };
    if (f.default != null) p.default = f.default === 'true';
  } else if (f.kind === 'table_rows') {
    // One row to start with, one text cell per column (keys kept unique).
    const properties = {};
    (f.columns ?? []).forEach((c, i) => {
      const key = c && !(c in properties) ? c : `column_${i + 1}`;
      properties[key] = { type: 'string', title: c };
    });
    p = { type: 'array', title, minItems: 1, items: { type: 'object', properties } };
  } else if (NUMERIC[f.kind]) {
    p = { type: NUMERIC[f.kind], title };
  } else {
    // text, status, digest, duration, blank, block, and the formatted strings.
    p = { type: 'string', title };
    if (FORMATS[f.kind]) p.format = FORMATS[f.kind];
    // Our editor offers a status's choices in a datalist on a text input; rjsf does the
    // same for `examples`.
    if (f.kind === 'status' && f.options?.length) p.examples = f.options;
    if (f.kind === 'block') ui['ui:widget'] = 'textarea';
    if (f.default != null) p.default = f.default;
  }
  if (f.help) p.description = f.help;
  // Our editor shows a computed field but does not let it be typed into.
  if (f.compute) ui['ui:readonly'] = true;
  return { p, ui: Object.keys(ui).length ? ui : null };
}

/** `report fields --json` output → { schema, uiSchema }: one property per field, in order. */
export function fieldsToJsonSchema(fields) {
  const properties = {};
  const uiSchema = { 'ui:order': fields.map((f) => f.name) };
  for (const f of fields) {
    const { p, ui } = property(f);
    properties[f.name] = p;
    if (ui) uiSchema[f.name] = ui;
  }
  const schema = { type: 'object', properties, required: fields.filter((f) => f.required).map((f) => f.name) };
  return { schema, uiSchema };
}

const r3 = (x) => Math.round(x * 1000) / 1000;

/**
 * Opens peers/rjsf.html `runs` times, each in a fresh context (1440×900), waits `thinkMs`
 * (as our opens do), clicks #open and reads the page's own click → first-control-painted time.
 */
export async function rjsfOpen(browser, baseUrl, fields, runs, thinkMs) {
  const { schema, uiSchema } = fieldsToJsonSchema(fields);
  const url = new URL('peers/rjsf.html', baseUrl).href;
  const times = [];
  let inputs = null;
  for (let i = 0; i < runs; i++) {
    const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    try {
      const page = await ctx.newPage();
      await page.goto(url);
      await page.evaluate(({ schema, uiSchema }) => {
        window.__schema = schema;
        window.__uiSchema = uiSchema;
      }, { schema, uiSchema });
      await page.waitForTimeout(thinkMs);
      await page.click('#open');
      await page.waitForFunction(() => window.__rjsfOpenMs !== undefined);
      times.push(await page.evaluate(() => window.__rjsfOpenMs));
      // The controls rjsf rendered (buttons aside), so a reader can see it drew every field.
      inputs = await page.evaluate(() => document.querySelectorAll('#root input, #root textarea, #root select').length);
    } finally {
      await ctx.close();
    }
  }
  return { fields: fields.length, inputs, runs: times.map(r3) };
}
