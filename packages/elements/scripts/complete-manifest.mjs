// Runs after `cem analyze`: makes custom-elements.json describe the published package.
// - Module paths point at the shipped `dist/*.js` files, not at `src/*.ts` (not in the tarball).
// - The `contacts-*` events carry their `detail` types from `ContactsManagerEventMap` (events.ts,
//   the one typed source of the public events); other events keep what their JSDoc says.
// - `dist/define.js` declares a `custom-element-definition` for every tag `define()` registers,
//   beside the lazily registered dialogs' own definitions.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const manifestPath = join(packageRoot, 'custom-elements.json');
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
const source = (path) => readFileSync(join(packageRoot, path), 'utf8');

/** `src/a/b.ts` (or `/src/a/b.js`) → `dist/a/b.js`, in every `path` and `module` field. */
function toDist(value, key = '') {
  if (typeof value === 'string')
    return key === 'path' || key === 'module'
      ? value.replace(/^\/?src\/(.+)\.[jt]s$/, 'dist/$1.js')
      : value;
  if (Array.isArray(value)) return value.map((entry) => toDist(entry));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([name, entry]) => [name, toDist(entry, name)]),
    );
  }
  return value;
}
const completed = toDist(manifest);

/** A re-export's `./x.js` is relative to its module: made package-relative, as the schema asks. */
function resolveRelative(value, from) {
  if (Array.isArray(value)) return value.map((entry) => resolveRelative(entry, from));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([name, entry]) => [
        name,
        name === 'module' && typeof entry === 'string' && entry.startsWith('.')
          ? posix.join(posix.dirname(from), entry)
          : resolveRelative(entry, from),
      ]),
    );
  }
  return value;
}
completed.modules = completed.modules.map((module) => resolveRelative(module, module.path));

const eventTypes = new Map(
  [...source('src/events.ts').matchAll(/'(contacts-[a-z-]+)': (CustomEvent<\w+>);/g)].map(
    ([, name, type]) => [name, type],
  ),
);
const declarations = new Map();
for (const module of completed.modules) {
  for (const declaration of module.declarations ?? []) {
    declarations.set(declaration.name, module.path);
    for (const event of declaration.events ?? []) {
      const typed = eventTypes.get(event.name);
      if (typed) event.type = { text: typed };
    }
  }
}

const registered = [
  ...source('src/shell-elements.ts').matchAll(/\['([a-z-]+)', (\w+)\]/g),
  ...source('src/detail-elements.ts').matchAll(/\['([a-z-]+)', (\w+)\]/g),
  ...source('src/manage-elements.ts').matchAll(/\['([a-z-]+)', (\w+)\]/g),
];
const defineModule = completed.modules.find((module) => module.path === 'dist/define.js');
if (!defineModule) throw new Error('custom-elements.json has no dist/define.js module');
defineModule.exports = [
  ...(defineModule.exports ?? []).filter((entry) => entry.kind !== 'custom-element-definition'),
  ...registered.map(([, tag, className]) => {
    const module = declarations.get(className);
    if (!module)
      throw new Error(`custom-elements.json does not declare ${className} (the class of <${tag}>)`);
    return {
      kind: 'custom-element-definition',
      name: tag,
      declaration: { name: className, module },
    };
  }),
];

writeFileSync(manifestPath, `${JSON.stringify(completed, null, 2)}\n`);
