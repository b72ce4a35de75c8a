// Mounts a real <contacts-manager> on a fresh account of the reference server.
import { fixture, html, waitUntil } from '@open-wc/testing';
import { createContactsClient, type ContactsClient } from '@contacts-manager/core';
import '../src/define.js';
import type { ContactsManagerElement } from '../src/contacts-manager/contacts-manager.js';
import { createTestAccount, type TestAccount } from './test-env.js';
import './setup.js';


export interface Mounted {
  element: ContactsManagerElement;
  account: TestAccount;
  /** An SDK client with the account's secret key: the test's own view of the server. */
  admin: ContactsClient;
}

export type Role = 'admin' | 'agent' | 'viewer';

export async function mountManager(
  options: { contacts?: number; prefix?: string; role?: Role; account?: TestAccount; locale?: string; pageSize?: number } = {},
): Promise<Mounted> {
  const account = options.account ?? (await createTestAccount({ contacts: options.contacts ?? 0, prefix: options.prefix ?? 'Person' }));
  const token = options.role === 'agent' ? account.agentToken : options.role === 'viewer' ? account.viewerToken : account.adminToken;
  const element = await fixture<ContactsManagerElement>(
    html`<contacts-manager
      base-url=${account.baseUrl}
      token=${token}
      locale=${options.locale ?? 'en'}
      page-size=${options.pageSize ?? 100}
      no-cache
    ></contacts-manager>`,
  );
  await waitUntil(() => element.store?.getState().status === 'ready' && element.store.getState().me !== null, 'the store never became ready', {
    timeout: 15_000,
  });
  await element.updateComplete;
  if (element.store!.getState().contacts.length > 0) {
    await waitUntil(() => element.shadowRoot!.querySelector('cm-contact-list')?.shadowRoot?.querySelector('[role="option"]'), 'no rows rendered');
  }
  const admin = createContactsClient({ baseUrl: account.baseUrl, token: account.secretKey });
  return { element, account, admin };
}

/** Selects a contact through the list, as a click would, and waits for the detail pane. */
export async function openContact(element: ContactsManagerElement, name: string): Promise<void> {
  const list = element.shadowRoot!.querySelector('cm-contact-list')!;
  await waitUntil(
    () => [...list.shadowRoot!.querySelectorAll('[role="option"]')].some((row) => row.textContent?.includes(name)),
    `no row for ${name}`,
  );
  const row = [...list.shadowRoot!.querySelectorAll<HTMLElement>('[role="option"]')].find((item) => item.textContent?.includes(name))!;
  row.click();
  await waitUntil(() => {
    const detail = element.shadowRoot!.querySelector('cm-contact-detail');
    return detail?.shadowRoot?.querySelector('h2')?.textContent?.includes(name) ?? false;
  }, `the detail of ${name} never showed`);
  const form = element.shadowRoot!.querySelector('cm-contact-detail')!.shadowRoot!.querySelector('cm-contact-form');
  await (form as unknown as { updateComplete: Promise<unknown> } | null)?.updateComplete;
}
