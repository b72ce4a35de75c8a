// The reference server in its own process for the import benchmark: prints {url, secretKey}.
import { join } from 'node:path';
import { createServerAccount } from '../test/csv-import/test-server.js';

const dir = process.argv[2]!;
const serverEntry = new URL('../../server/src/index.ts', import.meta.url).href;
const serverModule = (await import(serverEntry)) as Parameters<typeof createServerAccount>[0];
const server = await serverModule.startServer({
  port: 0,
  host: '127.0.0.1',
  dbPath: join(dir, 'contacts.db'),
  rateLimit: false,
});
const secretKey = createServerAccount(serverModule, server, {
  name: 'Import benchmark',
  defaultCountry: 'US',
});
process.stdout.write(`${JSON.stringify({ url: server.url, secretKey })}\n`);
// Exits cleanly when the benchmark is done (so `--cpu-prof` can write its profile).
process.on('SIGTERM', () => process.exit(0));
