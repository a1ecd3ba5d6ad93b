/**
 * `npm run bench:audit`: the empirical privacy audit of the private generators (issue 10, item 6).
 * D is the simulated AML cohort (2,500 × 67, the bench's training table), D′ = D ∪ {canary}; mst's
 * `measure` (the whole release: everything after it is post-processing) runs T times on each at
 * ε = 1, 3, 10 (δ = 1e-6), plus once at ε = 1000 (σ ≈ 0.07 per cell: no privacy) to show the attack
 * has power. Writes the section between <!-- audit:start --> and <!-- audit:end --> of
 * BENCHMARKS.md and the raw scores to bench/results/audit.json. See docs/privacy/audit.md.
 * `--runs N` and `--power-runs N` change T; any non-default run prints the section and leaves
 * BENCHMARKS.md alone.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { domainFromSchema } from '../src/generators/measure/domain.js';
import { encodeTable } from '../src/generators/measure/encode.js';
import { MstOptions, mstMeasure } from '../src/generators/mst/index.js';
import { seededRandomBits } from '../src/privacy/random-bits.js';
import { simulate } from '../src/simulate/index.js';
import { mstScore } from './audit-attack.js';
import { rarestStates, withCanary } from './audit-canary.js';
import { AUDIT_END, AUDIT_HEADING, AUDIT_START, auditSection } from './audit-report.js';
import { type AuditResult, runAudit } from './audit-run.js';
import { writeSection } from './markdown-section.js';

// T per table: 300 on D and 300 on D′ per ε; mst's measure takes 0.2–0.5 s on the full cohort, so
// the standard run is about a quarter of an hour on this machine. `--runs` buys a higher ceiling.
const DEFAULT_RUNS = 300;
/** The power check needs only to reach its ceiling, and its releases (almost no noise) are slow to compress. */
const DEFAULT_POWER_RUNS = 100;
const EPSILONS = [1, 3, 10];
const POWER_EPSILON = 1000;
const DELTA = 1e-6;

const args = parseArgs({ options: { runs: { type: 'string' }, 'power-runs': { type: 'string' } } }).values;
const count = (text: string | undefined, fallback: number, flag: string) => {
  const n = text ? Number(text) : fallback;
  if (!(Number.isInteger(n) && n >= 4)) throw new RangeError(`--${flag} must be an integer ≥ 4, got ${text}`);
  return n;
};
const runs = count(args.runs, DEFAULT_RUNS, 'runs');
const powerRuns = count(args['power-runs'], DEFAULT_POWER_RUNS, 'power-runs');
const standard = !args.runs && !args['power-runs'];

const { table, schema } = simulate('aml', { patients: 2500, centres: 5, seed: 1 });
const options = MstOptions.parse({});
const domain = domainFromSchema(schema, { bins: options.bins });
const encoded = encodeTable(table, domain);
const states = rarestStates(encoded);
const neighbour = withCanary(table, domain, states);
const encodedNeighbour = encodeTable(neighbour, domain);
// The canary must land in the cells the attack looks at, and D′ must be D plus exactly that row.
for (let j = 0; j < domain.attributes.length; j++) {
  if (encodedNeighbour.codes[j][table.nRows] !== states[j])
    throw new Error(`the canary's ${domain.attributes[j].name} does not encode to its chosen state`);
  if (encodedNeighbour.codes[j].subarray(0, table.nRows).some((c, row) => c !== encoded.codes[j][row]))
    throw new Error(`D′'s ${domain.attributes[j].name} differs from D's beyond the canary`);
}
const audited = Array.from(states, (state, j) => {
  let count = 0;
  for (const code of encoded.codes[j]) if (code === state) count++;
  return count;
});

function mstAudit(epsilon: number, runs: number): AuditResult {
  const probe = mstMeasure(
    {
      table,
      schema,
      privacy: { epsilon, delta: DELTA, bits: seededRandomBits(`audit/mst/${epsilon}/probe`) },
    },
    options,
  );
  // Σ 1/σ² = 2ρ over the measured marginals (each has L2 sensitivity 1).
  const expectedSeparation = Math.sqrt(2 * (probe.privacy.rhoSpent.oneWay + probe.privacy.rhoSpent.edges));
  const privacyOf = (withCanaryRow: boolean, run: number) =>
    seededRandomBits(`audit/mst/${epsilon}/${withCanaryRow ? 'with' : 'without'}/${run}`);
  const result = runAudit({
    mechanism: 'mst',
    epsilon,
    delta: DELTA,
    runs,
    bits: privacyOf,
    expectedSeparation,
    release: (withCanaryRow, bits) => {
      const release = mstMeasure(
        { table: withCanaryRow ? neighbour : table, schema, privacy: { epsilon, delta: DELTA, bits } },
        options,
      );
      return mstScore(release, encoded, states);
    },
  });
  process.stderr.write(
    `mst ε = ${epsilon}: ε_emp ${result.outcome.epsilon.toFixed(3)} in ${result.seconds.toFixed(0)} s\n`,
  );
  return result;
}

const started = performance.now();
const results = EPSILONS.map((epsilon) => mstAudit(epsilon, runs));
const power = mstAudit(POWER_EPSILON, powerRuns);
const total = (performance.now() - started) / 1000;

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const date = new Date().toISOString().slice(0, 10);
const canary = {
  rows: table.nRows,
  columns: domain.attributes.length,
  emptyCells: audited.filter((c) => c === 0).length,
  maxCount: Math.max(...audited),
};
const section = auditSection(results, power, { date, machine, seconds: total, runs, canary });
mkdirSync('bench/results', { recursive: true });
writeFileSync(
  'bench/results/audit.json',
  JSON.stringify({ date, machine, total, canary, states: Array.from(states), results, power }, null, 1),
);
if (standard) writeSection('BENCHMARKS.md', AUDIT_HEADING, AUDIT_START, AUDIT_END, section);
else process.stdout.write(`${section}\n`);
