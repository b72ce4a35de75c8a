import { expect, waitUntil } from '@open-wc/testing';
import type { ContactsManagerElement } from '../contacts-manager/contacts-manager.js';
import { mountManager } from '../../test/mount.js';
import { deepQuery, deepQueryAll, textOf, typeInto } from '../../test/dom.js';

function listbox(element: ContactsManagerElement): HTMLElement {
  return deepQuery(element, 'cm-contact-list', '[role="listbox"]')!;
}

function activeRow(element: ContactsManagerElement): HTMLElement | null {
  const box = listbox(element);
  const id = box.getAttribute('aria-activedescendant');
  return id ? (box.getRootNode() as ShadowRoot).getElementById(id) : null;
}

function press(target: HTMLElement, key: string): void {
  target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true, cancelable: true }));
}

async function frames(count = 2): Promise<void> {
  for (let index = 0; index < count; index += 1) await new Promise((resolve) => requestAnimationFrame(resolve));
}

describe('contact list', () => {
  it('is a listbox of options with their position in the whole set', async () => {
    const { element } = await mountManager({ contacts: 250, prefix: 'Row', pageSize: 100 });
    const box = listbox(element);
    expect(box.getAttribute('aria-label')).to.equal('Contact list');
    const rows = deepQueryAll(element, 'cm-contact-list', '[role="option"]');
    expect(rows.length).to.be.greaterThan(3).and.lessThan(60);
    expect(rows[0]!.getAttribute('aria-setsize')).to.equal('250');
    expect(rows[0]!.getAttribute('aria-posinset')).to.equal('1');
    expect(rows[0]!.getBoundingClientRect().height).to.equal(56);
    await expect(element).to.be.accessible();
  });

  it('moves with Up/Down/Home/End/PageUp/PageDown and opens with Enter, keeping the selection by id', async () => {
    const { element } = await mountManager({ contacts: 120, prefix: 'Key', pageSize: 50 });
    const box = listbox(element);
    box.focus();
    await frames();
    expect(textOf(activeRow(element)?.querySelector('.name'))).to.equal('Key 000000');
    press(box, 'ArrowDown');
    press(box, 'ArrowDown');
    await frames();
    expect(textOf(activeRow(element)?.querySelector('.name'))).to.equal('Key 000002');
    press(box, 'ArrowUp');
    await frames();
    expect(textOf(activeRow(element)?.querySelector('.name'))).to.equal('Key 000001');
    press(box, 'Enter');
    await waitUntil(() => textOf(deepQuery(element, 'cm-contact-detail', 'h2')) === 'Key 000001', 'Enter did not open the contact');
    expect(activeRow(element)!.getAttribute('aria-selected')).to.equal('true');
    press(box, 'PageDown');
    await frames(3);
    const afterPage = Number(activeRow(element)!.getAttribute('aria-posinset'));
    expect(afterPage).to.be.greaterThan(3);
    press(box, 'PageUp');
    await frames(3);
    expect(activeRow(element)!.getAttribute('aria-posinset')).to.equal('2');
    press(box, 'End');
    await frames(3);
    // End goes to the last loaded row and asks for the next page.
    await waitUntil(() => element.store!.getState().contacts.length > 50, 'End did not load more');
    press(box, 'End');
    await frames(3);
    await waitUntil(() => element.store!.getState().contacts.length === 120);
    press(box, 'End');
    await frames(4);
    await waitUntil(() => textOf(activeRow(element)?.querySelector('.name')) === 'Key 000119', 'End did not reach the last row');
    expect(activeRow(element)!.getAttribute('aria-posinset')).to.equal('120');
    press(box, 'Home');
    await frames(4);
    await waitUntil(() => textOf(activeRow(element)?.querySelector('.name')) === 'Key 000000');
    // The selection is kept by id while the rows move.
    expect(element.store!.getState().selectedId).to.equal(element.store!.getState().contacts[1]!.id);
    expect(deepQuery(element, 'cm-contact-list')!.shadowRoot!.activeElement).to.equal(box);
  });

  it('searches and filters through the store, with the total count', async () => {
    const { element, admin } = await mountManager({ contacts: 30, prefix: 'Findable' });
    const list = await admin.lists.create({ name: 'VIP <script>' });
    const first = (await admin.contacts.list({ limit: 2 })).data;
    for (const contact of first) await admin.contacts.update(contact.id, { listIds: [list.id] });
    await element.store!.refreshLists();
    const search = deepQuery<HTMLInputElement>(element, 'cm-contact-list', '#search')!;
    typeInto(search, '000017');
    await waitUntil(() => textOf(deepQuery(element, 'cm-contact-list', '.count')) === '1 contact', 'search did not narrow the list');
    expect(deepQueryAll(element, 'cm-contact-list', '[role="option"] .name').map(textOf)).to.deep.equal(['Findable 000017']);
    typeInto(search, 'nobody-has-this');
    await waitUntil(() => textOf(deepQuery(element, 'cm-contact-list', '.message p')) === 'No contacts match this search.');
    deepQuery<HTMLButtonElement>(element, 'cm-contact-list', '.message button')!.click();
    await waitUntil(() => textOf(deepQuery(element, 'cm-contact-list', '.count')) === '30 contacts');
    const filter = deepQuery<HTMLSelectElement>(element, 'cm-contact-list', '#list-filter')!;
    const option = [...filter.options].find((item) => item.value === list.id)!;
    expect(option.textContent!.trim()).to.equal('VIP <script> (2)');
    filter.value = list.id;
    filter.dispatchEvent(new Event('change'));
    await waitUntil(() => textOf(deepQuery(element, 'cm-contact-list', '.count')) === '2 contacts', 'the list filter did not apply');
  });

  it('loads the next page as the user scrolls near the end', async () => {
    const { element } = await mountManager({ contacts: 600, prefix: 'Scroll', pageSize: 100 });
    // A page or two beyond what is on screen are loaded ahead, not everything: once loading has
    // settled (nothing in flight, nothing new for several frames), the end is still unloaded.
    let loaded = -1;
    await waitUntil(async () => {
      const { contacts, loadingMore } = element.store!.getState();
      if (loadingMore || contacts.length !== loaded) {
        loaded = contacts.length;
        return false;
      }
      await frames(5);
      return !element.store!.getState().loadingMore && element.store!.getState().contacts.length === loaded;
    }, 'loading never settled');
    const before = element.store!.getState().contacts.length;
    expect(before).to.be.at.least(100).and.lessThan(600);
    expect(element.store!.getState().hasMore).to.equal(true);
    const box = listbox(element);
    await waitUntil(
      () => {
        box.scrollTop = box.scrollHeight;
        return element.store!.getState().contacts.length === 600;
      },
      'scrolling did not load the rest',
      { timeout: 20_000 },
    );
  });
});
