#!/usr/bin/env node
// The `contacts-manager` command (bin of @contacts-manager/core). See run-cli.ts and docs/csv-import.md.
import { runCli } from './run-cli.js';

const controller = new AbortController();
let interrupts = 0;
process.on('SIGINT', () => {
  // First Ctrl-C stops cleanly (resumable state kept); a second one exits at once.
  if (++interrupts > 1) process.exit(130);
  controller.abort(new DOMException('Interrupted', 'AbortError'));
});

const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  signal: controller.signal,
});
process.exitCode = code;
