import { css } from 'lit';

export const settingsDialogStyles = css`
  :host {
    display: contents;
  }
  .danger-zone {
    border: 1px solid var(--cm-color-danger);
    border-radius: var(--cm-radius);
    padding: 0.75rem 1rem 1rem;
  }
  .danger-zone h3 {
    margin: 0 0 0.5rem;
    font-size: 1rem;
  }
  .danger-zone p {
    margin: 0 0 0.5rem;
  }
  .warning {
    color: var(--cm-color-danger);
    font-weight: 700;
  }
  .confirm-field {
    margin-block: 0.75rem;
  }
  .confirm-field .input {
    font-family: ui-monospace, SFMono-Regular, Menlo, monospace;
    letter-spacing: 0.05em;
  }
  .progress {
    display: grid;
    gap: 0.375rem;
  }
  progress {
    width: 100%;
    height: 0.75rem;
    accent-color: var(--cm-color-danger);
  }
  .status {
    margin: 0;
  }
  .done {
    margin: 0;
    color: var(--cm-color-success);
    font-weight: 600;
  }
`;
