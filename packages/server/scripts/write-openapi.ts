// Writes docs/openapi.json from the zod contract; `--check` fails when the committed file is stale.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildOpenApiDocument } from '../src/openapi/openapi-document.js';

const target = resolve(dirname(fileURLToPath(import.meta.url)), '../../../docs/openapi.json');
const text = `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`;
const shown = relative(process.cwd(), target);

if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    // missing counts as stale
  }
  if (current !== text) {
    console.error(`${shown} is out of date with the schemas: run \`pnpm openapi\` and commit it.`);
    process.exit(1);
  }
  console.log(`${shown} is up to date.`);
} else {
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, text);
  console.log(`Wrote ${shown}.`);
}
