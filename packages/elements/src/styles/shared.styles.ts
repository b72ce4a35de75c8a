import { css } from 'lit';

/** Box sizing, fonts and the hidden-but-spoken helper every component shares. */
export const baseStyles = css`
  :host {
    box-sizing: border-box;
    font-family: var(--cm-font-family);
    font-size: var(--cm-font-size);
    color: var(--cm-color-text);
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  [hidden] {
    display: none !important;
  }
  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
  :focus-visible {
    outline: 2px solid var(--cm-color-focus);
    outline-offset: 2px;
  }
`;

/** Buttons: `.button` (neutral), `.button.primary`, `.button.danger`, `.button.quiet`, `.button.icon`. */
export const buttonStyles = css`
  .button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 0.375rem;
    min-height: 2.25rem;
    padding: 0 0.875rem;
    border: 1px solid var(--cm-color-border);
    border-radius: var(--cm-radius);
    background: var(--cm-color-surface-raised);
    color: var(--cm-color-text);
    font: inherit;
    font-weight: 600;
    line-height: 1;
    cursor: pointer;
    white-space: nowrap;
  }
  .button:hover:not(:disabled) {
    background: var(--cm-color-surface);
  }
  .button:disabled {
    cursor: not-allowed;
    opacity: 0.6;
  }
  .button.primary {
    background: var(--cm-color-accent);
    border-color: var(--cm-color-accent);
    color: var(--cm-color-on-accent);
  }
  .button.primary:hover:not(:disabled) {
    background: var(--cm-color-accent-hover);
  }
  .button.danger {
    background: var(--cm-color-danger);
    border-color: var(--cm-color-danger);
    color: var(--cm-color-on-danger);
  }
  .button.danger:hover:not(:disabled) {
    background: var(--cm-color-danger-hover);
  }
  .button.quiet {
    background: transparent;
    border-color: transparent;
  }
  .button.icon {
    padding: 0;
    width: 2.25rem;
  }
  .button svg {
    width: 1.125rem;
    height: 1.125rem;
    fill: currentColor;
  }
  /* Touch targets of at least 44 px when the widget is narrow (a phone, a sidebar). */
  @container cm-shell (max-width: 639.98px) {
    .button {
      min-height: 2.75rem;
    }
    .button.icon {
      width: 2.75rem;
    }
  }
  .link {
    padding: 0;
    border: 0;
    background: none;
    color: var(--cm-color-accent);
    font: inherit;
    text-decoration: underline;
    cursor: pointer;
  }
`;

/** Form fields: label, required mark, help, inline error. */
export const fieldStyles = css`
  .field {
    display: grid;
    gap: 0.25rem;
    margin-block-end: 1rem;
  }
  .field label,
  .label {
    font-weight: 600;
  }
  .required-mark {
    color: var(--cm-color-danger);
    margin-inline-start: 0.125rem;
  }
  .input,
  .select {
    width: 100%;
    min-height: 2.25rem;
    padding: 0.375rem 0.625rem;
    border: 1px solid var(--cm-color-border);
    border-radius: var(--cm-radius);
    background: var(--cm-color-bg);
    color: var(--cm-color-text);
    font: inherit;
  }
  .input[aria-invalid='true'] {
    border-color: var(--cm-color-danger);
  }
  .input:disabled,
  .select:disabled {
    background: var(--cm-color-surface);
    color: var(--cm-color-text-muted);
  }
  .help {
    margin: 0;
    color: var(--cm-color-text-muted);
    font-size: var(--cm-font-size-small);
  }
  .error {
    margin: 0;
    color: var(--cm-color-danger);
    font-size: var(--cm-font-size-small);
    font-weight: 600;
  }
  .checkbox {
    display: flex;
    align-items: center;
    gap: 0.5rem;
  }
  .checkbox input {
    width: 1.125rem;
    height: 1.125rem;
    accent-color: var(--cm-color-accent);
  }
  @container cm-shell (max-width: 639.98px) {
    .input,
    .select {
      min-height: 2.75rem;
    }
    .checkbox {
      min-height: 2.75rem;
    }
  }
`;

/** Native `<dialog>` modals (W2's import and settings dialogs use the same look). */
export const dialogStyles = css`
  /* Fits a small screen: never wider or taller than the viewport; the body scrolls between a fixed
     header and footer. */
  dialog {
    width: min(32rem, calc(100vw - 1rem));
    max-width: calc(100vw - 1rem);
    max-height: calc(100dvh - 1rem);
    padding: 0;
    border: 1px solid var(--cm-color-border);
    border-radius: calc(var(--cm-radius) * 2);
    background: var(--cm-color-surface-raised);
    color: var(--cm-color-text);
    box-shadow: var(--cm-shadow);
    font-family: var(--cm-font-family);
    font-size: var(--cm-font-size);
  }
  dialog[open] {
    display: flex;
    flex-direction: column;
  }
  dialog::backdrop {
    background: rgb(15 18 22 / 55%);
  }
  .dialog-header {
    padding: 1rem 1.25rem 0;
  }
  .dialog-header h2 {
    margin: 0;
    font-size: 1.125rem;
  }
  .dialog-header,
  .dialog-footer {
    flex: none;
  }
  .dialog-body {
    flex: 1 1 auto;
    min-height: 0;
    padding: 0.75rem 1.25rem;
    overflow: auto;
    overflow-wrap: anywhere;
  }
  .dialog-footer {
    display: flex;
    flex-wrap: wrap;
    justify-content: flex-end;
    gap: 0.5rem;
    padding: 0.75rem 1.25rem 1rem;
  }
  @media (max-width: 480px) {
    .dialog-header {
      padding: 0.75rem 0.875rem 0;
    }
    .dialog-body {
      padding: 0.625rem 0.875rem;
    }
    .dialog-footer {
      padding: 0.625rem 0.875rem 0.75rem;
    }
    .dialog-footer .button {
      flex: 1 1 auto;
      min-height: 2.75rem;
    }
  }
`;
