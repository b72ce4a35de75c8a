import { css } from 'lit';

export const toastRegionStyles = css`
  :host {
    position: absolute;
    inset-block-end: 1rem;
    inset-inline-end: 1rem;
    z-index: 10;
    display: block;
    pointer-events: none;
  }
  .region {
    display: grid;
    gap: 0.5rem;
    justify-items: end;
  }
  .toast {
    display: flex;
    align-items: center;
    gap: 0.75rem;
    max-width: 24rem;
    padding: 0.625rem 0.5rem 0.625rem 1rem;
    border-radius: var(--cm-radius);
    background: var(--cm-color-text);
    color: var(--cm-color-bg);
    box-shadow: var(--cm-shadow);
    pointer-events: auto;
  }
  .toast.error {
    background: var(--cm-color-danger);
    color: var(--cm-color-on-danger);
  }
  .toast .button {
    min-height: 1.75rem;
    background: transparent;
    border-color: transparent;
    color: inherit;
  }
`;
