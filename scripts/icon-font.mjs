#!/usr/bin/env node
// The icon font, cut down to the icons the app uses. Material Symbols whole is a 4 MB variable font, more than ten
// times the rest of a kiosk's first load; the app shows about fifty icons at one weight, fill and grade.
//
//   node scripts/icon-font.mjs           writes public/fonts/material-symbols-outlined.woff2, and the names it holds
//                                        to scripts/icon-font-names.json
//                                        (needs Python's fontTools: apt install python3-fonttools python3-brotli)
//   node scripts/icon-font.mjs --check   exits 1 naming any icon the app uses that the font does not hold
//
// An icon is a ligature: the font turns the letters of its name into its glyph. The cut keeps the letters, the
// icons' glyphs and the ligatures between them, pinned at the package's defaults (weight 400, no fill, grade 0,
// optical size 24) so no variation data is shipped.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SOURCE = join(ROOT, 'node_modules/material-symbols/material-symbols-outlined.woff2');
export const FONT = join(ROOT, 'public/fonts/material-symbols-outlined.woff2');
export const NAMES = join(ROOT, 'scripts/icon-font-names.json');

function* sourceFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (/\.(ts|html)$/.test(entry.name) && !entry.name.endsWith('.spec.ts') && !path.includes('/generated/')) yield path;
  }
}

const quoted = (text) => [...text.matchAll(/'([a-z0-9_]+)'/g)].map((m) => m[1]);
/** The quoted names a binding can show: the branches of its conditions, not what it compares with. */
const shown = (binding) => [...binding.matchAll(/[?:]\s*'([a-z0-9_]+)'/g)].map((m) => m[1]);

/** The icon names the app's code shows: in icon spans (text or quoted in the binding), `icon:` fields and `*_ICONS` tables. */
export function iconNamesUsed(dir = join(ROOT, 'src/app')) {
  const names = new Set();
  for (const file of sourceFiles(dir)) {
    const text = readFileSync(file, 'utf8');
    for (const [, body] of text.matchAll(/material-symbols-outlined[^>]*>([^<]*)</g)) {
      const literal = /^\s*([a-z0-9_]+)\s*$/.exec(body);
      if (literal) names.add(literal[1]);
      else for (const name of shown(body)) names.add(name);
    }
    for (const [, name] of text.matchAll(/\bicon: '([a-z0-9_]+)'/g)) names.add(name);
    for (const [, table] of text.matchAll(/_ICONS\b[^=]*=\s*\{([^}]*)\}/g)) for (const name of quoted(table)) names.add(name);
  }
  return [...names].sort();
}

const CUT = String.raw`
import sys, json
from fontTools.ttLib import TTFont
from fontTools.varLib import instancer
from fontTools import subset
source, target, names = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
font = TTFont(source)
cmap = font.getBestCmap()
# An icon's name is a ligature of its letters; older names are ligatures too, onto the renamed icon's glyph.
ligatures = {}
for lookup in font['GSUB'].table.LookupList.Lookup:
    for table in lookup.SubTable:
        table = getattr(table, 'ExtSubTable', table)
        for first, entries in getattr(table, 'ligatures', {}).items():
            for entry in entries:
                ligatures[(first,) + tuple(entry.Component)] = entry.LigGlyph
glyphs = {name: ligatures.get(tuple(cmap.get(ord(c)) for c in name)) for name in names}
missing = [name for name, glyph in glyphs.items() if glyph is None]
if missing:
    sys.exit('not in Material Symbols: ' + ', '.join(missing))
font = instancer.instantiateVariableFont(font, {'FILL': 0, 'GRAD': 0, 'opsz': 24, 'wght': 400})
options = subset.Options()
options.layout_closure = False
options.layout_features = ['*']
options.flavor = 'woff2'
options.notdef_outline = True
options.name_IDs = ['*']
subsetter = subset.Subsetter(options)
letters = [ord(c) for c in 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_ ']
subsetter.populate(glyphs=sorted(set(glyphs.values())), unicodes=letters)
subsetter.subset(font)
font.flavor = 'woff2'
font.save(target)
`;

const names = iconNamesUsed();
if (process.argv.includes('--check')) {
  const held = new Set(JSON.parse(readFileSync(NAMES, 'utf8')));
  const missing = names.filter((name) => !held.has(name));
  if (missing.length) {
    console.error(`The icon font lacks ${missing.join(', ')}: run node scripts/icon-font.mjs`);
    process.exit(1);
  }
  console.log(`The icon font holds all ${names.length} icons the app uses.`);
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const python = ['/usr/bin/python3', 'python3'].find((bin) => spawnSync(bin, ['-c', 'import fontTools, brotli']).status === 0);
  if (!python) {
    console.error('Python with fontTools and brotli is needed: apt install python3-fonttools python3-brotli');
    process.exit(1);
  }
  const cut = spawnSync(python, ['-c', CUT, SOURCE, FONT, JSON.stringify(names)], { stdio: 'inherit' });
  if (cut.status !== 0) process.exit(cut.status ?? 1);
  writeFileSync(NAMES, `${JSON.stringify(names, null, 1)}\n`);
  console.log(`${FONT}: ${names.length} icons, ${readFileSync(FONT).length} bytes`);
}
