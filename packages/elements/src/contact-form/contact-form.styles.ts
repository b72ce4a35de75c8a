import { css } from 'lit';

export const contactFormStyles = css`
  :host {
    display: block;
  }
  form {
    max-width: 36rem;
  }
  .legend {
    margin: 0 0 1rem;
    color: var(--cm-color-text-muted);
    font-size: var(--cm-font-size-small);
  }
  fieldset {
    margin: 0 0 1rem;
    padding: 0;
    border: 0;
  }
  legend {
    padding: 0;
    margin-block-end: 0.375rem;
    font-weight: 600;
  }
  .lists {
    display: flex;
    flex-wrap: wrap;
    gap: 0.375rem 1rem;
  }
  .opt-out {
    margin-block-end: 1rem;
    padding: 0.75rem;
    border: 1px solid var(--cm-color-border);
    border-radius: var(--cm-radius);
    background: var(--cm-color-surface);
  }
  .opt-out.locked {
    background: var(--cm-color-warning-bg);
    border-color: transparent;
    color: var(--cm-color-warning-text);
  }
  .opt-out.locked .help {
    color: inherit;
  }
  .opt-out p {
    margin: 0.375rem 0 0;
  }
  /* The primary buttons stay on screen however long the form: a footer stuck to the pane's bottom. */
  .actions {
    position: sticky;
    inset-block-end: 0;
    z-index: 1;
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
    margin-inline: -0.5rem;
    padding: 0.75rem 0.5rem;
    border-block-start: 1px solid var(--cm-color-border);
    background: var(--cm-color-bg);
  }
  .actions .form-error {
    flex: 1 0 100%;
    margin: 0;
  }
  .notice {
    margin: 0 0 1rem;
    padding: 0.625rem 0.75rem;
    border-radius: var(--cm-radius);
    background: var(--cm-color-surface);
    color: var(--cm-color-text-muted);
  }
  .form-error {
    margin: 0 0 1rem;
    padding: 0.625rem 0.75rem;
    border-radius: var(--cm-radius);
    border: 1px solid var(--cm-color-danger);
    color: var(--cm-color-danger);
    font-weight: 600;
  }
  .conflict {
    scroll-margin-block-start: 1rem;
    margin: 0 0 1rem;
    padding: 0.75rem;
    border-radius: var(--cm-radius);
    background: var(--cm-color-warning-bg);
    color: var(--cm-color-warning-text);
  }
  .conflict:focus {
    outline: 2px solid var(--cm-color-focus);
    outline-offset: 2px;
  }
  .conflict td {
    overflow-wrap: anywhere;
  }
  .conflict h3 {
    margin: 0 0 0.375rem;
    font-size: 1rem;
  }
  .conflict p {
    margin: 0 0 0.5rem;
  }
  .conflict table {
    width: 100%;
    margin-block-end: 0.75rem;
    border-collapse: collapse;
    font-size: var(--cm-font-size-small);
  }
  .conflict th,
  .conflict td {
    padding: 0.25rem 0.5rem 0.25rem 0;
    text-align: start;
    vertical-align: top;
    border-block-end: 1px solid currentColor;
  }
`;
