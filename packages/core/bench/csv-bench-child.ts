// One measured run, in its own process so its peak RSS is its own: `pipeline` (the full
// validation of a CSV, vCard or workbook file) or `papaparse` (a bare papaparse parse of the
// same CSV file, the baseline).
import { createReadStream } from 'node:fs';
import Papa from 'papaparse';
import { csvFile, validateContactsCsv } from '@contacts-manager/core/csv/node';

const [mode, path] = process.argv.slice(2) as ['pipeline' | 'papaparse', string];
const started = performance.now();
const cpuStarted = process.cpuUsage();
let rows = 0;
let valid = 0;
if (mode === 'pipeline') {
  const report = await validateContactsCsv(csvFile(path), { defaultCountry: 'US' });
  rows = report.counts.rows;
  valid = report.counts.valid;
} else {
  await new Promise<void>((resolve, reject) => {
    Papa.parse(createReadStream(path, { highWaterMark: 1 << 20 }), {
      chunk: (results: Papa.ParseResult<string[]>) => {
        rows += results.data.length;
      },
      complete: () => resolve(),
      error: reject,
    });
  });
}
const ms = performance.now() - started;
const cpu = process.cpuUsage(cpuStarted);
const cpuMs = (cpu.user + cpu.system) / 1000;
process.stdout.write(
  `${JSON.stringify({ mode, ms, cpuMs, rows, valid, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`,
);
