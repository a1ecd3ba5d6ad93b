/** The "Against the peers" section of BENCHMARKS.md, as Markdown, from the measured runs. */

import type { DcrBaseline } from './peers-privacy.js';
import { BAR, PEERS, PEERS_SOURCE, type PeerRow } from './peers-published.js';
import type { QualityScores } from './peers-quality.js';
import { type CoxEffect, keepsEffect } from './peers-survival.js';

export interface RunResult {
  readonly seed: number;
  readonly fitSample: number;
  readonly process: number;
  readonly peakMiB: number;
  readonly quality: QualityScores;
  readonly dcr: DcrBaseline;
  readonly copies: number;
  readonly cox: CoxEffect;
}

export interface DatasetResult {
  readonly name: string;
  readonly rows: number;
  readonly columns: number;
  /** The Cox term checked, as R would write it, and its fit on the real table. */
  readonly coxTerm: string;
  readonly realCox: CoxEffect;
  /** The columns SDV's auto-detection makes categorical. */
  readonly categorical: readonly string[];
  readonly generators: ReadonlyArray<{ readonly generator: string; readonly runs: readonly RunResult[] }>;
}

export const START = '<!-- peers:start (written by npm run bench:peers) -->';
export const END = '<!-- peers:end -->';

export function peersSection(results: readonly DatasetResult[], date: string, machine: string): string {
  const seeds = results[0]?.generators[0]?.runs.map((r) => r.seed).join(', ') ?? '';
  return [
    START,
    `Measured ${date} on ${machine}; synthcohort's rows are the median over seeds ${seeds} with the range in brackets, each run synthesising as many rows as the real table. The peers' rows are theirs (${PEERS_SOURCE}), measured on another 2-core machine: compare times as ratios, and loosely.`,
    '',
    ...results.flatMap(datasetTables),
    ...definitions(results),
    END,
  ].join('\n');
}

function datasetTables(result: DatasetResult): string[] {
  const cox = result.realCox;
  return [
    `### ${result.name} (${result.rows} × ${result.columns})`,
    '',
    '| tool | fit+sample s | whole process s | peak MiB | quality | shapes | pairs | pairs, all | DCR protection | exact copies | Cox effect kept |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...result.generators.map(({ generator, runs }) => ourRow(generator, runs, cox)),
    ...PEERS[result.name].map(peerRow),
    '',
    `Cox model \`${result.coxTerm}\` on the real table: coefficient ${coxText(cox)}. "Kept" = same sign and the 95 % interval excludes 0 as on the real data, in how many seeds.`,
    '',
    `Against ${BAR} (ours ÷ or − theirs, medians):`,
    '',
    '| generator | fit+sample ÷ | whole process ÷ | peak memory ÷ | quality − | DCR protection ÷ |',
    '|---|---|---|---|---|---|',
    ...result.generators.map(({ generator, runs }) => ratioRow(result.name, generator, runs)),
    '',
    ...result.generators.map(({ generator, runs }) => scorecard(result, generator, runs)),
    '',
  ];
}

/** One line per generator: where its medians clear synthpop's published bar and where they do not. */
function scorecard(result: DatasetResult, generator: string, runs: readonly RunResult[]): string {
  const bar = PEERS[result.name].find((p) => p.tool === BAR)!;
  const time = median(runs.map((r) => r.fitSample)) / bar.fitSample;
  const quality = median(runs.map((r) => r.quality.quality)) - bar.quality;
  const dcr = median(runs.map((r) => r.dcr.score)) / bar.dcr;
  const kept = runs.filter((r) => keepsEffect(result.realCox, r.cox)).length;
  const checks: Array<[boolean, string]> = [
    [time < 1, `fit+sample time (${time.toFixed(2)}×)`],
    [quality >= 0, `quality (${signed(quality)})`],
    [dcr >= 1, `DCR protection (${dcr.toFixed(2)}×)`],
    [kept === runs.length, `the Cox effect (kept in ${kept} of ${runs.length} seeds)`],
  ];
  const list = (ok: boolean) =>
    checks.flatMap(([c, text]) => (c === ok ? [text] : [])).join(', ') || 'nothing';
  return `- ${generator}: clears ${BAR}'s bar on ${list(true)}; falls short on ${list(false)}.`;
}

function ourRow(generator: string, runs: readonly RunResult[], realCox: CoxEffect): string {
  const of = (f: (r: RunResult) => number, digits: number) => spread(runs.map(f), digits);
  const kept = runs.filter((r) => keepsEffect(realCox, r.cox)).length;
  const { pairsUsed, pairsTotal } = runs[0].quality;
  return row([
    `synthcohort ${generator}`,
    of((r) => r.fitSample, 2),
    of((r) => r.process, 2),
    of((r) => r.peakMiB, 0),
    of((r) => r.quality.quality, 3),
    of((r) => r.quality.shapes, 3),
    `${of((r) => r.quality.pairs, 3)} (${pairsUsed} of ${pairsTotal} pairs)`,
    of((r) => r.quality.pairsAll, 3),
    of((r) => r.dcr.score, 3),
    `${of((r) => 100 * r.copies, 1)} %`,
    `${kept} of ${runs.length} (coef ${of((r) => r.cox.coef, 3)})`,
  ]);
}

function peerRow(p: PeerRow): string {
  const scores = [p.quality, p.shapes, p.pairs].map((x) => x.toFixed(3));
  return row([
    `${p.tool} (published)`,
    p.fitSample,
    p.process,
    p.peakMiB,
    ...scores,
    '—',
    p.dcr.toFixed(3),
    '—',
    p.cox,
  ]);
}

function ratioRow(dataset: string, generator: string, runs: readonly RunResult[]): string {
  const bar = PEERS[dataset].find((p) => p.tool === BAR)!;
  const m = (f: (r: RunResult) => number) => median(runs.map(f));
  return row([
    generator,
    (m((r) => r.fitSample) / bar.fitSample).toFixed(2),
    (m((r) => r.process) / bar.process).toFixed(2),
    (m((r) => r.peakMiB) / bar.peakMiB).toFixed(2),
    signed(m((r) => r.quality.quality) - bar.quality),
    (m((r) => r.dcr.score) / bar.dcr).toFixed(2),
  ]);
}

function row(cells: ReadonlyArray<string | number>): string {
  return `| ${cells.join(' | ')} |`;
}

function definitions(results: readonly DatasetResult[]): string[] {
  const categorical = results.map((r) => `${r.name}: ${r.categorical.join(', ')}`).join('; ');
  return [
    'How these are measured (`bench/peers.ts`; the scores reimplement SDMetrics 0.29 from its documentation and source, `bench/peers-quality.ts`, `bench/peers-privacy.ts`):',
    '',
    "- **fit+sample**: `fitModel` + `sampleModel` timed in the benchmark's process (the table already read; the first seed includes JIT warm-up). **whole process**: `node bin/synthcohort.js generate … --quiet` (read CSV, fit, sample, write CSV) timed from outside; **peak MiB**: its maximum resident set size (`/usr/bin/time -v`).",
    `- Column types as SDV's metadata auto-detection gives them (whole, non-negative numbers with at most min(n/10, 10) distinct values are categorical; identifiers are left out), as in the peers' runs; categorical here: ${categorical}.`,
    "- **shapes**: mean over columns of KSComplement (1 − KS D, numerical) or TVComplement (1 − total variation distance, categorical), missing values dropped. **pairs**: mean of CorrelationSimilarity (1 − |r_real − r_synthetic| / 2, Pearson, complete pairs) for two numerical columns, ContingencySimilarity (1 − total variation distance of the joint frequencies, missing as a category; a numerical column cut into 10 equal-width bins) otherwise, over the pairs strongly associated in the real data only (|r| > 0.5, or Cramér's V > 0.3: the report's default thresholds); **pairs, all**: the same mean over every pair (the report before those thresholds). **quality** = mean of shapes and pairs.",
    "- **DCR protection** = min(1, median distance to the closest real row of the synthetic rows ÷ that of as many random rows drawn uniformly from each real column's range or categories); Gower distance, numbers scaled by the real range. **exact copies**: synthetic rows equal to a real row on every non-identifier column.",
    '',
  ];
}

/** "median [min–max]" with `digits` decimals. */
export function spread(values: readonly number[], digits: number): string {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return '—';
  const f = (v: number) => v.toFixed(digits);
  const [min, max] = [Math.min(...finite), Math.max(...finite)];
  const failed = values.length - finite.length;
  const between = min < 0 ? ' to ' : '–';
  return `${f(median(finite))} [${f(min)}${between}${f(max)}]${failed ? ` (${failed} failed)` : ''}`;
}

function coxText(cox: CoxEffect): string {
  if (cox.error) return `not estimable (${cox.error})`;
  return `${cox.coef.toFixed(3)} (95 % CI ${cox.lower.toFixed(3)} to ${cox.upper.toFixed(3)})`;
}

function signed(x: number): string {
  return `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(3)}`;
}

export function median(values: readonly number[]): number {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
