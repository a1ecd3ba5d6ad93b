/**
 * `harmoniseCentres`: every centre of a pooled table checked against the others, as a federated
 * node checks itself against the consortium (`harmoniseFindings`), with the reference made here
 * from the other centres:
 *
 * - a numeric column's reference median (and IQR) is the median of the other centres' medians,
 *   not their pooled median: when the shifted centre is big, the pooled median of the others moves
 *   with it and every other centre would look shifted by the inverse factor; with at least three
 *   other centres, one centre in another unit cannot move the median of medians;
 * - a categorical column's levels are the schema's; without a schema, the labels that at least
 *   half of the other centres (and at least one) write.
 *
 * Then, locally only, each unit finding gets its KS distance to the other centres before and after
 * the proposed fixes of every centre.
 */
import { UsageError } from '../../core/errors.js';
import type { Schema } from '../../data/schema.js';
import { centreFindings, checkedColumns, levelsOf, type NumericProfile, numericProfile } from './check.js';
import type { Findings, HarmoniseReference, ReferenceColumn, UnitFinding } from './findings.js';
import { inferTextSchema } from './infer.js';
import { ks, middle, round } from './summary.js';
import { type TextTable, textCounts } from './text-table.js';

export interface HarmoniseOptions {
  /** The column naming each row's centre (default: the schema's centre role, else `centre`). */
  centreColumn?: string;
  /** A median ratio within ×/÷ this of a conversion factor is a unit finding (default 1.2). */
  unitTolerance?: number;
}

export interface CentreRows {
  readonly name: string;
  readonly rows: Uint32Array;
}

export interface HarmoniseResult {
  readonly findings: Findings;
  /** The schema checked against: the one given, or the kinds inferred from the text. */
  readonly schema: Schema;
  readonly centres: readonly CentreRows[];
}

/** The centre column: the option, else the schema's centre role, else a column called centre/center/site. */
export function centreColumnOf(table: TextTable, schema: Schema | undefined, given?: string): string {
  const name =
    given ??
    schema?.columns.find((c) => c.role === 'centre')?.name ??
    table.names.find((n) => /^(centre|center|site)$/i.test(n));
  if (name === undefined)
    throw new UsageError('no centre column: name the column that tells each row’s centre (centreColumn)');
  if (!table.has(name)) throw new UsageError(`the centre column '${name}' is not in the table`);
  return name;
}

/** Row indices of each centre, centres in name order; rows with no centre left out. */
export function centreRows(table: TextTable, centreColumn: string): CentreRows[] {
  const { codes, levels } = table.codes(centreColumn);
  const lists: number[][] = levels.map(() => []);
  for (let i = 0; i < codes.length; i++) if (codes[i] >= 0) lists[codes[i]].push(i);
  return levels
    .map((name, k) => ({ name, rows: Uint32Array.from(lists[k]) }))
    .filter((c) => c.rows.length > 0)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export function harmoniseCentres(
  table: TextTable,
  given: Schema | undefined,
  options: HarmoniseOptions = {},
): HarmoniseResult {
  const centreColumn = centreColumnOf(table, given, options.centreColumn);
  const schema = given ?? inferTextSchema(table, centreColumn);
  const centres = centreRows(table, centreColumn);
  if (centres.length < 2)
    throw new UsageError(`harmonisation compares centres; '${centreColumn}' names only ${centres.length}`);
  const columns = checkedColumns(schema, table).filter((c) => c.name !== centreColumn);
  const numeric = columns.filter((c) => c.kind === 'numeric' || c.kind === 'integer').map((c) => c.name);
  const profiles = new Map(
    numeric.map((name) => [name, centres.map((c) => numericProfile(table, name, c.rows))] as const),
  );
  const unitTolerance = options.unitTolerance ?? 1.2;
  const findings = centres.flatMap((centre, k) => {
    const reference: HarmoniseReference = {
      unitTolerance,
      columns: columns.map((spec): ReferenceColumn => {
        const own = profiles.get(spec.name);
        if (own) {
          const others = own.filter((_, j) => j !== k);
          return {
            name: spec.name,
            median: middle(others.map((p) => p.median)),
            iqr: middle(others.map((p) => p.iqr)),
          };
        }
        const levels = levelsOf(spec) ?? commonLevels(table, spec.name, centres, k);
        return { name: spec.name, levels: [...levels] };
      }),
    };
    return centreFindings(table, centre.rows, schema, reference, centre.name);
  });
  const units = findings.filter((f): f is UnitFinding => f.kind === 'unit');
  const withKs = new Map(units.map((f) => [f, unitKs(f, units, profiles, centres)] as const));
  return {
    findings: {
      format: 'harmonise-findings',
      version: 1,
      centreColumn,
      centres: centres.map((c) => ({ name: c.name, rows: c.rows.length })),
      findings: findings.map((f) => (f.kind === 'unit' ? withKs.get(f)! : f)),
    },
    schema,
    centres,
  };
}

/** Labels written by at least half the other centres (and at least one), in order of first appearance. */
function commonLevels(
  table: TextTable,
  column: string,
  centres: readonly CentreRows[],
  skip: number,
): string[] {
  const seenBy = new Map<string, number>();
  centres.forEach((c, j) => {
    if (j === skip) return;
    for (const [label] of textCounts(table.codes(column), c.rows))
      seenBy.set(label, (seenBy.get(label) ?? 0) + 1);
  });
  const need = Math.max(1, Math.ceil((centres.length - 1) / 2));
  return [...seenBy].filter(([, n]) => n >= need).map(([label]) => label);
}

/** KS distance of the centre to the pooled others, before and after every proposed unit fix. */
function unitKs(
  finding: UnitFinding,
  all: readonly UnitFinding[],
  profiles: ReadonlyMap<string, NumericProfile[]>,
  centres: readonly CentreRows[],
): UnitFinding {
  const own = profiles.get(finding.column)!;
  const fixOf = (j: number) =>
    1 / (all.find((f) => f.column === finding.column && f.centre === centres[j].name)?.factor ?? 1);
  const k = centres.findIndex((c) => c.name === finding.centre);
  const others = centres.map((_, j) => j).filter((j) => j !== k);
  const before = ks(own[k].values, concat(others.map((j) => own[j].values)));
  const after = ks(
    scaled(own[k].values, fixOf(k)),
    concat(others.map((j) => scaled(own[j].values, fixOf(j)))),
  );
  return {
    ...finding,
    ...(before ? { ksBefore: round(before.statistic, 3) } : {}),
    ...(after ? { ksAfter: round(after.statistic, 3) } : {}),
  };
}

function scaled(values: Float64Array, factor: number): Float64Array {
  return factor === 1 ? values : values.map((v) => v * factor);
}

function concat(parts: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
