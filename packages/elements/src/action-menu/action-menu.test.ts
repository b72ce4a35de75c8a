import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../define.js';
import type { ActionMenuElement, ActionMenuSelectDetail } from './action-menu.js';

async function menuFixture(): Promise<ActionMenuElement> {
  const menu = await fixture<ActionMenuElement>(
    html`<cm-action-menu
      label="Action"
      label-suffix="for Ada"
      .items=${[
        { id: 'consent', label: 'Send consent message' },
        { id: 'delete', label: 'Delete', danger: true },
      ]}
    ></cm-action-menu>`,
  );
  return menu;
}

function press(target: Element, key: string): void {
  target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true, cancelable: true }));
}

describe('<cm-action-menu>', () => {
  it('is a menu button operable with the keyboard alone', async () => {
    const menu = await menuFixture();
    const trigger = menu.shadowRoot!.querySelector<HTMLButtonElement>('.trigger')!;
    expect(trigger.getAttribute('aria-haspopup')).to.equal('menu');
    expect(trigger.getAttribute('aria-expanded')).to.equal('false');
    trigger.focus();
    press(trigger, 'ArrowDown');
    await menu.updateComplete;
    await new Promise((resolve) => requestAnimationFrame(resolve));
    const items = [...menu.shadowRoot!.querySelectorAll<HTMLElement>('[role="menuitem"]')];
    expect(trigger.getAttribute('aria-expanded')).to.equal('true');
    expect(menu.shadowRoot!.activeElement).to.equal(items[0]);
    await expect(menu).to.be.accessible();
    press(items[0]!, 'ArrowDown');
    expect(menu.shadowRoot!.activeElement).to.equal(items[1]);
    press(items[1]!, 'ArrowDown');
    expect(menu.shadowRoot!.activeElement).to.equal(items[0]);
    press(items[0]!, 'End');
    expect(menu.shadowRoot!.activeElement).to.equal(items[1]);
    press(items[1]!, 'Home');
    expect(menu.shadowRoot!.activeElement).to.equal(items[0]);
    press(items[0]!, 'Escape');
    await menu.updateComplete;
    expect(menu.shadowRoot!.querySelector<HTMLElement>('[role="menu"]')!.hidden).to.equal(true);
    expect(menu.shadowRoot!.activeElement).to.equal(trigger);
    // ArrowUp opens on the last item; Enter chooses it.
    press(trigger, 'ArrowUp');
    await menu.updateComplete;
    expect(menu.shadowRoot!.activeElement).to.equal(items[1]);
    const chosen = oneEvent(menu, 'cm-menu-select') as Promise<CustomEvent<ActionMenuSelectDetail>>;
    items[1]!.click();
    expect((await chosen).detail.id).to.equal('delete');
    expect(menu.shadowRoot!.activeElement).to.equal(trigger);
  });

  it('names the button with its visible label first', async () => {
    const menu = await menuFixture();
    const trigger = menu.shadowRoot!.querySelector('.trigger')!;
    expect(trigger.textContent!.replace(/\s+/g, ' ').trim()).to.equal('Action for Ada');
  });
});
