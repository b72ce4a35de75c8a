// Small helpers for tests that reach into the widget's shadow roots.
import { waitUntil } from '@open-wc/testing';

/** Follows a path of selectors, each one inside the previous match's shadow root. */
export function deepQuery<T extends Element = HTMLElement>(root: Element | Document, ...selectors: string[]): T | null {
  let current: Element | Document | ShadowRoot | null = root;
  for (const selector of selectors) {
    if (!current) return null;
    const scope: ParentNode = current instanceof Element ? (current.shadowRoot ?? current) : current;
    current = scope.querySelector(selector);
  }
  return current as T | null;
}

export function deepQueryAll<T extends Element = HTMLElement>(root: Element, ...selectors: string[]): T[] {
  const last = selectors.pop();
  if (!last) return [];
  const parent = selectors.length ? deepQuery(root, ...selectors) : root;
  const scope = parent?.shadowRoot ?? parent;
  return scope ? [...scope.querySelectorAll<T>(last)] : [];
}

/** Waits until the path matches, and returns the match. */
export async function waitFor<T extends Element = HTMLElement>(root: Element, selectors: string[], message?: string, timeout = 10_000): Promise<T> {
  await waitUntil(() => deepQuery(root, ...selectors) !== null, message ?? `Never found ${selectors.join(' » ')}`, { timeout });
  return deepQuery<T>(root, ...selectors)!;
}

/** Sets an input's value as a user would (input event), then leaves it (blur). */
export function typeInto(input: HTMLInputElement, value: string): void {
  input.focus();
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}

export function textOf(element: Element | null | undefined): string {
  return (element?.textContent ?? '').replace(/\s+/g, ' ').trim();
}
