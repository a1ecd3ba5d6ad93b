/**
 * What a Cox comparison models, decided on the real table alone and applied to both tables alike,
 * so that no reported hazard ratio describes a handful of real patients (docs/validation/utility.md §3):
 * - a categorical term codes only the levels held by at least max(smallCell, 10) real patients
 *   among the rows the endpoint and the terms leave; rows with another level are left out of this
 *   analysis — repeated until it settles, as leaving rows out for one term can thin another's levels;
 * - the reference is the schema's first category when it is kept (R's treatment contrast, so that
 *   "ELN adverse vs favourable" reads as a paper writes it), else the most frequent kept level
 *   (a reference of a few patients would make every hazard ratio of the term about them);
 * - a level with fewer than smallCell real events stays in the model, so that the other terms are
 *   adjusted for it, but its hazard ratio is not reported.
 */
import { StatisticsError } from '../../core/errors.js';
import type { Schema } from '../../data/schema.js';
import type { Table } from '../../data/table.js';
import { type SurvivalInput, survivalInput } from '../../survival/index.js';
import { STRATIFIER_MIN_GROUP } from './constants.js';
import type { Endpoint } from './survival-agreement.js';
import type { CovariateNote } from './types.js';

export interface CoxDesign {
  readonly terms: readonly string[];
  /** Per categorical term, the level codes modelled (the real table's coding), the reference first. */
  readonly levels: ReadonlyMap<string, readonly number[]>;
  /** Model-matrix names (term + level) whose hazard ratio is not reported: too few real events. */
  readonly hidden: ReadonlySet<string>;
  /** Levels left out, references other than the first category, hazard ratios not reported. */
  readonly notes: CovariateNote[];
}

/** Real patients a modelled level needs: the small-cell threshold, and never fewer than 10. */
export function minimumLevelSize(smallCell: number): number {
  return Math.max(STRATIFIER_MIN_GROUP, smallCell);
}

export function coxDesign(
  real: Table,
  schema: Schema,
  endpoint: Endpoint,
  terms: readonly string[],
  smallCell: number,
): CoxDesign {
  const input = survivalInput(real, { ...endpoint, others: terms });
  const categorical = terms.filter((t) => real.column(t).type === 'code');
  const minimum = minimumLevelSize(smallCell);
  const kept = new Map<string, number[]>();
  let rows = input.rows;
  // Leaving rows out for one term can thin another's levels: repeat until no level drops out.
  for (let changed = true; changed; ) {
    changed = false;
    for (const term of categorical) {
      const counts = countLevels(real, term, rows);
      const levels = [...counts.keys()].filter((code) => counts[code] >= minimum);
      if (levels.length !== kept.get(term)?.length) changed = true;
      kept.set(term, levels);
    }
    rows = rows.filter((r) => categorical.every((t) => kept.get(t)?.includes(real.codes(t).codes[r])));
  }
  const notes: CovariateNote[] = [];
  const levels = new Map<string, number[]>();
  const hidden = new Set<string>();
  const events = eventsByRow(input);
  for (const term of categorical) {
    const { codes, levels: names } = real.codes(term);
    const counts = countLevels(real, term, input.rows);
    const modelled = kept.get(term) ?? [];
    const rare = [...counts.keys()].filter((code) => counts[code] > 0 && !modelled.includes(code));
    if (rare.length)
      notes.push({
        column: term,
        note: `level${rare.length > 1 ? 's' : ''} ${rare.map((c) => `'${names[c]}'`).join(', ')} held by fewer than ${minimum} real patients: left out of this model with ${rare.length > 1 ? 'their' : 'its'} rows`,
      });
    if (modelled.length < 2)
      throw new StatisticsError(
        `term '${term}' has fewer than two levels held by ${minimum} or more real patients, so its effect is not estimated; drop it from the model`,
        { column: term },
      );
    const afterRows = countLevels(real, term, rows);
    const reference = referenceLevel(schema, term, names, modelled, afterRows);
    if (names[reference] !== firstCategory(schema, term, names))
      notes.push({
        column: term,
        note: `reference '${names[reference]}', the most frequent level (the first category is held by fewer than ${minimum} real patients)`,
      });
    levels.set(term, [reference, ...modelled.filter((c) => c !== reference)]);
    for (const code of modelled) {
      if (code === reference) continue;
      let n = 0;
      for (const r of rows) if (codes[r] === code && events.get(r)) n++;
      if (n < smallCell) {
        hidden.add(`${term}${names[code]}`);
        notes.push({
          column: term,
          note: `'${names[code]}' vs '${names[reference]}': fewer than ${smallCell} real events, so its hazard ratio is not reported`,
        });
      }
    }
  }
  return { terms, levels, hidden, notes };
}

/** The rows of `table` the design analyses: complete in every term, holding only modelled levels. */
export function designInput(table: Table, endpoint: Endpoint, design: CoxDesign): SurvivalInput {
  const input = survivalInput(table, { ...endpoint, others: design.terms });
  const coded = [...design.levels].map(([term, levels]) => ({ codes: table.codes(term).codes, levels }));
  const keep: number[] = [];
  for (let i = 0; i < input.rows.length; i++) {
    const r = input.rows[i];
    if (coded.every(({ codes, levels }) => levels.includes(codes[r]))) keep.push(i);
  }
  if (keep.length === input.rows.length) return input;
  return {
    rows: Uint32Array.from(keep, (i) => input.rows[i]),
    time: Float64Array.from(keep, (i) => input.time[i]),
    status: Uint8Array.from(keep, (i) => input.status[i]),
    dropped: input.dropped + input.rows.length - keep.length,
  };
}

function countLevels(table: Table, term: string, rows: ArrayLike<number>): Float64Array {
  const { codes, levels } = table.codes(term);
  const counts = new Float64Array(levels.length);
  for (let i = 0; i < rows.length; i++) {
    const code = codes[rows[i]];
    if (code >= 0) counts[code]++;
  }
  return counts;
}

function eventsByRow(input: SurvivalInput): Map<number, boolean> {
  const out = new Map<number, boolean>();
  input.rows.forEach((r, i) => {
    out.set(r, input.status[i] === 1);
  });
  return out;
}

/** The schema's first category (a boolean's false label), else the table's first level. */
function firstCategory(schema: Schema, term: string, names: readonly string[]): string | undefined {
  return schema.columns.find((c) => c.name === term)?.categories?.[0] ?? names[0];
}

function referenceLevel(
  schema: Schema,
  term: string,
  names: readonly string[],
  modelled: readonly number[],
  counts: Float64Array,
): number {
  const first = names.indexOf(firstCategory(schema, term, names) ?? '');
  if (modelled.includes(first)) return first;
  return modelled.reduce((best, code) => (counts[code] > counts[best] ? code : best), modelled[0]);
}
