/**
 * The association screen: every pair of comparable columns, on the rows where both are present,
 * with the measure that fits their kinds — |Spearman ρ| for two numbers (monotone, so a lab in
 * other units or on a log scale is still a duplicate), Cramér's V for two categories, the
 * correlation ratio η for a number against categories. All three lie in 0..1, so one threshold
 * serves. The measures themselves live in `stats/` and are checked against scipy there.
 */
import type { Schema } from '../../data/schema.js';
import type { Column, Table } from '../../data/table.js';
import { correlationRatioFromCodes, cramersVFromCodes } from '../../stats/association.js';
import { pearsonR } from '../../stats/correlation.js';
import { averageRanks } from '../../stats/ranks.js';
import type { SelectOptions } from './options.js';
import type { AssociationMethod } from './selection.js';

export interface PairAssociation {
  readonly a: string;
  readonly b: string;
  readonly method: AssociationMethod;
  readonly value: number;
  readonly n: number;
}

export interface AssociationScreen {
  /** Pairs at or above the redundancy threshold, strongest first. */
  readonly redundant: PairAssociation[];
  readonly notCompared: Array<{ column: string; reason: string }>;
}

interface Candidate {
  readonly name: string;
  readonly column: Column;
  /** 1 where the value is present. */
  readonly present: Uint8Array;
  readonly complete: boolean;
  /** Average ranks of a complete number column, computed once for all its pairs. */
  ranks?: Float64Array;
}

function candidate(name: string, column: Column): Candidate {
  const present =
    column.type === 'number'
      ? Uint8Array.from(column.values, (v) => (Number.isNaN(v) ? 0 : 1))
      : Uint8Array.from(column.codes, (c) => (c >= 0 ? 1 : 0));
  return { name, column, present, complete: present.every((p) => p === 1) };
}

function bothPresent(a: Candidate, b: Candidate): Uint32Array {
  let n = 0;
  for (let i = 0; i < a.present.length; i++) n += a.present[i] & b.present[i];
  const rows = new Uint32Array(n);
  for (let i = 0, k = 0; i < a.present.length; i++) if (a.present[i] & b.present[i]) rows[k++] = i;
  return rows;
}

function spearmanOf(a: Candidate, b: Candidate): { value: number; n: number } {
  const x = (a.column as { values: Float64Array }).values;
  const y = (b.column as { values: Float64Array }).values;
  if (a.complete && b.complete) {
    a.ranks ??= averageRanks(x).ranks;
    b.ranks ??= averageRanks(y).ranks;
    return { value: Math.abs(pearsonR(a.ranks, b.ranks)), n: x.length };
  }
  const rows = bothPresent(a, b);
  const rx = averageRanks(Float64Array.from(rows, (i) => x[i])).ranks;
  const ry = averageRanks(Float64Array.from(rows, (i) => y[i])).ranks;
  return { value: Math.abs(pearsonR(rx, ry)), n: rows.length };
}

/** The association of two columns over their complete pairs, by the measure their kinds call for. */
export function associationOf(a: Column, b: Column): { method: AssociationMethod; value: number; n: number } {
  return measure(candidate('a', a), candidate('b', b));
}

function measure(a: Candidate, b: Candidate): { method: AssociationMethod; value: number; n: number } {
  const x = a.column;
  const y = b.column;
  if (x.type === 'number' && y.type === 'number') {
    const { value, n } = spearmanOf(a, b);
    // A column constant on the shared rows has no rank correlation: it is no duplicate either.
    return { method: 'spearman', value: Number.isNaN(value) ? 0 : value, n };
  }
  const n = a.complete && b.complete ? a.present.length : bothPresent(a, b).length;
  if (x.type === 'code' && y.type === 'code')
    return {
      method: 'cramers_v',
      value: cramersVFromCodes(x.codes, x.levels.length, y.codes, y.levels.length),
      n,
    };
  const [numbers, codes] = x.type === 'number' ? [x, y] : [y, x];
  if (numbers.type !== 'number' || codes.type !== 'code') throw new TypeError('unreachable');
  return {
    method: 'eta',
    value: correlationRatioFromCodes(numbers.values, codes.codes, codes.levels.length),
    n,
  };
}

function candidates(table: Table, schema: Schema, options: SelectOptions, skip: ReadonlySet<string>) {
  const kept: Candidate[] = [];
  const notCompared: Array<{ column: string; reason: string }> = [];
  for (const spec of schema.columns) {
    if (!table.has(spec.name)) continue;
    const column = table.column(spec.name);
    if (spec.role === 'id') {
      notCompared.push({
        column: spec.name,
        reason: 'an identifier: unique per patient, associated with anything',
      });
      continue;
    }
    if (skip.has(spec.name)) {
      notCompared.push({ column: spec.name, reason: 'constant or empty: nothing to associate' });
      continue;
    }
    if (column.type === 'code' && column.levels.length > options.maxLevels) {
      notCompared.push({
        column: spec.name,
        reason: `${column.levels.length} categories (more than ${options.maxLevels}): Cramér's V would reflect the count of levels, not an association`,
      });
      continue;
    }
    kept.push(candidate(spec.name, column));
  }
  return { kept, notCompared };
}

/**
 * Every pair of comparable columns (not identifiers, not constant, not with more than `maxLevels`
 * categories) measured on at least `minPairs` complete rows; the pairs at or above the redundancy
 * threshold are returned. O(columns² · rows log rows).
 */
export function screenAssociations(
  table: Table,
  schema: Schema,
  options: SelectOptions,
  skip: ReadonlySet<string> = new Set(),
): AssociationScreen {
  const { kept, notCompared } = candidates(table, schema, options, skip);
  const redundant: PairAssociation[] = [];
  for (let i = 0; i < kept.length; i++)
    for (let j = i + 1; j < kept.length; j++) {
      const { method, value, n } = measure(kept[i], kept[j]);
      if (n >= options.minPairs && value >= options.redundancy)
        redundant.push({ a: kept[i].name, b: kept[j].name, method, value, n });
    }
  redundant.sort((p, q) => q.value - p.value);
  return { redundant, notCompared };
}
