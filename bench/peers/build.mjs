// Builds the rjsf benchmark peer into OUTDIR/peers/: rjsf.js (one minified IIFE: React,
// @rjsf/core, the ajv8 validator and the page wiring) and rjsf.html, the page that loads it.
// Only for the benchmark's folder (scripts/bench.sh runs it on dist-bench/); never dist/.
//   node bench/peers/build.mjs OUTDIR
import { build } from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const outdir = process.argv[2];
if (!outdir) {
  console.error('usage: node bench/peers/build.mjs OUTDIR');
  process.exit(2);
}
const peers = join(outdir, 'peers');
mkdirSync(peers, { recursive: true });

await build({
  entryPoints: [join(dirname(fileURLToPath(import.meta.url)), 'rjsf-entry.jsx')],
  outfile: join(peers, 'rjsf.js'),
  bundle: true,
  minify: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2020',
  jsx: 'automatic',
  define: { 'process.env.NODE_ENV': '"production"' },
  legalComments: 'none',
  logLevel: 'warning',
});

// No inline script or style, and a policy that allows nothing but the page's own script:
// the form must mount without network, eval or inline code.
writeFileSync(
  join(peers, 'rjsf.html'),
  `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self'; base-uri 'none'; form-action 'none'">
<title>rjsf peer</title>
</head>
<body>
<button id="open">Open form</button>
<div id="root"></div>
<script src="rjsf.js"></script>
</body>
</html>
`,
);
console.error(`[peers] wrote ${peers}/rjsf.js and rjsf.html`);
