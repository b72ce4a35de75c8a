import { html, nothing } from 'lit';
import { query, state } from 'lit/decorators.js';
import { guard } from 'lit/directives/guard.js';
import type { Contact } from '@contacts-manager/core';
import { StoreConsumer } from '../internal/store-consumer.js';
import { baseStyles, buttonStyles, fieldStyles } from '../styles/index.js';
import { formatCount, initialsOf } from '../internal/format.js';
import { formatPhone, loadPhoneLibrary } from '../internal/phone-display.js';
import { formatPlural } from '../i18n/plural.js';
import { contactListStyles } from './contact-list.styles.js';

/**
 * How close to the end of the loaded rows (in rows) the next page is requested: more than a page
 * (≤ 200 rows), so a user at the end keeps loading page after page without having to scroll again.
 */
const LOAD_MORE_THRESHOLD = 250;
/** Rows rendered beyond each edge of the viewport: a wheel step (about 120 px). Each one more is laid out on every scroll frame. */
const OVERSCAN_ROWS = 3;
/** How long after a fast scroll the rows beyond the edges come back (the scroll has settled by then). */
const OVERSCAN_RESTORE_MS = 120;
/** The row height when the CSS cannot be read yet (`--cm-row-height`'s default). */
const DEFAULT_ROW_HEIGHT = 56;

export interface ContactSelectDetail {
  id: string;
}

/** What the bulk bar asks the shell to do with the checked contacts. */
export type BulkRequest = 'addToList' | 'removeFromList' | 'export' | 'delete';
export interface BulkRequestDetail {
  action: BulkRequest;
}

/**
 * The contact list on the left: search, list filter, total count, and a windowed
 * `role="listbox"` of fixed-height rows (100k contacts scroll smoothly). Selection is kept by id.
 * Keyboard: Up/Down, Home/End, PageUp/PageDown move; Enter or Space opens the contact.
 *
 * Rows carry a checkbox for bulk actions (click, Shift+click for a range, Space on the keyboard,
 * Shift+Space for a range); "Select all N matching" extends the selection to the whole query.
 *
 * @event {CustomEvent<ContactSelectDetail>} cm-contact-select - The user opened a contact; `detail.id`.
 * @event {CustomEvent<BulkRequestDetail>} cm-bulk-request - The user chose a bulk action; `detail.action`.
 * @csspart toolbar - Search, filter and count.
 * @csspart search - The search input.
 * @csspart list-filter - The list filter.
 * @csspart count - The total count.
 * @csspart listbox - The scrolling list.
 * @csspart row - One contact row.
 * @csspart bulk-bar - The selection's count and actions.
 *
 * @customElement cm-contact-list
 */
export class ContactListElement extends StoreConsumer {
  static override styles = [baseStyles, buttonStyles, fieldStyles, contactListStyles];

  /** The row the keyboard is on (kept by id, like the selection). */
  @state() private activeId: string | null = null;
  @query('.viewport') private viewport?: HTMLElement;
  /**
   * The first visible row and the viewport's height: rows have one fixed height, so the window
   * of rows follows from `scrollTop` alone. A scroll reads nothing else (no forced layout) and
   * re-renders a couple of dozen rows in place; the viewport's height comes from a
   * ResizeObserver, outside the scroll path.
   */
  @state() private topIndex = 0;
  @state() private viewportHeight = 0;
  /**
   * Rows rendered beyond each edge. A scroll that jumps more than a screen per frame (a fling, a
   * scrollbar drag) replaces every row each frame, so rows beyond the edges would be laid out and
   * never seen: none then, and they come back once the scroll settles.
   */
  @state() private overscan = OVERSCAN_ROWS;
  private overscanTimer: ReturnType<typeof setTimeout> | undefined;
  private lastFastScrollAt = 0;
  private lastScrollTop = 0;
  private rowHeight = DEFAULT_ROW_HEIGHT;
  private resizeObserver: ResizeObserver | null = null;
  private observedViewport: HTMLElement | null = null;

  /**
   * Search without a timer: the first keystroke asks at once; keystrokes typed while that answer is
   * on its way wait for it and then ask once for the latest text. Results follow the last keystroke
   * within a round trip or two (quality.md: ≤ 100 ms), with no request per keystroke.
   */
  private searchInFlight = false;
  private pendingSearch: string | null = null;
  /** Where a Shift+click range starts: the row checked or unchecked last. */
  private anchorId: string | null = null;
  private lastSelectedId: string | null = null;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.pendingSearch = null;
    clearTimeout(this.overscanTimer);
    this.overscanTimer = undefined;
    this.overscan = OVERSCAN_ROWS;
    this.resizeObserver?.disconnect();
    this.observedViewport = null;
  }

  /** Watches the viewport's size (it changes with the container, not with scrolling). */
  private observeViewport(): void {
    const viewport = this.viewport ?? null;
    if (viewport === this.observedViewport) return;
    this.resizeObserver ??= new ResizeObserver((entries) => {
      const entry = entries[entries.length - 1];
      if (!entry) return;
      const height = entry.contentRect.height;
      const rowHeight = parseFloat(getComputedStyle(this).getPropertyValue('--cm-row-height')) || DEFAULT_ROW_HEIGHT;
      if (height !== this.viewportHeight || rowHeight !== this.rowHeight) {
        this.rowHeight = rowHeight;
        this.viewportHeight = height;
      }
    });
    if (this.observedViewport) this.resizeObserver.unobserve(this.observedViewport);
    this.observedViewport = viewport;
    // A new viewport (another query's rows) starts at its top.
    this.lastScrollTop = viewport?.scrollTop ?? 0;
    this.topIndex = Math.floor(this.lastScrollTop / this.rowHeight);
    if (viewport) this.resizeObserver.observe(viewport);
  }

  private onScroll(event: Event): void {
    this.followScroll((event.currentTarget as HTMLElement).scrollTop);
  }

  /** Moves the window of rendered rows to a scroll offset, and asks for the next page near the end. */
  private followScroll(scrollTop: number): void {
    const jump = Math.abs(scrollTop - this.lastScrollTop);
    this.lastScrollTop = scrollTop;
    if (jump > (this.viewportHeight || this.rowHeight * 12)) {
      this.overscan = 0;
      this.lastFastScrollAt = performance.now();
      // One timer per settle period, not one per frame.
      this.overscanTimer ??= setTimeout(this.restoreOverscan, OVERSCAN_RESTORE_MS);
    }
    const top = Math.floor(scrollTop / this.rowHeight);
    if (top !== this.topIndex) this.topIndex = top;
    const lastVisible = Math.floor((scrollTop + this.viewportHeight) / this.rowHeight);
    this.lastVisibleIndex = lastVisible;
    this.maybeLoadMore(lastVisible);
  }

  private readonly restoreOverscan = (): void => {
    const sinceFastScroll = performance.now() - this.lastFastScrollAt;
    if (sinceFastScroll < OVERSCAN_RESTORE_MS) {
      this.overscanTimer = setTimeout(this.restoreOverscan, OVERSCAN_RESTORE_MS - sinceFastScroll);
      return;
    }
    this.overscanTimer = undefined;
    this.overscan = OVERSCAN_ROWS;
  };

  /** Scrolls so the row at `index` is in view: `nearest` moves as little as possible, `center` centres it. */
  private scrollToRow(index: number, block: 'nearest' | 'center'): void {
    const viewport = this.viewport;
    if (!viewport) return;
    const top = index * this.rowHeight;
    const height = this.viewportHeight || viewport.clientHeight;
    const scrollTop = viewport.scrollTop;
    let target = scrollTop;
    if (block === 'center') target = Math.max(0, top - (height - this.rowHeight) / 2);
    else if (top < scrollTop) target = top;
    else if (top + this.rowHeight > scrollTop + height) target = top + this.rowHeight - height;
    if (target === scrollTop) return;
    viewport.scrollTop = target;
    // The row's window follows in this update, not a frame later with the scroll event, so the
    // row is rendered as soon as it is the active descendant.
    this.followScroll(viewport.scrollTop);
  }

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    super.willUpdate(changed as never);
    const selectedId = this.snapshot?.selectedId ?? null;
    if (selectedId !== this.lastSelectedId) {
      this.lastSelectedId = selectedId;
      if (selectedId) this.activeId = selectedId;
    }
  }

  /** Moves keyboard focus to the list. */
  focusList(): void {
    this.viewport?.focus();
  }

  /** Scrolls the selected contact's row into view (a contact just added lands anywhere in the order). */
  async revealSelected(): Promise<void> {
    await this.updateComplete;
    const selectedId = this.snapshot?.selectedId;
    const index = selectedId ? this.contacts.findIndex((contact) => contact.id === selectedId) : -1;
    if (index === -1) return;
    this.activeId = this.contacts[index]?.id ?? null;
    this.scrollToRow(index, 'center');
  }

  private get contacts(): readonly Contact[] {
    return this.snapshot?.contacts ?? [];
  }

  private onSearchInput(event: Event): void {
    this.pendingSearch = (event.target as HTMLInputElement).value;
    if (!this.searchInFlight) this.runPendingSearch();
  }

  private runPendingSearch(): void {
    const q = this.pendingSearch;
    const store = this.store;
    this.pendingSearch = null;
    if (q === null || !store) return;
    this.searchInFlight = true;
    void store
      .setQuery({ q })
      .catch(() => undefined)
      .finally(() => {
        this.searchInFlight = false;
        this.runPendingSearch();
      });
  }

  private onListFilterChange(event: Event): void {
    const value = (event.target as HTMLSelectElement).value;
    void this.store?.setQuery({ listId: value === '' ? null : value });
  }

  private clearSearch(): void {
    this.pendingSearch = null;
    const input = this.renderRoot.querySelector<HTMLInputElement>('#search');
    if (input) input.value = '';
    void this.store?.setQuery({ q: '', listId: null });
    input?.focus();
  }

  /** The last row index visible at the last scroll. */
  private lastVisibleIndex = -1;

  private phoneLibraryRequested = false;
  /** The first row and the height of the spacer as last written, so an unchanged one is not written again. */
  private renderedFirst = -1;
  private renderedHeight = -1;
  private renderedSpacer: HTMLElement | null = null;

  protected override updated(): void {
    this.observeViewport();
    // Sizes through the CSSOM, not a style attribute: a strict CSP (no 'unsafe-inline') allows it.
    const spacer = this.viewport?.firstElementChild as HTMLElement | null | undefined;
    const rows = spacer?.firstElementChild as HTMLElement | null | undefined;
    if (spacer && rows) {
      const height = this.contacts.length * this.rowHeight;
      const first = this.windowFirst;
      if (spacer !== this.renderedSpacer) [this.renderedSpacer, this.renderedFirst, this.renderedHeight] = [spacer, -1, -1];
      if (height !== this.renderedHeight) spacer.style.height = `${(this.renderedHeight = height)}px`;
      if (first !== this.renderedFirst) rows.style.transform = `translateY(${(this.renderedFirst = first) * this.rowHeight}px)`;
    }
    // Readable phone numbers once the first rows are painted (the library is not part of the first load).
    if (!this.phoneLibraryRequested && this.contacts.length > 0) {
      this.phoneLibraryRequested = true;
      requestAnimationFrame(() => setTimeout(() => void loadPhoneLibrary().then(() => this.requestUpdate(), () => undefined)));
    }
    // A page arrived while the user is still at the end: ask for the next one without waiting for a scroll.
    if (this.lastVisibleIndex >= 0) void Promise.resolve().then(() => this.maybeLoadMore(this.lastVisibleIndex));
  }

  private maybeLoadMore(lastVisibleIndex: number): void {
    const snapshot = this.snapshot;
    if (!snapshot || !snapshot.hasMore || snapshot.loadingMore || snapshot.status !== 'ready') return;
    if (lastVisibleIndex >= snapshot.contacts.length - LOAD_MORE_THRESHOLD) void this.store?.loadMore();
  }

  /** Checkboxes for users who may do at least one bulk action. */
  private get canBulk(): boolean {
    const permissions = this.permissions;
    return !this.offline && (permissions.editContacts || permissions.deleteContacts || permissions.exportContacts);
  }

  /** The checked ids as a set, made once per selection (it may hold every id of 100k contacts). */
  private checkedIdsMemo: { ids: readonly string[]; set: ReadonlySet<string> } | null = null;
  private get checkedIds(): ReadonlySet<string> {
    const ids = this.snapshot?.selection.ids ?? [];
    if (this.checkedIdsMemo?.ids !== ids) this.checkedIdsMemo = { ids, set: new Set(ids) };
    return this.checkedIdsMemo.set;
  }

  /** Checks or unchecks a row; with `range`, every row from the anchor to it takes the same state. */
  private toggleChecked(contact: Contact, range: boolean): void {
    const store = this.store;
    if (!store) return;
    const checked = new Set(this.checkedIds);
    const check = !checked.has(contact.id);
    const contacts = this.contacts;
    const anchorIndex = range && this.anchorId ? contacts.findIndex((item) => item.id === this.anchorId) : -1;
    const index = contacts.findIndex((item) => item.id === contact.id);
    const [from, to] = anchorIndex === -1 ? [index, index] : [Math.min(anchorIndex, index), Math.max(anchorIndex, index)];
    for (const item of contacts.slice(from, to + 1)) {
      if (check) checked.add(item.id);
      else checked.delete(item.id);
    }
    this.anchorId = contact.id;
    store.setSelection({ ids: [...checked], allMatching: false });
  }

  private selectAllMatching(): void {
    const ids = this.contacts.map((contact) => contact.id);
    this.store?.setSelection({ ids, allMatching: true });
  }

  private clearSelection(): void {
    this.anchorId = null;
    this.store?.setSelection({ ids: [], allMatching: false });
  }

  private requestBulk(action: BulkRequest): void {
    this.dispatchEvent(
      new CustomEvent<BulkRequestDetail>('cm-bulk-request', { detail: { action }, bubbles: true, composed: true }),
    );
  }

  private open(contact: Contact): void {
    this.activeId = contact.id;
    void this.store?.select(contact.id);
    this.dispatchEvent(
      new CustomEvent<ContactSelectDetail>('cm-contact-select', { detail: { id: contact.id }, bubbles: true, composed: true }),
    );
  }

  private moveActive(index: number): void {
    const contacts = this.contacts;
    if (contacts.length === 0) return;
    const clamped = Math.max(0, Math.min(contacts.length - 1, index));
    const contact = contacts[clamped];
    if (!contact) return;
    this.activeId = contact.id;
    this.scrollToRow(clamped, 'nearest');
    this.maybeLoadMore(clamped);
  }

  private onListKeydown(event: KeyboardEvent): void {
    const contacts = this.contacts;
    if (contacts.length === 0) return;
    const current = Math.max(
      0,
      contacts.findIndex((contact) => contact.id === this.activeId),
    );
    const pageRows = Math.max(1, Math.floor((this.viewportHeight || this.rowHeight * 10) / this.rowHeight) - 1);
    switch (event.key) {
      case 'ArrowDown':
        this.moveActive(this.activeId ? current + 1 : 0);
        break;
      case 'ArrowUp':
        this.moveActive(current - 1);
        break;
      case 'Home':
        this.moveActive(0);
        break;
      case 'End':
        this.moveActive(contacts.length - 1);
        break;
      case 'PageDown':
        this.moveActive(current + pageRows);
        break;
      case 'PageUp':
        this.moveActive(current - pageRows);
        break;
      case 'Enter': {
        const contact = contacts[current];
        if (contact) this.open(contact);
        break;
      }
      case ' ': {
        // Space checks the row for bulk actions (Shift+Space: a range); without them it opens.
        const contact = contacts[current];
        if (contact && this.canBulk) this.toggleChecked(contact, event.shiftKey);
        else if (contact) this.open(contact);
        break;
      }
      default:
        return;
    }
    event.preventDefault();
  }

  private onListFocus(): void {
    // Focus lands on the selected row, else the first one, so arrow keys start somewhere visible.
    if (this.activeId && this.contacts.some((contact) => contact.id === this.activeId)) return;
    const first = this.contacts[0];
    if (first) this.activeId = first.id;
  }

  /** Shift+click selects a range of rows, not the text between them. */
  private onRowsMousedown(event: MouseEvent): void {
    if (event.shiftKey) event.preventDefault();
  }

  /** One listener for every row (rows are re-used for other contacts as the list scrolls). */
  private onRowsClick(event: MouseEvent): void {
    const path = event.composedPath();
    const row = path.find((target): target is HTMLElement => target instanceof HTMLElement && target.classList.contains('row'));
    const contact = row ? this.contacts[Number(row.getAttribute('aria-posinset')) - 1] : undefined;
    if (!contact) return;
    if (this.canBulk && path.some((target) => target instanceof Element && target.classList.contains('check'))) {
      this.activeId = contact.id;
      this.toggleChecked(contact, event.shiftKey);
    } else {
      this.open(contact);
    }
    this.focusList();
  }

  private renderRow(contact: Contact, index: number, total: number, checkedIds: ReadonlySet<string> | null, country: string | undefined) {
    const selected = contact.id === this.snapshot?.selectedId;
    const active = contact.id === this.activeId;
    const checked = checkedIds?.has(contact.id) ?? false;
    // Only the active row needs an id (aria-activedescendant): one attribute less to rewrite per row and frame.
    return html`<div
      role="option"
      id=${active ? `option-${contact.id}` : nothing}
      class="row${active ? ' active' : ''}${checked ? ' checked' : ''}"
      part="row"
      aria-selected=${selected ? 'true' : 'false'}
      aria-checked=${checkedIds ? (checked ? 'true' : 'false') : nothing}
      aria-setsize=${total}
      aria-posinset=${index + 1}
    >
      ${checkedIds ? html`<span class="check" aria-hidden="true"><span class="box"></span></span>` : nothing}
      <span class="avatar" aria-hidden="true">${initialsOf(contact.fullName)}</span>
      <span class="text">
        <span class="name">${contact.fullName}</span>
        <span class="phone">${formatPhone(contact.phone, country)}</span>
      </span>
      ${contact.optedOut ? html`<span class="badge">${this.labels.optedOut}</span>` : nothing}
    </div>`;
  }

  /** The first row of the window the last render drew. */
  private windowFirst = 0;

  private renderBody() {
    const snapshot = this.snapshot;
    const strings = this.labels;
    const contacts = this.contacts;
    if (!snapshot || ((snapshot.status === 'loading' || snapshot.status === 'idle') && contacts.length === 0)) {
      return html`<div class="skeleton" aria-busy="true">
        <span class="visually-hidden" role="status">${strings.loading}</span>
        ${Array.from(
          { length: 8 },
          () => html`<div class="skeleton-row" aria-hidden="true">
            <span class="avatar"></span>
            <span class="text"><span class="bar"></span><span class="bar short"></span></span>
          </div>`,
        )}
      </div>`;
    }
    if (contacts.length === 0) {
      const filtered = snapshot.query.q !== '' || snapshot.query.listId !== null;
      return html`<div class="message">
        <p>${filtered ? strings.noMatches : strings.emptyTitle}</p>
        ${filtered ? html`<button type="button" class="button" @click=${this.clearSearch}>${strings.clearSearch}</button>` : nothing}
      </div>`;
    }
    const total = Math.max(snapshot.total ?? contacts.length, contacts.length);
    const checkedIds = this.canBulk ? this.checkedIds : null;
    // The window of rows: the viewport's worth plus a few on each side (a guess of 12 rows until measured).
    // One more than fit: a viewport scrolled to the middle of a row shows part of one more row.
    const visibleRows = Math.ceil((this.viewportHeight || this.rowHeight * 12) / this.rowHeight) + 1;
    const overscan = this.overscan;
    const first = Math.max(0, Math.min(this.topIndex - overscan, contacts.length - visibleRows - overscan));
    const last = Math.min(contacts.length, first + visibleRows + 2 * overscan);
    this.windowFirst = first;
    const shown = contacts.slice(first, last);
    // The active descendant must be a rendered row: look in the window, not through 100k contacts.
    const activeShown = this.activeId !== null && shown.some((contact) => contact.id === this.activeId);
    const country = snapshot.me?.account.defaultCountry;
    return html`<div
        class="viewport"
        part="listbox"
        role="listbox"
        aria-multiselectable=${checkedIds ? 'true' : nothing}
        tabindex="0"
        aria-label=${strings.contactListLabel}
        aria-activedescendant=${activeShown ? `option-${this.activeId}` : nothing}
        aria-busy=${snapshot.loadingMore ? 'true' : 'false'}
        @keydown=${this.onListKeydown}
        @focus=${this.onListFocus}
        @scroll=${this.onScroll}
        @mousedown=${this.onRowsMousedown}
        @click=${this.onRowsClick}
      >
        <div class="spacer" role="presentation">
          <div class="rows" role="presentation">
            ${shown.map((contact, offset) => this.renderRow(contact, first + offset, total, checkedIds, country))}
          </div>
        </div>
      </div>
      <p class="more" role="status">${snapshot.loadingMore ? strings.loadingMore : nothing}</p>`;
  }

  private renderBulkBar() {
    const snapshot = this.snapshot;
    const strings = this.labels;
    const locale = this.localeInfo.locale;
    const bulk = snapshot?.bulk;
    if (bulk) {
      const label = formatPlural(locale, { one: strings.bulkRunningOne, other: strings.bulkRunning }, bulk.count, {
        action: strings[`bulkAction_${bulk.action}`],
      });
      return html`<div class="bulk-bar running" part="bulk-bar" role="status">
        <span>${label}</span>
        <progress max=${Math.max(1, bulk.count)} .value=${Math.min(bulk.done, bulk.count)} aria-label=${label}></progress>
      </div>`;
    }
    const selection = snapshot?.selection;
    if (!snapshot || !selection || !this.canBulk || (selection.ids.length === 0 && !selection.allMatching)) return nothing;
    const total = snapshot.total ?? selection.ids.length;
    const count = selection.allMatching ? total : selection.ids.length;
    const permissions = this.permissions;
    const items = [
      ...(permissions.editContacts && snapshot.lists.length > 0
        ? [
            { id: 'addToList', label: strings.bulkAddToList },
            { id: 'removeFromList', label: strings.bulkRemoveFromList },
          ]
        : []),
      ...(permissions.exportContacts ? [{ id: 'export', label: strings.bulkExport }] : []),
      ...(permissions.deleteContacts ? [{ id: 'delete', label: strings.bulkDelete, danger: true }] : []),
    ];
    return html`<div class="bulk-bar" part="bulk-bar" role="group" aria-label=${strings.selectionLabel}>
      <span class="selected-count" aria-live="polite">${formatPlural(locale, { one: strings.selectedCountOne, other: strings.selectedCount }, count)}</span>
      ${!selection.allMatching && total > selection.ids.length
        ? html`<button type="button" class="link select-all" @click=${this.selectAllMatching}>
            ${formatPlural(locale, { one: strings.selectAllMatchingOne, other: strings.selectAllMatching }, total)}
          </button>`
        : nothing}
      <span class="bulk-actions">
        ${items.length > 0
          ? html`<cm-action-menu
              label=${strings.bulkActions}
              .items=${items}
              @cm-menu-select=${(event: CustomEvent<{ id: string }>) => this.requestBulk(event.detail.id as BulkRequest)}
            ></cm-action-menu>`
          : nothing}
        <button type="button" class="button quiet clear-selection" @click=${this.clearSelection}>${strings.clearSelection}</button>
      </span>
    </div>`;
  }

  private renderToolbar() {
    const snapshot = this.snapshot;
    const strings = this.labels;
    const locale = this.localeInfo.locale;
    const total = snapshot?.total;
    const countText =
      total === null || total === undefined ? '' : formatPlural(locale, { one: strings.totalCountOne, other: strings.totalCount }, total);
    return html`<div class="toolbar" part="toolbar">
        <label class="visually-hidden" for="search">${strings.searchLabel}</label>
        <input
          id="search"
          class="input"
          part="search"
          type="search"
          autocomplete="off"
          placeholder=${strings.searchPlaceholder}
          .value=${snapshot?.query.q ?? ''}
          @input=${this.onSearchInput}
        />
        <label class="visually-hidden" for="list-filter">${strings.listFilterLabel}</label>
        <select id="list-filter" class="select" part="list-filter" @change=${this.onListFilterChange}>
          <option value="" ?selected=${!snapshot?.query.listId}>${strings.allContacts}</option>
          ${(snapshot?.lists ?? []).map(
            (list) =>
              html`<option value=${list.id} ?selected=${snapshot?.query.listId === list.id}>
                ${list.name} (${formatCount(list.contactCount, locale)})
              </option>`,
          )}
        </select>
        <p class="count" part="count" aria-live="polite">${countText}</p>
      </div>`;
  }

  override render() {
    const snapshot = this.snapshot;
    // The list re-renders on every scroll frame and every page that arrives: the toolbar and the
    // bulk bar only when what they show changed.
    return html`${guard([snapshot?.query, snapshot?.lists, snapshot?.total, this.localeInfo], () => this.renderToolbar())}
      ${guard(
        [snapshot?.bulk, snapshot?.selection, snapshot?.lists, snapshot?.total, snapshot?.me, snapshot?.offline, this.localeInfo],
        () => this.renderBulkBar(),
      )}
      ${this.renderBody()}`;
  }
}
