// The SDK in a plain Node script (no build step): list, create, opt out and, when asked,
// delete all contacts while printing the job's progress.
//
//   CONTACTS_BASE_URL=http://127.0.0.1:8787 CONTACTS_SECRET_KEY=sk_... node contacts-script.mjs [--delete-all]
import { ConflictError, ContactsApiError, createContactsClient } from '@contacts-manager/core';

const baseUrl = process.env.CONTACTS_BASE_URL ?? 'http://127.0.0.1:8787';
const token = process.env.CONTACTS_SECRET_KEY;
if (!token) {
  console.error('Set CONTACTS_SECRET_KEY to an account secret key (`pnpm start` prints the demo one).');
  process.exit(2);
}

const cm = createContactsClient({ baseUrl, token });

async function main() {
  const me = await cm.me();
  console.log(`Account "${me.account.name}" (${me.account.id}), default country ${me.account.defaultCountry}`);

  // One page, with the exact total for the filter.
  const page = await cm.contacts.list({ sort: 'name', limit: 5 });
  console.log(`${page.total} contacts; the first ${page.data.length}:`);
  for (const contact of page.data) {
    console.log(`  ${contact.fullName.padEnd(28)} ${contact.phone}${contact.optedOut ? '  (opted out)' : ''}`);
  }

  // Create (the phone is normalized to E.164 with the account's country); a number that is
  // already taken is a ConflictError that names the contact holding it.
  let contact;
  try {
    contact = await cm.contacts.create({ fullName: 'Grace Hopper', phone: '(202) 555-0199', email: 'grace@example.com' });
    console.log(`Created ${contact.fullName} ${contact.phone} as ${contact.id}`);
  } catch (error) {
    if (!(error instanceof ConflictError && error.code === 'duplicate_phone' && error.contactId)) throw error;
    contact = await cm.contacts.get(error.contactId);
    console.log(`${contact.phone} already belongs to ${contact.fullName} (${contact.id})`);
  }

  // Opting out is permanent until the person texts START (or UNSTOP...) back.
  contact = await cm.contacts.optOut(contact.id);
  console.log(`Opted out ${contact.fullName} (source: ${contact.optOut?.source})`);

  if (process.argv.includes('--delete-all')) {
    const job = await cm.contacts.deleteAll();
    const done = await cm.jobs.wait(job, {
      onProgress: (current) => process.stdout.write(`\rDeleting all contacts: ${current.progress.done}/${current.progress.total}`),
    });
    process.stdout.write('\n');
    console.log(`Delete all ${done.status}; the opt-out register keeps ${contact.phone} opted out.`);
  } else {
    console.log('Pass --delete-all to delete every contact of the account (it cannot be undone).');
  }
}

main().catch((error) => {
  if (error instanceof ContactsApiError) {
    console.error(`${error.name} (${error.status || 'no response'} ${error.code}): ${error.message}`);
    for (const field of error.errors) console.error(`  ${field.path}: ${field.message}`);
  } else {
    console.error(error);
  }
  process.exit(1);
});
