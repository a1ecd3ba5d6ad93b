/** The "Privacy against fidelity" section of BENCHMARKS.md, as Markdown, from the measured runs. */
import { median, spread } from './peers-report.js';
import type { CoxResult } from './privacy-cox.js';
import type { RunScores } from './privacy-measure.js';

export const START = '<!-- privacy:start -->';
export const END = '<!-- privacy:end -->';

export interface Setting {
  readonly generator: string;
  readonly label: string;
  /** Generator options as `fitModel` receives them; {} = the generator's defaults. */
  readonly options: Record<string, unknown>;
  /** Drop (and re-draw) synthetic rows identical to a training row: `sampleModel`'s `excludeCopiesOf`. */
  readonly dropCopies: boolean;
  readonly isDefault?: boolean;
}

export interface Run extends RunScores {
  readonly seed: number;
  readonly fitSeconds: number;
  readonly sampleSeconds: number;
  /** Rows dropped as copies of a training row and drawn again. */
  readonly redrawn: number;
  /** Quality under the peers' protocol (fit on the whole table, scored against it), where published. */
  readonly wholeQuality?: number;
}

export interface SplitResult {
  readonly seed: number;
  readonly training: number;
  readonly holdoutP5: number;
  readonly holdoutCopies: number;
  readonly holdoutCloser: number;
  readonly realCox: CoxResult;
}

export interface TableResult {
  readonly name: string;
  readonly source: string;
  readonly rows: number;
  /** Modelled (non-id) columns. */
  readonly columns: number;
  readonly formula: string;
  readonly splits: readonly SplitResult[];
  readonly settings: ReadonlyArray<{ readonly setting: Setting; readonly runs: readonly Run[] }>;
}

/** synthpop CART's quality as published in shared/benchmarks/peers.md (fitted on the whole table). */
export const PUBLISHED_SYNTHPOP_QUALITY: Readonly<Record<string, number>> = { pbc: 0.946, lung: 0.914 };
/** synthpop's `syn(method = "cart")` uses rpart with minbucket 5: our reference setting. */
export const REFERENCE_MIN_LEAF = 5;
const REFERENCE = `cart minLeaf ${REFERENCE_MIN_LEAF}, keep copies`;
const CLOSER_TARGET = 0.08;
const QUALITY_MARGIN = 0.005;

interface Meta {
  readonly date: string;
  readonly machine: string;
  readonly seconds: number;
  readonly seeds: readonly number[];
}

export function privacySection(results: readonly TableResult[], meta: Meta): string {
  return [
    START,
    `Measured ${meta.date} on ${meta.machine}; the whole benchmark took ${meta.seconds.toFixed(0)} s. For seeds ${meta.seeds.join(', ')} each table is split 70/30 into training and holdout (retinopathy by patient: its two eyes stay together); every setting is fitted on the training rows and samples as many rows. Cells are the median over seeds with the range in brackets.`,
    '',
    `Targets (issue 7, item 3): exact copies no more frequent than in the holdout (a fresh real sample); at most ${CLOSER_TARGET} of synthetic rows closer to a training row than the holdout's 5th-percentile distance (the holdout scores ≈ 0.05); quality at least synthpop CART's − ${QUALITY_MARGIN}: for pbc and lung its published score (${PUBLISHED_SYNTHPOP_QUALITY.pbc}, ${PUBLISHED_SYNTHPOP_QUALITY.lung}) against ours measured as it was (fit on the whole table, scored against it: "whole table" below), for the other tables ${REFERENCE} (synthpop's minbucket), paired by seed on the same splits.`,
    '',
    '### By setting, over all tables',
    '',
    '| setting | tables meeting all three | copies ≤ holdout | closer ≤ 0.08 | quality within 0.005 | Δ quality vs minLeaf 5: median over tables [worst] | Cox coefficients kept (fits) | coefficients kept in ≥ ⅔ of seeds | significant signs kept | fit+sample s, all tables |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...summaryRows(results),
    '',
    '### At a glance: closer than holdout p5 / quality against the bar, per table',
    '',
    ...glance(results),
    '',
    ...results.flatMap(tableSection),
    ...definitions(),
    END,
  ].join('\n');
}

interface Verdict {
  readonly copies: boolean;
  readonly closer: boolean;
  readonly quality: boolean;
}

function verdict(result: TableResult, runs: readonly Run[]): Verdict {
  const holdoutCopies = median(result.splits.map((s) => s.holdoutCopies));
  return {
    copies: median(runs.map((r) => r.copies)) <= holdoutCopies,
    closer: median(runs.map((r) => r.closer)) <= CLOSER_TARGET,
    quality: qualityMargin(result, runs) >= -QUALITY_MARGIN,
  };
}

function referenceRuns(result: TableResult): readonly Run[] {
  const reference = result.settings.find((s) => s.setting.label === REFERENCE);
  if (!reference) throw new Error(`the grid has no '${REFERENCE}' setting`);
  return reference.runs;
}

/** Paired by seed: this setting's quality minus the reference's on the same split. */
function qualityDelta(result: TableResult, runs: readonly Run[]): number[] {
  const reference = referenceRuns(result);
  return runs.map((r, i) => r.quality - reference[i].quality);
}

/**
 * One cell per setting and table: the closer-than-p5 share and the quality difference the target is
 * judged on (pbc, lung: whole-table quality − synthpop's published; otherwise paired Δ against
 * minLeaf 5), the copy share when it exceeds the holdout's, in bold when all three targets are met.
 */
function glance(results: readonly TableResult[]): string[] {
  const header = `| setting | ${results.map((r) => r.name).join(' | ')} |`;
  const rows = results[0].settings.map(({ setting }, i) => {
    const cells = results.map((result) => {
      const runs = result.settings[i].runs;
      const v = verdict(result, runs);
      const copies = v.copies ? '' : ` · ${(100 * median(runs.map((r) => r.copies))).toFixed(1)} % copies`;
      const text = `${median(runs.map((r) => r.closer)).toFixed(3)} / ${signed(qualityMargin(result, runs))}${copies}`;
      return v.copies && v.closer && v.quality ? `**${text}**` : text;
    });
    return row([setting.label, ...cells]);
  });
  return [header, `|---|${results.map(() => '---|').join('')}`, ...rows];
}

/** What the quality target compares: whole-table quality − published, or the paired Δ vs minLeaf 5. */
function qualityMargin(result: TableResult, runs: readonly Run[]): number {
  const published = PUBLISHED_SYNTHPOP_QUALITY[result.name];
  return published !== undefined
    ? median(runs.map((r) => r.wholeQuality ?? Number.NaN)) - published
    : median(qualityDelta(result, runs));
}

function summaryRows(results: readonly TableResult[]): string[] {
  return results[0].settings.map(({ setting }, i) => {
    const per = results.map((result) => ({ result, runs: result.settings[i].runs }));
    const verdicts = per.map(({ result, runs }) => verdict(result, runs));
    const count = (f: (v: Verdict) => boolean) => `${verdicts.filter(f).length} of ${results.length}`;
    const deltas = per.map(({ result, runs }) => median(qualityDelta(result, runs)));
    const cox = per.map(({ runs }) => coxCounts(runs));
    const sum = (f: (c: CoxCounts) => number) => cox.reduce((total, c) => total + f(c), 0);
    const time = per.reduce(
      (t, { runs }) => t + runs.reduce((s, r) => s + r.fitSeconds + r.sampleSeconds, 0),
      0,
    );
    return row([
      setting.isDefault ? `**${setting.label}**` : setting.label,
      count((v) => v.copies && v.closer && v.quality),
      count((v) => v.copies),
      count((v) => v.closer),
      count((v) => v.quality),
      `${signed(median(deltas))} [${signed(Math.min(...deltas))}]`,
      `${sum((c) => c.kept)} of ${sum((c) => c.total)}`,
      `${sum((c) => c.stable)} of ${sum((c) => c.coefficients)}`,
      `${sum((c) => c.signs)} of ${sum((c) => c.significant)}`,
      time.toFixed(1),
    ]);
  });
}

function tableSection(result: TableResult): string[] {
  const holdout = result.splits;
  const whole = PUBLISHED_SYNTHPOP_QUALITY[result.name] !== undefined;
  const dash = (n: number) => Array<string>(n).fill('—');
  return [
    `### ${result.name} (${result.rows} rows, ${result.columns} modelled columns)`,
    '',
    `Source: ${result.source}. Cox model \`${result.formula}\`; on the training rows: ${realCoxText(holdout)}.`,
    '',
    `| setting | quality | Δ vs minLeaf 5 |${whole ? ' quality, whole table |' : ''} exact copies | closer than holdout p5 | Cox coefficients kept | significant signs kept | targets met | fit+sample s |`,
    `|---|---|---|${whole ? '---|' : ''}---|---|---|---|---|---|`,
    row([
      'holdout (fresh real sample)',
      ...dash(whole ? 3 : 2),
      percent(holdout.map((s) => s.holdoutCopies)),
      spread(
        holdout.map((s) => s.holdoutCloser),
        3,
      ),
      ...dash(4),
    ]),
    ...result.settings.map(({ setting, runs }) => settingRow(result, setting, runs, whole)),
    '',
    `Quality bar: ${qualityBarText(result)}. Holdout p5 distance ${spread(
      holdout.map((s) => s.holdoutP5),
      3,
    )}.${lostText(result)}`,
    '',
  ];
}

function settingRow(result: TableResult, setting: Setting, runs: readonly Run[], whole: boolean): string {
  const v = verdict(result, runs);
  const met = [v.copies ? 'copies' : '', v.closer ? 'closer' : '', v.quality ? 'quality' : ''].filter(
    Boolean,
  );
  const cox = coxCounts(runs);
  const redrawn = runs.some((r) => r.redrawn > 0) ? ` (${median(runs.map((r) => r.redrawn))} re-drawn)` : '';
  return row([
    setting.isDefault ? `**${setting.label}**` : setting.label,
    spread(
      runs.map((r) => r.quality),
      3,
    ),
    spreadSigned(qualityDelta(result, runs)),
    ...(whole
      ? [
          spread(
            runs.map((r) => r.wholeQuality ?? Number.NaN),
            3,
          ),
        ]
      : []),
    percent(runs.map((r) => r.copies)) + redrawn,
    spread(
      runs.map((r) => r.closer),
      3,
    ),
    `${cox.kept} of ${cox.total}; ${cox.stable} of ${cox.coefficients} in ≥ ⅔ of seeds`,
    `${cox.signs} of ${cox.significant}`,
    met.length === 3 ? 'all' : met.join(', ') || 'none',
    spread(
      runs.map((r) => r.fitSeconds + r.sampleSeconds),
      2,
    ),
  ]);
}

interface CoxCounts {
  /** Over all seeds: coefficient fits compared, kept, significant on training, signs kept. */
  readonly total: number;
  readonly kept: number;
  readonly significant: number;
  readonly signs: number;
  /** Distinct coefficients, and those kept in at least 2 of the 3 seeds (issue 7, item 4). */
  readonly coefficients: number;
  readonly stable: number;
}

function coxCounts(runs: readonly Run[]): CoxCounts {
  const compared = runs.flatMap((r) => (r.cox ? [r.cox] : []));
  const sum = (f: (c: (typeof compared)[number]) => number) => compared.reduce((t, c) => t + f(c), 0);
  const keptIn = new Map<string, number>();
  for (const c of compared)
    for (const name of c.names) keptIn.set(name, (keptIn.get(name) ?? 0) + (c.lost.includes(name) ? 0 : 1));
  // "At least 2 of 3 seeds", for any number of seeds: at least two thirds of them.
  const needed = Math.ceil((2 * runs.length) / 3);
  return {
    total: sum((c) => c.total),
    kept: sum((c) => c.kept),
    significant: sum((c) => c.significant),
    signs: sum((c) => c.signsKept),
    coefficients: keptIn.size,
    stable: [...keptIn.values()].filter((n) => n >= needed).length,
  };
}

/** How many seeds lost each coefficient. */
function lostCounts(runs: readonly Run[]): Map<string, number> {
  const lost = new Map<string, number>();
  for (const r of runs) for (const name of r.cox?.lost ?? []) lost.set(name, (lost.get(name) ?? 0) + 1);
  return lost;
}

/** The coefficients each default setting loses in more than a third of the seeds. */
function lostText(result: TableResult): string {
  const lines = result.settings
    .filter(({ setting }) => setting.isDefault)
    .map(({ setting, runs }) => {
      const lost = [...lostCounts(runs)].filter(([, n]) => n > runs.length / 3);
      return lost.length
        ? `${setting.generator}: ${lost.map(([name, n]) => `${name} (${n} of ${runs.length} seeds)`).join(', ')}`
        : '';
    })
    .filter(Boolean);
  return lines.length ? ` Coefficients lost at the defaults: ${lines.join('; ')}.` : '';
}

function realCoxText(splits: readonly SplitResult[]): string {
  const fits = splits.flatMap((s) => ('coefficients' in s.realCox ? [s.realCox.coefficients] : []));
  if (fits.length < splits.length) {
    const failed = splits.find((s) => 'error' in s.realCox)?.realCox as { error: string };
    return `not estimable in ${splits.length - fits.length} of ${splits.length} splits (${failed.error})`;
  }
  return fits[0]
    .map((c, j) => {
      const coefs = fits.map((f) => f[j].coef);
      const significant = fits.filter((f) => f[j].p < 0.05).length;
      return `${c.name} ${median(coefs).toFixed(3)} (significant in ${significant} of ${fits.length})`;
    })
    .join(', ');
}

function qualityBarText(result: TableResult): string {
  const published = PUBLISHED_SYNTHPOP_QUALITY[result.name];
  if (published === undefined)
    return `${REFERENCE} (median ${median(referenceRuns(result).map((r) => r.quality)).toFixed(3)}), within ${QUALITY_MARGIN} paired by seed`;
  const ours = median(referenceRuns(result).map((r) => r.wholeQuality ?? Number.NaN));
  return `synthpop CART's published ${published.toFixed(3)}, against the whole-table quality (our ${REFERENCE}: ${ours.toFixed(3)})`;
}

function definitions(): string[] {
  return [
    'How these are measured (`bench/privacy.ts`, `bench/privacy-measure.ts`, `bench/privacy-cox.ts`; the tables and their Cox models with sources in `bench/privacy-tables.ts`):',
    '',
    "- **quality**: the SDMetrics-style QualityReport score of `bench/peers-quality.ts` (column shapes and strongly associated pair trends), synthetic against the training rows. **Δ vs minLeaf 5**: paired by seed against cart at minLeaf 5 keeping copies, synthpop's setting. **quality, whole table** (pbc and lung): fitted on the whole table and scored against it, the protocol of synthpop's published scores.",
    '- **exact copies**: the share of rows identical to some training row on every non-identifier column; for the holdout row, the same share of holdout rows. **re-drawn**: rows the pipeline dropped as copies and drew again (median per run).',
    "- **closer than holdout p5**: the share of rows whose Gower distance to the closest training row (every non-identifier column, numbers scaled by the training range; exact search, `src/neighbours`) lies below the holdout's 5th percentile of the same distance, ties counting half as in `validate`.",
    '- **Cox coefficients kept**: the model is fitted on the training rows and on the synthetic rows; a coefficient is kept when |β_syn − β_real| / √(se_real² + se_syn²) < 1.96, counted over all seeds (a synthetic fit that fails keeps none); "in ≥ ⅔ of seeds" counts coefficients kept in at least 2 of 3 seeds (issue 7, item 4). **significant signs kept**: coefficients with p < 0.05 on the training rows whose synthetic estimate has the same sign.',
    '- The defaults rows read the generators\' own defaults (`fitModel` without options) and keep copies, as `sampleModel` and `generate` do unless asked; the grid passes `generatorOptions: { minLeaf }` and, for "drop copies", `excludeCopiesOf: training`.',
    '',
  ];
}

function row(cells: ReadonlyArray<string | number>): string {
  return `| ${cells.join(' | ')} |`;
}

function percent(values: readonly number[]): string {
  return `${spread(
    values.map((v) => 100 * v),
    1,
  )} %`;
}

function spreadSigned(values: readonly number[]): string {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return '—';
  return `${signed(median(finite))} [${signed(Math.min(...finite))} to ${signed(Math.max(...finite))}]`;
}

function signed(x: number): string {
  return `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(3)}`;
}
