/**
 * `npm run bench:dp`: quality and speed of the differentially private generators (issue 10, item 7).
 * On the simulated AML cohort (2,500 × 67 for training) and R's survival tables with declared
 * schemas, mst and aim at ε = 1, 3, 10 (δ = 1e-6), with cart and copula (not private) as the
 * reference rows. Each case runs in a fresh process (bench/dp-case.ts). Writes the section between
 * <!-- dp:start --> and <!-- dp:end --> of BENCHMARKS.md and the raw numbers to
 * bench/results/dp.json. Never part of `npm test`.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { DP_DELTA, DP_END, DP_START, type DpCase, dpSection } from './dp-report.js';
import { DP_TABLE_NAMES } from './dp-tables.js';
import { writeSection } from './markdown-section.js';

const SEED = 1;
const EPSILONS = [1, 3, 10];
const PRIVATE = ['mst', 'aim'];
const REFERENCE = ['cart', 'copula'];
const HEADING = '## Differentially private generators';
/** A case still running after this is reported as timed out: aim's target is 2 minutes at 2,500 × 67. */
const CASE_TIMEOUT_MS = 600_000;

interface Plan {
  readonly table: string;
  readonly generator: string;
  readonly epsilon?: number;
}

const plans: Plan[] = DP_TABLE_NAMES.flatMap((table) => [
  ...REFERENCE.map((generator) => ({ table, generator })),
  ...PRIVATE.flatMap((generator) => EPSILONS.map((epsilon) => ({ table, generator, epsilon }))),
]);

/** A case that fails is reported as failed, with its message, rather than stopping the run. */
function runCase(plan: Plan): DpCase {
  const args = [
    plan.table,
    plan.generator,
    plan.epsilon === undefined ? '-' : String(plan.epsilon),
    String(SEED),
  ];
  try {
    const output = execFileSync(process.execPath, [join('.bench-build', 'bench', 'dp-case.js'), ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 1 << 24,
      timeout: CASE_TIMEOUT_MS,
    });
    return { ...plan, ...JSON.parse(output.trim().split('\n').at(-1) ?? '{}') };
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? '');
    const timedOut = (error as { signal?: string }).signal === 'SIGTERM';
    const message = timedOut
      ? `timed out after ${CASE_TIMEOUT_MS / 1000} s`
      : (stderr.split('\n').find((line) => /Error/.test(line)) ?? (error as Error).message);
    return { ...plan, ...FAILED, error: message.trim().slice(0, 200) };
  }
}

const FAILED = {
  rows: 0,
  columns: 0,
  fitSeconds: Number.NaN,
  sampleSeconds: Number.NaN,
  peakMiB: Number.NaN,
  quality: Number.NaN,
  km: {},
  copies: Number.NaN,
  closer: Number.NaN,
  holdout: { copies: Number.NaN, closer: Number.NaN },
};

const started = process.hrtime.bigint();
const cases = plans.map((plan) => {
  const result = runCase(plan);
  const what = result.error
    ? `failed: ${result.error}`
    : `quality ${result.quality.toFixed(3)}, ${(result.fitSeconds + result.sampleSeconds).toFixed(1)} s`;
  process.stderr.write(`${plan.table} ${plan.generator} ${plan.epsilon ?? ''}: ${what}\n`);
  return result;
});
const total = Number(process.hrtime.bigint() - started) / 1e9;
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const date = new Date().toISOString().slice(0, 10);
mkdirSync('bench/results', { recursive: true });
writeFileSync(
  'bench/results/dp.json',
  JSON.stringify({ date, machine, total, seed: SEED, delta: DP_DELTA, cases }, null, 1),
);
writeSection(
  'BENCHMARKS.md',
  HEADING,
  DP_START,
  DP_END,
  dpSection(cases, { date, machine, seconds: total, seed: SEED, delta: DP_DELTA }),
);
process.stderr.write(`results written to BENCHMARKS.md and bench/results/dp.json (${total.toFixed(0)} s)\n`);
