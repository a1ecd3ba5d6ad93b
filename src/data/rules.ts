/**
 * The schema's row rules compiled into predicates over a Table: bounds, non-nullable columns,
 * comparisons between columns and implications. Generators use the predicates to reject and re-draw
 * rows; validation uses them to count violations. Derived columns are not checked here: they are
 * recomputed (see `derivations.ts`), so they hold by construction.
 */

import type { ColumnSpec, Condition, Rule, Schema } from './schema.js';
import type { Column, Table } from './table.js';

export interface RowCheck {
  /** What the check asks, in words, for messages: "rfs_days <= os_days". */
  readonly description: string;
  /** Every column the check reads, a comparison's `when` guards included. */
  readonly columns: readonly string[];
  /** True when the row breaks the check. */
  violatedAt(row: number): boolean;
}

export interface Violation {
  row: number;
  check: string;
}

/** Every check the schema implies for this table: bounds and nullability first, then the rules. */
export function compileChecks(table: Table, schema: Schema): RowCheck[] {
  const checks: RowCheck[] = [];
  for (const spec of schema.columns) {
    if (!table.has(spec.name)) continue;
    checks.push(...columnChecks(table.column(spec.name), spec));
  }
  for (const rule of schema.rules) {
    const check = compileRule(table, rule);
    if (check) checks.push(check);
  }
  return checks;
}

/** The rows that break any check, in row order, at most `limit` of them. */
export function findViolations(table: Table, schema: Schema, limit = 100): Violation[] {
  const checks = compileChecks(table, schema);
  const found: Violation[] = [];
  for (let row = 0; row < table.nRows && found.length < limit; row++) {
    for (const check of checks) {
      if (check.violatedAt(row)) {
        found.push({ row, check: check.description });
        break;
      }
    }
  }
  return found;
}

function columnChecks(column: Column, spec: ColumnSpec): RowCheck[] {
  const checks: RowCheck[] = [];
  const missing = (row: number) =>
    column.type === 'number' ? Number.isNaN(column.values[row]) : column.codes[row] < 0;
  if (!spec.nullable)
    checks.push({ description: `${spec.name} is not missing`, columns: [spec.name], violatedAt: missing });
  if (column.type === 'number') {
    const values = column.values;
    const min = boundValue(spec.min);
    const max = boundValue(spec.max);
    if (min !== undefined)
      checks.push({
        description: `${spec.name} >= ${spec.min}`,
        columns: [spec.name],
        violatedAt: (r) => values[r] < min,
      });
    if (max !== undefined)
      checks.push({
        description: `${spec.name} <= ${spec.max}`,
        columns: [spec.name],
        violatedAt: (r) => values[r] > max,
      });
    if (spec.kind === 'integer')
      checks.push({
        description: `${spec.name} is a whole number`,
        columns: [spec.name],
        violatedAt: (r) => Number.isFinite(values[r]) && !Number.isInteger(values[r]),
      });
  }
  return checks;
}

/** Bounds are numbers, or ISO dates for date columns (compared as days since 1970-01-01). */
export function boundValue(bound: number | string | undefined): number | undefined {
  if (bound === undefined) return undefined;
  return typeof bound === 'number' ? bound : Date.parse(bound) / 86_400_000;
}

/** Every column a rule reads, once each: a comparison's sides and its `when` guards, an implication's premises and conclusion. */
export function ruleColumns(rule: Exclude<Rule, { type: 'derived' }>): string[] {
  const names =
    rule.type === 'implies'
      ? [...rule.if.map((c) => c.column), rule.then.column]
      : [
          rule.left,
          ...(typeof rule.right === 'string' ? [rule.right] : []),
          ...(rule.when ?? []).map((c) => c.column),
        ];
  return [...new Set(names)];
}

function compileRule(table: Table, rule: Rule): RowCheck | undefined {
  if (rule.type === 'derived') return undefined;
  if (rule.type === 'implies') {
    const premises = rule.if.map((c) => conditionPredicate(table, c));
    const conclusion = conditionPredicate(table, rule.then);
    return {
      description: `if ${rule.if.map(describeCondition).join(' and ')} then ${describeCondition(rule.then)}`,
      columns: ruleColumns(rule),
      violatedAt: (row) => premises.every((p) => p(row)) && !conclusion(row),
    };
  }
  const left = table.numbers(rule.left);
  const right = typeof rule.right === 'string' ? table.numbers(rule.right) : undefined;
  const constant = typeof rule.right === 'number' ? rule.right : Number.NaN;
  const guards = (rule.when ?? []).map((c) => conditionPredicate(table, c));
  const holds = comparator(rule.op);
  const where = rule.when?.length ? ` when ${rule.when.map(describeCondition).join(' and ')}` : '';
  return {
    description: `${rule.left} ${rule.op} ${rule.right}${where}`,
    columns: ruleColumns(rule),
    violatedAt: (row) => {
      const a = left[row];
      const b = right ? right[row] : constant;
      // A comparison with a missing side says nothing: "rfs <= os" cannot fail when os is unknown.
      if (Number.isNaN(a) || Number.isNaN(b)) return false;
      return guards.every((g) => g(row)) && !holds(a, b);
    },
  };
}

function comparator(op: '<' | '<=' | '>' | '>=' | '=='): (a: number, b: number) => boolean {
  switch (op) {
    case '<':
      return (a, b) => a < b;
    case '<=':
      return (a, b) => a <= b;
    case '>':
      return (a, b) => a > b;
    case '>=':
      return (a, b) => a >= b;
    case '==':
      return (a, b) => a === b;
  }
}

/** A row predicate for a condition; values are compared as the column stores them. */
export function conditionPredicate(table: Table, condition: Condition): (row: number) => boolean {
  const column = table.column(condition.column);
  if (condition.missing !== undefined) {
    const wantMissing = condition.missing;
    return column.type === 'number'
      ? (row) => Number.isNaN(column.values[row]) === wantMissing
      : (row) => column.codes[row] < 0 === wantMissing;
  }
  const wanted = condition.in ?? [condition.equals!];
  if (column.type === 'number') {
    const numbers = new Set(wanted.map(Number));
    return (row) => numbers.has(column.values[row]);
  }
  const codes = new Set(wanted.map((w) => column.levels.indexOf(String(w))).filter((c) => c >= 0));
  return (row) => codes.has(column.codes[row]);
}

/** Whether a rule without conditions keeps `column` at most another column (`rfs_days <= os_days`). */
export function boundedAbove(schema: Schema, column: string): boolean {
  return schema.rules.some(
    (r) =>
      r.type === 'compare' &&
      !r.when?.length &&
      typeof r.right === 'string' &&
      ((r.left === column && (r.op === '<' || r.op === '<=')) ||
        (r.right === column && (r.op === '>' || r.op === '>='))),
  );
}

export function describeCondition(condition: Condition): string {
  if (condition.missing !== undefined)
    return `${condition.column} is ${condition.missing ? '' : 'not '}missing`;
  if (condition.in) return `${condition.column} in {${condition.in.join(', ')}}`;
  return `${condition.column} = ${condition.equals}`;
}
