import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import {
  ContactCreateInput,
  ContactPatchInput,
  type Contact,
  type ContactCreateInput as ContactCreateValues,
  type ContactPatchInput as ContactPatchValues,
} from '@contacts-manager/core';
import { StoreConsumer } from '../internal/store-consumer.js';
import { baseStyles, buttonStyles, fieldStyles } from '../styles/index.js';
import { formatString } from '../i18n/resolve-strings.js';
import { formatDate } from '../internal/format.js';
import { describeError, readApiError } from '../internal/describe-error.js';
import { isValidPhone } from '../internal/phone-display.js';
import { emitContactsEvent } from '../events.js';
import type { ConfirmDialogElement } from '../confirm-dialog/confirm-dialog.js';
import { contactFormStyles } from './contact-form.styles.js';

type FieldName = 'fullName' | 'phone' | 'email' | 'listIds';

interface FormValues {
  fullName: string;
  phone: string;
  email: string;
  listIds: string[];
  optedOut: boolean;
}

const TEXT_FIELDS = ['fullName', 'phone', 'email'] as const;

const EMPTY_VALUES: FormValues = { fullName: '', phone: '', email: '', listIds: [], optedOut: false };

function valuesOf(contact: Contact): FormValues {
  return {
    fullName: contact.fullName,
    phone: contact.phone,
    email: contact.email ?? '',
    listIds: [...contact.listIds],
    optedOut: contact.optedOut,
  };
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join() === [...b].sort().join();
}

/** Zod issues → first message per top-level field. */
function fieldErrorsOf(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): Partial<Record<FieldName, string>> {
  const errors: Partial<Record<FieldName, string>> = {};
  for (const issue of issues) {
    const field = String(issue.path[0] ?? '') as FieldName;
    if (['fullName', 'phone', 'email', 'listIds'].includes(field) && !errors[field]) errors[field] = issue.message;
  }
  return errors;
}

/**
 * The add and edit form. Required fields carry a red asterisk (and "required" for screen readers);
 * fields are checked with the core's zod schemas as the user leaves them and on submit; the
 * server's field errors land on their fields; a duplicate phone links to the contact that holds
 * it; a stale edit (412) shows the newer values and lets the user choose.
 *
 * @event contacts-created - After "Add Contact" succeeded.
 * @event contacts-updated - After "Update Contact Details" (or an opt-out) succeeded.
 * @event cm-form-cancel - The user cancelled adding a contact.
 * @csspart form - The form.
 * @csspart submit - The submit button.
 * @csspart footer - The sticky footer holding the form's buttons.
 * @csspart conflict - The notice of a stale edit (412), with both versions.
 * @csspart opt-out - The opted-out notice of a contact.
 *
 * @customElement cm-contact-form
 */
export class ContactFormElement extends StoreConsumer {
  static override styles = [baseStyles, buttonStyles, fieldStyles, contactFormStyles];

  /** `create` adds a contact; `edit` changes `contact`. */
  @property({ reflect: true }) mode: 'create' | 'edit' = 'create';
  /** The contact being edited. */
  @property({ attribute: false }) contact: Contact | null = null;

  @state() private values: FormValues = { ...EMPTY_VALUES };
  @state() private errors: Partial<Record<FieldName, string>> = {};
  @state() private touched = new Set<FieldName>();
  /** Fields the user typed in. */
  private edited = new Set<FieldName>();
  @state() private submitting = false;
  @state() private formError = '';
  @state() private duplicateOf: { id: string; name: string | null } | null = null;
  /** The server's field errors: shown until the user changes that field (leaving it keeps them). */
  private serverErrors: Partial<Record<FieldName, string>> = {};
  /** The conflict already brought into view (it is scrolled to and focused once). */
  private shownConflict: unknown = null;

  /** The version the user started editing from: what `If-Match` sends, so a newer write is a conflict. */
  private get baseVersion(): number | null {
    return this.loadedContact?.version ?? null;
  }
  /** The contact as the form loaded it: edits are measured against it, not against later snapshots. */
  private loadedContact: Contact | null = null;
  @query('cm-confirm-dialog') private confirmDialog!: ConfirmDialogElement;
  @query('#fullName') private fullNameInput!: HTMLInputElement;

  /** Focuses the first field. */
  focusFirstField(): void {
    this.fullNameInput?.focus();
  }

  private get dirty(): boolean {
    if (this.mode === 'create' || !this.loadedContact) return false;
    return Object.keys(this.patchFromValues()).length > 0;
  }

  private get readOnly(): boolean {
    return !this.permissions.editContacts || this.offline;
  }

  override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('contact') || changed.has('mode')) this.syncFromContact();
  }

  /** Loads the contact into the form; keeps the user's unsaved edit when only the version moved. */
  private syncFromContact(): void {
    const contact = this.contact;
    if (this.mode === 'create') {
      if (this.loadedContact !== null) this.reset();
      return;
    }
    if (!contact) return;
    const sameContact = contact.id === this.loadedContact?.id;
    if (sameContact && this.dirty) {
      // Keep the typed values; the opt-out state is the server's, never the form's.
      this.values = { ...this.values, optedOut: contact.optedOut };
      return;
    }
    this.loadedContact = contact;
    this.values = valuesOf(contact);
    if (!sameContact) {
      this.errors = {};
      this.serverErrors = {};
      this.touched = new Set();
      this.edited = new Set();
      this.formError = '';
      this.duplicateOf = null;
    }
  }

  /** Clears the form (after adding, or when switching to create mode). */
  reset(): void {
    this.values = { ...EMPTY_VALUES };
    this.errors = {};
    this.serverErrors = {};
    this.touched = new Set();
    this.edited = new Set();
    this.formError = '';
    this.duplicateOf = null;
    this.loadedContact = null;
  }

  private patchFromValues(): ContactPatchValues {
    const contact = this.loadedContact;
    if (!contact) return {};
    const patch: ContactPatchValues = {};
    if (this.values.fullName !== contact.fullName) patch.fullName = this.values.fullName;
    if (this.values.phone !== contact.phone) patch.phone = this.values.phone;
    if (this.values.email.trim() !== (contact.email ?? '')) patch.email = this.values.email;
    if (!sameIds(this.values.listIds, contact.listIds)) patch.listIds = [...this.values.listIds];
    return patch;
  }

  private createInput(): ContactCreateValues {
    const input: ContactCreateValues = {
      fullName: this.values.fullName,
      phone: this.values.phone,
      email: this.values.email,
      listIds: [...this.values.listIds],
    };
    if (this.values.optedOut) input.optedOut = true;
    return input;
  }

  /** Runs the zod schema; returns the field errors (empty when valid). */
  private validate(): Partial<Record<FieldName, string>> {
    if (this.mode === 'create') {
      const result = ContactCreateInput.safeParse(this.createInput());
      return result.success ? {} : fieldErrorsOf(result.error.issues);
    }
    const result = ContactPatchInput.safeParse(this.patchFromValues());
    return result.success ? {} : fieldErrorsOf(result.error.issues);
  }

  /** Whether the typed phone still needs the library's check (it passed zod and was changed). */
  private phoneNeedsCheck(errors: Partial<Record<FieldName, string>>): boolean {
    const phone = this.values.phone.trim();
    return !errors.phone && phone !== '' && (this.mode === 'create' || phone !== this.loadedContact?.phone);
  }

  /** The zod errors, plus the phone's validity for the account's country (the library loads lazily). */
  private async validateAll(): Promise<Partial<Record<FieldName, string>>> {
    const errors = this.validate();
    if (this.phoneNeedsCheck(errors)) {
      const country = this.snapshot?.me?.account.defaultCountry ?? 'US';
      if (!(await isValidPhone(this.values.phone.trim(), country))) errors.phone = this.labels.phoneInvalid;
    }
    return errors;
  }

  private setValue(field: 'fullName' | 'phone' | 'email', value: string): void {
    this.values = { ...this.values, [field]: value };
    this.edited.add(field);
    delete this.serverErrors[field];
    if (field === 'phone') this.duplicateOf = null;
    // Re-check a field once it showed an error, so the message goes away as soon as it is fixed.
    if (this.touched.has(field)) this.errors = { ...this.errors, [field]: this.validate()[field] };
  }

  private onBlur(field: FieldName): void {
    // A field the user only passed through stays quiet until submit: a message appearing on blur
    // would move the submit button under the pointer between mousedown and click.
    if (!this.edited.has(field)) return;
    this.touched = new Set(this.touched).add(field);
    this.errors = { ...this.errors, [field]: this.validate()[field] ?? this.serverErrors[field] };
    if (field === 'phone' && !this.errors.phone) {
      const typed = this.values.phone;
      void this.validateAll().then((errors) => {
        if (errors.phone && this.values.phone === typed) this.errors = { ...this.errors, phone: errors.phone };
      });
    }
  }

  private toggleList(listId: string, checked: boolean): void {
    const listIds = checked ? [...new Set([...this.values.listIds, listId])] : this.values.listIds.filter((id) => id !== listId);
    this.values = { ...this.values, listIds };
  }

  private async onOptOutChange(event: Event): Promise<void> {
    const checkbox = event.target as HTMLInputElement;
    if (!checkbox.checked) {
      this.values = { ...this.values, optedOut: false };
      return;
    }
    const name = this.values.fullName.trim() || this.contact?.fullName || this.values.phone;
    const confirmed = await this.confirmDialog.ask({
      title: formatString(this.labels.optOutConfirmTitle, { name }),
      body: this.labels.optOutConfirmBody,
      confirmLabel: this.labels.optOutConfirm,
      cancelLabel: this.labels.cancel,
      danger: true,
    });
    if (!confirmed) {
      checkbox.checked = false;
      return;
    }
    if (this.mode === 'create') {
      this.values = { ...this.values, optedOut: true };
      return;
    }
    const contact = this.contact;
    if (!contact || !this.store) return;
    try {
      const updated = await this.store.optOut(contact.id);
      emitContactsEvent(this, 'contacts-updated', { contact: updated });
      this.toast(formatString(this.labels.toastOptedOut, { name: updated.fullName }));
    } catch (error) {
      checkbox.checked = false;
      this.failed(error);
    }
  }

  private toast(message: string): void {
    this.dispatchEvent(new CustomEvent('cm-toast', { detail: { message }, bubbles: true, composed: true }));
  }

  private failed(error: unknown): void {
    const { code, fieldErrors, problem } = readApiError(error);
    if (code === 'duplicate_phone') {
      const holderId = typeof problem?.contactId === 'string' ? problem.contactId : null;
      const holder = holderId ? this.snapshot?.contacts.find((contact) => contact.id === holderId) : undefined;
      this.duplicateOf = holderId ? { id: holderId, name: holder?.fullName ?? null } : null;
      this.errors = { ...this.errors, phone: holderId ? '' : describeError(error, this.labels) };
      this.touched = new Set(this.touched).add('phone');
      this.focusField('phone');
    } else if (fieldErrors.length > 0) {
      // Every field the server named, at once; a bad phone in words a person can act on.
      const errors: Partial<Record<FieldName, string>> = {};
      for (const fieldError of fieldErrors) {
        const field = fieldError.path.split('.')[0] as FieldName;
        const message = fieldError.code === 'invalid_phone' || (field === 'phone' && code === 'invalid_phone') ? this.labels.phoneInvalid : fieldError.message;
        if (['fullName', 'phone', 'email', 'listIds'].includes(field)) errors[field] ??= message;
      }
      this.serverErrors = { ...this.serverErrors, ...errors };
      this.errors = { ...this.errors, ...errors };
      this.touched = new Set([...this.touched, ...(Object.keys(errors) as FieldName[])]);
      this.formError = Object.keys(errors).length === 0 ? describeError(error, this.labels) : '';
      const first = TEXT_FIELDS.find((field) => this.errors[field]);
      if (first) this.focusField(first);
    } else if (code === 'invalid_phone') {
      this.serverErrors = { ...this.serverErrors, phone: this.labels.phoneInvalid };
      this.errors = { ...this.errors, phone: this.labels.phoneInvalid };
      this.touched = new Set(this.touched).add('phone');
      this.focusField('phone');
    } else if (code !== 'precondition_failed') {
      this.formError = describeError(error, this.labels);
    }
    // The form shows the failure where it belongs; the shell already announced it (contacts-error).
    this.store?.dismissError();
  }

  private focusField(field: FieldName): void {
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#${field}`)?.focus());
  }

  private async onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.submitting || this.readOnly || !this.store) return;
    this.formError = '';
    this.duplicateOf = null;
    let errors = this.validate();
    if (this.phoneNeedsCheck(errors)) {
      this.submitting = true;
      errors = await this.validateAll().finally(() => (this.submitting = false));
    }
    this.touched = new Set(TEXT_FIELDS);
    this.errors = errors;
    const firstInvalid = TEXT_FIELDS.find((field) => errors[field]);
    if (firstInvalid) {
      this.focusField(firstInvalid);
      return;
    }
    this.submitting = true;
    try {
      if (this.mode === 'create') {
        const created = await this.store.createContact(this.createInput());
        this.reset();
        emitContactsEvent(this, 'contacts-created', { contact: created });
        this.toast(formatString(this.labels.toastCreated, { name: created.fullName }));
      } else if (this.contact) {
        const patch = this.patchFromValues();
        if (Object.keys(patch).length === 0) return;
        const updated = await this.store.updateContact(this.contact.id, patch, { ifMatch: this.baseVersion ?? this.contact.version });
        this.loadedContact = null;
        this.contact = updated;
        this.syncFromContact();
        emitContactsEvent(this, 'contacts-updated', { contact: updated });
        this.toast(formatString(this.labels.toastUpdated, { name: updated.fullName }));
      }
    } catch (error) {
      this.failed(error);
    } finally {
      this.submitting = false;
    }
  }

  private async resolveConflict(choice: 'keep-theirs' | 'overwrite'): Promise<void> {
    if (!this.store) return;
    try {
      const result = await this.store.resolveConflict(choice);
      this.loadedContact = null;
      if (result) {
        this.contact = result;
        if (choice === 'overwrite') {
          emitContactsEvent(this, 'contacts-updated', { contact: result });
          this.toast(formatString(this.labels.toastUpdated, { name: result.fullName }));
        }
      }
      this.syncFromContact();
    } catch (error) {
      this.failed(error);
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    // A conflict appears at the top of a form that may be scrolled: bring it into view and focus it.
    const conflict = this.snapshot?.conflict ?? null;
    if (conflict && conflict !== this.shownConflict) {
      const section = this.renderRoot.querySelector<HTMLElement>('.conflict');
      if (section) {
        this.shownConflict = conflict;
        section.focus({ preventScroll: true });
        // Once more after the frame: the rolled-back contact can re-wrap the heading above it.
        const reveal = () => section.scrollIntoView({ block: 'start', behavior: 'auto' });
        reveal();
        requestAnimationFrame(reveal);
      }
    }
  }

  private renderConflict() {
    const conflict = this.snapshot?.conflict;
    if (!conflict || this.mode !== 'edit' || conflict.contactId !== this.contact?.id) return nothing;
    const strings = this.labels;
    const lists = this.snapshot?.lists ?? [];
    const listNames = (ids: readonly string[] | undefined) =>
      (ids ?? []).map((id) => lists.find((list) => list.id === id)?.name ?? id).join(', ');
    const rows: Array<[string, string, string]> = [];
    const attempted = conflict.attempted;
    const current = conflict.current;
    if (attempted.fullName !== undefined) rows.push([strings.fullName, current.fullName, attempted.fullName]);
    if (attempted.phone !== undefined) rows.push([strings.phone, current.phone, attempted.phone]);
    if (attempted.email !== undefined) rows.push([strings.email, current.email ?? '', attempted.email ?? '']);
    if (attempted.listIds !== undefined) rows.push([strings.lists, listNames(current.listIds), listNames(attempted.listIds)]);
    return html`<section class="conflict" role="alert" part="conflict" tabindex="-1" aria-labelledby="conflict-title">
      <h3 id="conflict-title">${strings.conflictTitle}</h3>
      <p>${strings.conflictBody}</p>
      <table>
        <thead>
          <tr>
            <th scope="col">${strings.conflictField}</th>
            <th scope="col">${strings.conflictTheirs}</th>
            <th scope="col">${strings.conflictYours}</th>
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            ([field, theirs, yours]) => html`<tr>
              <th scope="row">${field}</th>
              <td class="theirs">${theirs}</td>
              <td class="yours">${yours}</td>
            </tr>`,
          )}
        </tbody>
      </table>
      <div class="actions">
        <button type="button" class="button keep-theirs" @click=${() => this.resolveConflict('keep-theirs')}>${strings.keepTheirs}</button>
        <button type="button" class="button primary overwrite" @click=${() => this.resolveConflict('overwrite')}>${strings.overwrite}</button>
      </div>
    </section>`;
  }

  private renderTextField(field: 'fullName' | 'phone' | 'email', options: { required: boolean; type: string; autocomplete: string; help?: string }) {
    const strings = this.labels;
    const error = this.errors[field];
    const showError = Boolean(error) && this.touched.has(field);
    const duplicate = field === 'phone' ? this.duplicateOf : null;
    const describedBy = [options.help ? `${field}-help` : '', showError || duplicate ? `${field}-error` : ''].filter(Boolean).join(' ');
    return html`<div class="field">
      <label for=${field}>
        ${strings[field]}${options.required
          ? html`<span class="required-mark" aria-hidden="true">*</span><span class="visually-hidden"> (${strings.required})</span>`
          : nothing}
      </label>
      <input
        id=${field}
        name=${field}
        class="input"
        type=${options.type}
        autocomplete=${options.autocomplete}
        .value=${this.values[field]}
        ?disabled=${this.readOnly}
        aria-required=${options.required ? 'true' : 'false'}
        aria-invalid=${showError || duplicate ? 'true' : 'false'}
        aria-describedby=${describedBy || nothing}
        @input=${(event: Event) => this.setValue(field, (event.target as HTMLInputElement).value)}
        @blur=${() => this.onBlur(field)}
      />
      ${options.help ? html`<p class="help" id=${`${field}-help`}>${options.help}</p>` : nothing}
      ${duplicate
        ? html`<p class="error" id="phone-error">
            ${strings.duplicatePhone}
            <button type="button" class="link duplicate-link" @click=${() => this.openDuplicate(duplicate.id)}>
              ${duplicate.name ?? strings.duplicatePhoneOther}</button
            >.
          </p>`
        : showError
          ? html`<p class="error" id=${`${field}-error`}>${error}</p>`
          : nothing}
    </div>`;
  }

  private openDuplicate(id: string): void {
    void this.store?.select(id);
    this.dispatchEvent(new CustomEvent('cm-contact-select', { detail: { id }, bubbles: true, composed: true }));
  }

  private renderOptOut() {
    const strings = this.labels;
    const locale = this.localeInfo.locale;
    const contact = this.mode === 'edit' ? this.contact : null;
    if (contact?.optedOut) {
      const optOut = contact.optOut;
      const date = formatDate(optOut?.at, locale);
      const reason = !optOut
        ? ''
        : optOut.source === 'keyword'
          ? formatString(strings.optOutKeyword, { keyword: optOut.keyword ?? 'STOP', date })
          : optOut.source === 'api'
            ? formatString(strings.optOutApi, { date })
            : formatString(strings.optOutManual, { date });
      return html`<div class="opt-out locked" part="opt-out">
        <label class="checkbox">
          <input type="checkbox" id="optedOut" checked disabled aria-describedby="opt-out-reason" />
          ${strings.optedOut}
        </label>
        <p class="help" id="opt-out-reason"><span class="reason">${reason}</span> ${strings.optOutLocked}</p>
      </div>`;
    }
    return html`<div class="opt-out" part="opt-out">
      <label class="checkbox">
        <input
          type="checkbox"
          id="optedOut"
          .checked=${this.values.optedOut}
          ?disabled=${this.readOnly}
          aria-describedby="opt-out-help"
          @change=${this.onOptOutChange}
        />
        ${strings.optedOut}
      </label>
      <p class="help" id="opt-out-help">${strings.optOutHelp}</p>
    </div>`;
  }

  override render() {
    const strings = this.labels;
    const lists = this.snapshot?.lists ?? [];
    const readOnly = this.readOnly;
    return html`<form part="form" novalidate @submit=${this.onSubmit} aria-busy=${this.submitting ? 'true' : 'false'}>
        ${this.renderConflict()}
        ${readOnly ? html`<p class="notice" role="note">${this.offline ? strings.offlineReadOnly : strings.readOnlyNotice}</p>` : nothing}
        <p class="legend">${strings.requiredLegend}</p>
        ${this.renderTextField('fullName', { required: true, type: 'text', autocomplete: 'name' })}
        ${this.renderTextField('phone', { required: true, type: 'tel', autocomplete: 'tel' })}
        ${this.renderTextField('email', { required: false, type: 'email', autocomplete: 'email', help: strings.emailHelp })}
        ${lists.length > 0
          ? html`<fieldset>
              <legend>${strings.lists}</legend>
              <div class="lists">
                ${lists.map(
                  (list) =>
                    html`<label class="checkbox">
                      <input
                        type="checkbox"
                        value=${list.id}
                        .checked=${this.values.listIds.includes(list.id)}
                        ?disabled=${readOnly}
                        @change=${(event: Event) => this.toggleList(list.id, (event.target as HTMLInputElement).checked)}
                      />
                      ${list.name}
                    </label>`,
                )}
              </div>
            </fieldset>`
          : nothing}
        ${this.renderOptOut()}
        ${readOnly
          ? nothing
          : html`<div class="actions" part="footer">
              ${this.formError ? html`<p class="form-error" role="alert">${this.formError}</p>` : nothing}
              <button type="submit" class="button primary" part="submit" ?disabled=${this.submitting}>
                ${this.submitting ? strings.saving : this.mode === 'create' ? strings.addContact : strings.updateContact}
              </button>
              ${this.mode === 'create'
                ? html`<button
                    type="button"
                    class="button cancel"
                    @mousedown=${(event: MouseEvent) => event.preventDefault()}
                    @click=${() => {
                      this.reset();
                      this.dispatchEvent(new CustomEvent('cm-form-cancel', { bubbles: true, composed: true }));
                    }}
                  >
                    ${strings.cancel}
                  </button>`
                : nothing}
            </div>`}
      </form>
      <cm-confirm-dialog></cm-confirm-dialog>`;
  }
}
