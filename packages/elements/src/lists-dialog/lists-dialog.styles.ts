import { css } from 'lit';

export const listsDialogStyles = css`
  :host {
    display: contents;
  }
  .create {
    display: grid;
    gap: 0.25rem;
    margin-block-end: 0.75rem;
  }
  .create label {
    font-weight: 600;
  }
  .create-row,
  .rename {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  .create-row .input,
  .rename .input {
    flex: 1 1 10rem;
    width: auto;
    min-width: 0;
  }
  .lists {
    display: grid;
    gap: 0;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .lists li {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
    padding-block: 0.5rem;
    border-block-end: 1px solid var(--cm-color-border);
  }
  .list-name {
    flex: 1 1 8rem;
    min-width: 0;
    overflow-wrap: anywhere;
  }
  .list-name .name {
    font-weight: 600;
  }
  .list-name .count {
    color: var(--cm-color-text-muted);
    font-size: var(--cm-font-size-small);
  }
  .row-actions {
    display: flex;
    gap: 0.375rem;
  }
  .rename {
    flex: 1 1 100%;
  }
  .confirm {
    flex: 1 1 100%;
    display: grid;
    gap: 0.5rem;
    padding: 0.625rem;
    border: 1px solid var(--cm-color-danger);
    border-radius: var(--cm-radius);
  }
  .confirm p,
  .empty {
    margin: 0;
  }
  .error {
    margin-block-end: 0.5rem;
  }
  @media (max-width: 480px) {
    .button {
      min-height: 2.75rem;
    }
  }
`;
