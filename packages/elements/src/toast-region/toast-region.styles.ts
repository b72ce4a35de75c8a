import { css } from 'lit';

/** A strip of its own at the bottom of the widget: a notice never lies over a button or a field. */
export const toastRegionStyles = css`
  :host {
    display: block;
  }
  .region {
    display: grid;
    gap: 0.375rem;
  }
  .region.has-toasts {
    padding: 0.375rem 0.5rem;
    border-block-start: 1px solid var(--cm-color-border);
    background: var(--cm-color-surface);
  }
  .toast {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 0.75rem;
    min-width: 0;
    padding: 0.375rem 0.375rem 0.375rem 0.875rem;
    border-radius: var(--cm-radius);
    background: var(--cm-color-text);
    color: var(--cm-color-bg);
  }
  .toast span {
    min-width: 0;
    overflow-wrap: anywhere;
  }
  .toast.error {
    background: var(--cm-color-danger);
    color: var(--cm-color-on-danger);
  }
  .toast .button {
    flex: none;
    min-height: 2rem;
    background: transparent;
    border-color: transparent;
    color: inherit;
  }
  @container cm-shell (max-width: 639.98px) {
    .toast .button {
      min-height: 2.75rem;
    }
  }
`;
