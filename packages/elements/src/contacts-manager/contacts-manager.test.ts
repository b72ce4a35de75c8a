import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { createContactsClient } from '@contacts-manager/core';
import { createIndexedDbCache } from '@contacts-manager/core/cache';
import '../define.js';
import { define } from '../register.js';
import type { ContactsManagerElement } from './contacts-manager.js';
import type { ContactsErrorEventDetail } from '../events.js';
import { createTestAccount } from '../../test/test-env.js';
import { mountManager, openContact } from '../../test/mount.js';
import { deepQuery, deepQueryAll, textOf } from '../../test/dom.js';
import '../../test/setup.js';

describe('<contacts-manager>', () => {
  it('renders the contacts of the account from the server, with the total count, laid out as the help page says', async () => {
    const { element } = await mountManager({ contacts: 3, prefix: 'Shown' });
    const names = deepQueryAll(element, 'cm-contact-list', '[role="option"] .name').map(textOf);
    expect(names).to.deep.equal(['Shown 000000', 'Shown 000001', 'Shown 000002']);
    expect(textOf(deepQuery(element, 'cm-contact-list', '.count'))).to.equal('3 contacts');
    const header = element.shadowRoot!.querySelector('header')!;
    expect([...header.querySelectorAll('.toolbar button')].map((button) => button.textContent!.trim() || button.getAttribute('aria-label'))).to.deep.equal([
      'New Contact',
      'Import',
      'Export CSV',
      'Lists',
      'Settings',
    ]);
    // The list is on the left, the detail on the right.
    const list = element.shadowRoot!.querySelector('cm-contact-list')!.getBoundingClientRect();
    const detail = element.shadowRoot!.querySelector('.detail')!.getBoundingClientRect();
    expect(list.right).to.be.at.most(detail.left + 1);
    expect(textOf(deepQuery(element, '.detail .prompt'))).to.equal(
      'Choose a contact from the list on the left, or add a new one.',
    );
    await expect(element).to.be.accessible();
  });

  it('shows "No contacts yet" with New Contact and Import for an empty account', async () => {
    const { element } = await mountManager({ contacts: 0 });
    const empty = element.shadowRoot!.querySelector('.state.empty')!;
    expect(textOf(empty.querySelector('h2'))).to.equal('No contacts yet');
    expect([...empty.querySelectorAll('button')].map(textOf)).to.deep.equal(['New Contact', 'Import']);
    await expect(element).to.be.accessible();
    empty.querySelector<HTMLButtonElement>('.new-contact')!.click();
    await waitUntil(() => deepQuery(element, 'cm-contact-form[mode="create"]') !== null, 'New Contact did not open the form');
  });

  it('shows skeleton rows while loading, then the rows', async () => {
    const account = await createTestAccount({ contacts: 2 });
    // The real server, with the first page of contacts held back until the skeleton has been seen.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let pagesHeld = 0;
    const client = createContactsClient({
      baseUrl: account.baseUrl,
      token: account.adminToken,
      fetch: async (input, init) => {
        const url = new URL(input instanceof Request ? input.url : String(input));
        if (url.pathname === '/v1/contacts') {
          pagesHeld++;
          await released;
        }
        return fetch(input, init);
      },
    });
    const element = await fixture<ContactsManagerElement>(html`<contacts-manager .client=${client} no-cache></contacts-manager>`);
    await waitUntil(() => pagesHeld > 0, 'the first page was never asked for');
    await waitUntil(() => deepQueryAll(element, 'cm-contact-list', '.skeleton-row').length > 0, 'no skeleton rows while the page is held');
    expect(deepQueryAll(element, 'cm-contact-list', '[role="option"]')).to.have.length(0);
    expect(deepQuery(element, 'cm-contact-list', '.skeleton')!.getAttribute('aria-busy')).to.equal('true');
    release();
    await waitUntil(() => deepQueryAll(element, 'cm-contact-list', '[role="option"]').length === 2, 'the rows never replaced the skeleton');
    expect(deepQueryAll(element, 'cm-contact-list', '.skeleton-row')).to.have.length(0);
  });

  it('shows an error the user can act on, with Retry, and fires contacts-error', async () => {
    const errors: ContactsErrorEventDetail[] = [];
    const onError = (event: Event) => errors.push((event as CustomEvent<ContactsErrorEventDetail>).detail);
    document.addEventListener('contacts-error', onError);
    const account = await createTestAccount();
    const element = await fixture<ContactsManagerElement>(
      html`<contacts-manager base-url=${account.baseUrl} token="st_not-a-real-session-token" no-cache></contacts-manager>`,
    );
    await waitUntil(() => element.shadowRoot!.querySelector('.state.error') !== null, 'no error state', { timeout: 15_000 });
    const state = element.shadowRoot!.querySelector('.state.error')!;
    expect(textOf(state.querySelector('h2'))).to.equal('Contacts could not be loaded');
    expect(textOf(state.querySelector('.retry'))).to.equal('Retry');
    expect(errors.length).to.be.greaterThan(0);
    expect(errors[0]!.code).to.equal('unauthorized');
    await expect(element).to.be.accessible();
    // Retry with a valid token now: the contacts load.
    element.token = account.adminToken;
    await waitUntil(() => element.shadowRoot!.querySelector('.state.empty') !== null, 'retry did not recover', { timeout: 15_000 });
    document.removeEventListener('contacts-error', onError);
  });

  it('keeps showing cached contacts read-only when offline, with a banner', async () => {
    const account = await createTestAccount({ contacts: 2, prefix: 'Cached' });
    const online = await fixture<ContactsManagerElement>(
      html`<contacts-manager base-url=${account.baseUrl} token=${account.adminToken}></contacts-manager>`,
    );
    await waitUntil(() => deepQueryAll(online, 'cm-contact-list', '[role="option"]').length === 2, 'online load failed', { timeout: 15_000 });
    // Wait for the cache writes (fire-and-forget) to land, then go "offline": every request fails
    // as a dropped network would.
    const accountId = online.store!.getState().me!.account.id;
    const { sort, listId, q } = online.store!.getState().query;
    const cache = createIndexedDbCache();
    await waitUntil(async () => {
      const page = await cache.readPage(`${accountId}|page|${sort}|${listId ?? ''}|${q.trim()}`);
      const session = await cache.readMeta(`${accountId}|session`);
      return page?.contacts.length === 2 && session !== undefined && (await cache.readMeta('last-account')) === accountId;
    }, 'the contacts never reached the cache');
    online.remove();
    const offlineClient = createContactsClient({
      baseUrl: account.baseUrl,
      token: account.adminToken,
      maxRetries: 0,
      fetch: () => Promise.reject(new TypeError('Failed to fetch')),
    });
    const offline = await fixture<ContactsManagerElement>(html`<contacts-manager .client=${offlineClient}></contacts-manager>`);
    await waitUntil(() => offline.shadowRoot!.querySelector('.banner.offline') !== null, 'no offline banner', { timeout: 15_000 });
    expect(deepQueryAll(offline, 'cm-contact-list', '[role="option"] .name').map(textOf)).to.deep.equal(['Cached 000000', 'Cached 000001']);
    expect(offline.shadowRoot!.querySelector('header .new-contact')).to.equal(null);
    await openContact(offline, 'Cached 000000');
    const form = deepQuery(offline, 'cm-contact-detail', 'cm-contact-form')!;
    expect(form.shadowRoot!.querySelector<HTMLInputElement>('#fullName')!.disabled).to.equal(true);
    expect(textOf(form.shadowRoot!.querySelector('.notice'))).to.equal('Offline: changes are turned off.');
    await expect(offline).to.be.accessible();
  });

  it('speaks French with locale="fr", and takes string overrides', async () => {
    const { element } = await mountManager({ contacts: 1, prefix: 'Locale', locale: 'fr' });
    // French loads on first use (English is the only language in the first download).
    await waitUntil(() => textOf(element.shadowRoot!.querySelector('header .new-contact')) === 'Nouveau contact', 'French never arrived');
    expect(textOf(deepQuery(element, 'cm-contact-list', '.count'))).to.equal('1 contact');
    await openContact(element, 'Locale 000000');
    expect(textOf(deepQuery(element, 'cm-contact-detail', 'cm-contact-form', 'button[type="submit"]'))).to.equal('Mettre à jour le contact');
    element.strings = { newContact: 'Ajouter quelqu’un' };
    await element.updateComplete;
    expect(textOf(element.shadowRoot!.querySelector('header .new-contact'))).to.equal('Ajouter quelqu’un');
  });

  it('switches to the dark palette with theme="dark" and lets the page override tokens', async () => {
    const { element } = await mountManager({ contacts: 1 });
    const lightBackground = getComputedStyle(element).backgroundColor;
    element.theme = 'dark';
    await element.updateComplete;
    expect(element.getAttribute('theme')).to.equal('dark');
    expect(getComputedStyle(element).backgroundColor).not.to.equal(lightBackground);
    await expect(element).to.be.accessible();
    element.style.setProperty('--cm-color-accent', 'rgb(122, 60, 255)');
    const newContact = element.shadowRoot!.querySelector('header .new-contact')!;
    expect(getComputedStyle(newContact).backgroundColor).to.equal('rgb(122, 60, 255)');
    element.style.removeProperty('--cm-color-accent');
  });

  it('loads the import and settings dialogs only when first opened', async () => {
    const { element } = await mountManager({ contacts: 1 });
    expect(element.shadowRoot!.querySelector('cm-import-dialog')).to.equal(null);
    expect(element.shadowRoot!.querySelector('cm-settings-dialog')).to.equal(null);
    element.shadowRoot!.querySelector<HTMLButtonElement>('header .import')!.click();
    await waitUntil(() => deepQuery<HTMLDialogElement>(element, 'cm-import-dialog', 'dialog')?.open, 'the import dialog did not open', {
      timeout: 15_000,
    });
    (element.shadowRoot!.querySelector('cm-import-dialog') as unknown as { close(): void }).close();
    element.shadowRoot!.querySelector<HTMLButtonElement>('header .settings')!.click();
    await waitUntil(() => deepQuery<HTMLDialogElement>(element, 'cm-settings-dialog', 'dialog')?.open, 'the settings dialog did not open', {
      timeout: 15_000,
    });
    (element.shadowRoot!.querySelector('cm-settings-dialog') as unknown as { close(): void }).close();
  });

  it('define() tolerates being called again (double loading)', () => {
    const before = customElements.get('contacts-manager');
    expect(() => define()).not.to.throw();
    expect(customElements.get('contacts-manager')).to.equal(before);
  });

  it('runs on a page with a strict CSP without a single violation', async () => {
    const account = await createTestAccount({ contacts: 2, prefix: 'Strict' });
    const frame = document.createElement('iframe');
    frame.title = 'strict CSP page';
    frame.width = '900';
    frame.height = '600';
    frame.src = `/__cm-test/csp.html?baseUrl=${encodeURIComponent(account.baseUrl)}&token=${encodeURIComponent(account.adminToken)}`;
    document.body.append(frame);
    await oneEvent(frame, 'load');
    const frameWindow = frame.contentWindow as Window & { cspViolations?: string[] };
    await waitUntil(
      () => {
        const manager = frame.contentDocument?.querySelector('contacts-manager');
        return (manager?.shadowRoot?.querySelector('cm-contact-list')?.shadowRoot?.querySelectorAll('[role="option"]').length ?? 0) === 2;
      },
      'the widget did not render under the strict CSP',
      { timeout: 20_000 },
    );
    // Exercise the form (zod validation) and a dialog under the policy too.
    const manager = frame.contentDocument!.querySelector('contacts-manager')!;
    manager.shadowRoot!.querySelector<HTMLButtonElement>('header .new-contact')!.click();
    await waitUntil(() => manager.shadowRoot!.querySelector('cm-contact-form[mode="create"]')?.shadowRoot?.querySelector('form'));
    const form = manager.shadowRoot!.querySelector('cm-contact-form[mode="create"]')!;
    form.shadowRoot!.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await waitUntil(() => form.shadowRoot!.querySelector('#fullName-error'), 'no validation under CSP');
    expect(frameWindow.cspViolations).to.deep.equal([]);
    frame.remove();
  });
});
