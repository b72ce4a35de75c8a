// `contacts-manager webhooks …`: operators manage webhook endpoints and their delivery log.
// Same connection options and exit codes as the other commands (run-cli.ts).
import { parseArgs } from 'node:util';
import { createContactsClient } from '../client/create-contacts-client.js';
import type { ContactsClient } from '../client/types.js';
import { ContactsApiError } from '../errors/contacts-api-error.js';
import type { WebhookEndpointCreateInput } from '../schema/webhook-endpoint-input.js';
import type {
  WebhookDelivery,
  WebhookDeliveryStatus,
  WebhookEndpoint,
} from '../schema/webhook-endpoint.js';
import type { CliContext } from './run-cli.js';

const EXIT = { ok: 0, usage: 1, api: 3, interrupted: 130 } as const;

export const WEBHOOKS_HELP = `contacts-manager webhooks: webhook endpoints and their deliveries.

Usage:
  contacts-manager webhooks list [--json]
  contacts-manager webhooks create <https-url> [--events TYPE,TYPE|*] [--description TEXT]
  contacts-manager webhooks delete <we_id>
  contacts-manager webhooks rotate-secret <we_id> [--expires-in SECONDS]
                                                       new secret; the old one signs too until it expires (default 86400 s)
  contacts-manager webhooks enable <we_id>             resume deliveries (resets the failure count)
  contacts-manager webhooks disable <we_id>            pause deliveries
  contacts-manager webhooks test <we_id>               queue a webhook.test event
  contacts-manager webhooks deliveries <we_id> [--status pending|succeeded|failed] [--limit N] [--json]
  contacts-manager webhooks retry <we_id> <wd_id>      send a delivery again now

--events defaults to * (every event). The secret that signs the deliveries is printed
once, by create and rotate-secret: keep it. Needs a secret key or a user allowed to manage webhooks.

Connection:
  --base-url URL          or CONTACTS_BASE_URL (default http://127.0.0.1:8787)
  --token TOKEN           or CONTACTS_TOKEN / CONTACTS_SECRET_KEY

Exit codes: 0 success, 1 usage error, 3 API or network error.
`;

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  'base-url': { type: 'string' },
  token: { type: 'string' },
  events: { type: 'string' },
  description: { type: 'string' },
  status: { type: 'string' },
  limit: { type: 'string' },
  'expires-in': { type: 'string' },
  json: { type: 'boolean' },
} as const;

const COMMANDS = 'list, create, delete, rotate-secret, enable, disable, test, deliveries or retry';

class UsageError extends Error {}

type Values = ReturnType<
  typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; strict: true }>
>['values'];

function connect(values: Values, env: CliContext['env']): ContactsClient {
  const token = values.token ?? env['CONTACTS_TOKEN'] ?? env['CONTACTS_SECRET_KEY'];
  if (!token)
    throw new UsageError(
      'No API token: pass --token or set CONTACTS_TOKEN (or CONTACTS_SECRET_KEY).',
    );
  const baseUrl = values['base-url'] ?? env['CONTACTS_BASE_URL'] ?? 'http://127.0.0.1:8787';
  return createContactsClient({ baseUrl, token, userAgent: 'contacts-manager-cli' });
}

function need(value: string | undefined, what: string): string {
  if (!value) throw new UsageError(`Name the ${what}.`);
  return value;
}

function formatEndpoint(endpoint: WebhookEndpoint): string {
  const status =
    endpoint.status === 'enabled'
      ? 'enabled'
      : `disabled${endpoint.disabledReason ? ` (${endpoint.disabledReason})` : ''}`;
  return `${endpoint.id}  ${endpoint.url}  [${endpoint.events.join(', ')}]  ${status}${endpoint.description ? `  ${endpoint.description}` : ''}`;
}

function formatDelivery(delivery: WebhookDelivery): string {
  const last = delivery.attempts.at(-1);
  const outcome = last
    ? last.responseStatus !== null
      ? `HTTP ${last.responseStatus}`
      : (last.error ?? '')
    : 'not tried yet';
  const next = delivery.nextAttemptAt ? `, next ${delivery.nextAttemptAt}` : '';
  return `${delivery.id}  ${delivery.eventType}  ${delivery.status}  ${delivery.attempts.length} attempt${delivery.attempts.length === 1 ? '' : 's'} (${outcome})${next}  event ${delivery.eventId}`;
}

async function run(
  subcommand: string | undefined,
  args: string[],
  values: Values,
  context: CliContext,
): Promise<number> {
  const { stdout, stderr, signal } = context;
  const options = { signal };
  const extra = (count: number) => {
    if (args.length > count) throw new UsageError(`Unexpected argument "${args[count]}".`);
  };
  switch (subcommand) {
    case 'list': {
      extra(0);
      const client = connect(values, context.env);
      let count = 0;
      for await (const endpoint of client.webhookEndpoints.iterate({}, options)) {
        stdout.write(`${values.json ? JSON.stringify(endpoint) : formatEndpoint(endpoint)}\n`);
        count++;
      }
      if (!values.json) stderr.write(`${count} webhook endpoint${count === 1 ? '' : 's'}.\n`);
      return EXIT.ok;
    }
    case 'create': {
      extra(1);
      const url = need(args[0], 'https URL that receives the webhooks');
      const events = (values.events ?? '*')
        .split(',')
        .map((type) => type.trim())
        .filter(Boolean);
      const client = connect(values, context.env);
      const created = await client.webhookEndpoints.create(
        {
          url,
          events: events as WebhookEndpointCreateInput['events'],
          ...(values.description ? { description: values.description } : {}),
        },
        options,
      );
      stdout.write(`${formatEndpoint(created)}\nsecret: ${created.secret}\n`);
      stderr.write('Keep the secret: it verifies the signatures and is not shown again.\n');
      return EXIT.ok;
    }
    case 'delete': {
      extra(1);
      const id = need(args[0], 'webhook endpoint (we_…)');
      await connect(values, context.env).webhookEndpoints.delete(id, options);
      stdout.write(`Deleted ${id}.\n`);
      return EXIT.ok;
    }
    case 'rotate-secret': {
      extra(1);
      const id = need(args[0], 'webhook endpoint (we_…)');
      const raw = values['expires-in'];
      const expiresInSeconds = raw === undefined ? undefined : Number(raw);
      if (
        expiresInSeconds !== undefined &&
        (!/^\d+$/.test(raw!) || !Number.isSafeInteger(expiresInSeconds))
      ) {
        throw new UsageError(`--expires-in is a whole number of seconds, not "${raw}".`);
      }
      const rotation = await connect(values, context.env).webhookEndpoints.rotateSecret(
        id,
        expiresInSeconds === undefined ? {} : { expiresInSeconds },
        options,
      );
      stdout.write(`secret: ${rotation.secret}\n`);
      stderr.write(
        `Keep the new secret. Deliveries are signed with the old one too for ${expiresInSeconds ?? 86400} s, time to update the receiver.\n`,
      );
      return EXIT.ok;
    }
    case 'enable':
    case 'disable': {
      extra(1);
      const id = need(args[0], 'webhook endpoint (we_…)');
      const status = subcommand === 'enable' ? 'enabled' : 'disabled';
      const updated = await connect(values, context.env).webhookEndpoints.update(
        id,
        { status },
        options,
      );
      stdout.write(`${formatEndpoint(updated)}\n`);
      return EXIT.ok;
    }
    case 'test': {
      extra(1);
      const id = need(args[0], 'webhook endpoint (we_…)');
      const delivery = await connect(values, context.env).webhookEndpoints.test(id, options);
      stdout.write(
        `Queued a webhook.test event: delivery ${delivery.id}, event ${delivery.eventId}.\n`,
      );
      return EXIT.ok;
    }
    case 'deliveries': {
      extra(1);
      const id = need(args[0], 'webhook endpoint (we_…)');
      const status = values.status as WebhookDeliveryStatus | undefined;
      if (status !== undefined && !['pending', 'succeeded', 'failed'].includes(status)) {
        throw new UsageError(`--status is pending, succeeded or failed, not "${status}".`);
      }
      const limit = values.limit === undefined ? 50 : Number(values.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 200)
        throw new UsageError(`--limit is a whole number from 1 to 200, not "${values.limit}".`);
      const page = await connect(values, context.env).webhookEndpoints.deliveries(
        id,
        { limit, ...(status ? { status } : {}) },
        options,
      );
      for (const delivery of page.data)
        stdout.write(`${values.json ? JSON.stringify(delivery) : formatDelivery(delivery)}\n`);
      if (!values.json)
        stderr.write(
          `${page.data.length} deliver${page.data.length === 1 ? 'y' : 'ies'}${page.nextCursor ? ' (more with a larger --limit)' : ''}.\n`,
        );
      return EXIT.ok;
    }
    case 'retry': {
      extra(2);
      const id = need(args[0], 'webhook endpoint (we_…)');
      const deliveryId = need(args[1], 'delivery (wd_…)');
      const delivery = await connect(values, context.env).webhookEndpoints.retry(
        id,
        deliveryId,
        options,
      );
      stdout.write(`Sending ${delivery.id} (event ${delivery.eventId}) again now.\n`);
      return EXIT.ok;
    }
    default:
      throw new UsageError(
        subcommand
          ? `Unknown webhooks command "${subcommand}". The commands are ${COMMANDS}.`
          : `Name a webhooks command: ${COMMANDS}.`,
      );
  }
}

/** Runs `contacts-manager webhooks <argv…>` and returns the exit code. */
export async function runWebhooksCommand(argv: string[], context: CliContext): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    context.stderr.write(
      `${(error as Error).message}\nRun "contacts-manager webhooks --help" for the options.\n`,
    );
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  const [subcommand, ...args] = positionals;
  if (values.help || subcommand === 'help') {
    context.stdout.write(WEBHOOKS_HELP);
    return EXIT.ok;
  }
  try {
    return await run(subcommand, args, values, context);
  } catch (error) {
    if (error instanceof UsageError) {
      context.stderr.write(
        `${error.message}\nRun "contacts-manager webhooks --help" for the options.\n`,
      );
      return EXIT.usage;
    }
    if (context.signal?.aborted) return EXIT.interrupted;
    if (error instanceof ContactsApiError) {
      const status = error.status ? ` (HTTP ${error.status})` : '';
      const fields = error.errors.map((field) => `\n  ${field.path}: ${field.message}`).join('');
      context.stderr.write(`API error${status} [${error.code}]: ${error.message}${fields}\n`);
      return EXIT.api;
    }
    context.stderr.write(
      `Unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return EXIT.api;
  }
}
