// Post-build step, run first by scripts/post-build.mjs: the stylesheets (one per screen or
// component in style/, each linked from index.html) ship as one file, so a cold load asks
// for one stylesheet, not seventeen. Their order is the order of the links; the bundle
// keeps Trunk's hashed name pattern and its integrity attribute.
import { readFileSync, writeFileSync, unlinkSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('TRUNK_STAGING_DIR is not set (run by Trunk as a post_build hook)');
const indexPath = join(dir, 'index.html');
const html = readFileSync(indexPath, 'utf8');
const link = /<link rel="stylesheet" href="\.\/([^"]+\.css)"[^>]*>\n?/g;
const links = [...html.matchAll(link)];
if (links.length === 0) throw new Error('bundle-css: no stylesheet links in the staged index.html');
const css = links.map(([, file]) => readFileSync(join(dir, file), 'utf8').trimEnd() + '\n').join('\n');
const name = `app-${createHash('sha256').update(css).digest('hex').slice(0, 16)}.css`;
const integrity = `sha384-${createHash('sha384').update(css).digest('base64')}`;
writeFileSync(join(dir, name), css);
for (const [, file] of links) unlinkSync(join(dir, file));
let first = true;
const out = html.replace(link, () => {
  if (!first) return '';
  first = false;
  return `<link rel="stylesheet" href="./${name}" integrity="${integrity}"/>\n`;
});
writeFileSync(indexPath, out);
console.error(`bundle-css: ${links.length} stylesheets → ${name} (${css.length} bytes)`);
