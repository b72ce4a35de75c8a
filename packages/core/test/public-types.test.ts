// Type tests of the public surface: checked by `tsc` (the package's typecheck includes
// test/), and run as ordinary tests by vitest.
import { describe, expectTypeOf, it } from 'vitest';
import { createContactsStore } from '../src/store/index.js';
import {
  ConflictError,
  ContactsApiError,
  JobFailedError,
  OptOutLockedError,
  PreconditionFailedError,
  RateLimitError,
  TimeoutError,
  NetworkError,
  createContactsClient,
  type Contact,
  type ContactPage,
  type ContactsClient,
  type ContactsState,
  type ContactsStore,
  type FieldError,
  type Job,
  type Me,
  type Problem,
  type RequestOptions,
} from '../src/index.js';
import { createIndexedDbCache } from '../src/cache/index.js';

describe('public types', () => {
  it('types the client end to end', () => {
    expectTypeOf(createContactsClient).parameter(0).toMatchTypeOf<{ baseUrl: string }>();
    expectTypeOf(createContactsClient).returns.toEqualTypeOf<ContactsClient>();
    const cm = createContactsClient({ baseUrl: 'http://127.0.0.1:8787', token: 'sk_x' });
    expectTypeOf(cm.me).returns.resolves.toEqualTypeOf<Me>();
    expectTypeOf(cm.contacts.list).returns.resolves.toEqualTypeOf<ContactPage>();
    expectTypeOf(cm.contacts.list).parameter(0).exclude<undefined>().toHaveProperty('limit').toEqualTypeOf<number | undefined>();
    expectTypeOf(cm.contacts.iterate()).toMatchTypeOf<AsyncIterable<Contact>>();
    expectTypeOf(cm.contacts.create).returns.resolves.toEqualTypeOf<Contact>();
    expectTypeOf(cm.contacts.delete).returns.resolves.toBeVoid();
    expectTypeOf(cm.contacts.deleteAll).returns.resolves.toEqualTypeOf<Job>();
    expectTypeOf(cm.contacts.export).returns.resolves.toEqualTypeOf<ReadableStream<Uint8Array>>();
    expectTypeOf(cm.jobs.wait).parameter(0).toEqualTypeOf<Job | string>();
    expectTypeOf<RequestOptions>().toHaveProperty('ifMatch').toEqualTypeOf<number | string | undefined>();
    expectTypeOf<RequestOptions>().toHaveProperty('signal').toEqualTypeOf<AbortSignal | undefined>();
    // @ts-expect-error a contact needs a phone
    void cm.contacts.create({ fullName: 'Ada' });
    // @ts-expect-error sort is one of the documented orders
    void cm.contacts.list({ sort: 'phone' });
  });

  it('types the errors with their extras', () => {
    expectTypeOf<ContactsApiError['status']>().toEqualTypeOf<number>();
    expectTypeOf<ContactsApiError['code']>().toEqualTypeOf<string>();
    expectTypeOf<ContactsApiError['problem']>().toEqualTypeOf<Problem | null>();
    expectTypeOf<ContactsApiError['errors']>().toEqualTypeOf<readonly FieldError[]>();
    expectTypeOf<PreconditionFailedError['current']>().toEqualTypeOf<Contact | null>();
    expectTypeOf<RateLimitError["retryAfter"]>().toEqualTypeOf<number | null>();
    expectTypeOf<ConflictError['contactId']>().toEqualTypeOf<string | null>();
    expectTypeOf<JobFailedError['job']>().toEqualTypeOf<Job>();
    expectTypeOf<OptOutLockedError>().toMatchTypeOf<ConflictError>();
    expectTypeOf<TimeoutError>().toMatchTypeOf<NetworkError>();
  });

  it('types the store and the cache', () => {
    expectTypeOf(createContactsStore).parameter(0).toEqualTypeOf<ContactsClient>();
    expectTypeOf(createContactsStore).returns.toEqualTypeOf<ContactsStore>();
    expectTypeOf<ContactsStore['getState']>().returns.toEqualTypeOf<ContactsState>();
    expectTypeOf<ContactsState['contacts']>().toEqualTypeOf<readonly Contact[]>();
    expectTypeOf<ContactsStore['resolveConflict']>().parameter(0).toEqualTypeOf<'keep-theirs' | 'overwrite'>();
    expectTypeOf(createIndexedDbCache).returns.toMatchTypeOf<NonNullable<Parameters<typeof createContactsStore>[1]>['cache']>();
  });
});
