import { css } from 'lit';

export const contactListStyles = css`
  :host {
    position: relative;
    display: flex;
    flex-direction: column;
    min-height: 0;
    background: var(--cm-color-bg);
  }
  .toolbar {
    display: grid;
    gap: 0.5rem;
    padding: 0.75rem;
    border-block-end: 1px solid var(--cm-color-border);
  }
  .count {
    margin: 0;
    color: var(--cm-color-text-muted);
    font-size: var(--cm-font-size-small);
  }
  /* A layout boundary: rows, the spacer's height and the scroll position never lay out the
     panes around the list. */
  .viewport {
    flex: 1 1 auto;
    height: 100%;
    min-height: 0;
    overflow: auto;
    contain: strict;
  }
  .spacer {
    position: relative;
    contain: strict;
    width: 100%;
  }
  .rows {
    will-change: transform;
  }
  .viewport:focus-visible {
    outline: 2px solid var(--cm-color-focus);
    outline-offset: -2px;
  }
  /* With an active row on screen, its own outline shows where focus is: one ring, not two
     (Chromium draws the list's after a click made while Shift or Ctrl is held). */
  .viewport[aria-activedescendant]:focus-visible {
    outline: none;
  }
  /* Fixed-size rows, each its own layout, style and paint boundary: a scroll frame that gives
     the rendered rows other contacts lays out and paints those rows and nothing around them. */
  .row {
    display: flex;
    align-items: center;
    gap: 0.75rem;
    width: 100%;
    height: var(--cm-row-height);
    padding: 0 0.75rem;
    border-block-end: 1px solid var(--cm-color-border);
    cursor: pointer;
    overflow: hidden;
    contain: strict;
  }
  .row:hover {
    background: var(--cm-color-surface);
  }
  .row[aria-selected='true'] {
    background: var(--cm-color-selected);
    box-shadow: inset 3px 0 0 var(--cm-color-accent);
  }
  .row.active {
    outline: 2px solid var(--cm-color-focus);
    outline-offset: -2px;
  }
  .viewport:not(:focus) .row.active {
    outline: none;
  }
  .avatar {
    flex: none;
    display: grid;
    place-items: center;
    width: 2.25rem;
    height: 2.25rem;
    border-radius: 50%;
    background: var(--cm-color-surface);
    border: 1px solid var(--cm-color-border);
    color: var(--cm-color-text-muted);
    font-size: var(--cm-font-size-small);
    font-weight: 700;
  }
  .text {
    display: block;
    min-width: 0;
    flex: 1 1 auto;
  }
  .name,
  .phone {
    display: block;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .name {
    font-weight: 600;
  }
  .phone {
    color: var(--cm-color-text-muted);
    font-size: var(--cm-font-size-small);
    font-variant-numeric: tabular-nums;
  }
  .badge {
    flex: none;
    padding: 0.125rem 0.375rem;
    border-radius: 999px;
    background: var(--cm-color-warning-bg);
    color: var(--cm-color-warning-text);
    font-size: 0.75rem;
    font-weight: 600;
  }
  .skeleton-row {
    display: flex;
    align-items: center;
    gap: 0.75rem;
    height: var(--cm-row-height);
    padding: 0 0.75rem;
    border-block-end: 1px solid var(--cm-color-border);
  }
  .skeleton-row .avatar,
  .bar {
    background: var(--cm-color-skeleton);
    border-color: transparent;
  }
  .bar {
    height: 0.625rem;
    border-radius: 4px;
    width: 60%;
  }
  .bar.short {
    width: 35%;
    margin-block-start: 0.5rem;
  }
  @media (prefers-reduced-motion: no-preference) {
    .skeleton-row {
      animation: pulse 1.2s ease-in-out infinite;
    }
  }
  @keyframes pulse {
    50% {
      opacity: 0.55;
    }
  }
  .message {
    padding: 1.5rem 1rem;
    color: var(--cm-color-text-muted);
    text-align: center;
  }
  /* Over the last row rather than below the list: a page that starts or finishes loading does not
     resize the scrolling area (which would re-render the rows). Always present, so the status is
     announced when its text appears. */
  .more {
    position: absolute;
    inset-inline: 0;
    inset-block-end: 0;
    margin: 0;
    padding: 0.375rem 0.75rem;
    color: var(--cm-color-text-muted);
    background: var(--cm-color-bg);
    font-size: var(--cm-font-size-small);
    border-block-start: 1px solid var(--cm-color-border);
  }
  .more:empty {
    display: none;
  }
  .row.checked {
    background: var(--cm-color-surface);
  }
  .row.checked[aria-selected='true'] {
    background: var(--cm-color-selected);
  }
  /* The checkbox's hit area is the row's full height and 44 px wide; the box itself is drawn. */
  .check {
    flex: none;
    display: grid;
    place-items: center;
    width: 2.75rem;
    height: 100%;
    margin-inline: -0.75rem -0.5rem;
    cursor: pointer;
  }
  .check .box {
    width: 1.125rem;
    height: 1.125rem;
    border: 2px solid var(--cm-color-text-muted);
    border-radius: 4px;
    background: var(--cm-color-bg);
  }
  .row.checked .check .box {
    border-color: var(--cm-color-accent);
    background: var(--cm-color-accent);
    box-shadow: inset 0 0 0 2px var(--cm-color-bg);
  }
  .bulk-bar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25rem 0.75rem;
    padding: 0.375rem 0.75rem;
    border-block-end: 1px solid var(--cm-color-border);
    background: var(--cm-color-selected);
    font-size: var(--cm-font-size-small);
  }
  .bulk-bar .selected-count {
    font-weight: 600;
  }
  .bulk-actions {
    display: flex;
    gap: 0.25rem;
    margin-inline-start: auto;
  }
  .bulk-bar.running {
    display: grid;
    gap: 0.25rem;
  }
  .bulk-bar progress {
    width: 100%;
    height: 0.5rem;
    accent-color: var(--cm-color-accent);
  }
  @container cm-shell (max-width: 639.98px) {
    .toolbar {
      padding: 0.5rem 0.75rem;
    }
  }
`;
