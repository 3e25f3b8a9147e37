// Writes dist-single/report-editor.html: the whole app in one HTML file (CSS, the
// wasm-bindgen glue and the WebAssembly, base64) that works opened straight from disk
// (file://) and makes no request. Run after the release build (scripts/build-single.sh).
//
// The page's CSP allows exactly its own inline style and script blocks by SHA-256 hash, plus
// 'wasm-unsafe-eval'; default-src is 'none', so nothing can be fetched at all.

import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';

const dist = process.argv[2] ?? 'dist';
const outDir = process.argv[3] ?? 'dist-single';
const index = readFileSync(join(dist, 'index.html'), 'utf8');

const attr = (re, what) => {
  const m = index.match(re);
  if (!m) throw new Error(`dist/index.html: no ${what}`);
  return m[1];
};
const glueName = attr(/data-glue="\/?([^"]+)"/, 'glue script');
const wasmName = attr(/data-wasm="\/?([^"]+)"/, 'wasm module');
const cssNames = [...index.matchAll(/<link rel="stylesheet" href="\/?([^"]+\.css)"/g)].map((m) => m[1]);
if (cssNames.length === 0) throw new Error('dist/index.html: no stylesheets');

const glue = readFileSync(join(dist, glueName), 'utf8');
const wasm = readFileSync(join(dist, wasmName));
const styles = cssNames.map((n) => readFileSync(join(dist, n), 'utf8'));

// The app starts the same way as web/boot.js, from the embedded bytes.
const script = `${glue}
try {
  const b64 = ${JSON.stringify(wasm.toString('base64'))};
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  await __wbg_init({ module_or_path: bytes });
} catch (error) {
  console.error("report editor failed to start", error);
  const p = document.createElement("p");
  p.className = "boot-error";
  p.setAttribute("role", "alert");
  p.textContent = "The report editor could not start. Reload the page to try again.";
  document.body.append(p);
}
`;
for (const [what, text] of [['script', script], ...styles.map((s) => ['style', s])]) {
  if (new RegExp(`</${what}`, 'i').test(text)) throw new Error(`an inlined ${what} contains </${what}`);
}
const hash = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
const csp = [
  "default-src 'none'",
  `script-src ${hash(script)} 'wasm-unsafe-eval'`,
  `style-src ${styles.map(hash).join(' ')}`,
  "img-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const html = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta http-equiv="Content-Security-Policy" content="${csp}" />
    <meta name="color-scheme" content="light dark" />
    <title>Report editor</title>
${styles.map((s) => `<style>${s}</style>`).join('\n')}
<script type="module">${script}</script>
  </head>
  <body>
    <noscript>
      <p class="noscript">The report editor needs JavaScript and WebAssembly.</p>
    </noscript>
  </body>
</html>
`;
mkdirSync(outDir, { recursive: true });
const out = join(outDir, 'report-editor.html');
writeFileSync(out, html);
const kb = (n) => `${Math.round(n / 1024)} KB`;
console.error(`wrote ${out}: ${kb(html.length)} raw, ${kb(gzipSync(html, { level: 9 }).length)} gzipped`);
