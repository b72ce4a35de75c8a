import { readFileSync } from 'node:fs';
import { validateContactsCsv } from '../src/csv/validate-contacts-csv.ts';
import { createPhoneNormalizer } from '../src/csv/fast-phone-normalizer.ts';
const text = readFileSync('/tmp/bench1m.csv', 'utf8');
const phones = text
  .split('\n')
  .slice(1, 300001)
  .map((l) => l.split(',').at(-2)!);
const n = createPhoneNormalizer('US');
for (let i = 0; i < 3; i++) {
  let t = performance.now();
  const r = await validateContactsCsv(text, { defaultCountry: 'US' });
  const scan = performance.now() - t;
  t = performance.now();
  let ok = 0;
  for (const p of phones) if (n(p).ok) ok++;
  console.log(
    'scan',
    scan.toFixed(0),
    r.counts.valid,
    'phones 300k',
    (performance.now() - t).toFixed(0),
    ok,
  );
}
