// Post-build step, run by scripts/post-build.mjs after bundle-css.mjs: writes the service
// worker's asset list and version into the staged sw.js, from the files this build
// produced (never a hand-kept list).
import { readdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('TRUNK_STAGING_DIR is not set (run by Trunk as a post_build hook)');
const files = readdirSync(dir)
  .filter((f) => f !== 'sw.js' && statSync(join(dir, f)).isFile())
  .sort();
const hash = createHash('sha256');
for (const f of files) hash.update(f).update(readFileSync(join(dir, f)));
const version = hash.digest('hex').slice(0, 16);
const assets = ['./', ...files.map((f) => `./${f}`)];
const sw = join(dir, 'sw.js');
const text = readFileSync(sw, 'utf8').replace('"__VERSION__"', JSON.stringify(version)).replace('__ASSETS__', JSON.stringify(assets));
writeFileSync(sw, text);
console.error(`sw.js: version ${version}, ${assets.length} assets`);
