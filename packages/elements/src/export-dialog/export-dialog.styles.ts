import { css } from 'lit';

export const exportDialogStyles = css`
  :host {
    display: contents;
  }
  fieldset {
    display: grid;
    gap: 0.25rem;
    margin: 0 0 0.75rem;
    padding: 0;
    border: 0;
  }
  legend {
    margin-block-end: 0.375rem;
    padding: 0;
    font-weight: 600;
  }
  .choice {
    min-height: 2.25rem;
  }
  .status {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    min-height: 1.5rem;
    margin-block-start: 0.5rem;
  }
  progress {
    width: 6rem;
    accent-color: var(--cm-color-accent);
  }
  @media (max-width: 480px) {
    .choice {
      min-height: 2.75rem;
    }
  }
`;
