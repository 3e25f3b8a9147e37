// The size budget: the release build's WebAssembly, JavaScript and CSS, gzipped, must stay
// within the budget written in size-budget.json (the one place it is set). Prints each
// file's raw, gzip -9 and brotli (quality 11) size; exits 1 over the budget, 2 when dist/
// or the budget file is missing or unreadable.
//   node scripts/check-size.mjs [DIST]     default dist/
// SIZE_BUDGET_BYTES overrides the budget (the test layer uses it to prove the check fails).
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { measure, shipped } from './sizes.mjs';

const dist = process.argv[2] ?? 'dist';
const budgetFile = 'size-budget.json';

if (!existsSync(join(dist, 'index.html'))) {
  console.error(`check-size: no ${dist}/index.html: build first (bash scripts/build.sh)`);
  process.exit(2);
}
let budget;
try {
  budget = JSON.parse(readFileSync(budgetFile, 'utf8')).gzip_bytes;
} catch (e) {
  console.error(`check-size: cannot read ${budgetFile}: ${e.message}`);
  process.exit(2);
}
if (process.env.SIZE_BUDGET_BYTES) budget = Number(process.env.SIZE_BUDGET_BYTES);
if (!Number.isInteger(budget) || budget <= 0) {
  console.error(`check-size: ${budgetFile} must hold "gzip_bytes": a whole number of bytes`);
  process.exit(2);
}

const files = shipped(dist);
if (!files.some((f) => f.endsWith('.wasm'))) {
  console.error(`check-size: no .wasm in ${dist}/`);
  process.exit(2);
}
const total = { raw: 0, gzip: 0, brotli: 0 };
const pad = (s, n) => String(s).padStart(n);
console.log(`${'file'.padEnd(44)} ${pad('raw', 9)} ${pad('gzip', 9)} ${pad('brotli', 9)}`);
for (const f of files) {
  const m = measure(readFileSync(join(dist, f)));
  for (const k of Object.keys(total)) total[k] += m[k];
  console.log(`${f.padEnd(44)} ${pad(m.raw, 9)} ${pad(m.gzip, 9)} ${pad(m.brotli, 9)}`);
}
console.log(`${'total'.padEnd(44)} ${pad(total.raw, 9)} ${pad(total.gzip, 9)} ${pad(total.brotli, 9)}`);
const left = budget - total.gzip;
if (left < 0) {
  console.error(
    `check-size: OVER BUDGET: ${total.gzip} bytes gzipped, ${-left} over the ${budget} in ${budgetFile}. ` +
      'Make it smaller, or raise the budget there with the reason in its "history".',
  );
  process.exit(1);
}
console.log(`within the budget: ${total.gzip} of ${budget} bytes gzipped (${left} left, ${budgetFile})`);
