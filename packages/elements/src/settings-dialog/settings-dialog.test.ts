import { expect, waitUntil } from '@open-wc/testing';
import { mountManager } from '../../test/mount.js';
import { textOf, typeInto } from '../../test/dom.js';
import type { ContactsManagerElement } from '../contacts-manager/contacts-manager.js';
import type { SettingsDialogElement } from './settings-dialog.js';

async function openSettingsDialog(
  element: ContactsManagerElement,
): Promise<{ dialog: SettingsDialogElement; root: ShadowRoot }> {
  await element.openSettings();
  const dialog = element.shadowRoot!.querySelector<SettingsDialogElement>('cm-settings-dialog')!;
  await dialog.updateComplete;
  return { dialog, root: dialog.shadowRoot! };
}

describe('<cm-settings-dialog>', () => {
  it('deletes all contacts only after DELETE is typed, showing progress, and the list empties', async () => {
    const { element, admin } = await mountManager({ contacts: 1500, prefix: 'Doomed' });
    const gear = element.shadowRoot!.querySelector<HTMLButtonElement>('button.settings')!;
    gear.focus();
    const { dialog, root } = await openSettingsDialog(element);
    expect(root.querySelector('dialog')!.open).to.equal(true);
    const body = textOf(root.querySelector('.danger-zone'));
    expect(body).to.contain('CANNOT BE UNDONE');
    expect(body).to.contain('1,500');

    const button = root.querySelector<HTMLButtonElement>('button.danger')!;
    expect(button.disabled).to.equal(true);
    const input = root.querySelector<HTMLInputElement>('#confirm-input')!;
    expect(textOf(root.querySelector('label[for="confirm-input"]'))).to.equal(
      'Type DELETE to confirm',
    );
    typeInto(input, 'delete');
    await dialog.updateComplete;
    expect(button.disabled, 'the word is case-sensitive').to.equal(true);
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    typeInto(input, 'DELETE');
    await dialog.updateComplete;
    expect(button.disabled).to.equal(false);

    const toasts: string[] = [];
    element.addEventListener('cm-toast', (event) =>
      toasts.push((event as CustomEvent<{ message: string }>).detail.message),
    );
    let sawProgress = false;
    const observer = new MutationObserver(() => {
      if (root.querySelector('progress')) sawProgress = true;
    });
    observer.observe(root, { subtree: true, childList: true });
    button.click();
    await waitUntil(
      () => textOf(root.querySelector('.done')).includes('deleted'),
      'delete all never finished',
      { timeout: 30_000 },
    );
    observer.disconnect();
    expect(sawProgress, 'a progress bar was shown while the job ran').to.equal(true);
    expect(textOf(root.querySelector('.done'))).to.equal('All contacts were deleted (1,500).');
    expect(toasts).to.deep.equal(['All contacts were deleted (1,500).']);
    expect((await admin.contacts.list()).total).to.equal(0);
    await waitUntil(() => element.store!.getState().total === 0, 'the list never settled at zero', {
      timeout: 15_000,
    });
    await expect(dialog).to.be.accessible();

    root.querySelector<HTMLButtonElement>('button.close')!.click();
    await waitUntil(
      () => element.shadowRoot!.activeElement === gear,
      'focus did not return to the gear',
    );
  });

  it('offers no delete-all to a user without the permission', async () => {
    const { element } = await mountManager({ contacts: 2, role: 'agent' });
    const { root } = await openSettingsDialog(element);
    expect(root.querySelector('.danger-zone')).to.equal(null);
    expect(root.querySelector('button.danger')).to.equal(null);
    expect(textOf(root.querySelector('.dialog-body'))).to.contain('no settings');
  });

  it('speaks French when the widget does', async () => {
    const { element } = await mountManager({ contacts: 1, locale: 'fr' });
    const { root } = await openSettingsDialog(element);
    expect(textOf(root.querySelector('h2'))).to.equal('Paramètres');
    expect(textOf(root.querySelector('label[for="confirm-input"]'))).to.equal(
      'Tapez SUPPRIMER pour confirmer',
    );
  });
});
