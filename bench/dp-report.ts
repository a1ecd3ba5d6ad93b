/**
 * The "Differentially private generators" section of BENCHMARKS.md, from the cases of bench/dp.ts:
 * one table per data set, then the issue's targets (issue 10, item 7) met or missed.
 */
export const DP_START = '<!-- dp:start (written by npm run bench:dp) -->';
export const DP_END = '<!-- dp:end -->';
/** δ of every private case (issue 10, item 7). */
export const DP_DELTA = 1e-6;

export interface DpCase {
  readonly table: string;
  readonly generator: string;
  /** undefined for the non-private reference rows. */
  readonly epsilon?: number;
  readonly rows: number;
  readonly columns: number;
  readonly fitSeconds: number;
  readonly sampleSeconds: number;
  readonly peakMiB: number;
  readonly quality: number;
  readonly km: Readonly<Record<string, number>>;
  readonly coMutation?: { readonly significant: number; readonly kept: number };
  readonly copies: number;
  readonly closer: number;
  readonly holdout: { readonly copies: number; readonly closer: number };
  readonly error?: string;
}

/** private-pgm's figures on this machine (issue 10, item 7) and the issue's targets. */
export const PRIVATE_PGM = {
  amlQualityEps1: 0.886,
  amlCoMutationEps1: 0.54,
  copulaQuality: 0.92,
  copulaCoMutation: 0.67,
  breastMstEps1: 0.91,
  breastAimEps1: 0.93,
  breastAimEps3: 0.97,
} as const;
const CO_MUTATION_TARGET = 0.8;
const SECONDS_TARGET: Readonly<Record<string, number>> = { mst: 10, aim: 120 };

const f3 = (x: number) => x.toFixed(3);
const share = (c: DpCase['coMutation']) => (c && c.significant > 0 ? c.kept / c.significant : Number.NaN);

function label(c: DpCase): string {
  return c.epsilon === undefined ? `${c.generator} (not private)` : `${c.generator}, ε = ${c.epsilon}`;
}

function row(c: DpCase, withCoMutation: boolean): string {
  if (c.error) return `| ${label(c)} | failed: ${c.error.replaceAll('|', '/')} |`;
  const km = Object.entries(c.km)
    .map(([name, d]) => `${name} ${f3(d)}`)
    .join(', ');
  const co = c.coMutation
    ? `${c.coMutation.kept} of ${c.coMutation.significant} (${(100 * share(c.coMutation)).toFixed(0)} %)`
    : '—';
  const cells = [
    label(c),
    f3(c.quality),
    km,
    ...(withCoMutation ? [co] : []),
    `${(100 * c.copies).toFixed(1)} %`,
    f3(c.closer),
    (c.fitSeconds + c.sampleSeconds).toFixed(2),
    c.peakMiB.toFixed(0),
  ];
  return `| ${cells.join(' | ')} |`;
}

function tableBlock(name: string, cases: readonly DpCase[]): string {
  const first = cases.find((c) => !c.error);
  const withCoMutation = cases.some((c) => c.coMutation);
  const header = [
    'generator',
    'quality',
    'KM distance',
    ...(withCoMutation ? ['co-mutation directions kept'] : []),
    'exact copies',
    'closer than holdout p5',
    'fit+sample s',
    'peak MiB',
  ];
  const holdout = first
    ? `Holdout (a fresh real sample): ${(100 * first.holdout.copies).toFixed(1)} % exact copies, ${f3(first.holdout.closer)} closer than its own p5.`
    : '';
  return [
    `### ${name}${first ? ` (${first.rows} training rows × ${first.columns} columns)` : ''}`,
    '',
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...cases.map((c) => row(c, withCoMutation)),
    '',
    holdout,
  ].join('\n');
}

/** Each target of the issue, against the AML rows (the private-pgm comparison is on AML). */
function targets(cases: readonly DpCase[]): string[] {
  const aml = cases.filter((c) => c.table === 'aml (simulated)' && !c.error && c.epsilon !== undefined);
  const lines: string[] = [];
  for (const c of aml) {
    const verdicts: string[] = [];
    verdicts.push(
      `quality ${f3(c.quality)} = ${(c.quality / PRIVATE_PGM.amlQualityEps1).toFixed(3)}× private-pgm MST's ${PRIVATE_PGM.amlQualityEps1} (${c.quality >= PRIVATE_PGM.amlQualityEps1 ? 'met' : 'missed'})`,
    );
    const co = share(c.coMutation);
    if (c.epsilon === 3)
      verdicts.push(
        `co-mutation directions ${(100 * co).toFixed(0)} % against ≥ 80 % (${co >= CO_MUTATION_TARGET ? 'met' : 'missed'})`,
      );
    else verdicts.push(`co-mutation directions ${(100 * co).toFixed(0)} % (private-pgm at ε = 1: 54 %)`);
    verdicts.push(`exact copies ${(100 * c.copies).toFixed(1)} % (${c.copies === 0 ? 'met' : 'missed'})`);
    const seconds = c.fitSeconds + c.sampleSeconds;
    const limit = SECONDS_TARGET[c.generator];
    if (limit)
      verdicts.push(`${seconds.toFixed(1)} s against < ${limit} s (${seconds < limit ? 'met' : 'missed'})`);
    lines.push(`- ${label(c)}: ${verdicts.join('; ')}.`);
  }
  return lines;
}

export function dpSection(
  cases: readonly DpCase[],
  meta: { date: string; machine: string; seconds: number; seed: number; delta: number },
): string {
  const names = [...new Set(cases.map((c) => c.table))];
  return [
    DP_START,
    `Measured ${meta.date} on ${meta.machine}; the whole benchmark took ${meta.seconds.toFixed(0)} s. One seed (${meta.seed}): each table split 70/30 into training and holdout, every generator fitted on the training rows and sampling as many; δ = ${meta.delta.toExponential()}; the noise from a seeded stream so that the run can be repeated. Each case ran in a fresh Node process: its peak memory includes reading and splitting the table.`,
    '',
    ...names.flatMap((name) => [
      tableBlock(
        name,
        cases.filter((c) => c.table === name),
      ),
      '',
    ]),
    `Against private-pgm (issue 10, item 7; the authors' implementation on this machine, the same score): on a real 1,232 × 62 AML cohort at ε = 1, MST ${PRIVATE_PGM.amlQualityEps1} in 10 minutes keeping 54 % of the significant co-mutation directions (SDV's non-private Gaussian copula ${PRIVATE_PGM.copulaQuality} and 67 %); on a 2,386 × 14 breast-cancer registry, MST ${PRIVATE_PGM.breastMstEps1} (ε = 1), AIM ${PRIVATE_PGM.breastAimEps1} (ε = 1) and ${PRIVATE_PGM.breastAimEps3} (ε = 3). Targets on the simulated AML cohort:`,
    '',
    ...targets(cases),
    '',
    'How these are measured (`bench/dp.ts`, `bench/dp-case.ts`, `bench/dp-measure.ts`, the declared schemas in `bench/dp-tables.ts`):',
    '',
    '- **quality**: the SDMetrics-style score of `bench/peers-quality.ts`, synthetic against the training rows. **KM distance**: the largest vertical gap between the Kaplan–Meier curves of the training and the synthetic rows, per endpoint, up to the last time at which both still have 5 % of their patients at risk (beyond it the death or censoring of one patient moves a curve by its whole height). **co-mutation directions kept**: mutation-flag pairs with Fisher p < 0.05 on the training rows whose synthetic odds ratio (Haldane ½) lies on the same side of 1. **exact copies**, **closer than holdout p5**: as in the privacy section above (`bench/privacy-measure.ts`).',
    "- Schemas: every bound and category declared, none read from the rows (a private generator bins numbers between declared bounds); the bounds come from the variables' scales, the R documentation and the studies' designs, so they are wider than the data and the bins coarser than a data-fitted grid would be.",
    "- **fit+sample s**: `fitModel` (measure + estimate for a private generator) and `sampleModel` of as many rows as the training set, timed in the case's process.",
    DP_END,
  ].join('\n');
}
