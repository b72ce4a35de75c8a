import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { Job } from '@contacts-manager/core';
import { StoreConsumer } from '../internal/store-consumer.js';
import { deepActiveElement } from '../internal/deep-active-element.js';
import { describeError } from '../internal/describe-error.js';
import { formatCount } from '../internal/format.js';
import { formatString } from '../i18n/resolve-strings.js';
import { baseStyles, buttonStyles, dialogStyles, fieldStyles } from '../styles/index.js';
import { resolveSettingsStrings, type SettingsStrings } from './settings-strings.js';
import { settingsDialogStyles } from './settings-dialog.styles.js';

type DeleteAllPhase =
  | { kind: 'idle' }
  | { kind: 'running'; job: Job | null; startCount: number | null }
  | { kind: 'done'; deleted: number }
  | { kind: 'failed'; message: string };

/**
 * The Settings modal behind the gear: "Delete all contacts", confirmed by typing a word, with the
 * job's progress while it runs. Hidden for users without the `deleteAllContacts` permission.
 * Rendered inside `<contacts-manager>`, it reads the store from context.
 *
 * @event cm-dialog-close - The dialog closed (bubbles, composed).
 * @event cm-toast - A sentence for the shell's toasts when delete-all ends (bubbles, composed).
 * @csspart dialog - The native dialog.
 * @csspart delete-all - The "Delete all contacts" section.
 * @csspart delete-all-button - The destructive button.
 * @csspart progress - The progress bar while the job runs.
 */
export class SettingsDialogElement extends StoreConsumer {
  static override styles = [
    baseStyles,
    buttonStyles,
    fieldStyles,
    dialogStyles,
    settingsDialogStyles,
  ];

  /** Overrides for this dialog's strings (any keys of the table; others are ignored). */
  @property({ attribute: false }) strings: Partial<Record<string, string>> | null = null;
  /** The language; defaults to the one `<contacts-manager>` provides. */
  @property() locale?: string;

  @state() private confirmText = '';
  @state() private phase: DeleteAllPhase = { kind: 'idle' };

  @query('dialog') private dialog!: HTMLDialogElement;

  private returnFocusTo: HTMLElement | null = null;
  private text: SettingsStrings = resolveSettingsStrings('en');

  /** Whether the dialog is open. */
  get open(): boolean {
    return this.dialog?.open ?? false;
  }

  /** Opens the modal; focus returns to the element that had it when it closes. */
  async show(): Promise<void> {
    this.returnFocusTo = deepActiveElement();
    if (this.phase.kind !== 'running') {
      this.phase = { kind: 'idle' };
      this.confirmText = '';
    }
    await this.updateComplete;
    if (!this.dialog.open) this.dialog.showModal();
    this.renderRoot.querySelector<HTMLElement>('input, .close')?.focus();
  }

  /** Closes the modal. A running delete-all job keeps going on the server and in the store. */
  close(): void {
    if (this.dialog?.open) this.dialog.close();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    this.text = resolveSettingsStrings(this.locale ?? this.localeInfo.locale, this.strings);
  }

  private onClose(): void {
    const target = this.returnFocusTo;
    this.returnFocusTo = null;
    if (target?.isConnected) target.focus();
    this.dispatchEvent(new CustomEvent('cm-dialog-close', { bubbles: true, composed: true }));
  }

  private get confirmWord(): string {
    return this.text.settingsConfirmWord;
  }

  private async deleteAll(event: Event): Promise<void> {
    event.preventDefault();
    const store = this.store;
    if (!store || this.confirmText !== this.confirmWord || this.phase.kind === 'running') return;
    // The count said before it starts: the live total shrinks to 0 while the job runs.
    const startCount = this.snapshot?.total ?? null;
    this.phase = { kind: 'running', job: null, startCount };
    try {
      const job = await store.deleteAll({
        onProgress: (progress) => {
          if (this.phase.kind === 'running') this.phase = { kind: 'running', job: progress, startCount };
        },
      });
      const deleted =
        typeof job.result?.deleted === 'number' ? job.result.deleted : job.progress.done;
      this.phase = { kind: 'done', deleted };
      this.confirmText = '';
      // The dialog may have been closed while the job ran: the shell's toast tells the user either way.
      this.toast(
        formatString(this.text.settingsDeleteDone, {
          count: formatCount(deleted, this.locale ?? this.localeInfo.locale),
        }),
        'success',
      );
    } catch (error) {
      this.phase = { kind: 'failed', message: describeError(error, this.localeInfo.strings) };
      this.toast(
        formatString(this.text.settingsDeleteFailed, { message: this.phase.message }),
        'error',
      );
    }
  }

  private toast(message: string, kind: 'success' | 'error'): void {
    this.dispatchEvent(
      new CustomEvent('cm-toast', { detail: { message, kind }, bubbles: true, composed: true }),
    );
  }

  private renderProgress(job: Job | null) {
    const t = this.text;
    const locale = this.locale ?? this.localeInfo.locale;
    const total = job?.progress.total ?? 0;
    const done = job?.progress.done ?? 0;
    const valueText =
      total > 0
        ? formatString(t.settingsDeleteProgressValue, {
            done: formatCount(done, locale),
            total: formatCount(total, locale),
          })
        : t.settingsDeleteWaiting;
    return html`<div class="progress">
      <p class="status" id="progress-label">${t.settingsDeleting}</p>
      ${
        total > 0
          ? html`<progress
              part="progress"
              aria-labelledby="progress-label"
              aria-valuetext=${valueText}
              max=${total}
              .value=${done}
            ></progress>`
          : html`<progress
              part="progress"
              aria-labelledby="progress-label"
              aria-valuetext=${valueText}
            ></progress>`
      }
      <p class="status" aria-live="polite">${valueText}</p>
      <p class="help">${t.settingsDeleteBackground}</p>
    </div>`;
  }

  private renderDeleteAll() {
    const t = this.text;
    const locale = this.locale ?? this.localeInfo.locale;
    const phase = this.phase;
    const total = phase.kind === 'running' ? (phase.startCount ?? phase.job?.progress.total) : this.snapshot?.total;
    const count = total == null ? '…' : formatCount(total, locale);
    const matches = this.confirmText === this.confirmWord;
    const mismatch =
      this.confirmText !== '' && !matches && this.confirmText.length >= this.confirmWord.length;
    return html`<section class="danger-zone" part="delete-all" aria-labelledby="delete-all-title">
      <h3 id="delete-all-title">${t.settingsDeleteAllTitle}</h3>
      ${
        phase.kind === 'done'
          ? nothing
          : html`<p id="delete-all-body">${formatString(t.settingsDeleteAllBody, { count })}</p>
              <p class="warning" id="delete-all-warning">${t.settingsDeleteAllWarning}</p>
              <p class="help">${t.settingsDeleteAllOptOutNote}</p>`
      }
      ${
        phase.kind === 'running'
          ? this.renderProgress(phase.job)
          : phase.kind === 'done'
            ? nothing
            : html`<form @submit=${this.deleteAll}>
                <div class="field confirm-field">
                  <label for="confirm-input"
                    >${formatString(t.settingsConfirmLabel, { word: this.confirmWord })}</label
                  >
                  <input
                    id="confirm-input"
                    class="input"
                    autocomplete="off"
                    autocapitalize="characters"
                    spellcheck="false"
                    aria-describedby="delete-all-warning${mismatch ? ' confirm-error' : ''}"
                    aria-invalid=${mismatch ? 'true' : 'false'}
                    .value=${this.confirmText}
                    ?disabled=${this.offline}
                    @input=${(event: Event) => (this.confirmText = (event.target as HTMLInputElement).value)}
                  />
                  ${
                    mismatch
                      ? html`<p class="error" id="confirm-error">
                          ${formatString(t.settingsConfirmMismatch, { word: this.confirmWord })}
                        </p>`
                      : nothing
                  }
                </div>
                <button
                  type="submit"
                  class="button danger"
                  part="delete-all-button"
                  ?disabled=${!matches || this.offline}
                >
                  ${t.settingsDeleteAllButton}
                </button>
              </form>`
      }
      ${
        phase.kind === 'done'
          ? html`<p class="status done" role="status">
              ${formatString(t.settingsDeleteDone, { count: formatCount(phase.deleted, locale) })}
            </p>`
          : nothing
      }
      ${
        phase.kind === 'failed'
          ? html`<p class="error" role="alert">
              ${formatString(t.settingsDeleteFailed, { message: phase.message })}
            </p>`
          : nothing
      }
    </section>`;
  }

  override render() {
    const t = this.text;
    const canDeleteAll = this.permissions.deleteAllContacts;
    return html`<dialog part="dialog" aria-labelledby="settings-title" @close=${this.onClose}>
      <div class="dialog-header"><h2 id="settings-title">${t.settingsTitle}</h2></div>
      <div class="dialog-body">
        ${canDeleteAll ? this.renderDeleteAll() : html`<p>${t.settingsNothing}</p>`}
      </div>
      <div class="dialog-footer">
        <button type="button" class="button close" @click=${() => this.close()}>
          ${t.settingsClose}
        </button>
      </div>
    </dialog>`;
  }
}
