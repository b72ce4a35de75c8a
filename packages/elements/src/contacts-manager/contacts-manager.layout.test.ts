// The layout follows the element's own width: a phone, a 360 px sidebar of a wide page, a tablet
// and a desktop. What a user would notice: everything reachable and inside the element, nothing
// overlapping, no sideways scrolling, one pane at a time with Back when narrow, 44 px targets.
import { expect, waitUntil } from '@open-wc/testing';
import type { ContactsManagerElement } from './contacts-manager.js';
import { mountManager, openContact } from '../../test/mount.js';
import { deepQuery, textOf } from '../../test/dom.js';
import '../../test/setup.js';

interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
  width: number;
  height: number;
}

const visible = (element: Element) => {
  const box = element.getBoundingClientRect();
  return box.width > 0 && box.height > 0 && getComputedStyle(element).visibility !== 'hidden';
};

/** Every visible control of the header, the list's toolbar and the open pane, through the shadow roots. */
function controls(element: ContactsManagerElement): HTMLElement[] {
  const found: HTMLElement[] = [];
  const walk = (root: ParentNode) => {
    for (const node of root.querySelectorAll<HTMLElement>('*')) {
      if (node.shadowRoot) walk(node.shadowRoot);
      if (node.closest('dialog')) continue;
      if (node.matches('button, input, select, [role="option"]') && visible(node)) found.push(node);
    }
  };
  walk(element.shadowRoot!);
  return found;
}

function inside(inner: Box, outer: Box): boolean {
  return inner.left >= outer.left - 0.5 && inner.right <= outer.right + 0.5 && inner.top >= outer.top - 0.5;
}

function overlap(a: Box, b: Box): boolean {
  return a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
}

function expectLaidOut(element: ContactsManagerElement, narrow: boolean): void {
  const host = element.getBoundingClientRect();
  const shell = element.shadowRoot!.querySelector<HTMLElement>('.shell')!;
  expect(shell.scrollWidth, 'the shell scrolls sideways').to.be.at.most(shell.clientWidth);
  const headerControls = [...element.shadowRoot!.querySelectorAll<HTMLElement>('header button, header cm-action-menu')].filter(visible);
  expect(headerControls.length).to.be.greaterThan(1);
  for (const control of headerControls) expect(inside(control.getBoundingClientRect(), host), `${textOf(control)} sticks out`).to.equal(true);
  for (const [index, a] of headerControls.entries())
    for (const b of headerControls.slice(index + 1))
      expect(overlap(a.getBoundingClientRect(), b.getBoundingClientRect()), `${textOf(a)} overlaps ${textOf(b)}`).to.equal(false);
  for (const control of controls(element)) {
    const box = control.getBoundingClientRect();
    expect(box.right, `${control.tagName} ${textOf(control)} is cut off`).to.be.at.most(host.right + 0.5);
    if (narrow && !control.matches('[role="option"] *, input[type="checkbox"]'))
      expect(box.height, `${control.tagName} ${textOf(control) || control.id} is under 44 px`).to.be.at.least(43.5);
  }
}

async function mountAt(width: number | 'sidebar') {
  const mounted = await mountManager({ contacts: 12, prefix: 'Layout' });
  const { element } = mounted;
  if (width === 'sidebar') {
    // A wide page whose 360 px sidebar holds the widget.
    const page = document.createElement('div');
    page.style.cssText = 'display:grid;grid-template-columns:1fr 360px;width:1280px';
    const main = document.createElement('main');
    main.textContent = 'Dashboard';
    const aside = document.createElement('aside');
    page.append(main, aside);
    element.replaceWith(page);
    aside.append(element);
  } else {
    element.style.width = `${width}px`;
  }
  element.style.setProperty('--cm-height', '700px');
  await element.updateComplete;
  await waitUntil(() => deepQuery(element, 'cm-contact-list', '[role="option"]') !== null);
  return mounted;
}

for (const width of [320, 390, 768, 1280, 'sidebar'] as const) {
  const narrow = width === 'sidebar' || width < 640;
  describe(`<contacts-manager> at ${width === 'sidebar' ? 'a 360 px sidebar' : `${width} px`}`, () => {
    it(narrow ? 'shows the list, then the details with Back, focus following' : 'shows the list and the details side by side', async () => {
      const { element } = await mountAt(width);
      const list = element.shadowRoot!.querySelector('cm-contact-list')!;
      const detail = element.shadowRoot!.querySelector<HTMLElement>('.detail')!;
      expectLaidOut(element, narrow);
      await expect(element).to.be.accessible();
      await openContact(element, 'Layout 000003');
      if (narrow) {
        expect(visible(list), 'the list stays beside the details').to.equal(false);
        expect(visible(detail)).to.equal(true);
        expect(element.shadowRoot!.activeElement).to.equal(detail);
        expectLaidOut(element, narrow);
        await expect(element).to.be.accessible();
        element.shadowRoot!.querySelector<HTMLButtonElement>('.back')!.click();
        await waitUntil(() => visible(list), 'Back did not show the list');
        expect(visible(detail)).to.equal(false);
        expect(element.shadowRoot!.activeElement).to.equal(list);
        expect(list.shadowRoot!.activeElement?.getAttribute('role')).to.equal('listbox');
      } else {
        expect(list.getBoundingClientRect().right).to.be.at.most(detail.getBoundingClientRect().left + 1);
        expect(visible(element.shadowRoot!.querySelector('.back')!)).to.equal(false);
        expectLaidOut(element, narrow);
        await expect(element).to.be.accessible();
      }
    });

    it('keeps the form\'s buttons and its errors in view', async () => {
      const { element } = await mountAt(width);
      await element.newContact();
      const form = await waitUntil(() => deepQuery(element, 'cm-contact-form'), 'no form').then(() => deepQuery(element, 'cm-contact-form')!);
      const pane = element.shadowRoot!.querySelector<HTMLElement>('.detail')!.getBoundingClientRect();
      const submit = form.shadowRoot!.querySelector<HTMLButtonElement>('button[type="submit"]')!;
      const inPane = (box: Box) => box.top >= pane.top - 0.5 && box.bottom <= pane.bottom + 0.5;
      expect(inPane(submit.getBoundingClientRect()), 'Add Contact is below the fold').to.equal(true);
      const email = form.shadowRoot!.querySelector<HTMLInputElement>('#email')!;
      email.value = 'not-an-email';
      email.dispatchEvent(new Event('input'));
      submit.click();
      await waitUntil(() => form.shadowRoot!.querySelectorAll('.error').length >= 3, 'not every error showed');
      // Every field's error at once, the first field focused and in view.
      expect([...form.shadowRoot!.querySelectorAll('.error')].map((error) => error.id)).to.deep.equal(['fullName-error', 'phone-error', 'email-error']);
      expect(form.shadowRoot!.activeElement?.id).to.equal('fullName');
      expect(inPane(form.shadowRoot!.querySelector('#fullName')!.getBoundingClientRect())).to.equal(true);
      expect(inPane(submit.getBoundingClientRect())).to.equal(true);
      expectLaidOut(element, narrow);
      await expect(element).to.be.accessible();
    });

    it('collapses or shows the header actions, and its dialogs fit', async () => {
      const { element } = await mountAt(width);
      const menu = element.shadowRoot!.querySelector<HTMLElement>('cm-action-menu.header-menu')!;
      expect(visible(menu)).to.equal(narrow);
      expect(visible(element.shadowRoot!.querySelector('header .import')!)).to.equal(!narrow);
      if (narrow) {
        menu.shadowRoot!.querySelector<HTMLButtonElement>('.trigger')!.click();
        await waitUntil(() => visible(menu.shadowRoot!.querySelector('[role="menu"]')!));
        const items = [...menu.shadowRoot!.querySelectorAll<HTMLElement>('[role="menuitem"]')];
        expect(items.map(textOf)).to.deep.equal(['Import', 'Export CSV', 'Lists', 'Settings']);
        const host = element.getBoundingClientRect();
        for (const item of items) expect(inside(item.getBoundingClientRect(), host), `${textOf(item)} is outside`).to.equal(true);
        items[3]!.click();
      } else {
        element.shadowRoot!.querySelector<HTMLButtonElement>('header .settings')!.click();
      }
      const dialog = await waitUntil(() => deepQuery(element, 'cm-settings-dialog', 'dialog[open]'), 'Settings did not open').then(() =>
        deepQuery(element, 'cm-settings-dialog', 'dialog')!,
      );
      const box = dialog.getBoundingClientRect();
      expect(box.left).to.be.at.least(0);
      expect(box.right).to.be.at.most(window.innerWidth);
      expect(box.bottom).to.be.at.most(window.innerHeight);
      (dialog as HTMLDialogElement).close();
    });
  });
}
