// A 10k-contact list against the real server: what windowing promises a user, checked without
// timings (first paint and long tasks while scrolling 100k rows are measured by `pnpm bench:widget`).
import { expect, waitUntil } from '@open-wc/testing';
import type { ContactsManagerElement } from '../contacts-manager/contacts-manager.js';
import { createTestAccount } from '../../test/test-env.js';
import { mountManager } from '../../test/mount.js';
import { deepQuery, deepQueryAll, textOf } from '../../test/dom.js';

const TOTAL = 10_000;

function listbox(element: ContactsManagerElement): HTMLElement {
  return deepQuery(element, 'cm-contact-list', '[role="listbox"]')!;
}

function rowsOf(element: ContactsManagerElement): HTMLElement[] {
  return deepQueryAll(element, 'cm-contact-list', '[role="option"]');
}

function nextFrame(): Promise<number> {
  return new Promise((resolve) => requestAnimationFrame(resolve));
}

/** Rows a screen of the list holds (rows have one fixed height). */
function rowsPerScreen(element: ContactsManagerElement): number {
  const rowHeight = rowsOf(element)[0]!.getBoundingClientRect().height;
  return Math.ceil(listbox(element).clientHeight / rowHeight);
}

/** Every rendered row shows the contact at its position, and the positions follow each other. */
function expectRowsMatchStore(element: ContactsManagerElement): void {
  const contacts = element.store!.getState().contacts;
  const rows = rowsOf(element);
  const positions = rows.map((row) => Number(row.getAttribute('aria-posinset')));
  expect(positions).to.deep.equal(positions.map((_, index) => positions[0]! + index));
  for (const row of rows) {
    expect(row.getAttribute('aria-setsize')).to.equal(String(TOTAL));
    expect(textOf(row.querySelector('.name'))).to.equal(contacts[Number(row.getAttribute('aria-posinset')) - 1]!.fullName);
  }
}

describe('contact list with 10k contacts', function () {
  this.timeout(300_000);

  it('renders about a screen of rows wherever the user is, and reaches every contact', async () => {
    const account = await createTestAccount({ bulk: TOTAL });
    const { element } = await mountManager({ account, pageSize: 200 });
    expect(element.store!.getState().total).to.equal(TOTAL);
    expect(textOf(deepQuery(element, 'cm-contact-list', '.count'))).to.equal('10,000 contacts');
    const screen = rowsPerScreen(element);
    expect(screen).to.be.greaterThan(1);
    // The rows rendered are bounded by the viewport (plus an overscan), not by the rows loaded.
    const bound = screen * 3 + 10;
    expect(rowsOf(element).length).to.be.at.least(screen).and.at.most(bound);
    expect(Number(rowsOf(element)[0]!.getAttribute('aria-posinset'))).to.equal(1);
    expectRowsMatchStore(element);

    // Scroll to the end, as a user holding End would: page after page loads, the window stays small.
    const box = listbox(element);
    let mostRows = 0;
    await waitUntil(
      async () => {
        box.scrollTop = box.scrollHeight;
        await nextFrame();
        mostRows = Math.max(mostRows, rowsOf(element).length);
        return rowsOf(element).some((row) => row.getAttribute('aria-posinset') === String(TOTAL));
      },
      'the last row never showed',
      { timeout: 240_000 },
    );
    const contacts = element.store!.getState().contacts;
    expect(contacts).to.have.length(TOTAL);
    expect(new Set(contacts.map((contact) => contact.id)).size, 'every contact loaded once').to.equal(TOTAL);
    expect(mostRows, 'rows rendered at any point while scrolling').to.be.at.most(bound);
    const lastRow = rowsOf(element).find((row) => row.getAttribute('aria-posinset') === String(TOTAL))!;
    expect(textOf(lastRow.querySelector('.name'))).to.equal(contacts[TOTAL - 1]!.fullName);
    expectRowsMatchStore(element);

    // Jumps across the loaded list: each lands on the right rows, and nothing piles up behind.
    for (const fraction of [0.5, 0.25, 0.75, 0]) {
      box.scrollTop = Math.round((box.scrollHeight - box.clientHeight) * fraction);
      await waitUntil(async () => {
        await nextFrame();
        const first = Number(rowsOf(element)[0]?.getAttribute('aria-posinset'));
        const last = Number(rowsOf(element).at(-1)?.getAttribute('aria-posinset'));
        const target = Math.floor(fraction * (TOTAL - screen)) + 1;
        return first <= target && last >= target;
      }, `the rows at ${fraction * 100}% never showed`);
      expect(rowsOf(element).length).to.be.at.most(bound);
      expectRowsMatchStore(element);
    }
    expect(rowsOf(element)[0]!.getAttribute('aria-posinset')).to.equal('1');
    // No trail of rows once shown: the listbox holds about the rendered rows.
    expect(box.querySelectorAll('*').length).to.be.lessThan(bound * 20);
  });
});
