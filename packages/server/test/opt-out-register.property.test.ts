import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Contact, ContactPage } from '@contacts-manager/core/schema';
import { phone, testApi } from './helpers.js';

const PHONES = [0, 1, 2].map(phone);
const OPT_OUT_WORDS = ['stop', 'STOP', 'Stop please', 'unsubscribe!', 'quit', 'opt out', 'End.', 'cancel'];
const OPT_IN_WORDS = ['start', 'UNSTOP', 'optin', 'Subscribe', 'yes!', ' Start. '];
const OTHER_WORDS = ['help', 'info', 'start now', 'hello', 'yes please', 'stopping?'];

type Step =
  | { kind: 'create'; phone: string; optedOut: boolean | undefined }
  | { kind: 'patch'; phone: string; optedOut: boolean }
  | { kind: 'optOutEndpoint'; phone: string }
  | { kind: 'delete'; phone: string }
  | { kind: 'deleteAll' }
  | { kind: 'import'; phones: string[] }
  | { kind: 'text'; phone: string; body: string; effect: 'out' | 'in' | 'none' };

const phoneArb = fc.constantFrom(...PHONES);
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('create' as const), phone: phoneArb, optedOut: fc.option(fc.boolean(), { nil: undefined }) }),
  fc.record({ kind: fc.constant('patch' as const), phone: phoneArb, optedOut: fc.boolean() }),
  fc.record({ kind: fc.constant('optOutEndpoint' as const), phone: phoneArb }),
  fc.record({ kind: fc.constant('delete' as const), phone: phoneArb }),
  fc.constant({ kind: 'deleteAll' as const }),
  fc.record({ kind: fc.constant('import' as const), phones: fc.array(phoneArb, { minLength: 1, maxLength: 4 }) }),
  fc.oneof(
    fc.record({ kind: fc.constant('text' as const), phone: phoneArb, body: fc.constantFrom(...OPT_OUT_WORDS), effect: fc.constant('out' as const) }),
    fc.record({ kind: fc.constant('text' as const), phone: phoneArb, body: fc.constantFrom(...OPT_IN_WORDS), effect: fc.constant('in' as const) }),
    fc.record({ kind: fc.constant('text' as const), phone: phoneArb, body: fc.constantFrom(...OTHER_WORDS), effect: fc.constant('none' as const) }),
  ),
);

describe('opt-out register (property)', () => {
  it('no sequence of API calls re-subscribes a number; only an opt-in text does', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 14 }), async (steps) => {
        const api = testApi();
        const acct = await api.newAccount();
        const key = acct.secretKey;
        const model = new Set<string>();
        const idOf = async (number: string): Promise<string | undefined> =>
          (await api.json<ContactPage>('GET', `/v1/contacts?phone=${encodeURIComponent(number)}`, key)).body.data[0]?.id;
        try {
          for (const step of steps) {
            switch (step.kind) {
              case 'create': {
                const body = step.optedOut === undefined ? { fullName: 'X', phone: step.phone } : { fullName: 'X', phone: step.phone, optedOut: step.optedOut };
                const response = await api.json('POST', '/v1/contacts', key, body);
                if (response.status === 201 && step.optedOut) model.add(step.phone);
                break;
              }
              case 'patch': {
                const id = await idOf(step.phone);
                if (!id) break;
                const response = await api.json('PATCH', `/v1/contacts/${id}`, key, { optedOut: step.optedOut });
                if (step.optedOut) model.add(step.phone);
                else expect(response.status).toBe(model.has(step.phone) ? 409 : 200);
                break;
              }
              case 'optOutEndpoint': {
                const id = await idOf(step.phone);
                if (!id) break;
                await api.json('POST', `/v1/contacts/${id}/opt-out`, key);
                model.add(step.phone);
                break;
              }
              case 'delete': {
                const id = await idOf(step.phone);
                if (id) await api.call('DELETE', `/v1/contacts/${id}`, key);
                break;
              }
              case 'deleteAll':
                await api.call('DELETE', '/v1/contacts?all=true', key, undefined, { Confirm: 'delete-all-contacts' });
                await api.services.jobs.idle();
                break;
              case 'import': {
                const session = await api.json<{ id: string }>('POST', '/v1/imports', key, {});
                await api.json('PUT', `/v1/imports/${session.body.id}/chunks/0`, key, { rows: step.phones.map((p) => ({ fullName: 'Imp', phone: p })) });
                await api.json('POST', `/v1/imports/${session.body.id}/commit`, key);
                await api.services.jobs.idle();
                break;
              }
              case 'text':
                await api.json('POST', '/v1/inbound-messages', key, { from: step.phone, body: step.body });
                if (step.effect === 'out') model.add(step.phone);
                if (step.effect === 'in') model.delete(step.phone);
                break;
            }
            const all = await api.json<ContactPage>('GET', '/v1/contacts?limit=200', key);
            for (const contact of all.body.data as Contact[]) expect(contact.optedOut).toBe(model.has(contact.phone));
          }
        } finally {
          await api.close();
        }
      }),
      { numRuns: 60 },
    );
  });
});
