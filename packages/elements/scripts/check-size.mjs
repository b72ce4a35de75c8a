// The script-tag bundle's initial load must stay ≤ 60 KB gzip (quality.md): every script the page
// fetches before the first row paints. That is the entry module, every chunk it imports
// statically, and the chunks it imports dynamically on the way to the first row: the IndexedDB
// cache (read at start-up) with what it imports. Chunks loaded on a user's action or after the
// first paint (the detail pane, the dialogs, libphonenumber, other languages) do not count.
// The classic build (`contacts-manager.iife.js`) is a small loader of that same module: its initial
// load is the loader plus all of the above, under the same limit.
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const LIMIT_BYTES = 60 * 1024;
const here = dirname(fileURLToPath(import.meta.url));
const entry = resolve(here, '../dist/cdn/contacts-manager.js');

if (!existsSync(entry)) {
  console.error(`size check: ${entry} is missing; run the build first (pnpm --filter @contacts-manager/elements build).`);
  process.exit(1);
}

/** Static `import … from './x.js'` and `import './x.js'` (and `export … from`), not `import('./x.js')`. */
function staticImports(code) {
  const found = new Set();
  const pattern = /(?:^|[;\s}])(?:import|export)\s*(?:[\w*{}\s,$]*?\s*from\s*)?["'](\.{1,2}\/[^"']+)["']/g;
  for (const match of code.matchAll(pattern)) found.add(match[1]);
  return [...found];
}

/** Dynamic imports the start-up path awaits before the first row (see createLazyIndexedDbCache). */
const BEFORE_FIRST_PAINT = [/(^|\/)cache-[\w-]+\.js$/];

function dynamicImports(code) {
  return [...code.matchAll(/import\(\s*["'](\.{1,2}\/[^"']+)["']\s*\)/g)].map((match) => match[1]);
}

const seen = new Map();
function visit(file) {
  if (seen.has(file)) return;
  const code = readFileSync(file);
  seen.set(file, gzipSync(code, { level: 9 }).length);
  const text = code.toString('utf8');
  for (const specifier of staticImports(text)) visit(join(dirname(file), specifier));
  for (const specifier of dynamicImports(text))
    if (BEFORE_FIRST_PAINT.some((pattern) => pattern.test(specifier))) visit(join(dirname(file), specifier));
}
visit(entry);
if (![...seen.keys()].some((file) => BEFORE_FIRST_PAINT[0].test(file)))
  console.warn('size check: no IndexedDB cache chunk found among the dynamic imports; is the start-up path unchanged?');

const total = [...seen.values()].reduce((sum, size) => sum + size, 0);
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB gzip`;
for (const [file, size] of seen) console.log(`  ${kb(size).padStart(13)}  ${file.slice(resolve(here, '..').length + 1)}`);
const verdict = (bytes) => (bytes <= LIMIT_BYTES ? 'ok' : 'TOO BIG');
console.log(`initial script-tag load (module): ${kb(total)} (limit ${LIMIT_BYTES / 1024} KB): ${verdict(total)}`);

const classic = resolve(here, '../dist/cdn/contacts-manager.iife.js');
if (!existsSync(classic)) {
  console.error(`size check: ${classic} is missing; run the build first.`);
  process.exit(1);
}
const classicCode = readFileSync(classic, 'utf8');
// The loader must load the module entry, not carry a copy of the widget.
if (!/import\(/.test(classicCode) || !classicCode.includes('contacts-manager.js')) {
  console.error('size check: the classic script no longer loads contacts-manager.js with import(); is it a full copy again?');
  process.exit(1);
}
const loader = gzipSync(classicCode, { level: 9 }).length;
console.log(`  ${kb(loader).padStart(13)}  dist/cdn/contacts-manager.iife.js (the classic loader)`);
console.log(`initial script-tag load (classic: the loader, then the module above): ${kb(loader + total)} (limit ${LIMIT_BYTES / 1024} KB): ${verdict(loader + total)}`);
if (total > LIMIT_BYTES || loader + total > LIMIT_BYTES) process.exit(1);
