import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { ImportCounts } from '@contacts-manager/core';
import { StoreConsumer } from '../internal/store-consumer.js';
import { deepActiveElement } from '../internal/deep-active-element.js';
import { describeError, readApiError } from '../internal/describe-error.js';
import { formatCount } from '../internal/format.js';
import { formatString } from '../i18n/resolve-strings.js';
import { emitContactsEvent } from '../events.js';
import { baseStyles, buttonStyles, dialogStyles, fieldStyles } from '../styles/index.js';
import { resolveImportStrings, type ImportStrings } from './import-strings.js';
import { importDialogStyles } from './import-dialog.styles.js';
import {
  IMPORT_FIELDS,
  SAMPLE_CSV,
  discardInterruptedImport,
  findInterruptedImport,
  importCsv,
  isImportNeedsReview,
  mappingProblem,
  previewCsv,
  type CsvValidationReport,
  type ColumnMapping,
  type ImportField,
  type ImportProgress,
  type InterruptedImport,
  type SourcePreview,
} from './import-pipeline.js';

type Step =
  | { kind: 'source' }
  | { kind: 'working'; progress: ImportProgress | null }
  | { kind: 'report'; report: CsvValidationReport }
  | { kind: 'done'; counts: ImportCounts; resumedChunks: number }
  | { kind: 'cancelled' }
  | { kind: 'failed'; message: string };

const FIELD_LABEL: Record<ImportField, keyof ImportStrings> = {
  fullName: 'importFieldFullName',
  firstName: 'importFieldFirstName',
  middleName: 'importFieldMiddleName',
  lastName: 'importFieldLastName',
  phone: 'importFieldPhone',
  email: 'importFieldEmail',
  optedOut: 'importFieldOptedOut',
};

/** What the file picker offers: CSV and text exports, vCards, Excel workbooks. */
const ACCEPTED_FILES = [
  '.csv',
  '.tsv',
  '.txt',
  '.vcf',
  '.vcard',
  '.xlsx',
  'text/csv',
  'text/plain',
  'text/vcard',
  'text/x-vcard',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
].join(',');

const PROBLEMS_SHOWN = 200;

function formatBytes(bytes: number, locale: string): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value)} ${units[unit]}`;
}

/**
 * The Import modal: a CSV file (picked or dropped) or pasted text, "Skip First Line" (ticked when
 * a header row is detected), the target list (or an inline "create a list" when there is none),
 * column mapping, a validation report with line numbers before anything is sent, "import valid
 * rows only", upload progress with Cancel, resume of an interrupted import, and the result.
 * Rendered inside `<contacts-manager>`, it reads the store from context and never calls `fetch`.
 *
 * @event contacts-import-complete - The import was committed; detail: `{importId, listId, counts}`.
 * @event cm-dialog-close - The dialog closed (bubbles, composed).
 * @csspart dialog - The native dialog.
 * @csspart drop-zone - The file picker and drop area.
 * @csspart report - The validation report.
 * @csspart progress - The progress bar while checking and importing.
 * @csspart result - The result summary.
 */
export class ImportDialogElement extends StoreConsumer {
  static override styles = [
    baseStyles,
    buttonStyles,
    fieldStyles,
    dialogStyles,
    importDialogStyles,
  ];

  /** Overrides for this dialog's strings (any keys of the table; others are ignored). */
  @property({ attribute: false }) strings: Partial<Record<string, string>> | null = null;
  /** The language; defaults to the one `<contacts-manager>` provides. */
  @property() locale?: string;

  @state() private mode: 'file' | 'paste' = 'file';
  @state() private file: File | null = null;
  @state() private pasted = '';
  @state() private preview: SourcePreview | null = null;
  @state() private skipFirstLine = false;
  /** The user ticked or unticked "Skip First Line": header detection no longer changes it. */
  private skipFirstLineChosen = false;
  private previewController: AbortController | null = null;
  @state() private listId = '';
  @state() private mapping: ColumnMapping = [];
  @state() private onlyValid = false;
  @state() private step: Step = { kind: 'source' };
  @state() private dragging = false;
  @state() private newListName = '';
  @state() private listMessage: { text: string; error: boolean } | null = null;
  @state() private creatingList = false;
  @state() private interrupted: InterruptedImport | null = null;
  /** The first rows are being read: the mapping is not known yet. */
  @state() private previewing = false;
  @state() private sampleUrl = '';

  @query('dialog') private dialog!: HTMLDialogElement;

  private returnFocusTo: HTMLElement | null = null;
  private abortController: AbortController | null = null;
  private cancelledByUser = false;
  private previewRun = 0;
  private pasteTimer: ReturnType<typeof setTimeout> | undefined;
  private text: ImportStrings = resolveImportStrings('en');

  /** Whether the dialog is open. */
  get open(): boolean {
    return this.dialog?.open ?? false;
  }

  /** Opens the modal on a fresh form (or on the running import); focus returns to the opener on close. */
  async show(): Promise<void> {
    this.returnFocusTo = deepActiveElement();
    if (this.step.kind !== 'working') this.reset();
    this.sampleUrl ||= URL.createObjectURL(new Blob([SAMPLE_CSV], { type: 'text/csv' }));
    await this.updateComplete;
    if (!this.dialog.open) this.dialog.showModal();
    this.renderRoot.querySelector<HTMLElement>('input[name="source"]:checked')?.focus();
    void this.lookForInterruptedImport();
  }

  /** Closes the modal. A running import keeps going; reopening shows its progress. */
  close(): void {
    if (this.dialog?.open) this.dialog.close();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.abortController?.abort();
    clearTimeout(this.pasteTimer);
    if (this.sampleUrl) URL.revokeObjectURL(this.sampleUrl);
    this.sampleUrl = '';
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    this.text = resolveImportStrings(this.currentLocale, this.strings);
    // A list created elsewhere, or the one selected being deleted, keeps the dropdown honest.
    const lists = this.snapshot?.lists ?? [];
    if (this.listId && !lists.some((list) => list.id === this.listId)) this.listId = '';
  }

  private get currentLocale(): string {
    return this.locale ?? this.localeInfo.locale;
  }

  private reset(): void {
    this.mode = 'file';
    this.file = null;
    this.pasted = '';
    this.preview = null;
    this.skipFirstLine = false;
    this.skipFirstLineChosen = false;
    this.mapping = [];
    this.onlyValid = false;
    this.step = { kind: 'source' };
    this.listMessage = null;
    this.newListName = '';
    const selectedList = this.snapshot?.query.listId;
    this.listId = selectedList ?? '';
  }

  private onClose(): void {
    const target = this.returnFocusTo;
    this.returnFocusTo = null;
    if (target?.isConnected) target.focus();
    this.dispatchEvent(new CustomEvent('cm-dialog-close', { bubbles: true, composed: true }));
  }

  private async lookForInterruptedImport(): Promise<void> {
    const accountId = this.snapshot?.me?.account.id;
    try {
      this.interrupted = await findInterruptedImport(accountId);
    } catch {
      this.interrupted = null;
    }
  }

  /** The file holds a header (or blank lines) and no contact. */
  private get previewHasNoRows(): boolean {
    const preview = this.preview;
    return preview !== null && !preview.tooManyColumns && preview.dataRows === 0;
  }

  private get source(): File | string | null {
    if (this.mode === 'file') return this.file;
    return this.pasted.trim() === '' ? null : this.pasted;
  }

  /** Reads the first rows to detect a header and suggest the column mapping. */
  private async refreshPreview(): Promise<void> {
    const source = this.source;
    const run = ++this.previewRun;
    if (!source) {
      this.preview = null;
      this.mapping = [];
      this.previewing = false;
      return;
    }
    this.previewing = true;
    // A newer preview makes the older one pointless: its worker is stopped.
    this.previewController?.abort();
    const controller = new AbortController();
    this.previewController = controller;
    try {
      const preview = await previewCsv(source, this.snapshot?.me?.account.id, controller.signal);
      if (run !== this.previewRun) return;
      this.preview = preview;
      this.mapping = preview.tooManyColumns ? [] : [...preview.mapping];
      // A choice the user made (even while detection ran) is theirs: never undone.
      if (!this.skipFirstLineChosen) this.skipFirstLine = preview.headerDetected;
      if (!preview.canSkipFirstLine) this.skipFirstLine = false;
    } catch (error) {
      if (run !== this.previewRun || controller.signal.aborted) return;
      this.preview = null;
      this.step = { kind: 'failed', message: describeError(error, this.localeInfo.strings) };
    } finally {
      if (run === this.previewRun) this.previewing = false;
    }
  }

  private chooseFile(file: File | null): void {
    this.file = file;
    this.skipFirstLineChosen = false;
    this.step = { kind: 'source' };
    void this.refreshPreview();
  }

  private onFileInput(event: Event): void {
    const input = event.target as HTMLInputElement;
    this.chooseFile(input.files?.[0] ?? null);
  }

  private onDragOver(event: DragEvent): void {
    if (!event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    this.dragging = true;
  }

  private onDrop(event: DragEvent): void {
    event.preventDefault();
    this.dragging = false;
    const file = event.dataTransfer?.files[0];
    if (file) {
      this.mode = 'file';
      this.chooseFile(file);
    }
  }

  private onPasteInput(event: Event): void {
    this.pasted = (event.target as HTMLTextAreaElement).value;
    this.step = { kind: 'source' };
    clearTimeout(this.pasteTimer);
    this.pasteTimer = setTimeout(() => void this.refreshPreview(), 250);
  }

  private setMode(mode: 'file' | 'paste'): void {
    this.mode = mode;
    this.step = { kind: 'source' };
    void this.refreshPreview();
  }

  private setColumnField(index: number, value: string): void {
    const field = (IMPORT_FIELDS as readonly string[]).includes(value)
      ? (value as ImportField)
      : null;
    // One column per field: choosing a field for this column frees it elsewhere.
    this.mapping = this.mapping.map((current, column) =>
      column === index ? field : field && current === field ? null : current,
    );
  }

  private async createList(event: Event): Promise<void> {
    event.preventDefault();
    const store = this.store;
    const name = this.newListName.trim();
    if (!store || name === '' || this.creatingList) return;
    this.creatingList = true;
    this.listMessage = null;
    try {
      const list = await store.createList(name);
      this.listId = list.id;
      this.newListName = '';
      this.listMessage = {
        text: formatString(this.text.importListCreated, { name: list.name }),
        error: false,
      };
    } catch (error) {
      const { fieldErrors } = readApiError(error);
      this.listMessage = {
        text: fieldErrors[0]?.message ?? describeError(error, this.localeInfo.strings),
        error: true,
      };
    } finally {
      this.creatingList = false;
    }
  }

  private async startImport(options: { onlyValid: boolean }): Promise<void> {
    const store = this.store;
    const source = this.source;
    if (!store || !source) return;
    const controller = new AbortController();
    this.abortController = controller;
    this.cancelledByUser = false;
    this.step = { kind: 'working', progress: null };
    const listId = this.listId || null;
    try {
      const outcome = await importCsv(store.client, source, {
        listId,
        skipFirstLine: this.skipFirstLine,
        mapping: this.mapping,
        headers: this.preview?.headerDetected
          ? this.preview.columns.map((column) => column.header ?? '')
          : null,
        defaultCountry: this.snapshot?.me?.account.defaultCountry ?? 'US',
        accountId: this.snapshot?.me?.account.id,
        onlyValid: options.onlyValid,
        signal: controller.signal,
        cancelledByUser: () => this.cancelledByUser,
        onProgress: (progress) => {
          if (this.abortController === controller) this.step = { kind: 'working', progress };
        },
        onJob: (job) => store.trackJob(job),
      });
      this.step = {
        kind: 'done',
        counts: outcome.counts,
        resumedChunks: outcome.resumed ? outcome.chunks.alreadyStaged : 0,
      };
      this.interrupted = null;
      emitContactsEvent(this, 'contacts-import-complete', {
        importId: outcome.importId,
        listId,
        counts: outcome.counts,
      });
      void store.refresh();
      void store.refreshLists();
    } catch (error) {
      if (controller.signal.aborted) {
        this.step = this.cancelledByUser ? { kind: 'cancelled' } : { kind: 'source' };
      } else if (isImportNeedsReview(error)) {
        this.step = { kind: 'report', report: error.report };
        this.onlyValid = false;
      } else {
        this.step = { kind: 'failed', message: describeError(error, this.localeInfo.strings) };
      }
    } finally {
      if (this.abortController === controller) this.abortController = null;
    }
  }

  private cancelImport(): void {
    this.cancelledByUser = true;
    this.abortController?.abort();
  }

  private discardInterrupted(): void {
    this.interrupted = null;
    discardInterruptedImport(this.snapshot?.me?.account.id);
  }

  /** Runs the interrupted import again with its options: the runner sends only what is missing. */
  private resumeInterrupted(interrupted: InterruptedImport): void {
    this.listId = interrupted.listId ?? '';
    this.skipFirstLine = interrupted.skipFirstLine;
    this.mapping = [...interrupted.mapping];
    void this.startImport({ onlyValid: interrupted.onlyValid });
  }

  /** The interrupted import matches the chosen file (same name and size): it can be resumed. */
  private get canResume(): boolean {
    const interrupted = this.interrupted;
    return Boolean(
      interrupted &&
      this.mode === 'file' &&
      this.file &&
      interrupted.fileName === this.file.name &&
      interrupted.fileSize === this.file.size,
    );
  }

  private renderInterrupted() {
    const interrupted = this.interrupted;
    if (!interrupted || this.step.kind !== 'source') return nothing;
    const t = this.text;
    const locale = this.currentLocale;
    return html`<div class="notice" role="status">
      <p><strong>${t.importResumeTitle}</strong></p>
      <p>
        ${formatString(t.importResumeBody, {
          name: interrupted.fileName,
          done: formatCount(interrupted.rowsSent, locale),
          total: formatCount(interrupted.totalRows, locale),
        })}
      </p>
      ${this.canResume ? nothing : html`<p>${t.importResumeChooseFile}</p>`}
      <div class="actions">
        <button
          type="button"
          class="button primary"
          ?disabled=${!this.canResume}
          @click=${() => this.resumeInterrupted(interrupted)}
        >
          ${t.importResume}
        </button>
        <button type="button" class="button" @click=${this.discardInterrupted}>
          ${t.importDiscard}
        </button>
      </div>
    </div>`;
  }

  private renderSourcePicker() {
    const t = this.text;
    const locale = this.currentLocale;
    return html`<fieldset>
        <legend>${t.importSourceLabel}</legend>
        <div class="source-tabs">
          <label
            ><input
              type="radio"
              name="source"
              value="file"
              .checked=${this.mode === 'file'}
              @change=${() => this.setMode('file')}
            />
            ${t.importUploadFile}</label
          >
          <label
            ><input
              type="radio"
              name="source"
              value="paste"
              .checked=${this.mode === 'paste'}
              @change=${() => this.setMode('paste')}
            />
            ${t.importPasteCsv}</label
          >
        </div>
        ${
          this.mode === 'file'
            ? html`<div
                class="drop-zone ${this.dragging ? 'dragging' : ''}"
                part="drop-zone"
                @dragover=${this.onDragOver}
                @dragleave=${() => (this.dragging = false)}
                @drop=${this.onDrop}
              >
                <!-- The native picker's own text follows the browser's language, not the widget's:
                     it stays focusable but unseen, and its label is the visible button. -->
                <input
                  id="file-input"
                  class="file-input"
                  type="file"
                  accept=${ACCEPTED_FILES}
                  aria-describedby="file-status"
                  @change=${this.onFileInput}
                />
                <label for="file-input" class="button">${t.importChooseFile}</label>
                <span class="help">${t.importDropHint}</span>
                <p class="file-name ${this.file ? 'chosen' : 'help'}" id="file-status">
                  ${
                    this.file
                      ? formatString(t.importFileChosen, {
                          name: this.file.name,
                          size: formatBytes(this.file.size, locale),
                        })
                      : t.importNoFile
                  }
                </p>
              </div>`
            : html`<label class="visually-hidden" for="paste-input">${t.importPasteLabel}</label>
                <textarea
                  id="paste-input"
                  class="input"
                  spellcheck="false"
                  placeholder=${t.importPastePlaceholder}
                  .value=${this.pasted}
                  @input=${this.onPasteInput}
                ></textarea>`
        }
      </fieldset>
      ${
        this.preview && !this.preview.canSkipFirstLine
          ? html`<p class="help">${t.importVCardNote}</p>`
          : html`<div class="field">
              <label class="checkbox">
                <input
                  type="checkbox"
                  .checked=${this.skipFirstLine}
                  @change=${(event: Event) => {
                    this.skipFirstLineChosen = true;
                    this.skipFirstLine = (event.target as HTMLInputElement).checked;
                  }}
                  aria-describedby="skip-help"
                />
                ${t.importSkipFirstLine}
              </label>
              <p class="help" id="skip-help">
                ${this.preview?.headerDetected && this.skipFirstLine ? t.importHeaderDetected : t.importSkipFirstLineHelp}
              </p>
            </div>`
      }`;
  }

  private renderListPicker() {
    const t = this.text;
    const lists = this.snapshot?.lists ?? [];
    const canCreate = this.permissions.manageLists && !this.offline;
    return html`<div class="field">
        <label for="list-select">${t.importListLabel}</label>
        <select
          id="list-select"
          class="select"
          .value=${this.listId}
          @change=${(event: Event) => (this.listId = (event.target as HTMLSelectElement).value)}
        >
          <option value="" ?selected=${this.listId === ''}>${t.importNoListOption}</option>
          ${lists.map((list) => html`<option value=${list.id} ?selected=${list.id === this.listId}>${list.name}</option>`)}
        </select>
      </div>
      ${
        lists.length === 0
          ? html`<p class="help">${t.importNoListsYet}</p>
              ${
                canCreate
                  ? html`<form class="inline-create" @submit=${this.createList}>
                      <div class="field">
                        <label for="new-list-name">${t.importNewListLabel}</label>
                        <input
                          id="new-list-name"
                          class="input"
                          maxlength="100"
                          .value=${this.newListName}
                          @input=${(event: Event) => (this.newListName = (event.target as HTMLInputElement).value)}
                        />
                      </div>
                      <button
                        type="submit"
                        class="button"
                        ?disabled=${this.creatingList || this.newListName.trim() === ''}
                      >
                        ${this.creatingList ? t.importCreatingList : t.importCreateList}
                      </button>
                    </form>`
                  : nothing
              }`
          : nothing
      }
      ${this.listMessage ? html`<p class=${this.listMessage.error ? 'error' : 'help'} role=${this.listMessage.error ? 'alert' : 'status'}>${this.listMessage.text}</p>` : nothing}`;
  }

  private renderMapping() {
    const preview = this.preview;
    if (!preview) return nothing;
    const t = this.text;
    const locale = this.currentLocale;
    if (preview.tooManyColumns) {
      return html`<p class="error" role="alert">
        ${formatString(t.importTooManyColumns, {
          count: formatCount(preview.columnCount, locale),
          max: formatCount(preview.maxColumns, locale),
        })}
      </p>`;
    }
    if (this.previewHasNoRows) return html`<p class="error" role="alert">${t.importEmpty}</p>`;
    if (preview.columns.length === 0) return nothing;
    const problem = mappingProblem(this.mapping);
    return html`<fieldset>
      <legend>${t.importMappingTitle}</legend>
      <p class="help">${t.importMappingIntro}</p>
      ${
        preview.columnCount > preview.columns.length
          ? html`<p class="help">
              ${formatString(t.importColumnsCapped, {
                shown: formatCount(preview.columns.length, locale),
                count: formatCount(preview.columnCount, locale),
              })}
            </p>`
          : nothing
      }
      <div class="mapping">
        ${preview.columns.map((column) => {
          const label =
            column.header && (this.skipFirstLine || !preview.canSkipFirstLine)
              ? column.header
              : formatString(t.importColumnLabel, { index: column.index + 1 });
          return html`<div class="field">
            <label for="column-${column.index}">${label}</label>
            <select
              id="column-${column.index}"
              class="select"
              @change=${(event: Event) => this.setColumnField(column.index, (event.target as HTMLSelectElement).value)}
            >
              <option value="" ?selected=${!this.mapping[column.index]}>
                ${t.importFieldIgnore}
              </option>
              ${IMPORT_FIELDS.map((field) => html`<option value=${field} ?selected=${this.mapping[column.index] === field}>${t[FIELD_LABEL[field]]}</option>`)}
            </select>
            ${column.sample ? html`<p class="sample">${formatString(t.importColumnSample, { value: column.sample })}</p>` : nothing}
          </div>`;
        })}
      </div>
      ${problem ? html`<p class="error" role="alert">${problem === 'phone' ? t.importMappingNeedsPhone : t.importMappingNeedsName}</p>` : nothing}
    </fieldset>`;
  }

  private renderProgress(progress: ImportProgress | null) {
    const t = this.text;
    const locale = this.currentLocale;
    const label =
      !progress || progress.phase === 'validating'
        ? t.importChecking
        : progress.phase === 'uploading'
          ? t.importUploading
          : t.importCommitting;
    // Uploading counts rows sent; committing follows the server job's own progress.
    const job =
      progress?.phase === 'committing' || progress?.phase === 'done' ? progress.job : null;
    const done = job ? job.progress.done : (progress?.rowsUploaded ?? 0);
    const total = job ? job.progress.total : (progress?.rowsTotal ?? 0);
    const determinate = progress !== null && progress.phase !== 'validating' && total > 0;
    const valueText = !progress
      ? ''
      : progress.phase === 'validating'
        ? formatString(t.importCheckProgress, { rows: formatCount(progress.rowsValidated, locale) })
        : formatString(t.importProgressValue, {
            done: formatCount(done, locale),
            total: formatCount(total, locale),
          });
    return html`<div class="progress">
      <p class="status" id="progress-label">${label}</p>
      ${
        determinate
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
              aria-valuetext=${valueText || label}
            ></progress>`
      }
      <p class="status" aria-live="polite">${valueText}</p>
    </div>`;
  }

  private renderReport(report: CsvValidationReport) {
    const t = this.text;
    const locale = this.currentLocale;
    const count = (value: number) => formatCount(value, locale);
    const { counts } = report;
    const shown = report.problems.slice(0, PROBLEMS_SHOWN);
    const notListed = counts.errors + counts.warnings - shown.length;
    return html`<section part="report" aria-labelledby="report-title">
      <h3 id="report-title">${t.importReportTitle}</h3>
      ${
        counts.rows === 0
          ? nothing
          : html`<p class="summary" role="status">
              ${
                counts.invalid === 0
                  ? formatString(t.importReportClean, { rows: count(counts.rows) })
                  : formatString(t.importReportCounts, {
                      rows: count(counts.rows),
                      valid: count(counts.valid),
                      invalid: count(counts.invalid),
                    })
              }
            </p>`
      }
      ${counts.duplicates > 0 ? html`<p class="help">${formatString(t.importReportDuplicates, { count: count(counts.duplicates) })}</p>` : nothing}
      ${report.encoding !== 'utf-8' ? html`<p class="help">${formatString(t.importEncodingNotice, { encoding: report.encoding })}</p>` : nothing}
      ${counts.rows === 0 ? html`<p class="error" role="alert">${t.importEmpty}</p>` : nothing}
      ${
        shown.length > 0
          ? html`<div
                class="problems"
                tabindex="0"
                role="region"
                aria-labelledby="problems-caption"
              >
                <table>
                  <caption id="problems-caption">
                    ${t.importReportTableCaption}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">
                        ${
                          report.format === 'vcard'
                            ? t.importReportCard
                            : report.format === 'xlsx'
                              ? t.importReportRow
                              : t.importReportLine
                        }
                      </th>
                      <th scope="col">${t.importReportColumn}</th>
                      <th scope="col">${t.importReportValue}</th>
                      <th scope="col">${t.importReportProblem}</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${shown.map(
                      (problem) =>
                        html`<tr class=${`severity-${problem.severity}`}>
                          <td class="line">${problem.line}</td>
                          <td>${problem.column ?? '—'}</td>
                          <td class="value">${problem.value}</td>
                          <td>${problem.message}</td>
                        </tr>`,
                    )}
                  </tbody>
                </table>
              </div>
              ${notListed > 0 ? html`<p class="help">${formatString(t.importReportMore, { count: count(notListed) })}</p>` : nothing}
              <p class="help">${t.importReportFix}</p>`
          : nothing
      }
      ${
        counts.valid > 0 && counts.invalid > 0
          ? html`<label class="checkbox">
              <input
                type="checkbox"
                .checked=${this.onlyValid}
                @change=${(event: Event) => (this.onlyValid = (event.target as HTMLInputElement).checked)}
              />
              ${formatString(t.importOnlyValid, { count: count(counts.valid) })}
            </label>`
          : nothing
      }
    </section>`;
  }

  private renderResult(counts: ImportCounts, resumedChunks: number) {
    const t = this.text;
    const locale = this.currentLocale;
    const items: [string, number][] = [
      [t.importDoneCreated, counts.created],
      [t.importDoneUpdated, counts.updated],
      [t.importDoneUnchanged, counts.unchanged],
      [t.importDoneDuplicates, counts.duplicatesInFile],
      [t.importDoneKeptOptedOut, counts.keptOptedOut],
    ];
    return html`<section aria-labelledby="result-title">
      <div role="status"><h3 id="result-title">${t.importDoneTitle}</h3></div>
      <dl class="result" part="result">
        ${items.map(
          ([label, value]) =>
            html`<div>
              <dt>${label}</dt>
              <dd>${formatCount(value, locale)}</dd>
            </div>`,
        )}
      </dl>
      ${resumedChunks > 0 ? html`<p class="help resumed">${formatString(t.importDoneResumed, { chunks: formatCount(resumedChunks, locale) })}</p>` : nothing}
      ${counts.keptOptedOut > 0 ? html`<p class="help">${t.importDoneNote}</p>` : nothing}
    </section>`;
  }

  private renderBody() {
    const step = this.step;
    const t = this.text;
    switch (step.kind) {
      case 'working':
        return this.renderProgress(step.progress);
      case 'report':
        return this.renderReport(step.report);
      case 'done':
        return this.renderResult(step.counts, step.resumedChunks);
      case 'cancelled':
      case 'failed':
      case 'source':
        return html`${step.kind === 'cancelled' ? html`<p class="notice" role="status">${t.importCancelled}</p>` : nothing}
          ${step.kind === 'failed' ? html`<p class="error" role="alert">${formatString(t.importFailed, { message: step.message })}</p>` : nothing}
          <p class="intro">
            ${t.importIntro}
            <a href=${this.sampleUrl || nothing} download="sample-contacts.csv"
              >${t.importSampleLink}</a
            >
          </p>
          ${this.renderInterrupted()} ${this.renderSourcePicker()} ${this.renderListPicker()}
          ${this.renderMapping()}`;
    }
  }

  private renderFooter() {
    const t = this.text;
    const step = this.step;
    const closeButton = (label: string) =>
      html`<button type="button" class="button close" @click=${() => this.close()}>
        ${label}
      </button>`;
    switch (step.kind) {
      case 'working': {
        // Once the server is committing, the import is one transaction that will complete: no cancel.
        const committing = step.progress?.phase === 'committing' || step.progress?.phase === 'done';
        return html`<button
          type="button"
          class="button"
          ?disabled=${committing}
          @click=${this.cancelImport}
        >
          ${t.importCancel}
        </button>`;
      }
      case 'done':
        return html`<button type="button" class="button primary close" @click=${() => this.close()}>
          ${t.importClose}
        </button>`;
      case 'report': {
        const canImport =
          step.report.counts.valid > 0 && (step.report.counts.errors === 0 || this.onlyValid);
        return html`<button
            type="button"
            class="button"
            @click=${() => (this.step = { kind: 'source' })}
          >
            ${t.importBack}
          </button>
          <span class="spacer"></span>
          ${closeButton(t.cancel)}
          ${
            step.report.counts.rows === 0
              ? nothing
              : html`<button
                  type="button"
                  class="button primary"
                  ?disabled=${!canImport}
                  @click=${() => this.startImport({ onlyValid: this.onlyValid })}
                >
                  ${t.importSubmit}
                </button>`
          }`;
      }
      default: {
        const ready =
          Boolean(this.source) &&
          !this.previewing &&
          this.preview !== null &&
          !this.preview.tooManyColumns &&
          mappingProblem(this.mapping) === null &&
          !this.offline;
        // A file with nothing to import gets its message, and no import button to press.
        return html`${closeButton(t.cancel)}
        ${
          this.previewHasNoRows || this.preview?.tooManyColumns
            ? nothing
            : html`<button
                type="button"
                class="button primary"
                ?disabled=${!ready}
                @click=${() => this.startImport({ onlyValid: false })}
              >
                ${this.canResume ? t.importResume : t.importSubmit}
              </button>`
        }`;
      }
    }
  }

  override render() {
    const t = this.text;
    const allowed = this.permissions.importContacts;
    return html`<dialog part="dialog" aria-labelledby="import-title" @close=${this.onClose}>
      <div class="dialog-header"><h2 id="import-title">${t.importTitle}</h2></div>
      <div class="dialog-body">
        ${allowed ? this.renderBody() : html`<p>${t.importNotAllowed}</p>`}
      </div>
      <div class="dialog-footer">
        ${allowed ? this.renderFooter() : html`<button type="button" class="button close" @click=${() => this.close()}>${t.importClose}</button>`}
      </div>
    </dialog>`;
  }
}
