type ManageModule = typeof import('../manage-elements.js');
let loading: Promise<ManageModule> | null = null;

/** Loads the lists, export and bulk dialogs once, registers them, and hands back the module. */
export function loadManageElements(): Promise<ManageModule> {
  loading ??= import('../manage-elements.js').then((module) => {
    module.defineManageElements();
    return module;
  });
  return loading;
}
