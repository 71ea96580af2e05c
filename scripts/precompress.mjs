#!/usr/bin/env node
// Post-build step of `npm run build`, after build-sw.mjs: writes a Brotli (quality 11) and a gzip (level 9) copy next
// to each built text file, which the server sends to a browser that accepts them (server/src/http/app-shell.ts).
// Compressing once at the highest levels makes a TV's first load about 14 % smaller than compressing each answer on
// the fly (Brotli 4), and costs the server nothing per request.
//   node scripts/precompress.mjs [BUILT_BROWSER_DIR]   (default dist/rtd-wallboard/browser)
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** Text the server serves as a file; index.html is not among them (it gets a fresh CSP nonce per answer). */
const TEXT = /\.(?:js|mjs|css|svg|json|webmanifest|txt)$/;
/** Below this, headers outweigh what compression saves. */
const MIN_BYTES = 1024;

/** Writes `file.br` and `file.gz` beside each text file of `dir` (recursively); returns how many and the bytes. */
export function precompress(dir) {
  let files = 0;
  let raw = 0;
  let brotli = 0;
  const walk = (folder) => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (TEXT.test(name)) {
        const body = readFileSync(path);
        if (body.length < MIN_BYTES) continue;
        const br = brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } });
        writeFileSync(`${path}.br`, br);
        writeFileSync(`${path}.gz`, gzipSync(body, { level: 9 }));
        files++;
        raw += body.length;
        brotli += br.length;
      }
    }
  };
  walk(dir);
  return { files, raw, brotli };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const dist = resolve(root, process.argv[2] ?? 'dist/rtd-wallboard/browser');
  if (!existsSync(join(dist, 'index.html'))) {
    console.error(`precompress: no index.html in ${dist}: run ng build first.`);
    process.exit(3);
  }
  const { files, raw, brotli } = precompress(dist);
  console.log(`precompress: ${files} files, ${(raw / 1024).toFixed(0)} KiB → ${(brotli / 1024).toFixed(0)} KiB Brotli (and gzip beside)`);
}
