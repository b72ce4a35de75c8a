import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import type { ContactEventDetail } from '../events.js';
import type { ContactsManagerElement } from '../contacts-manager/contacts-manager.js';
import { mountManager, openContact } from '../../test/mount.js';
import { deepQuery, textOf, typeInto } from '../../test/dom.js';

function createForm(element: ContactsManagerElement): HTMLElement {
  return deepQuery(element, 'cm-contact-form[mode="create"]')!;
}

function editForm(element: ContactsManagerElement): HTMLElement {
  return deepQuery(element, 'cm-contact-detail', 'cm-contact-form')!;
}

function field(form: HTMLElement, id: string): HTMLInputElement {
  return form.shadowRoot!.querySelector<HTMLInputElement>(`#${id}`)!;
}

function errorText(form: HTMLElement, id: string): string {
  return textOf(form.shadowRoot!.querySelector(`#${id}-error`));
}

async function settle(form: HTMLElement): Promise<void> {
  await (form as unknown as { updateComplete: Promise<unknown> }).updateComplete;
}

function submit(form: HTMLElement): void {
  form.shadowRoot!.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
}

async function startCreating(element: ContactsManagerElement): Promise<HTMLElement> {
  element.shadowRoot!.querySelector<HTMLButtonElement>('header .new-contact')!.click();
  await waitUntil(() => createForm(element) !== null, 'the create form never opened');
  const form = createForm(element);
  await settle(form);
  return form;
}

describe('contact form', () => {
  it('marks required fields with a red asterisk and "required" for screen readers, and shows the email help', async () => {
    const { element } = await mountManager({ contacts: 1 });
    const form = await startCreating(element);
    const label = form.shadowRoot!.querySelector('label[for="fullName"]')!;
    expect(label.querySelector('.required-mark')?.textContent).to.equal('*');
    expect(getComputedStyle(label.querySelector('.required-mark')!).color).to.equal('rgb(180, 35, 24)');
    expect(textOf(label.querySelector('.visually-hidden'))).to.equal('(required)');
    expect(field(form, 'fullName').getAttribute('aria-required')).to.equal('true');
    expect(form.shadowRoot!.querySelector('label[for="email"] .required-mark')).to.equal(null);
    expect(textOf(form.shadowRoot!.querySelector('#email-help'))).to.contain(
      'Although the app does not utilize the e-mail address for communication',
    );
    expect(textOf(form.shadowRoot!.querySelector('button[type="submit"]'))).to.equal('Add Contact');
    await expect(element).to.be.accessible();
  });

  it('adds a contact: "Add Contact" creates it on the server, fires contacts-created, lists and selects it', async () => {
    const { element, admin } = await mountManager({ contacts: 1 });
    const form = await startCreating(element);
    typeInto(field(form, 'fullName'), 'Zoe Added');
    typeInto(field(form, 'phone'), '(415) 555-0199');
    typeInto(field(form, 'email'), 'Zoe@Example.com');
    const created = oneEvent(document, 'contacts-created') as Promise<CustomEvent<ContactEventDetail>>;
    submit(form);
    const event = await created;
    expect(event.composed).to.equal(true);
    expect(event.detail.contact.phone).to.equal('+14155550199');
    const onServer = await admin.contacts.get(event.detail.contact.id);
    expect(onServer.fullName).to.equal('Zoe Added');
    expect(onServer.email).to.equal('zoe@example.com');
    await waitUntil(() => textOf(deepQuery(element, 'cm-contact-detail', 'h2')) === 'Zoe Added', 'the new contact is not selected');
    await waitUntil(() => textOf(deepQuery(element, 'cm-contact-list', '.count')) === '2 contacts');
    await waitUntil(() => textOf(deepQuery(element, 'cm-toast-region', '.toast')).includes('Zoe Added was added.'));
  });

  it('shows the zod messages inline, on the fields, and sends nothing while the form is invalid', async () => {
    const { element, admin } = await mountManager({ contacts: 1 });
    const form = await startCreating(element);
    submit(form);
    await settle(form);
    expect(errorText(form, 'fullName')).to.equal('Full name is required');
    expect(errorText(form, 'phone')).to.equal('Phone is required');
    expect(field(form, 'fullName').getAttribute('aria-invalid')).to.equal('true');
    expect(field(form, 'fullName').getAttribute('aria-describedby')).to.contain('fullName-error');
    expect(form.shadowRoot!.activeElement).to.equal(field(form, 'fullName'));
    typeInto(field(form, 'fullName'), 'Valid Name');
    typeInto(field(form, 'phone'), '415 555 0100');
    typeInto(field(form, 'email'), 'not-an-email');
    field(form, 'email').blur();
    await settle(form);
    expect(errorText(form, 'fullName')).to.equal('');
    expect(errorText(form, 'email')).to.equal('Enter a valid email address, like name@example.com');
    submit(form);
    await settle(form);
    expect((await admin.contacts.list()).total).to.equal(1);
    await expect(element).to.be.accessible();
  });

  it('puts the server\'s field errors (422) on their fields', async () => {
    const { element } = await mountManager({ contacts: 1 });
    const form = await startCreating(element);
    typeInto(field(form, 'fullName'), 'Bad Number');
    typeInto(field(form, 'phone'), '123');
    submit(form);
    await waitUntil(() => errorText(form, 'phone') !== '', 'no server error on the phone field');
    expect(field(form, 'phone').getAttribute('aria-invalid')).to.equal('true');
    expect(deepQuery(element, '.banner.error')).to.equal(null);
  });

  it('links a duplicate phone (409) to the contact that holds the number', async () => {
    const { element } = await mountManager({ contacts: 2, prefix: 'Holder' });
    const form = await startCreating(element);
    typeInto(field(form, 'fullName'), 'Second Owner');
    typeInto(field(form, 'phone'), '+12122000001');
    submit(form);
    await waitUntil(() => errorText(form, 'phone').startsWith('This number belongs to'), 'no duplicate message');
    expect(errorText(form, 'phone')).to.equal('This number belongs to Holder 000001.');
    form.shadowRoot!.querySelector<HTMLButtonElement>('.duplicate-link')!.click();
    await waitUntil(() => textOf(deepQuery(element, 'cm-contact-detail', 'h2')) === 'Holder 000001', 'the holder was not opened');
  });

  it('edits a contact: "Update Contact Details" saves it and fires contacts-updated', async () => {
    const { element, admin } = await mountManager({ contacts: 2, prefix: 'Editable' });
    await openContact(element, 'Editable 000000');
    const form = editForm(element);
    expect(textOf(form.shadowRoot!.querySelector('button[type="submit"]'))).to.equal('Update Contact Details');
    typeInto(field(form, 'fullName'), 'Edited Name');
    const updated = oneEvent(document, 'contacts-updated') as Promise<CustomEvent<ContactEventDetail>>;
    submit(form);
    const event = await updated;
    expect(event.detail.contact.fullName).to.equal('Edited Name');
    expect((await admin.contacts.get(event.detail.contact.id)).fullName).to.equal('Edited Name');
    await waitUntil(() => textOf(deepQuery(element, 'cm-contact-detail', 'h2')) === 'Edited Name');
  });

  it('shows a stale edit (412) as a conflict with the newer values, and lets the user keep theirs or overwrite', async () => {
    const { element, admin } = await mountManager({ contacts: 1, prefix: 'Contested' });
    await openContact(element, 'Contested 000000');
    const form = editForm(element);
    const contactId = element.store!.getState().selectedId!;
    typeInto(field(form, 'fullName'), 'Mine Wins');
    await admin.contacts.update(contactId, { fullName: 'Theirs Wins' });
    submit(form);
    await waitUntil(() => form.shadowRoot!.querySelector('.conflict') !== null, 'no conflict shown', { timeout: 10_000 });
    const conflict = form.shadowRoot!.querySelector('.conflict')!;
    expect(textOf(conflict.querySelector('td.theirs'))).to.equal('Theirs Wins');
    expect(textOf(conflict.querySelector('td.yours'))).to.equal('Mine Wins');
    expect((await admin.contacts.get(contactId)).fullName).to.equal('Theirs Wins');
    await expect(element).to.be.accessible();
    conflict.querySelector<HTMLButtonElement>('.overwrite')!.click();
    await waitUntil(async () => form.shadowRoot!.querySelector('.conflict') === null);
    await waitUntil(async () => (await admin.contacts.get(contactId)).fullName === 'Mine Wins', 'the overwrite was not saved');
  });

  it('keeps the newer version when the user chooses it', async () => {
    const { element, admin } = await mountManager({ contacts: 1, prefix: 'Contested' });
    await openContact(element, 'Contested 000000');
    const form = editForm(element);
    const contactId = element.store!.getState().selectedId!;
    typeInto(field(form, 'fullName'), 'Mine Loses');
    await admin.contacts.update(contactId, { fullName: 'Theirs Kept' });
    submit(form);
    await waitUntil(() => form.shadowRoot!.querySelector('.conflict') !== null, 'no conflict shown');
    form.shadowRoot!.querySelector<HTMLButtonElement>('.keep-theirs')!.click();
    await waitUntil(() => form.shadowRoot!.querySelector('.conflict') === null);
    await waitUntil(() => field(editForm(element), 'fullName').value === 'Theirs Kept', 'the form does not show the newer version');
    expect((await admin.contacts.get(contactId)).fullName).to.equal('Theirs Kept');
  });

  it('asks before opting out, and then locks the checkbox with the reason', async () => {
    const { element, admin } = await mountManager({ contacts: 1, prefix: 'Leaving' });
    await openContact(element, 'Leaving 000000');
    const contactId = element.store!.getState().selectedId!;
    let form = editForm(element);
    const checkbox = field(form, 'optedOut');
    checkbox.click();
    const dialog = form.shadowRoot!.querySelector('cm-confirm-dialog')!;
    await waitUntil(() => dialog.shadowRoot!.querySelector('dialog')!.open, 'no confirmation');
    expect(textOf(dialog.shadowRoot!.querySelector('#body'))).to.contain('START or UNSTOP');
    await expect(element).to.be.accessible();
    // Cancel: nothing changes.
    dialog.shadowRoot!.querySelector<HTMLButtonElement>('.cancel')!.click();
    await settle(form);
    expect(checkbox.checked).to.equal(false);
    expect((await admin.contacts.get(contactId)).optedOut).to.equal(false);
    // Confirm: opted out for good.
    checkbox.click();
    await waitUntil(() => dialog.shadowRoot!.querySelector('dialog')!.open);
    const updated = oneEvent(document, 'contacts-updated') as Promise<CustomEvent<ContactEventDetail>>;
    dialog.shadowRoot!.querySelector<HTMLButtonElement>('.confirm')!.click();
    expect((await updated).detail.contact.optedOut).to.equal(true);
    form = editForm(element);
    await waitUntil(() => field(form, 'optedOut')?.disabled === true, 'the checkbox is not locked');
    expect(field(form, 'optedOut').checked).to.equal(true);
    expect(textOf(form.shadowRoot!.querySelector('#opt-out-reason .reason'))).to.match(/^Opted out manually on \w{3} \d{1,2}, \d{4}\.$/);
    expect((await admin.contacts.get(contactId)).optedOut).to.equal(true);
    expect(deepQuery(element, 'cm-contact-detail', '.send-consent')).to.equal(null);
  });

  it('says a contact opted out by replying STOP', async () => {
    const { element, admin } = await mountManager({ contacts: 1, prefix: 'Texter' });
    await admin.inboundMessages.create({ from: '+12122000000', body: 'Stop please' });
    await element.store!.refresh();
    await openContact(element, 'Texter 000000');
    const form = editForm(element);
    await waitUntil(() => field(form, 'optedOut')?.disabled === true);
    expect(textOf(form.shadowRoot!.querySelector('#opt-out-reason .reason'))).to.match(/^Opted out: replied STOP on /);
  });

  it('is read-only for a user without editContacts', async () => {
    const { element } = await mountManager({ contacts: 1, prefix: 'Viewed', role: 'viewer' });
    expect(element.shadowRoot!.querySelector('header .new-contact')).to.equal(null);
    expect(element.shadowRoot!.querySelector('header .import')).to.equal(null);
    await openContact(element, 'Viewed 000000');
    const form = editForm(element);
    expect(field(form, 'fullName').disabled).to.equal(true);
    expect(field(form, 'optedOut').disabled).to.equal(true);
    expect(form.shadowRoot!.querySelector('button[type="submit"]')).to.equal(null);
    expect(textOf(form.shadowRoot!.querySelector('.notice'))).to.equal('You can view this contact but not change it.');
    await expect(element).to.be.accessible();
  });
});
