import { expect, fixture, html } from '@open-wc/testing';
import '../define.js';
import type { ConfirmDialogElement } from './confirm-dialog.js';

describe('<cm-confirm-dialog>', () => {
  it('opens a native modal, puts focus on Cancel, and returns focus to the opener on Escape', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div>
      <button id="opener">Delete</button>
      <cm-confirm-dialog></cm-confirm-dialog>
    </div>`);
    const opener = wrapper.querySelector<HTMLButtonElement>('#opener')!;
    const dialog = wrapper.querySelector<ConfirmDialogElement>('cm-confirm-dialog')!;
    opener.focus();
    const answer = dialog.ask({ title: 'Delete Ada?', body: 'This removes Ada.', confirmLabel: 'Delete contact', cancelLabel: 'Cancel', danger: true });
    await dialog.updateComplete;
    const native = dialog.shadowRoot!.querySelector('dialog')!;
    expect(native.open).to.equal(true);
    expect(native.matches(':modal')).to.equal(true);
    expect(dialog.shadowRoot!.activeElement).to.equal(dialog.shadowRoot!.querySelector('.cancel'));
    await expect(dialog).to.be.accessible();
    native.dispatchEvent(new Event('cancel', { cancelable: true }));
    expect(await answer).to.equal(false);
    expect(native.open).to.equal(false);
    expect(document.activeElement).to.equal(opener);
  });

  it('resolves true when confirmed', async () => {
    const dialog = await fixture<ConfirmDialogElement>(html`<cm-confirm-dialog></cm-confirm-dialog>`);
    const answer = dialog.ask({ title: 'Opt out?', body: 'Permanent.', confirmLabel: 'Opt out', cancelLabel: 'Cancel' });
    await dialog.updateComplete;
    dialog.shadowRoot!.querySelector<HTMLButtonElement>('.confirm')!.click();
    expect(await answer).to.equal(true);
  });
});
