/**
 * Bringing the synthetic and holdout tables onto the real table's coding: code columns re-expressed
 * in the real table's level order, matched by label (a label the real table lacks becomes missing),
 * so that codes, reference levels and dummy columns mean the same in every table.
 */
import type { Schema } from '../../data/schema.js';
import { codeColumn, type Table } from '../../data/table.js';
import { DAYS_PER_YEAR } from './constants.js';

export function alignLevels(real: Table, other: Table): Table {
  let out = other;
  for (const name of real.names) {
    const target = real.column(name);
    if (target.type !== 'code' || !other.has(name)) continue;
    const source = other.column(name);
    if (source.type !== 'code') continue;
    if (
      source.levels.length === target.levels.length &&
      source.levels.every((l, i) => l === target.levels[i])
    )
      continue;
    const position = new Map(target.levels.map((level, i) => [level, i]));
    const map = Int32Array.from(source.levels, (level) => position.get(level) ?? -1);
    const codes = Int32Array.from(source.codes, (code) => (code < 0 ? -1 : map[code]));
    out = out.withColumn(name, codeColumn(codes, target.levels));
  }
  return out;
}

export type TimeUnit = 'days' | 'weeks' | 'months' | 'years';

const DAYS_PER: Record<TimeUnit, number> = {
  days: 1,
  weeks: 7,
  months: DAYS_PER_YEAR / 12,
  years: DAYS_PER_YEAR,
};

/** The time column's unit: from its name's suffix, else the schema's `unit`, else days. */
export function timeUnit(column: string, schema: Schema): TimeUnit {
  const fromText = (text: string): TimeUnit | undefined => {
    const t = text.toLowerCase();
    if (/(^|_)(days?|d)$/.test(t)) return 'days';
    if (/(^|_)(weeks?|wk|w)$/.test(t)) return 'weeks';
    if (/(^|_)(months?|mo|mon)$/.test(t)) return 'months';
    if (/(^|_)(years?|yr|y)$/.test(t)) return 'years';
    return undefined;
  };
  const unit = schema.columns.find((c) => c.name === column)?.unit;
  return fromText(column) ?? (unit ? fromText(unit.trim()) : undefined) ?? 'days';
}

/** How many of `to` one `from` is (days → months: 12 / 365.25). */
export function unitScale(from: TimeUnit, to: TimeUnit): number {
  return DAYS_PER[from] / DAYS_PER[to];
}

/** k years in the given unit. */
export function yearsIn(unit: TimeUnit, years: number): number {
  return (years * DAYS_PER_YEAR) / DAYS_PER[unit];
}

/** JSON has no NaN or Infinity: a value that is not finite is reported as null. */
export function finite(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}
