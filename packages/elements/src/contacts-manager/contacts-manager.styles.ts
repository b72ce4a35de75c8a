import { css } from 'lit';

export const contactsManagerStyles = css`
  :host {
    position: relative;
    display: block;
    height: var(--cm-height, 640px);
    min-height: 360px;
    overflow: hidden;
    border: 1px solid var(--cm-color-border);
    border-radius: calc(var(--cm-radius) * 2);
    background: var(--cm-color-bg);
    color: var(--cm-color-text);
    font-family: var(--cm-font-family);
    font-size: var(--cm-font-size);
    line-height: 1.4;
  }
  .shell {
    display: flex;
    flex-direction: column;
    height: 100%;
  }
  header {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 1rem;
    padding: 0.75rem 1rem;
    border-block-end: 1px solid var(--cm-color-border);
    background: var(--cm-color-surface);
  }
  h1 {
    margin: 0;
    font-size: 1.25rem;
  }
  .toolbar {
    display: flex;
    gap: 0.5rem;
    align-items: center;
  }
  .banner {
    margin: 0;
    padding: 0.5rem 1rem;
    background: var(--cm-color-warning-bg);
    color: var(--cm-color-warning-text);
    font-weight: 600;
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 1rem;
  }
  .banner .button {
    min-height: 1.75rem;
  }
  .panes {
    display: grid;
    grid-template-columns: minmax(16rem, 22rem) 1fr;
    flex: 1 1 auto;
    min-height: 0;
  }
  cm-contact-list {
    border-inline-end: 1px solid var(--cm-color-border);
  }
  .detail {
    min-width: 0;
    overflow: auto;
    padding: 1.25rem 1.5rem;
  }
  .prompt {
    margin: 0;
    color: var(--cm-color-text-muted);
  }
  .detail h2 {
    margin: 0 0 1rem;
    font-size: 1.25rem;
  }
  .state {
    display: grid;
    place-content: center;
    justify-items: center;
    gap: 0.75rem;
    flex: 1 1 auto;
    padding: 2rem;
    text-align: center;
  }
  .state h2 {
    margin: 0;
    font-size: 1.25rem;
  }
  .state p {
    margin: 0;
    max-width: 28rem;
    color: var(--cm-color-text-muted);
  }
  .state .actions {
    display: flex;
    gap: 0.5rem;
  }
  @media (max-width: 640px) {
    .panes {
      grid-template-columns: 1fr;
      grid-template-rows: minmax(12rem, 40%) 1fr;
    }
    cm-contact-list {
      border-inline-end: 0;
      border-block-end: 1px solid var(--cm-color-border);
    }
  }
`;
