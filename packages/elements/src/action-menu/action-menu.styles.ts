import { css } from 'lit';

export const actionMenuStyles = css`
  :host {
    position: relative;
    display: inline-block;
  }
  .menu {
    position: absolute;
    inset-block-start: calc(100% + 4px);
    inset-inline-end: 0;
    z-index: 5;
    min-width: 11rem;
    margin: 0;
    padding: 0.25rem;
    border: 1px solid var(--cm-color-border);
    border-radius: var(--cm-radius);
    background: var(--cm-color-surface-raised);
    box-shadow: var(--cm-shadow);
    list-style: none;
  }
  .item {
    display: block;
    width: 100%;
    padding: 0.5rem 0.75rem;
    border: 0;
    border-radius: calc(var(--cm-radius) - 2px);
    background: none;
    color: var(--cm-color-text);
    font: inherit;
    text-align: start;
    cursor: pointer;
  }
  .item:hover,
  .item:focus {
    background: var(--cm-color-surface);
    outline: none;
  }
  .item:focus-visible {
    outline: 2px solid var(--cm-color-focus);
    outline-offset: -2px;
  }
  .item.danger {
    color: var(--cm-color-danger);
  }
  @container cm-shell (max-width: 639.98px) {
    .item {
      min-height: 2.75rem;
    }
  }
`;
