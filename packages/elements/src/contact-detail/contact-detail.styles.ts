import { css } from 'lit';

export const contactDetailStyles = css`
  :host {
    display: block;
    padding-block-end: 1.25rem;
  }
  .header {
    display: flex;
    align-items: flex-start;
    justify-content: space-between;
    gap: 1rem;
    margin-block-end: 1rem;
  }
  h2 {
    margin: 0;
    font-size: 1.25rem;
    overflow-wrap: anywhere;
  }
  .subtitle {
    margin: 0.25rem 0 0;
    color: var(--cm-color-text-muted);
    font-size: var(--cm-font-size-small);
  }
  .consent {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem 1rem;
    max-width: 36rem;
    margin-block-start: 1.5rem;
    padding-block-start: 1rem;
    border-block-start: 1px solid var(--cm-color-border);
  }
  .consent dl {
    margin: 0;
    flex: 1 1 auto;
  }
  .consent dt {
    font-weight: 600;
  }
  .consent dd {
    margin: 0.125rem 0 0;
    color: var(--cm-color-text-muted);
  }
`;
