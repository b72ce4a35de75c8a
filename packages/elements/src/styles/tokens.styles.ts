import { css } from 'lit';

/** The dark palette, shared by `theme="dark"` and by `theme="auto"` on a dark OS. */
const darkPalette = css`
  --cm-color-bg: #16181d;
  --cm-color-surface: #1f2228;
  --cm-color-surface-raised: #272b33;
  --cm-color-text: #e6e8eb;
  --cm-color-text-muted: #a9b1bc;
  --cm-color-border: #444c56;
  --cm-color-accent: #6cb0ff;
  --cm-color-accent-hover: #9ccaff;
  --cm-color-on-accent: #0b1220;
  --cm-color-selected: #253a55;
  --cm-color-danger: #ff8f85;
  --cm-color-danger-hover: #ffb3ac;
  --cm-color-on-danger: #1b0b0b;
  --cm-color-success: #6fdd8b;
  --cm-color-warning-bg: #3d3112;
  --cm-color-warning-text: #ffe08a;
  --cm-color-focus: #6cb0ff;
  --cm-color-skeleton: #2d323a;
  --cm-shadow: 0 8px 24px rgb(0 0 0 / 50%);
  color-scheme: dark;
`;

/**
 * The design tokens, declared once on `<contacts-manager>`'s host so a page can override any of
 * them (`contacts-manager { --cm-color-accent: #7a3cff }`) and every inner component inherits them.
 * Light by default; `theme="dark"` or `theme="auto"` (follows the OS) switch the palette.
 * Every text/background pair meets WCAG AA (4.5:1).
 */
export const tokenStyles = css`
  :host {
    --cm-font-family: system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif;
    --cm-font-size: 0.9375rem;
    --cm-font-size-small: 0.8125rem;
    --cm-radius: 6px;
    --cm-space: 0.5rem;
    --cm-row-height: 56px;
    --cm-color-bg: #ffffff;
    --cm-color-surface: #f6f8fa;
    --cm-color-surface-raised: #ffffff;
    --cm-color-text: #1f2328;
    --cm-color-text-muted: #57606a;
    --cm-color-border: #d0d7de;
    --cm-color-accent: #0a5dc2;
    --cm-color-accent-hover: #084c9f;
    --cm-color-on-accent: #ffffff;
    --cm-color-selected: #ddeafb;
    --cm-color-danger: #b42318;
    --cm-color-danger-hover: #912018;
    --cm-color-on-danger: #ffffff;
    --cm-color-success: #1a7f37;
    --cm-color-warning-bg: #fff4d6;
    --cm-color-warning-text: #6b4a00;
    --cm-color-focus: #0a5dc2;
    --cm-color-skeleton: #e6eaef;
    --cm-shadow: 0 8px 24px rgb(31 35 40 / 18%);
    color-scheme: light;
  }

  :host([theme='dark']) {
    ${darkPalette}
  }

  @media (prefers-color-scheme: dark) {
    :host([theme='auto']) {
      ${darkPalette}
    }
  }
`;
