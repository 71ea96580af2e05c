#!/usr/bin/env node
// The text font: Roboto's variable font (latin subset, from @fontsource-variable/roboto) with its weight axis cut
// to the weights the app uses, 400 to 700. The package's axis runs from 100 to 900; the cut drops the data for the
// thin and black ends, which no style asks for: 33 kB instead of 43 kB on every kiosk's first load.
//
//   node scripts/text-font.mjs    writes src/fonts/roboto-latin-wght-400-700.woff2 (the build hashes it into media/)
//                                 (needs Python's fontTools: apt install python3-fonttools python3-brotli)
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SOURCE = join(ROOT, 'node_modules/@fontsource-variable/roboto/files/roboto-latin-wght-normal.woff2');
const FONT = join(ROOT, 'src/fonts/roboto-latin-wght-400-700.woff2');

const CUT = `
import sys
from fontTools.ttLib import TTFont
from fontTools.varLib import instancer
font = instancer.instantiateVariableFont(TTFont(sys.argv[1]), {"wght": (400, 700)})
font.flavor = "woff2"
font.save(sys.argv[2])
`;

const python = ['/usr/bin/python3', 'python3'].find((bin) => spawnSync(bin, ['-c', 'import fontTools, brotli']).status === 0);
if (!python) {
  console.error('Python with fontTools and brotli is needed: apt install python3-fonttools python3-brotli');
  process.exit(1);
}
const cut = spawnSync(python, ['-c', CUT, SOURCE, FONT], { stdio: 'inherit' });
if (cut.status !== 0) process.exit(cut.status ?? 1);
console.log(`Wrote ${FONT}`);
