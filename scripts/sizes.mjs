// Sizes of shipped files as they travel: raw, gzip -9 and brotli (quality 11). Used by the
// size budget (scripts/check-size.mjs) and the benchmark (bench/run.mjs).
import { readdirSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

/** The shipped files the budget covers in a build folder: the wasm, scripts, stylesheets. */
export function shipped(dir) {
  return readdirSync(dir)
    .filter((f) => /\.(wasm|js|css)$/.test(f))
    .sort();
}

export function measure(bytes) {
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }).length,
  };
}
