import { css } from 'lit';

export const confirmDialogStyles = css`
  :host {
    display: contents;
  }
  .dialog-body p {
    margin: 0;
    line-height: 1.5;
  }
`;
