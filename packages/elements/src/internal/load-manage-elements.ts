let loading: Promise<void> | null = null;

/** Loads and registers the lists, export and bulk dialogs once. */
export function loadManageElements(): Promise<void> {
  loading ??= import('../manage-elements.js').then((module) => module.defineManageElements());
  return loading;
}
