// The server under benchmark, in its own process so the load generator does not share its
// event loop. Usage: bench-server.ts <database file or postgres:// URL>; prints the base URL on stdout.
import { startServer } from '../src/start-server.js';

const dbPath = process.argv[2];
if (!dbPath) throw new Error('usage: bench-server.ts <database file>');
const server = await startServer({ port: 0, rateLimit: false, ...(/^postgres(ql)?:/.test(dbPath) ? { databaseUrl: dbPath, poolSize: 16 } : { dbPath }) });
console.log(server.url);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
