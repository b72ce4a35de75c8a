import { LitElement, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import type { ContactsState, ContactsStore, Permissions } from '@contacts-manager/core';
import { storeContext } from '../context/store-context.js';
import { localeContext, type LocaleInfo } from '../context/strings-context.js';
import { en } from '../i18n/en.js';

const NO_PERMISSIONS: Permissions = {
  editContacts: false,
  deleteContacts: false,
  deleteAllContacts: false,
  importContacts: false,
  manageLists: false,
  exportContacts: false,
  manageWebhooks: false,
};

/**
 * Base class of the inner components: takes the store and the strings from context, follows the
 * store's snapshots, and re-renders on each. Components render `this.snapshot` and call store
 * methods (intents); none talks to the API.
 */
export class StoreConsumer extends LitElement {
  @consume({ context: storeContext, subscribe: true })
  @property({ attribute: false })
  store?: ContactsStore;

  @consume({ context: localeContext, subscribe: true })
  @property({ attribute: false })
  localeInfo: LocaleInfo = { locale: 'en', strings: en };

  /** The latest store snapshot (null before a store arrives). */
  @state() protected snapshot: ContactsState | null = null;

  private unsubscribe: (() => void) | null = null;
  private subscribedStore: ContactsStore | null = null;

  /** The shell's resolved string table (named `labels` so subclasses may have a public `strings` property). */
  protected get labels() {
    return this.localeInfo.strings;
  }

  /** What the current user may do; nothing until `/v1/me` answered, and nothing writable offline. */
  protected get permissions(): Permissions {
    return this.snapshot?.me?.permissions ?? NO_PERMISSIONS;
  }

  protected get offline(): boolean {
    return this.snapshot?.offline ?? false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.follow(this.store ?? null);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.follow(null);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('store')) this.follow(this.store ?? null);
  }

  private follow(store: ContactsStore | null): void {
    if (store === this.subscribedStore && (store === null || this.unsubscribe)) return;
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.subscribedStore = store;
    if (!store || !this.isConnected) {
      if (!store) this.snapshot = null;
      return;
    }
    this.snapshot = store.getState();
    this.unsubscribe = store.subscribe((next) => {
      this.snapshot = next;
    });
  }
}
