/**
 * Before and after, per flagged column, every centre: for numbers the count read as numbers (with
 * a decimal point: a decimal-comma centre reads as none before its fix), the median, the IQR and
 * the two-sample KS distance (and p, scipy's ks_2samp) against the other centres pooled; for labels
 * and dates, the rows outside the consortium's levels or not in ISO form.
 */
import type { Schema } from '../../data/schema.js';
import type { CentreRows } from './centres.js';
import { levelsOf } from './check.js';
import type { Findings } from './findings.js';
import { isoDate, withoutTime } from './formats.js';
import { ks, numbersOf, round, summarise } from './summary.js';
import type { TextTable } from './text-table.js';

export interface CentreComparison {
  readonly centre: string;
  readonly n: number;
  readonly median: number | null;
  readonly q1: number | null;
  readonly q3: number | null;
  /** KS distance and p against the other centres pooled; null when a side has no numbers. */
  readonly ks: number | null;
  readonly p: number | null;
}

/** Each centre's numbers in `column` (decimal point) against the other centres pooled. */
export function compareCentres(
  table: TextTable,
  column: string,
  centres: readonly CentreRows[],
): CentreComparison[] {
  const values = centres.map((c) => numbersOf(table, column, c.rows, '.'));
  return centres.map((c, k) => {
    const others = Float64Array.from(values.filter((_, j) => j !== k).flatMap((v) => Array.from(v)));
    const s = summarise(values[k]);
    const test = ks(values[k], others);
    return { centre: c.name, ...s, ks: test?.statistic ?? null, p: test?.p ?? null };
  });
}

/** Rows of each centre whose text is outside `accepted`. */
function outsideCounts(
  table: TextTable,
  column: string,
  centres: readonly CentreRows[],
  accepted: (text: string) => boolean,
): number[] {
  const { codes, levels } = table.codes(column);
  const ok = levels.map(accepted);
  return centres.map((c) => {
    let n = 0;
    for (const i of c.rows) if (codes[i] >= 0 && !ok[codes[i]]) n++;
    return n;
  });
}

export interface ReportInput {
  readonly before: TextTable;
  readonly after: TextTable;
  readonly schema: Schema;
  readonly centres: readonly CentreRows[];
  readonly findings: Findings;
  /** What "after" is: the proposals as if all confirmed, or the confirmed ones applied. */
  readonly afterIs: string;
  /** Columns to show besides the findings' (those a transformation changed). */
  readonly also?: readonly string[];
}

export function harmoniseReport(input: ReportInput): string {
  const { findings, schema } = input;
  const lines = [
    findings.centres.length === 1
      ? `# Harmonisation of centre ${findings.centres[0].name}`
      : '# Harmonisation across centres',
    '',
    `Centres (column \`${findings.centreColumn}\`): ${findings.centres.map((c) => `${c.name} (${c.rows})`).join(', ')}.`,
    `After: ${input.afterIs}.`,
    '',
  ];
  if (findings.findings.length === 0)
    lines.push('No finding: the centres write the same units, labels and formats.');
  for (const f of findings.findings) {
    lines.push(
      `- ${f.explanation}${'confidence' in f ? ` (confidence: ${f.confidence ?? 'undecided'})` : ''}`,
    );
    // Every label the centre writes outside the levels, so its staff can code the unmatched ones.
    if (f.kind === 'labels')
      for (const l of f.labels)
        lines.push(
          `  - \`${l.label}\` (${l.rows} rows) → ${l.to === null ? (l.candidates.length ? `ambiguous: ${l.candidates.join(' or ')}` : 'no level matched') : `${l.to} (${l.match})`}`,
        );
  }
  const flagged = [...new Set([...findings.findings.map((f) => f.column), ...(input.also ?? [])])];
  for (const column of flagged) {
    const spec = schema.columns.find((c) => c.name === column);
    const centresFlagged = new Set(findings.findings.filter((f) => f.column === column).map((f) => f.centre));
    lines.push('', `## ${column}${spec?.unit ? ` (${spec.unit})` : ''}`, '');
    const mark = (centre: string) => (centresFlagged.has(centre) ? `**${centre}**` : centre);
    if (spec?.kind === 'numeric' || spec?.kind === 'integer') {
      const before = compareCentres(input.before, column, input.centres);
      const after = compareCentres(input.after, column, input.centres);
      lines.push(
        '| centre | n before | median before | IQR before | KS before (p) | n after | median after | IQR after | KS after (p) |',
        '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
        ...before.map((b, k) => `| ${mark(b.centre)} | ${cells(b)} | ${cells(after[k])} |`),
      );
      continue;
    }
    const accepted =
      spec?.kind === 'date'
        ? (text: string) => !withoutTime(text).timed && isoDate(text, 'YYYY-MM-DD') !== undefined
        : (
            (levels) => (text: string) =>
              levels.has(text)
          )(new Set(spec ? (levelsOf(spec) ?? []) : []));
    const what = spec?.kind === 'date' ? 'rows not ISO YYYY-MM-DD' : 'rows outside the consortium’s levels';
    const before = outsideCounts(input.before, column, input.centres, accepted);
    const after = outsideCounts(input.after, column, input.centres, accepted);
    lines.push(
      `| centre | ${what}, before | after |`,
      '|---|---:|---:|',
      ...input.centres.map((c, k) => `| ${mark(c.name)} | ${before[k]} | ${after[k]} |`),
    );
  }
  return `${lines.join('\n')}\n`;
}

function cells(c: CentreComparison): string {
  const num = (x: number | null) => (x === null ? '–' : String(round(x, 4)));
  const iqr = c.q1 === null ? '–' : `${num(c.q1)}–${num(c.q3)}`;
  const test = c.ks === null ? '–' : `${round(c.ks, 3)} (${c.p === null ? '–' : c.p.toExponential(1)})`;
  return `${c.n} | ${num(c.median)} | ${iqr} | ${test}`;
}
