import { css } from 'lit';

/**
 * The layout follows the element's own width (a container query on `.shell`), never the
 * viewport's: the same page may hold it in a phone, a 360 px sidebar or a wide dashboard.
 * Below 640 px one pane shows at a time and the header's secondary actions become a menu.
 */
export const contactsManagerStyles = css`
  :host {
    position: relative;
    display: block;
    height: var(--cm-height, 640px);
    min-height: 360px;
    min-width: 0;
    max-width: 100%;
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
    container: cm-shell / inline-size;
    display: flex;
    flex-direction: column;
    height: 100%;
    min-width: 0;
  }
  header {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 0.75rem;
    padding: 0.75rem 1rem;
    border-block-end: 1px solid var(--cm-color-border);
    background: var(--cm-color-surface);
  }
  h1 {
    margin: 0;
    font-size: 1.25rem;
    min-width: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .toolbar {
    display: flex;
    gap: 0.5rem;
    align-items: center;
    flex: none;
  }
  .narrow-only,
  .back,
  header .plus {
    display: none;
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
    grid-template-columns: minmax(16rem, 22rem) minmax(0, 1fr);
    flex: 1 1 auto;
    min-height: 0;
  }
  cm-contact-list {
    min-width: 0;
    border-inline-end: 1px solid var(--cm-color-border);
  }
  .detail {
    min-width: 0;
    overflow: auto;
    padding: 1.25rem 1.5rem 0;
    scroll-padding-block: 1rem 5rem;
  }
  .detail:focus {
    outline: none;
  }
  .detail:focus-visible {
    outline: 2px solid var(--cm-color-focus);
    outline-offset: -2px;
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
    flex-wrap: wrap;
    justify-content: center;
    gap: 0.5rem;
  }
  cm-toast-region {
    flex: none;
  }
  @container cm-shell (max-width: 639.98px) {
    header {
      padding: 0.5rem 0.75rem;
    }
    .wide-only {
      display: none;
    }
    .narrow-only {
      display: inline-block;
    }
    .back {
      display: inline-flex;
      margin: 0 0 0.5rem -0.5rem;
      padding-inline: 0.5rem;
    }
    .panes {
      grid-template-columns: minmax(0, 1fr);
    }
    cm-contact-list {
      border-inline-end: 0;
    }
    .panes.show-detail cm-contact-list,
    .panes.show-list .detail {
      display: none;
    }
    .detail {
      padding: 0.5rem 0.75rem 0;
    }
    .state {
      padding: 1.25rem 0.75rem;
    }
  }
  /* The narrowest containers: "New Contact" becomes "+" (its name stays for screen readers). */
  @container cm-shell (max-width: 379.98px) {
    h1 {
      font-size: 1.125rem;
    }
    header .plus {
      display: inline-flex;
    }
    header .new-contact {
      width: 2.75rem;
      padding: 0;
    }
    header .new-contact .label {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip: rect(0 0 0 0);
      white-space: nowrap;
    }
  }
`;
