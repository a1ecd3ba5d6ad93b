/**
 * Checks every row of a table against a schema: bounds, categories, non-nullable columns, and the
 * compare / implies / derived rules. For tests: returns the violations, at most `limit` of them.
 */
import type { Condition, Rule, Schema } from '../../data/schema.js';
import type { CodeColumn, Table } from '../../data/table.js';
import { deriveEln2022, ELN2022_DERIVATION } from '../../domain/aml/eln2022.js';
import { copyBreaks, describeCopy } from '../../domain/copy-derivation.js';

export interface Violation {
  row: number;
  what: string;
}

const DERIVATIONS: Record<string, (table: Table) => CodeColumn> = {
  [ELN2022_DERIVATION]: deriveEln2022,
};

export function checkTable(table: Table, schema: Schema, limit = 20): Violation[] {
  const out: Violation[] = [];
  const push = (row: number, what: string) => {
    if (out.length < limit) out.push({ row, what });
  };
  for (const spec of schema.columns) {
    if (!table.has(spec.name)) {
      push(-1, `column ${spec.name} is missing from the table`);
      continue;
    }
    for (let row = 0; row < table.nRows; row++) {
      const value = table.cell(spec.name, row);
      if (value === undefined) {
        if (!spec.nullable) push(row, `${spec.name} is missing but not nullable`);
        continue;
      }
      if (typeof value === 'number') {
        if (typeof spec.min === 'number' && value < spec.min)
          push(row, `${spec.name}=${value} < ${spec.min}`);
        if (typeof spec.max === 'number' && value > spec.max)
          push(row, `${spec.name}=${value} > ${spec.max}`);
        if (spec.kind === 'integer' && !Number.isInteger(value))
          push(row, `${spec.name}=${value} not integer`);
      } else if (spec.categories && !spec.categories.includes(value)) {
        push(row, `${spec.name}=${value} not a category`);
      }
    }
  }
  for (const rule of schema.rules) checkRule(table, rule, push);
  return out;
}

function checkRule(table: Table, rule: Rule, push: (row: number, what: string) => void): void {
  if (rule.type === 'derived' && rule.from !== undefined) {
    for (const row of copyBreaks(table, { ...rule, from: rule.from }))
      push(row, `${rule.column} is not ${describeCopy({ ...rule, from: rule.from })}`);
    return;
  }
  if (rule.type === 'derived') {
    const derive = DERIVATIONS[rule.derivation ?? ''];
    if (!derive) {
      push(-1, `unknown derivation ${rule.derivation}`);
      return;
    }
    const expected = derive(table);
    const actual = table.codes(rule.column);
    for (let row = 0; row < table.nRows; row++) {
      const e = expected.codes[row] < 0 ? undefined : expected.levels[expected.codes[row]];
      const a = actual.codes[row] < 0 ? undefined : actual.levels[actual.codes[row]];
      if (e !== a) push(row, `${rule.column}=${a} but ${rule.derivation} gives ${e}`);
    }
    return;
  }
  for (let row = 0; row < table.nRows; row++) {
    if (rule.type === 'implies') {
      if (rule.if.every((c) => holds(table, c, row)) && !holds(table, rule.then, row))
        push(row, `implies rule broken: then ${JSON.stringify(rule.then)}`);
      continue;
    }
    if (rule.when && !rule.when.every((c) => holds(table, c, row))) continue;
    const left = table.cell(rule.left, row);
    const right = typeof rule.right === 'string' ? table.cell(rule.right, row) : rule.right;
    if (typeof left !== 'number' || typeof right !== 'number') continue;
    if (!compare(left, rule.op, right))
      push(row, `${rule.left}=${left} ${rule.op} ${rule.right}=${right} fails`);
  }
}

function compare(a: number, op: string, b: number): boolean {
  if (op === '<') return a < b;
  if (op === '<=') return a <= b;
  if (op === '>') return a > b;
  if (op === '>=') return a >= b;
  return a === b;
}

function holds(table: Table, condition: Condition, row: number): boolean {
  const value = table.cell(condition.column, row);
  if (condition.missing !== undefined) return (value === undefined) === condition.missing;
  if (value === undefined) return false;
  if (condition.equals !== undefined) return String(value) === String(condition.equals);
  return (condition.in ?? []).some((v) => String(v) === String(value));
}
