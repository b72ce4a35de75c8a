import { html, nothing } from 'lit';
import { query, state } from 'lit/decorators.js';
import type { ExportScope } from '@contacts-manager/core';
import { StoreConsumer } from '../internal/store-consumer.js';
import { resolveManageStrings, type ManageStrings } from '../manage-strings/manage-strings.js';
import { deepActiveElement } from '../internal/deep-active-element.js';
import { describeError } from '../internal/describe-error.js';
import { formatCount } from '../internal/format.js';
import { formatString } from '../i18n/resolve-strings.js';
import { baseStyles, buttonStyles, dialogStyles, fieldStyles } from '../styles/index.js';
import { exportDialogStyles } from './export-dialog.styles.js';

type ExportPhase = { kind: 'idle' } | { kind: 'running' } | { kind: 'done'; fileName: string } | { kind: 'failed'; message: string };

/** Saves bytes under a file name through a temporary link (no inline script, CSP-safe). */
function saveFile(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * "Export CSV" (users with `exportContacts`): everything, the current search and list filter, or
 * the selection. The SDK streams the server's CSV (formula cells escaped there); the file is
 * assembled from the stream's chunks and saved.
 *
 * @event cm-toast - A sentence for the shell's toasts when the file is saved (bubbles, composed).
 * @csspart dialog - The native dialog.
 *
 * @customElement cm-export-dialog
 */
export class ExportDialogElement extends StoreConsumer {
  static override styles = [baseStyles, buttonStyles, fieldStyles, dialogStyles, exportDialogStyles];

  /** This dialog's strings in the widget's language, with the host's overrides. */
  private get text(): ManageStrings {
    return resolveManageStrings(this.localeInfo.locale, this.localeInfo.strings);
  }

  @state() private scope: ExportScope = 'all';
  @state() private phase: ExportPhase = { kind: 'idle' };
  @query('dialog') private dialog!: HTMLDialogElement;

  private returnFocusTo: HTMLElement | null = null;
  private abort: AbortController | null = null;

  get open(): boolean {
    return this.dialog?.open ?? false;
  }

  /** Opens the modal with a scope chosen (the selection when the bulk bar asked). */
  async show(scope: ExportScope = 'all'): Promise<void> {
    this.returnFocusTo = deepActiveElement();
    this.scope = this.available(scope) ? scope : 'all';
    if (this.phase.kind !== 'running') this.phase = { kind: 'idle' };
    await this.updateComplete;
    if (!this.dialog.open) this.dialog.showModal();
    this.renderRoot.querySelector<HTMLElement>('input[type="radio"]:checked')?.focus();
  }

  close(): void {
    if (this.dialog?.open) this.dialog.close();
  }

  private onClose(): void {
    this.abort?.abort();
    const target = this.returnFocusTo;
    this.returnFocusTo = null;
    if (target?.isConnected) target.focus();
  }

  private available(scope: ExportScope): boolean {
    const snapshot = this.snapshot;
    if (scope === 'query') return Boolean(snapshot && (snapshot.query.q.trim() !== '' || snapshot.query.listId !== null));
    if (scope === 'selection') return Boolean(snapshot && (snapshot.selection.ids.length > 0 || snapshot.selection.allMatching));
    return true;
  }

  private fileName(): string {
    const date = new Date().toISOString().slice(0, 10);
    const listId = this.scope === 'all' ? null : this.snapshot?.query.listId;
    const list = listId ? this.snapshot?.lists.find((item) => item.id === listId)?.name : null;
    const slug = list ? `-${list.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '')}` : '';
    return `contacts${slug}${this.scope === 'selection' ? '-selection' : ''}-${date}.csv`;
  }

  private async download(event: Event): Promise<void> {
    event.preventDefault();
    const store = this.store;
    if (!store || this.phase.kind === 'running') return;
    this.phase = { kind: 'running' };
    this.abort = new AbortController();
    try {
      const stream = await store.exportCsv(this.scope, { signal: this.abort.signal });
      const chunks: Uint8Array[] = [];
      const reader = stream.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
      }
      const fileName = this.fileName();
      saveFile(new Blob(chunks as BlobPart[], { type: 'text/csv;charset=utf-8' }), fileName);
      this.phase = { kind: 'done', fileName };
      this.dispatchEvent(
        new CustomEvent('cm-toast', { detail: { message: formatString(this.text.exportDone, { name: fileName }) }, bubbles: true, composed: true }),
      );
    } catch (error) {
      if (error instanceof Error && error.name === 'AbortError') {
        this.phase = { kind: 'idle' };
        return;
      }
      this.phase = { kind: 'failed', message: describeError(error, this.labels) };
      store.dismissError();
    } finally {
      this.abort = null;
    }
  }

  private renderOption(scope: ExportScope, label: string, count: number | null) {
    if (!this.available(scope)) return nothing;
    const locale = this.localeInfo.locale;
    return html`<label class="checkbox choice">
      <input
        type="radio"
        name="scope"
        value=${scope}
        .checked=${this.scope === scope}
        @change=${() => (this.scope = scope)}
      />
      ${formatString(label, { count: count === null ? '…' : formatCount(count, locale) })}
    </label>`;
  }

  override render() {
    const strings = this.text;
    const snapshot = this.snapshot;
    const accountTotal = snapshot?.query.q.trim() === '' && snapshot.query.listId === null ? snapshot.total : null;
    const selectionCount = snapshot?.selection.allMatching ? (snapshot.total ?? null) : (snapshot?.selection.ids.length ?? 0);
    const phase = this.phase;
    return html`<dialog part="dialog" aria-labelledby="export-title" @close=${this.onClose}>
      <div class="dialog-header"><h2 id="export-title">${strings.exportTitle}</h2></div>
      <form class="dialog-body" id="export-form" @submit=${this.download}>
        <fieldset>
          <legend>${strings.exportScopeLabel}</legend>
          ${this.renderOption('all', strings.exportAll, accountTotal ?? null)}
          ${this.renderOption('query', strings.exportQuery, snapshot?.total ?? null)}
          ${this.renderOption('selection', strings.exportSelection, selectionCount)}
        </fieldset>
        <p class="help">${strings.exportNote}</p>
        <div class="status" role="status">
          ${phase.kind === 'running'
            ? html`<progress aria-label=${strings.exporting}></progress> ${strings.exporting}`
            : phase.kind === 'done'
              ? formatString(strings.exportDone, { name: phase.fileName })
              : nothing}
        </div>
        ${phase.kind === 'failed' ? html`<p class="error" role="alert">${formatString(strings.exportFailed, { message: phase.message })}</p>` : nothing}
      </form>
      <div class="dialog-footer">
        <button type="button" class="button close" @click=${() => this.close()}>${strings.close}</button>
        <button type="submit" form="export-form" class="button primary download" ?disabled=${phase.kind === 'running'}>
          ${strings.exportDownload}
        </button>
      </div>
    </dialog>`;
  }
}
