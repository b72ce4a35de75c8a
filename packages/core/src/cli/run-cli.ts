import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { createContactsClient } from '../client/create-contacts-client.js';
import type { ContactsClient } from '../client/types.js';
import { CsvError } from '../csv/csv-error.js';
import { csvFile } from '../csv/node.js';
import { CSV_DELIMITERS, type CsvDelimiter } from '../csv/read-csv-rows.js';
import { validateContactsCsv } from '../csv/validate-contacts-csv.js';
import { ContactsApiError } from '../errors/contacts-api-error.js';
import { ImportError, ImportValidationError } from '../import/import-errors.js';
import { runImport } from '../import/run-import.js';
import { formatReport } from './format-report.js';
import { createProgressDisplay, type Output } from './progress-display.js';
import { runWebhooksCommand } from './webhooks-command.js';

/** Exit codes scripts can rely on. */
export const EXIT = { ok: 0, usage: 1, validation: 2, api: 3, interrupted: 130 } as const;

export interface CliContext {
  stdout: Output;
  stderr: Output;
  env: Record<string, string | undefined>;
  /** Aborted on Ctrl-C. */
  signal?: AbortSignal;
}

const HELP = `contacts-manager: import, export and list contacts of the contacts API.

Usage:
  contacts-manager import <file> [options]       validate the whole file (.csv, .tsv, .txt, .vcf, .xlsx), then import it
  contacts-manager export [--list NAME|ID] [-o file.csv]
  contacts-manager list [--search Q] [--list NAME|ID] [--limit N] [--json]
  contacts-manager webhooks list|create|delete|test|deliveries|retry   (webhooks --help)

Import options:
  --list NAME|ID          add the contacts to this list (by name or ls_ id)
  --create-list           create the --list by that name when it does not exist
  --skip-first-line       the first line is a header (default: detected)
  --no-skip-first-line    the first line is a contact
  --default-country CC    country for national numbers (default: the account's)
  --only-valid            import the valid rows, leave out the rows with errors
  --dry-run               validate and print the report; send nothing
  --delimiter C           , ; tab or | (default: detected)
  --chunk-size N          rows per upload chunk, at most 1000 (default 1000)
  --concurrency N         chunks in flight (default 4)
  --no-resume             start afresh instead of continuing an interrupted import
  --max-problems N        problems to print (default 50)

Connection (every command):
  --base-url URL          or CONTACTS_BASE_URL (default http://127.0.0.1:8787)
  --token TOKEN           or CONTACTS_TOKEN / CONTACTS_SECRET_KEY

An interrupted import (Ctrl-C, a crash, a lost network) keeps its state in
<file>.import-state.json; run the same command again to resume it. Nothing is
imported twice, and nothing is imported until every chunk is uploaded.

Exit codes:
  0  success
  1  usage error (unknown option, missing file or token)
  2  validation failed (the report says which lines, cards or rows), or the file cannot be read
  3  API or network error
  130 interrupted (the import can be resumed)
`;

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
  'base-url': { type: 'string' },
  token: { type: 'string' },
  list: { type: 'string' },
  'create-list': { type: 'boolean' },
  'skip-first-line': { type: 'boolean' },
  'no-skip-first-line': { type: 'boolean' },
  'default-country': { type: 'string' },
  'only-valid': { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  delimiter: { type: 'string' },
  'chunk-size': { type: 'string' },
  concurrency: { type: 'string' },
  'no-resume': { type: 'boolean' },
  'max-problems': { type: 'string' },
  output: { type: 'string', short: 'o' },
  search: { type: 'string' },
  limit: { type: 'string' },
  json: { type: 'boolean' },
} as const satisfies ParseArgsConfig['options'];

type Values = ReturnType<
  typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; strict: true }>
>['values'];

class UsageError extends Error {}

function positiveInteger(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1)
    throw new UsageError(`--${name} must be a whole number from 1, not "${value}".`);
  return parsed;
}

function delimiterOption(value: string | undefined): CsvDelimiter | undefined {
  if (value === undefined) return undefined;
  const delimiter = value === 'tab' || value === '\\t' ? '\t' : value;
  if (!CSV_DELIMITERS.includes(delimiter as CsvDelimiter))
    throw new UsageError(`--delimiter must be one of , ; tab |, not "${value}".`);
  return delimiter as CsvDelimiter;
}

function connect(values: Values, env: CliContext['env'], hint = ''): ContactsClient {
  const token = values.token ?? env['CONTACTS_TOKEN'] ?? env['CONTACTS_SECRET_KEY'];
  if (!token)
    throw new UsageError(
      `No API token: pass --token or set CONTACTS_TOKEN (or CONTACTS_SECRET_KEY)${hint}.`,
    );
  const baseUrl = values['base-url'] ?? env['CONTACTS_BASE_URL'] ?? 'http://127.0.0.1:8787';
  return createContactsClient({ baseUrl, token, userAgent: 'contacts-manager-cli' });
}

async function resolveList(
  client: ContactsClient,
  reference: string | undefined,
  create: boolean,
  signal?: AbortSignal,
): Promise<{ id: string; name: string } | null> {
  if (!reference) return null;
  const names: string[] = [];
  for await (const list of client.lists.iterate({}, { signal })) {
    if (list.id === reference || list.name.toLowerCase() === reference.toLowerCase())
      return { id: list.id, name: list.name };
    names.push(list.name);
  }
  if (create && !reference.startsWith('ls_')) {
    const created = await client.lists.create({ name: reference }, { signal });
    return { id: created.id, name: created.name };
  }
  throw new UsageError(
    `No list "${reference}". ${names.length ? `The lists are: ${names.join(', ')}.` : 'The account has no lists.'} Add --create-list to create it.`,
  );
}

async function importCommand(
  file: string | undefined,
  values: Values,
  context: CliContext,
): Promise<number> {
  if (!file)
    throw new UsageError(
      'Name the file to import: contacts-manager import <contacts.csv | contacts.vcf | book.xlsx>',
    );
  let source;
  try {
    source = csvFile(file);
  } catch (error) {
    throw new UsageError(
      `Cannot read "${file}": ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}.`,
    );
  }
  const skipFirstLine = values['skip-first-line']
    ? true
    : values['no-skip-first-line']
      ? false
      : undefined;
  const delimiter = delimiterOption(values.delimiter);
  const maxProblems = positiveInteger(values['max-problems'], 'max-problems', 50);
  const chunkSize = positiveInteger(values['chunk-size'], 'chunk-size', 1000);
  if (chunkSize > 1000) throw new UsageError('--chunk-size is at most 1000.');
  const concurrency = positiveInteger(values.concurrency, 'concurrency', 4);
  const { stdout, stderr, signal } = context;

  if (values['dry-run']) {
    // Offline with --default-country; otherwise the account's country, from the API.
    const defaultCountry =
      values['default-country'] ??
      (
        await connect(values, context.env, ' (or pass --default-country to validate offline)').me({
          signal,
        })
      ).account.defaultCountry;
    const report = await validateContactsCsv(source, {
      skipFirstLine,
      defaultCountry,
      delimiter,
      signal,
    });
    stdout.write(`${formatReport(report, source.name, maxProblems)}\n`);
    if (report.ok)
      stdout.write(
        `Dry run: ${report.counts.valid.toLocaleString('en-US')} contacts would be imported; nothing was sent.\n`,
      );
    else if (report.counts.valid > 0)
      stdout.write(
        `Dry run: fix the errors, or use --only-valid to import the ${report.counts.valid.toLocaleString('en-US')} valid rows.\n`,
      );
    return report.ok || (values['only-valid'] && report.counts.valid > 0)
      ? EXIT.ok
      : EXIT.validation;
  }

  const client = connect(values, context.env);
  const list = await resolveList(client, values.list, values['create-list'] ?? false, signal);
  const display = createProgressDisplay(stderr);
  try {
    const result = await runImport(client, source, {
      listId: list?.id ?? null,
      skipFirstLine,
      defaultCountry: values['default-country'],
      delimiter,
      onlyValid: values['only-valid'] ?? false,
      chunkSize,
      concurrency,
      resume: !values['no-resume'],
      signal,
      onProgress: (progress) => display.update(progress),
      onValidated: (report) => {
        if (report.problems.length > 0 && (report.ok || values['only-valid'])) {
          display.end();
          stdout.write(`${formatReport(report, source.name, maxProblems)}\n`);
        }
      },
    });
    display.end();
    const { counts } = result;
    if (result.resumed)
      stdout.write(
        `Resumed import ${result.importId}: ${result.chunks.alreadyStaged} of ${result.chunks.total} chunks were already uploaded.\n`,
      );
    stdout.write(
      `Imported ${counts.rows.toLocaleString('en-US')} rows${list ? ` into list "${list.name}"` : ''}: ${counts.created.toLocaleString('en-US')} created, ${counts.updated.toLocaleString('en-US')} updated, ` +
        `${counts.unchanged.toLocaleString('en-US')} unchanged, ${counts.duplicatesInFile.toLocaleString('en-US')} repeated in the file, ${counts.keptOptedOut.toLocaleString('en-US')} kept opted out` +
        (result.skippedInvalidRows
          ? `; ${result.skippedInvalidRows.toLocaleString('en-US')} invalid rows left out`
          : '') +
        '.\n',
    );
    return EXIT.ok;
  } catch (error) {
    display.end();
    if (error instanceof ImportValidationError) {
      stdout.write(`${formatReport(error.report, source.name, maxProblems)}\n`);
      stderr.write(`${error.message}\n`);
      return EXIT.validation;
    }
    throw error;
  }
}

async function exportCommand(values: Values, context: CliContext): Promise<number> {
  const client = connect(values, context.env);
  const list = await resolveList(client, values.list, false, context.signal);
  const stream = await client.contacts.export(list ? { listId: list.id } : {}, {
    signal: context.signal,
  });
  const body = Readable.fromWeb(stream as import('node:stream/web').ReadableStream<Uint8Array>);
  if (values.output) {
    await pipeline(body, createWriteStream(values.output));
    context.stderr.write(`Exported to ${values.output}.\n`);
  } else {
    for await (const chunk of body) context.stdout.write(chunk as Uint8Array);
  }
  return EXIT.ok;
}

async function listCommand(values: Values, context: CliContext): Promise<number> {
  const client = connect(values, context.env);
  const list = await resolveList(client, values.list, false, context.signal);
  const limit = Math.min(200, positiveInteger(values.limit, 'limit', 50));
  const page = await client.contacts.list(
    { ...(values.search ? { q: values.search } : {}), ...(list ? { listId: list.id } : {}), limit },
    { signal: context.signal },
  );
  if (values.json) {
    for (const contact of page.data) context.stdout.write(`${JSON.stringify(contact)}\n`);
    return EXIT.ok;
  }
  const rows = page.data.map((contact) => [
    contact.fullName,
    contact.phone,
    contact.email ?? '',
    contact.optedOut ? 'opted out' : '',
  ]);
  const widths = [0, 1, 2].map((column) =>
    Math.min(40, Math.max(...rows.map((row) => row[column]!.length), 4)),
  );
  for (const row of rows)
    context.stdout.write(
      `${row
        .map((cell, column) => (column < 3 ? cell.slice(0, 40).padEnd(widths[column]!) : cell))
        .join('  ')
        .trimEnd()}\n`,
    );
  context.stderr.write(
    `${page.data.length.toLocaleString('en-US')} of ${page.total.toLocaleString('en-US')} contact${page.total === 1 ? '' : 's'}${values.search ? ` matching "${values.search}"` : ''}.\n`,
  );
  return EXIT.ok;
}

function isAbort(error: unknown, signal?: AbortSignal): boolean {
  return Boolean(signal?.aborted) || (error instanceof Error && error.name === 'AbortError');
}

/** Runs the CLI with `argv` (without node and the script) and returns the exit code. */
export async function runCli(argv: string[], context: CliContext): Promise<number> {
  // `webhooks` has options of its own: it parses the rest of the line itself.
  const first = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: false, tokens: true }).tokens.find(
    (token) => token.kind === 'positional',
  );
  if (first?.kind === 'positional' && first.value === 'webhooks') return runWebhooksCommand(argv.toSpliced(first.index, 1), context);
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    context.stderr.write(
      `${(error as Error).message}\nRun "contacts-manager --help" for the options.\n`,
    );
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || command === 'help') {
    context.stdout.write(HELP);
    return EXIT.ok;
  }
  if (values.version) {
    context.stdout.write('contacts-manager 0.1.0\n');
    return EXIT.ok;
  }
  try {
    if (command === 'import') {
      if (rest.length > 1) throw new UsageError(`Import one file at a time (got ${rest.length}).`);
      return await importCommand(rest[0], values, context);
    }
    if (rest.length > 0) throw new UsageError(`Unexpected argument "${rest[0]}".`);
    if (command === 'export') return await exportCommand(values, context);
    if (command === 'list') return await listCommand(values, context);
    throw new UsageError(
      command
        ? `Unknown command "${command}". The commands are import, export and list.`
        : 'Name a command: import, export or list.',
    );
  } catch (error) {
    if (error instanceof UsageError) {
      context.stderr.write(`${error.message}\nRun "contacts-manager --help" for the options.\n`);
      return EXIT.usage;
    }
    if (isAbort(error, context.signal)) {
      context.stderr.write(
        '\nInterrupted. Run the same command again to resume the import where it stopped.\n',
      );
      return EXIT.interrupted;
    }
    if (error instanceof CsvError) {
      context.stderr.write(`The file cannot be imported: ${error.message}\n`);
      return EXIT.validation;
    }
    if (error instanceof ContactsApiError || error instanceof ImportError) {
      const status =
        error instanceof ContactsApiError && error.status ? ` (HTTP ${error.status})` : '';
      context.stderr.write(`API error${status} [${error.code}]: ${error.message}\n`);
      if (command === 'import' && (error instanceof ImportError || error.status === 0))
        context.stderr.write('Run the same command again to resume the import.\n');
      return EXIT.api;
    }
    context.stderr.write(
      `Unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return EXIT.api;
  }
}
