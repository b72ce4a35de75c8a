// custom-elements.json against the source it describes: the manifest users' editors and tools
// read must name every tag, event (typed), CSS part and --cm-* property the components use, and
// only paths the package ships.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './support/consumer-project.js';

interface Named {
  name: string;
  type?: { text: string };
}
interface Declaration {
  name: string;
  tagName?: string;
  events?: Named[];
  cssParts?: Named[];
  cssProperties?: Named[];
}
interface Manifest {
  modules: {
    path: string;
    declarations?: Declaration[];
    exports?: { kind: string; name: string; declaration: { name: string; module?: string } }[];
  }[];
}

const elementsRoot = join(repoRoot, 'packages/elements');
const manifest = JSON.parse(
  readFileSync(join(elementsRoot, 'custom-elements.json'), 'utf8'),
) as Manifest;
const shipped = (
  JSON.parse(readFileSync(join(elementsRoot, 'package.json'), 'utf8')) as { files: string[] }
).files;

/** The component source files (tests and the script-tag entry aside). */
function sourceFiles(dir = join(elementsRoot, 'src')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.includes('.test.') ? [path] : [];
  });
}
const sources = sourceFiles();
const tags = manifest.modules.flatMap((module) =>
  (module.declarations ?? [])
    .filter((declaration) => declaration.tagName)
    .map((declaration) => ({ module: module.path, declaration })),
);
/** The files of a component's folder (`src/contact-form/*.ts` for dist/contact-form/contact-form.js). */
const folderOf = (modulePath: string) =>
  join(elementsRoot, 'src', relative('dist', dirname(modulePath)));
const filesOf = (modulePath: string) =>
  sources.filter((file) => dirname(file) === folderOf(modulePath));

describe('custom-elements.json', () => {
  it('declares every tag the source registers, each with a custom-element-definition export', () => {
    // Tags named in a class's JSDoc, in `customElements.define('…'`, or in define()'s `['tag', Class]` lists.
    const registered = new Set(
      sources.flatMap((file) =>
        [
          ...readFileSync(file, 'utf8').matchAll(
            /@customElement ([a-z-]+)|\.define\('([a-z-]+)'|\['([a-z]+-[a-z-]+)', [A-Z]\w+\]/g,
          ),
        ].map((match) => (match[1] ?? match[2] ?? match[3])!),
      ),
    );
    const declared = new Set(tags.map((tag) => tag.declaration.tagName));
    const defined = new Set(
      manifest.modules.flatMap((module) =>
        (module.exports ?? [])
          .filter((entry) => entry.kind === 'custom-element-definition')
          .map((entry) => entry.name),
      ),
    );
    expect([...registered].sort()).toEqual([...declared].sort());
    expect([...defined].sort()).toEqual([...declared].sort());
  });

  it('names only module paths that exist in the package and are shipped', () => {
    const paths = new Set<string>();
    const collect = (value: unknown, key = ''): void => {
      if (typeof value === 'string' && (key === 'path' || key === 'module')) paths.add(value);
      else if (Array.isArray(value)) value.forEach((entry) => collect(entry));
      else if (value && typeof value === 'object')
        Object.entries(value).forEach(([name, entry]) => collect(entry, name));
    };
    collect(manifest);
    for (const path of paths) {
      expect(path, `${path} is shipped`).toMatch(new RegExp(`^(${shipped.join('|')})/`));
      expect(existsSync(join(elementsRoot, path)), `${path} exists after the build`).toBe(true);
    }
  });

  it('types every event, the public ones as ContactsManagerEventMap says, and lists every event a component dispatches', () => {
    const eventMap = new Map(
      [
        ...readFileSync(join(elementsRoot, 'src/events.ts'), 'utf8').matchAll(
          /'(contacts-[a-z-]+)': (CustomEvent<\w+>);/g,
        ),
      ].map((match) => [match[1]!, match[2]!]),
    );
    // The events the product promises (product.md): the map was read, and none is missing from it.
    expect([...eventMap.keys()].sort()).toEqual(
      expect.arrayContaining([
        'contacts-before-delete',
        'contacts-created',
        'contacts-deleted',
        'contacts-error',
        'contacts-import-complete',
        'contacts-updated',
      ]),
    );
    for (const { module, declaration } of tags) {
      const events = declaration.events ?? [];
      for (const event of events) {
        expect(event.type?.text, `${declaration.tagName} ${event.name} has a type`).toMatch(
          /^CustomEvent/,
        );
        if (eventMap.has(event.name)) expect(event.type?.text).toBe(eventMap.get(event.name));
      }
      const dispatched = filesOf(module).flatMap((file) =>
        [
          ...readFileSync(file, 'utf8').matchAll(
            /(?:new CustomEvent(?:<\w+>)?\(|emitContactsEvent\(this, )'([a-z-]+)'/g,
          ),
        ].map((match) => match[1]!),
      );
      for (const name of dispatched)
        expect(
          events.map((event) => event.name),
          `${declaration.tagName} documents ${name}`,
        ).toContain(name);
    }
  });

  it('documents every CSS part a component renders', () => {
    for (const { module, declaration } of tags) {
      const rendered = filesOf(module).flatMap((file) =>
        [...readFileSync(file, 'utf8').matchAll(/\bpart="([a-z\s-]+)"/g)].flatMap((match) =>
          match[1]!.split(/\s+/).filter(Boolean),
        ),
      );
      const documented = (declaration.cssParts ?? []).map((part) => part.name);
      for (const part of new Set(rendered))
        expect(documented, `${declaration.tagName} documents part ${part}`).toContain(part);
    }
  });

  it('documents every --cm-* property the styles use, and nothing they do not', () => {
    const used = new Set(
      sources.flatMap((file) =>
        [...readFileSync(file, 'utf8').matchAll(/(--cm-[a-z0-9-]+)/g)].map((match) => match[1]!),
      ),
    );
    const documented = new Set(
      tags.flatMap(({ declaration }) =>
        (declaration.cssProperties ?? []).map((property) => property.name),
      ),
    );
    expect([...used].filter((name) => !documented.has(name)).sort()).toEqual([]);
    expect([...documented].filter((name) => !used.has(name)).sort()).toEqual([]);
  });

  it('knows every part and --cm-* property that docs/elements.md mentions', () => {
    const docs = readFileSync(join(repoRoot, 'docs/elements.md'), 'utf8');
    const documented = new Set(
      tags.flatMap(({ declaration }) =>
        (declaration.cssProperties ?? []).map((property) => property.name),
      ),
    );
    for (const name of new Set(docs.match(/--cm-[a-z0-9-]+/g) ?? []))
      expect(documented, `${name} from docs/elements.md`).toContain(name);
    const parts = new Set(
      tags.flatMap(({ declaration }) => (declaration.cssParts ?? []).map((part) => part.name)),
    );
    for (const [, name] of docs.matchAll(/::part\(([a-z-]+)\)/g))
      expect(parts, `part ${name} from docs/elements.md`).toContain(name);
  });
});
