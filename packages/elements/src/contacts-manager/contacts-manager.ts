import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { ContextProvider } from '@lit/context';
import { createContactsClient, type ContactsClient, type ContactsState, type ContactsStore } from '@contacts-manager/core';
import { createContactsStore } from '@contacts-manager/core/store';
import { createLazyIndexedDbCache } from '../internal/lazy-indexed-db-cache.js';
import { loadDetailElements } from '../internal/load-detail-elements.js';
import { loadManageElements } from '../internal/load-manage-elements.js';
import type { BulkRequestDetail } from '../contact-list/contact-list.js';
import type { ConfirmDialogElement } from '../confirm-dialog/confirm-dialog.js';
import type { ExportDialogElement } from '../export-dialog/export-dialog.js';
import type { ListPickerDialogElement } from '../list-picker-dialog/list-picker-dialog.js';
import { storeContext } from '../context/store-context.js';
import { localeContext, type LocaleInfo } from '../context/strings-context.js';
import { resolveStrings, formatString, isLocaleLoaded, loadLocale, type StringOverrides, type Strings } from '../i18n/resolve-strings.js';
import { baseStyles, buttonStyles, tokenStyles, gearIcon, plusIcon } from '../styles/index.js';
import { emitContactsEvent, type ImportCompleteEventDetail } from '../events.js';
import type { ContactListElement } from '../contact-list/contact-list.js';
import type { ContactFormElement } from '../contact-form/contact-form.js';
import type { ToastRegionElement } from '../toast-region/toast-region.js';
import { contactsManagerStyles } from './contacts-manager.styles.js';

/** What W2's lazily loaded dialogs expose (contract: `show()`, `close()`, `cm-dialog-close`). */
interface LazyDialogElement extends HTMLElement {
  show(): void | Promise<void>;
  close(): void;
  strings?: Record<string, string>;
  locale?: string;
}

export type ContactsManagerTheme = 'light' | 'dark' | 'auto';

/**
 * A complete contacts manager: the contact list on the left (search, list filter, count,
 * virtualized), the selected contact on the right, and "New Contact", "Import" and Settings at the
 * top right. It creates one live store (from `client`, or from `base-url` + `token`/`getToken`) and
 * shares it with its parts through context; the import and settings dialogs load on first use.
 *
 * @summary An embeddable contacts manager for an SMS platform.
 *
 * @event contacts-created - A contact was added. `detail: { contact }`.
 * @event contacts-updated - A contact was changed (edit, opt-out, consent message). `detail: { contact }`.
 * @event contacts-deleted - A contact was deleted. `detail: { id, contact }`.
 * @event contacts-import-complete - An import finished. `detail: { importId, listId, counts }`.
 * @event contacts-error - Something failed. `detail: { code, message, cause }`.
 * @event contacts-before-delete - Cancelable, before the delete confirmation. `detail: { contact }`.
 *
 * @csspart base - The layout wrapper.
 * @csspart header - The top bar with the title and the actions.
 * @csspart new-contact - The "New Contact" button.
 * @csspart import - The "Import" button.
 * @csspart export - The "Export CSV" button (wide containers).
 * @csspart lists - The "Lists" button (wide containers).
 * @csspart menu - The header's action menu (narrow containers).
 * @csspart back - The Back button of the details pane (narrow containers).
 * @csspart settings - The gear (Settings) button.
 * @csspart list - The contact list pane.
 * @csspart detail - The selected contact pane.
 * @csspart banner - The offline / error banner.
 *
 * @cssproperty --cm-height - The widget's height (default 640px).
 * @cssproperty --cm-font-family - The font.
 * @cssproperty --cm-font-size - The base font size.
 * @cssproperty --cm-radius - Corner radius of controls.
 * @cssproperty --cm-row-height - Height of a contact row (rows are fixed-height for virtualization).
 * @cssproperty --cm-color-bg - Background.
 * @cssproperty --cm-color-surface - Header, hover and secondary surfaces.
 * @cssproperty --cm-color-surface-raised - Dialogs, menus and buttons.
 * @cssproperty --cm-color-text - Text.
 * @cssproperty --cm-color-text-muted - Secondary text (AA on the background).
 * @cssproperty --cm-color-border - Borders.
 * @cssproperty --cm-color-accent - Primary buttons, links, the selection mark.
 * @cssproperty --cm-color-on-accent - Text on the accent color.
 * @cssproperty --cm-color-selected - The selected row.
 * @cssproperty --cm-color-danger - Destructive buttons, errors, the required asterisk.
 * @cssproperty --cm-color-on-danger - Text on the danger color.
 * @cssproperty --cm-color-warning-bg - Banners and the opted-out notice.
 * @cssproperty --cm-color-warning-text - Text on the warning background.
 * @cssproperty --cm-color-focus - The focus ring.
 * @cssproperty --cm-font-size-small - Secondary text: counts, help, table cells.
 * @cssproperty --cm-space - The base spacing unit.
 * @cssproperty --cm-shadow - Shadow of dialogs and menus.
 * @cssproperty --cm-color-accent-hover - Primary buttons under the pointer.
 * @cssproperty --cm-color-danger-hover - Destructive buttons under the pointer.
 * @cssproperty --cm-color-success - Completion messages (an import, delete-all).
 * @cssproperty --cm-color-skeleton - Placeholder rows while a page loads.
 *
 * @customElement contacts-manager
 */
export class ContactsManagerElement extends LitElement {
  static override styles = [tokenStyles, baseStyles, buttonStyles, contactsManagerStyles];

  /** The API origin (e.g. `https://api.example.com`); used with `token` or `getToken` when no `client` is set. */
  @property({ attribute: 'base-url' }) baseUrl = '';
  /** A user session token (`st_…`) minted by the host's backend. Never put a secret key in a page. */
  @property() token = '';
  /** BCP 47 locale of the strings and dates (`en`, `fr`); defaults to the page's `lang`. */
  @property() locale = '';
  /** `light`, `dark`, or `auto` (follows the operating system). */
  @property({ reflect: true }) theme: ContactsManagerTheme = 'light';
  /** A ready SDK client; takes precedence over `base-url`/`token`. */
  @property({ attribute: false }) client: ContactsClient | null = null;
  /** Returns a fresh session token; called per request and again after a 401. */
  @property({ attribute: false }) getToken: (() => string | Promise<string>) | null = null;
  /** Overrides of the built-in strings: any keys of the shell's table or of the import/settings dialogs' tables. */
  @property({ attribute: false }) strings: StringOverrides | null = null;
  /** Contacts fetched per page (1–200). */
  @property({ type: Number, attribute: 'page-size' }) pageSize = 100;
  /** Keeps contacts in IndexedDB so they show offline. Set `no-cache` to turn it off. */
  @property({ type: Boolean, attribute: 'no-cache' }) noCache = false;

  @state() private snapshot: ContactsState | null = null;
  @state() private creating = false;
  @state() private importDialogLoaded = false;
  @state() private settingsDialogLoaded = false;
  @state() private manageDialogsLoaded = false;
  /** Which pane a narrow container shows: the list, or the details with a Back button. */
  @state() private narrowPane: 'list' | 'detail' = 'list';

  @query('cm-toast-region') private toastRegion?: ToastRegionElement;
  @query('cm-contact-list') private contactList?: ContactListElement;

  private readonly storeProvider = new ContextProvider(this, { context: storeContext });
  private readonly localeProvider = new ContextProvider(this, { context: localeContext });
  private storeInstance: ContactsStore | null = null;
  private unsubscribe: (() => void) | null = null;
  private lastReportedError: unknown = null;
  private readonly onVisibilityChange = () => this.storeInstance?.setVisible(document.visibilityState === 'visible');

  /** The live store this element created (null until configured). */
  get store(): ContactsStore | null {
    return this.storeInstance;
  }

  /** The resolved locale: the attribute, else the page's `lang`, else English. */
  get resolvedLocale(): string {
    return this.locale || this.closest('[lang]')?.getAttribute('lang') || document.documentElement.lang || 'en';
  }

  /** The string table in use (locale + overrides). */
  get resolvedStrings(): Strings {
    return resolveStrings(this.resolvedLocale, this.strings);
  }

  constructor() {
    super();
    this.addEventListener('cm-toast', (event) => {
      const detail = (event as CustomEvent<{ message: string; kind?: 'success' | 'error' }>).detail;
      this.toastRegion?.show(detail.message, detail.kind ?? 'success');
    });
    this.addEventListener('contacts-created', (event) => {
      this.creating = false;
      void this.storeInstance?.select(event.detail.contact.id).then(() => this.contactList?.revealSelected());
    });
    this.addEventListener('contacts-import-complete', (event) => this.onImportComplete(event.detail));
    this.addEventListener('cm-contact-select', () => {
      this.creating = false;
      void this.showDetailPane();
    });
    this.addEventListener('cm-bulk-request', (event) => void this.onBulkRequest((event as CustomEvent<BulkRequestDetail>).detail.action));
    this.addEventListener('cm-form-cancel', () => {
      this.creating = false;
      void this.showListPane();
    });
  }

  /** Whether the container is narrow (one pane at a time): the Back button is only displayed then. */
  private isNarrow(): boolean {
    const back = this.renderRoot.querySelector<HTMLElement>('.back');
    return back !== null && getComputedStyle(back).display !== 'none';
  }

  /** Narrow containers: the details replace the list, and focus moves to them. */
  private async showDetailPane(): Promise<void> {
    this.narrowPane = 'detail';
    await this.updateComplete;
    if (this.isNarrow()) this.renderRoot.querySelector<HTMLElement>('.detail')?.focus({ preventScroll: true });
  }

  /** Back to the list (narrow containers), focus on the row that was open. */
  private async showListPane(): Promise<void> {
    const wasDetail = this.narrowPane === 'detail';
    this.narrowPane = 'list';
    await this.updateComplete;
    if (wasDetail && this.isNarrow()) {
      this.contactList?.focusList();
      await this.contactList?.revealSelected();
    }
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('visibilitychange', this.onVisibilityChange);
    if (!this.storeInstance) this.rebuildStore();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('visibilitychange', this.onVisibilityChange);
    this.teardownStore();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (['client', 'baseUrl', 'token', 'getToken', 'noCache', 'pageSize'].some((key) => changed.has(key as keyof ContactsManagerElement))) {
      if (this.hasUpdated || !this.storeInstance) this.rebuildStore();
    }
    if (changed.has('locale') || changed.has('strings') || !this.localeProvider.value) {
      const info: LocaleInfo = { locale: this.resolvedLocale, strings: this.resolvedStrings };
      this.localeProvider.setValue(info);
      // Other languages than English load on first use; the parts re-render when they arrive.
      const locale = this.resolvedLocale;
      if (!isLocaleLoaded(locale)) {
        void loadLocale(locale).then(() => {
          if (this.resolvedLocale !== locale) return;
          this.localeProvider.setValue({ locale, strings: this.resolvedStrings });
          this.requestUpdate();
        }, (error: unknown) => this.reportError(error));
      }
    }
  }

  private createClient(): ContactsClient | null {
    if (this.client) return this.client;
    if (!this.baseUrl || (!this.token && !this.getToken)) return null;
    const getToken = this.getToken;
    return createContactsClient(
      getToken ? { baseUrl: this.baseUrl, getToken } : { baseUrl: this.baseUrl, token: this.token },
    );
  }

  private rebuildStore(): void {
    if (!this.isConnected) return;
    this.teardownStore();
    const client = this.createClient();
    if (!client) return;
    const store = createContactsStore(client, {
      cache: this.noCache ? null : createLazyIndexedDbCache(),
      pageSize: Math.max(1, Math.min(200, Math.floor(this.pageSize) || 100)),
    });
    this.storeInstance = store;
    this.snapshot = store.getState();
    this.unsubscribe = store.subscribe((next) => this.onState(next));
    this.storeProvider.setValue(store);
    store.setVisible(document.visibilityState === 'visible');
    void store.start().catch((error: unknown) => this.reportError(error));
  }

  private teardownStore(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.storeInstance?.stop();
    this.storeInstance = null;
    this.snapshot = null;
  }

  private onState(next: ContactsState): void {
    const error = next.error;
    if (error && error !== this.snapshot?.error && error.cause !== this.lastReportedError) {
      this.lastReportedError = error.cause;
      emitContactsEvent(this, 'contacts-error', { code: error.code, message: error.message, cause: error.cause });
    }
    this.snapshot = next;
    // The detail pane's code: as soon as it is needed, or once the first page is on screen.
    if (!this.detailRequested && (next.selectedId || next.status === 'ready')) this.prefetchDetail(Boolean(next.selectedId));
  }

  private reportError(error: unknown): void {
    if (error === this.lastReportedError) return;
    this.lastReportedError = error;
    const record = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown; message?: unknown };
    emitContactsEvent(this, 'contacts-error', {
      code: typeof record.code === 'string' ? record.code : 'unknown_error',
      message: typeof record.message === 'string' ? record.message : this.resolvedStrings.errorGeneric,
      cause: error,
    });
  }

  private onImportComplete(detail: ImportCompleteEventDetail): void {
    this.toastRegion?.show(
      formatString(this.resolvedStrings.toastImportComplete, {
        created: detail.counts.created,
        updated: detail.counts.updated,
      }),
    );
  }

  private detailRequested = false;

  private prefetchDetail(now: boolean): void {
    this.detailRequested = true;
    const load = () => void loadDetailElements().catch((error: unknown) => this.reportError(error));
    if (now) load();
    else if ('requestIdleCallback' in window) requestIdleCallback(load, { timeout: 2000 });
    else setTimeout(load, 200);
  }

  /** Tries again after a failure: a full restart when even `/v1/me` failed, else a reload. */
  async retry(): Promise<void> {
    if (!this.storeInstance?.getState().me) this.rebuildStore();
    else await this.storeInstance.refresh();
  }

  /** Shows the empty "New contact" form. */
  async newContact(): Promise<void> {
    this.creating = true;
    this.narrowPane = 'detail';
    // The contact that was open is no longer the one on screen: its row loses the highlight.
    void this.storeInstance?.select(null);
    await loadDetailElements();
    await this.updateComplete;
    const form = this.renderRoot.querySelector<ContactFormElement>('cm-contact-form[mode="create"]');
    await form?.updateComplete;
    form?.focusFirstField();
  }

  /** Opens the import dialog (loaded on first use). */
  async openImport(): Promise<void> {
    if (!this.importDialogLoaded) {
      await import('../import-dialog/define-import-dialog.js');
      this.importDialogLoaded = true;
      await this.updateComplete;
    }
    await this.renderRoot.querySelector<LazyDialogElement>('cm-import-dialog')?.show();
  }

  private async manageDialog<T extends Element>(tag: string): Promise<T | null> {
    if (!this.manageDialogsLoaded) {
      await loadManageElements();
      this.manageDialogsLoaded = true;
      await this.updateComplete;
    }
    return this.renderRoot.querySelector<T>(tag);
  }

  /** Opens "Export CSV": everything, the current filter, or the selection (loaded on first use). */
  async openExport(scope: 'all' | 'query' | 'selection' = 'all'): Promise<void> {
    await (await this.manageDialog<ExportDialogElement>('cm-export-dialog'))?.show(scope);
  }

  /** Opens list management: create, rename, delete (loaded on first use). */
  async openLists(): Promise<void> {
    await (await this.manageDialog<LazyDialogElement>('cm-lists-dialog'))?.show();
  }

  private toast(message: string, kind: 'success' | 'error' = 'success'): void {
    this.toastRegion?.show(message, kind);
  }

  /** The bulk bar's actions: a confirmation or a list to pick first, then the job, with progress in the list. */
  private async onBulkRequest(action: BulkRequestDetail['action']): Promise<void> {
    const store = this.storeInstance;
    if (!store) return;
    if (action === 'export') {
      await this.openExport('selection');
      return;
    }
    const [manage] = await Promise.all([loadManageElements(), loadDetailElements()]);
    this.manageDialogsLoaded = true;
    await this.updateComplete;
    await manage.runBulkRequest(action, {
      store,
      locale: this.resolvedLocale,
      overrides: this.strings,
      confirmDialog: this.renderRoot.querySelector<ConfirmDialogElement>('cm-confirm-dialog.bulk-confirm'),
      listPicker: this.renderRoot.querySelector<ListPickerDialogElement>('cm-list-picker-dialog'),
      toast: (message) => this.toast(message),
    });
  }

  /** Opens the settings dialog (loaded on first use). */
  async openSettings(): Promise<void> {
    if (!this.settingsDialogLoaded) {
      await import('../settings-dialog/define-settings-dialog.js');
      this.settingsDialogLoaded = true;
      await this.updateComplete;
    }
    await this.renderRoot.querySelector<LazyDialogElement>('cm-settings-dialog')?.show();
  }

  /** The header's actions: buttons when wide, one menu when narrow (container queries pick). */
  private headerActions(): Array<{ id: string; label: string }> {
    const strings = this.resolvedStrings;
    const permissions = this.snapshot?.me?.permissions;
    const writable = !this.snapshot?.offline;
    const actions: Array<{ id: string; label: string }> = [];
    if (permissions?.importContacts && writable) actions.push({ id: 'import', label: strings.import });
    if (permissions?.exportContacts && writable) actions.push({ id: 'export', label: strings.exportCsv });
    if (permissions?.manageLists && writable) actions.push({ id: 'lists', label: strings.manageLists });
    if (this.snapshot?.me) actions.push({ id: 'settings', label: strings.settings });
    return actions;
  }

  private onHeaderMenu(event: CustomEvent<{ id: string }>): void {
    if (event.detail.id === 'import') void this.openImport();
    else if (event.detail.id === 'export') void this.openExport(this.defaultExportScope());
    else if (event.detail.id === 'lists') void this.openLists();
    else if (event.detail.id === 'settings') void this.openSettings();
  }

  /** The export's first choice: the selection if there is one, else what the list shows. */
  private defaultExportScope(): 'all' | 'query' | 'selection' {
    const snapshot = this.snapshot;
    if (snapshot && (snapshot.selection.ids.length > 0 || snapshot.selection.allMatching)) return 'selection';
    if (snapshot && (snapshot.query.q.trim() !== '' || snapshot.query.listId !== null)) return 'query';
    return 'all';
  }

  private renderHeader() {
    const strings = this.resolvedStrings;
    const permissions = this.snapshot?.me?.permissions;
    const writable = !this.snapshot?.offline;
    const actions = this.headerActions();
    return html`<header part="header">
      <h1>${strings.title}</h1>
      <div class="toolbar">
        ${permissions?.editContacts && writable
          ? html`<button type="button" class="button primary new-contact" part="new-contact" @click=${this.newContact}>
              <span class="plus">${plusIcon}</span><span class="label">${strings.newContact}</span>
            </button>`
          : nothing}
        ${actions.some((action) => action.id === 'import')
          ? html`<button type="button" class="button import wide-only" part="import" @click=${this.openImport}>${strings.import}</button>`
          : nothing}
        ${actions.some((action) => action.id === 'export')
          ? html`<button type="button" class="button export wide-only" part="export" @click=${() => this.openExport(this.defaultExportScope())}>
              ${strings.exportCsv}
            </button>`
          : nothing}
        ${actions.some((action) => action.id === 'lists')
          ? html`<button type="button" class="button lists wide-only" part="lists" @click=${this.openLists}>${strings.manageLists}</button>`
          : nothing}
        ${this.snapshot?.me
          ? html`<button
              type="button"
              class="button icon settings wide-only"
              part="settings"
              aria-label=${strings.settings}
              title=${strings.settings}
              @click=${this.openSettings}
            >
              ${gearIcon}
            </button>`
          : nothing}
        ${actions.length > 0
          ? html`<cm-action-menu
              class="narrow-only header-menu"
              part="menu"
              label=${strings.menu}
              .items=${actions}
              @cm-menu-select=${this.onHeaderMenu}
            ></cm-action-menu>`
          : nothing}
      </div>
    </header>`;
  }

  private renderBanner() {
    const snapshot = this.snapshot;
    const strings = this.resolvedStrings;
    if (snapshot?.offline) return html`<p class="banner offline" part="banner" role="status">${strings.offlineBanner}</p>`;
    if (snapshot?.error && snapshot.status !== 'error') {
      return html`<div class="banner error" part="banner" role="alert">
        <span>${snapshot.error.message}</span>
        <button type="button" class="button" @click=${() => this.storeInstance?.dismissError()}>${strings.dismiss}</button>
      </div>`;
    }
    return nothing;
  }

  private renderMain() {
    const snapshot = this.snapshot;
    const strings = this.resolvedStrings;
    if (!snapshot) {
      return html`<div class="state not-configured"><p>${strings.notConfigured}</p></div>`;
    }
    if (snapshot.status === 'error' && snapshot.contacts.length === 0) {
      return html`<div class="state error" role="alert">
        <h2>${strings.errorTitle}</h2>
        <p>${snapshot.error?.message ?? strings.errorGeneric}</p>
        <div class="actions">
          <button type="button" class="button primary retry" @click=${this.retry}>${strings.retry}</button>
        </div>
      </div>`;
    }
    const permissions = snapshot.me?.permissions;
    const isEmptyAccount =
      snapshot.status === 'ready' && snapshot.total === 0 && snapshot.query.q === '' && snapshot.query.listId === null;
    if (isEmptyAccount && !this.creating) {
      return html`<div class="state empty">
        <h2>${strings.emptyTitle}</h2>
        <p>${strings.emptyBody}</p>
        <div class="actions">
          ${permissions?.editContacts && !snapshot.offline
            ? html`<button type="button" class="button primary new-contact" @click=${this.newContact}>${strings.newContact}</button>`
            : nothing}
          ${permissions?.importContacts && !snapshot.offline
            ? html`<button type="button" class="button import" @click=${this.openImport}>${strings.import}</button>`
            : nothing}
        </div>
      </div>`;
    }
    const showDetail = this.narrowPane === 'detail' && (this.creating || snapshot.selectedId !== null);
    return html`<div class="panes ${showDetail ? 'show-detail' : 'show-list'}">
      <cm-contact-list part="list"></cm-contact-list>
      <section class="detail" part="detail" tabindex="0" aria-label=${this.creating ? strings.newContactTitle : strings.contactDetailsTitle}>
        <button type="button" class="button quiet back" part="back" @click=${this.showListPane}>
          <span aria-hidden="true">←</span> ${strings.backToList}
        </button>
        ${this.creating
          ? html`<h2>${strings.newContactTitle}</h2>
              <cm-contact-form mode="create"></cm-contact-form>`
          : snapshot.selectedId
            ? html`<cm-contact-detail></cm-contact-detail>`
            : html`<p class="prompt">${strings.selectPrompt}</p>`}
      </section>
    </div>`;
  }

  override render() {
    const strings = this.resolvedStrings;
    const dialogStrings = this.strings ?? undefined;
    // Toasts sit in their own strip below the panes: they take room rather than cover a control.
    return html`<div class="shell" part="base">
        ${this.renderHeader()} ${this.renderBanner()} ${this.renderMain()}
        <cm-toast-region label=${strings.notifications} dismiss-label=${strings.dismiss}></cm-toast-region>
      </div>
      ${this.importDialogLoaded
        ? html`<cm-import-dialog .strings=${dialogStrings} .locale=${this.resolvedLocale}></cm-import-dialog>`
        : nothing}
      ${this.settingsDialogLoaded
        ? html`<cm-settings-dialog .strings=${dialogStrings} .locale=${this.resolvedLocale}></cm-settings-dialog>`
        : nothing}
      ${this.manageDialogsLoaded
        ? html`<cm-lists-dialog></cm-lists-dialog><cm-export-dialog></cm-export-dialog><cm-list-picker-dialog></cm-list-picker-dialog>`
        : nothing}
      <cm-confirm-dialog class="bulk-confirm"></cm-confirm-dialog>`;
  }

  /** Focus the contact list (keyboard users, after closing a dialog). */
  focusList(): void {
    this.contactList?.focusList();
  }
}
