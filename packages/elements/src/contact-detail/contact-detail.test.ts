import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import type { ContactBeforeDeleteEventDetail, ContactDeletedEventDetail } from '../events.js';
import type { ContactsManagerElement } from '../contacts-manager/contacts-manager.js';
import { mountManager, openContact } from '../../test/mount.js';
import { deepQuery, textOf } from '../../test/dom.js';

function detail(element: ContactsManagerElement): HTMLElement {
  return deepQuery(element, 'cm-contact-detail')!;
}

function trigger(element: ContactsManagerElement): HTMLButtonElement | null {
  return deepQuery<HTMLButtonElement>(element, 'cm-contact-detail', 'cm-action-menu', '.trigger');
}

function deleteDialog(element: ContactsManagerElement): HTMLDialogElement {
  return deepQuery<HTMLDialogElement>(element, 'cm-contact-detail', 'cm-confirm-dialog', 'dialog')!;
}

async function chooseDelete(element: ContactsManagerElement): Promise<void> {
  trigger(element)!.click();
  const menu = deepQuery(element, 'cm-contact-detail', 'cm-action-menu')!;
  await waitUntil(() => !menu.shadowRoot!.querySelector<HTMLElement>('[role="menu"]')!.hidden);
  menu.shadowRoot!.querySelector<HTMLButtonElement>('[data-id="delete"]')!.click();
}

describe('contact detail', () => {
  it('deletes through the Action menu after a confirmation dialog', async () => {
    const { element, admin } = await mountManager({ contacts: 2, prefix: 'Doomed' });
    await openContact(element, 'Doomed 000000');
    const id = element.store!.getState().selectedId!;
    expect(trigger(element)!.getAttribute('aria-haspopup')).to.equal('menu');
    expect(textOf(trigger(element))).to.equal('Action for Doomed 000000');
    await chooseDelete(element);
    await waitUntil(() => deleteDialog(element).open, 'no confirmation dialog');
    expect(textOf(deleteDialog(element).querySelector('h2'))).to.equal('Delete Doomed 000000?');
    await expect(element).to.be.accessible();
    const deleted = oneEvent(document, 'contacts-deleted') as Promise<CustomEvent<ContactDeletedEventDetail>>;
    deleteDialog(element).querySelector<HTMLButtonElement>('.confirm')!.click();
    expect((await deleted).detail.id).to.equal(id);
    await waitUntil(() => textOf(deepQuery(element, 'cm-contact-list', '.count')) === '1 contact', 'the list did not shrink');
    let status = 0;
    await admin.contacts.get(id).catch((error: { status: number }) => (status = error.status));
    expect(status).to.equal(404);
    await waitUntil(() => textOf(deepQuery(element, 'cm-toast-region', '.toast')).includes('Doomed 000000 was deleted.'));
  });

  it('keeps the contact when the user cancels the confirmation', async () => {
    const { element, admin } = await mountManager({ contacts: 1, prefix: 'Spared' });
    await openContact(element, 'Spared 000000');
    await chooseDelete(element);
    await waitUntil(() => deleteDialog(element).open);
    deleteDialog(element).querySelector<HTMLButtonElement>('.cancel')!.click();
    await waitUntil(() => !deleteDialog(element).open);
    expect((await admin.contacts.list()).total).to.equal(1);
  });

  it('fires a cancelable contacts-before-delete first; a host that cancels it keeps the contact and sees no dialog', async () => {
    const { element, admin } = await mountManager({ contacts: 1, prefix: 'Guarded' });
    await openContact(element, 'Guarded 000000');
    const veto = (event: CustomEvent<ContactBeforeDeleteEventDetail>) => event.preventDefault();
    const seen = oneEvent(element, 'contacts-before-delete') as Promise<CustomEvent<ContactBeforeDeleteEventDetail>>;
    element.addEventListener('contacts-before-delete', veto);
    await chooseDelete(element);
    const event = await seen;
    expect(event.cancelable).to.equal(true);
    expect(event.bubbles && event.composed).to.equal(true);
    expect(event.detail.contact.fullName).to.equal('Guarded 000000');
    // Uncancelled, the dialog opens once the confirm dialog has rendered: wait for that render.
    await (deepQuery(element, 'cm-contact-detail', 'cm-confirm-dialog') as unknown as { updateComplete: Promise<unknown> }).updateComplete;
    await new Promise((resolve) => requestAnimationFrame(resolve));
    expect(deleteDialog(element).open).to.equal(false);
    expect((await admin.contacts.list()).total).to.equal(1);
    element.removeEventListener('contacts-before-delete', veto);
  });

  it('offers no Delete to the Agent user', async () => {
    const { element } = await mountManager({ contacts: 1, prefix: 'Agent View', role: 'agent' });
    await openContact(element, 'Agent View 000000');
    expect(trigger(element)).to.equal(null);
    expect(detail(element).shadowRoot!.textContent).not.to.contain('Delete');
    // The agent may still edit and import (their role's permissions).
    expect(element.shadowRoot!.querySelector('header .new-contact')).not.to.equal(null);
    expect(element.shadowRoot!.querySelector('header .import')).not.to.equal(null);
    await expect(element).to.be.accessible();
  });

  it('shows the consent message status and sends it', async () => {
    const { element, admin } = await mountManager({ contacts: 1, prefix: 'Consenting' });
    await openContact(element, 'Consenting 000000');
    const id = element.store!.getState().selectedId!;
    expect(textOf(deepQuery(element, 'cm-contact-detail', '.consent-status'))).to.equal('Not sent');
    deepQuery<HTMLButtonElement>(element, 'cm-contact-detail', '.send-consent')!.click();
    await waitUntil(() => textOf(deepQuery(element, 'cm-contact-detail', '.consent-status')).startsWith('Sent on'), 'status not updated');
    expect((await admin.contacts.get(id)).consent.status).to.equal('sent');
  });

  it('renders names with markup as text', async () => {
    const { element, admin } = await mountManager({ contacts: 0 });
    await admin.contacts.create({ fullName: '<img src=x onerror="window.pwned=1">Mallory', phone: '+14155550111', email: null });
    await element.store!.refresh();
    await openContact(element, 'Mallory');
    const heading = deepQuery(element, 'cm-contact-detail', 'h2')!;
    expect(heading.textContent).to.equal('<img src=x onerror="window.pwned=1">Mallory');
    expect(heading.querySelector('img')).to.equal(null);
    expect(deepQuery(element, 'cm-contact-list', '[role="option"] img')).to.equal(null);
    expect((window as { pwned?: number }).pwned).to.equal(undefined);
  });
});
