import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../define.js';
import type { ContactsManagerElement } from './contacts-manager.js';
import { createTestAccount } from '../../test/test-env.js';
import { deepQuery, deepQueryAll, textOf, waitFor } from '../../test/dom.js';

describe('<contacts-manager>', () => {
  it('renders the contacts of the account from the server, with the total count', async () => {
    const account = await createTestAccount({ contacts: 3, prefix: 'Shown' });
    const element = await fixture<ContactsManagerElement>(
      html`<contacts-manager base-url=${account.baseUrl} token=${account.adminToken} no-cache></contacts-manager>`,
    );
    await waitFor(element, ['cm-contact-list', '[role="option"]']);
    const names = deepQueryAll(element, 'cm-contact-list', '[role="option"] .name').map(textOf);
    expect(names).to.deep.equal(['Shown 000000', 'Shown 000001', 'Shown 000002']);
    expect(textOf(deepQuery(element, 'cm-contact-list', '.count'))).to.equal('3 contacts');
  });
});
