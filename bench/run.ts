/**
 * `npm run bench`: runs every case in a fresh process and writes the results, with the date and the
 * machine, into the generated block of BENCHMARKS.md. Never part of `npm test`.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../src/core/atomic-write.js';

interface Plan {
  name: string;
  label: string;
  args: string[];
}

const PLANS: Plan[] = [
  { name: 'simulate', label: 'simulate AML, 2,500 patients', args: ['2500'] },
  { name: 'simulate', label: 'simulate AML, 1,000,000 patients', args: ['1000000'] },
  { name: 'csv-read', label: 'read CSV, 2,500 rows', args: ['2500'] },
  { name: 'csv-read', label: 'read CSV, 1,000,000 rows', args: ['1000000'] },
  { name: 'generate', label: 'copula: fit 2,500 × 67, sample 10,000', args: ['copula', '2500', '10000'] },
  { name: 'generate', label: 'cart: fit 2,500 × 67, sample 10,000', args: ['cart', '2500', '10000'] },
  { name: 'generate', label: 'copula: fit 100,000, sample 100,000', args: ['copula', '100000', '100000'] },
  { name: 'generate', label: 'cart: fit 100,000, sample 100,000', args: ['cart', '100000', '100000'] },
  {
    name: 'generate',
    label: 'copula: fit 1,000,000, sample 1,000,000',
    args: ['copula', '1000000', '1000000'],
  },
  {
    name: 'wide',
    label: 'copula: fit 2,500 × 2,000, sample 2,500',
    args: ['copula', '2500', '2000', '2500'],
  },
  { name: 'wide', label: 'cart: fit 2,500 × 2,000, sample 2,500', args: ['cart', '2500', '2000', '2500'] },
  { name: 'wide', label: 'copula: fit 20 × 1,000, sample 20', args: ['copula', '20', '1000', '20'] },
  { name: 'wide', label: 'cart: fit 20 × 1,000, sample 20', args: ['cart', '20', '1000', '20'] },
  { name: 'secagg', label: 'secure aggregation: 10 nodes × 100,000 entries', args: ['10', '100000', '0'] },
  {
    name: 'secagg',
    label: 'secure aggregation: 10 nodes × 100,000 entries, 2 dropouts',
    args: ['10', '100000', '2'],
  },
  {
    name: 'federated-copula',
    label: 'copula fit, pooled table (2,500 × 67, rules off, copula survival)',
    args: ['2500', '5', 'pooled'],
  },
  {
    name: 'federated-copula',
    label: 'copula fit across 5 centres by secure aggregation (2,500 × 67)',
    args: ['2500', '5', 'federated'],
  },
  {
    name: 'validate',
    label: 'validate 2,500 real vs 10,000 synthetic (+2,500 holdout)',
    args: ['2500', '10000'],
  },
  {
    name: 'validate',
    label: 'validate 100,000 real vs 100,000 synthetic (+100,000 holdout)',
    args: ['100000', '100000'],
  },
];

// `npm run bench -- generate` runs only the cases of that name; the other rows are kept as they were.
const only = process.argv[2];
const path = 'BENCHMARKS.md';
const current = readFileSync(path, 'utf8');
const rows = new Map<string, string>();
for (const line of current.split('\n')) {
  const label = /^\| (.+?) \| [\d.]+ \|/.exec(line)?.[1];
  if (label && PLANS.some((p) => p.label === label)) rows.set(label, line);
}
for (const plan of PLANS.filter((p) => !only || p.name === only)) {
  process.stderr.write(`… ${plan.label}\n`);
  const output = execFileSync(
    process.execPath,
    [join('.bench-build', 'bench', 'case-runner.js'), plan.name, ...plan.args],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    },
  );
  const result = JSON.parse(output.trim().split('\n').at(-1)!);
  const extra = Object.entries(result)
    .filter(([k]) => k !== 'seconds' && k !== 'peakMiB')
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  rows.set(
    plan.label,
    `| ${plan.label} | ${result.seconds.toFixed(2)} | ${Math.round(result.peakMiB)} | ${extra} |`,
  );
  process.stderr.write(`  ${result.seconds.toFixed(2)} s, ${Math.round(result.peakMiB)} MiB\n`);
}

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const block = [
  '<!-- bench:start (written by npm run bench) -->',
  `Measured ${new Date().toISOString().slice(0, 10)} on ${machine}.`,
  '',
  '| case | seconds | peak MiB | size |',
  '|---|---|---|---|',
  ...PLANS.flatMap((p) => rows.get(p.label) ?? []),
  '<!-- bench:end -->',
].join('\n');
const updated = current.replace(/<!-- bench:start[\s\S]*?<!-- bench:end -->/, block);
writeFileAtomic(
  path,
  updated === current && !current.includes('bench:start') ? `${current}\n${block}\n` : updated,
);
process.stderr.write(`results written to ${path}\n`);
