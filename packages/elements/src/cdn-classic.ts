// The classic script-tag build (`<script src=".../contacts-manager.iife.js">`, no `type="module"`):
// a few hundred bytes that load the module build next to it (`contacts-manager.js`, the same entry
// and the same lazy chunks) with a dynamic `import()`, which classic scripts may use in every
// browser that has custom elements. So a classic page fetches what a module page fetches, the CSV
// worker included, and nothing is inlined or evaluated from a string (strict CSP: script-src 'self').
// Exposed as `window.ContactsManager.ready`: the module's exports once the tags are registered.

/** The module build's entry, found next to this script wherever it is hosted. */
function moduleUrl(): string {
  const script =
    (document.currentScript as HTMLScriptElement | null) ??
    [...document.querySelectorAll<HTMLScriptElement>('script[src]')].find((element) =>
      /contacts-manager\.iife\.js(?:[?#]|$)/.test(element.src),
    ) ??
    null;
  return new URL('contacts-manager.js', script?.src ?? document.baseURI).href;
}

/** Resolves with the module build's exports (`define`, `ContactsManagerElement`, …) once it has loaded. */
export const ready: Promise<typeof import('./cdn.js')> = import(/* @vite-ignore */ moduleUrl());
