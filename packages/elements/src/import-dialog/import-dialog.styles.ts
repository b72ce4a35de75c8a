import { css } from 'lit';

export const importDialogStyles = css`
  :host {
    display: contents;
  }
  dialog {
    width: min(46rem, calc(100vw - 2rem));
  }
  .dialog-body {
    display: grid;
    gap: 1rem;
  }
  .intro {
    margin: 0;
  }
  fieldset {
    margin: 0;
    padding: 0;
    border: 0;
    min-width: 0;
  }
  legend {
    padding: 0;
    margin-bottom: 0.375rem;
    font-weight: 600;
  }
  .source-tabs {
    display: inline-flex;
    border: 1px solid var(--cm-color-border);
    border-radius: var(--cm-radius);
    overflow: hidden;
  }
  .source-tabs label {
    display: inline-flex;
    align-items: center;
    gap: 0.375rem;
    padding: 0.375rem 0.875rem;
    cursor: pointer;
  }
  .source-tabs label + label {
    border-inline-start: 1px solid var(--cm-color-border);
  }
  .source-tabs input {
    accent-color: var(--cm-color-accent);
  }
  .source-tabs label:has(input:checked) {
    background: var(--cm-color-selected);
  }
  .drop-zone {
    position: relative;
    display: grid;
    justify-items: center;
    gap: 0.375rem;
    margin-top: 0.5rem;
    padding: 1.25rem 1rem;
    border: 2px dashed var(--cm-color-border);
    border-radius: var(--cm-radius);
    background: var(--cm-color-surface);
    text-align: center;
  }
  .drop-zone.dragging {
    border-color: var(--cm-color-accent);
    background: var(--cm-color-selected);
  }
  .file-input {
    position: absolute;
    width: 1px;
    height: 1px;
    opacity: 0;
  }
  .file-input:focus-visible + label {
    outline: 2px solid var(--cm-color-focus);
    outline-offset: 2px;
  }
  .file-name {
    margin: 0;
  }
  .file-name.chosen {
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  textarea.input {
    margin-top: 0.5rem;
    min-height: 8rem;
    resize: vertical;
    font-family: ui-monospace, SFMono-Regular, Menlo, monospace;
    font-size: var(--cm-font-size-small);
  }
  .field {
    margin-block-end: 0;
  }
  .inline-create {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-end;
    gap: 0.5rem;
  }
  .inline-create .field {
    flex: 1 1 14rem;
  }
  .notice {
    margin: 0;
    padding: 0.625rem 0.75rem;
    border-radius: var(--cm-radius);
    background: var(--cm-color-warning-bg);
    color: var(--cm-color-warning-text);
  }
  .notice p {
    margin: 0 0 0.5rem;
  }
  .notice .actions {
    display: flex;
    gap: 0.5rem;
  }
  .mapping {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(12rem, 1fr));
    gap: 0.75rem;
  }
  .mapping .sample {
    margin: 0;
    color: var(--cm-color-text-muted);
    font-size: var(--cm-font-size-small);
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .summary {
    margin: 0;
    font-weight: 600;
  }
  .summary.clean {
    color: var(--cm-color-success);
  }
  .problems {
    max-height: 16rem;
    overflow: auto;
    border: 1px solid var(--cm-color-border);
    border-radius: var(--cm-radius);
  }
  table {
    width: 100%;
    border-collapse: collapse;
    font-size: var(--cm-font-size-small);
  }
  caption {
    padding: 0.5rem;
    text-align: start;
    font-weight: 600;
  }
  th,
  td {
    padding: 0.375rem 0.5rem;
    border-top: 1px solid var(--cm-color-border);
    text-align: start;
    vertical-align: top;
  }
  thead th {
    position: sticky;
    top: 0;
    background: var(--cm-color-surface);
  }
  td.line {
    font-variant-numeric: tabular-nums;
    font-weight: 600;
  }
  tr.severity-error td.line {
    color: var(--cm-color-danger);
  }
  tr.severity-warning td.line {
    color: var(--cm-color-warning-text);
  }
  td.value {
    font-family: ui-monospace, SFMono-Regular, Menlo, monospace;
    overflow-wrap: anywhere;
  }
  .progress {
    display: grid;
    gap: 0.375rem;
  }
  progress {
    width: 100%;
    height: 0.75rem;
    accent-color: var(--cm-color-accent);
  }
  .status {
    margin: 0;
  }
  .result {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(8rem, 1fr));
    gap: 0.5rem;
    margin: 0;
  }
  .result div {
    padding: 0.5rem 0.75rem;
    border: 1px solid var(--cm-color-border);
    border-radius: var(--cm-radius);
    background: var(--cm-color-surface);
  }
  .result dt {
    color: var(--cm-color-text-muted);
    font-size: var(--cm-font-size-small);
  }
  .result dd {
    margin: 0;
    font-size: 1.25rem;
    font-weight: 700;
    font-variant-numeric: tabular-nums;
  }
  .dialog-footer .spacer {
    flex: 1;
  }
`;
