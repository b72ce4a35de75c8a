let loading: Promise<void> | null = null;

/** Loads and registers the detail pane's elements once (a no-op when `define()` registered them already). */
export function loadDetailElements(): Promise<void> {
  loading ??= import('../detail-elements.js').then((module) => module.defineDetailElements());
  return loading;
}
