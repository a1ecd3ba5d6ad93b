/**
 * The checks a schema declares: per column, non-missing, bounds, categories and decimals; then its
 * rules (comparisons, implications, derived columns). Identifiers are only checked for presence:
 * synthetic identifiers are fresh by design.
 */
import { writesWithDecimals } from '../../data/decimals.js';
import { boundValue } from '../../data/rules.js';
import type { ColumnSpec, Schema } from '../../data/schema.js';
import { type Column, isMissing, type Table } from '../../data/table.js';
import { type Check, ruleCheck } from './check.js';

/** `real` and `smallCell` decide which category levels a rule's words may name (`categoryCheck`). */
export function declaredChecks(schema: Schema, real: Table, smallCell: number): Check[] {
  return [
    ...schema.columns.flatMap((spec) => columnChecks(spec, real, smallCell)),
    ...schema.rules.map((rule) => ruleCheck(rule, schema, 'schema')),
  ];
}

function columnChecks(spec: ColumnSpec, real: Table, smallCell: number): Check[] {
  const checks: Check[] = [];
  const { name } = spec;
  if (!spec.nullable)
    checks.push({
      rule: `${name} not missing`,
      kind: 'nullable',
      source: 'schema',
      columns: [name],
      compile: (table) => {
        const column = table.column(name);
        return { applies: () => true, breaks: (row) => isMissing(column, row) };
      },
    });
  if (spec.role === 'id') return checks;
  const bound = boundCheck(spec);
  if (bound) checks.push(bound);
  const decimals = spec.kind === 'integer' ? 0 : spec.kind === 'numeric' ? spec.decimals : undefined;
  if (decimals !== undefined) checks.push(decimalsCheck(name, decimals, 'schema'));
  if (spec.categories && (spec.kind === 'categorical' || spec.kind === 'boolean'))
    checks.push(categoryCheck(name, spec.categories, real, smallCell));
  return checks;
}

/**
 * `grp in {a, b}`. The words name only levels at least `smallCell` real patients hold: a schema
 * inferred from the data declares every level some patient has, and naming a level one patient
 * holds tells that someone has it (`diagnosis in {AML, MDS} or another declared category`).
 */
function categoryCheck(name: string, categories: readonly string[], real: Table, smallCell: number): Check {
  const allowed = new Set(categories);
  const held = new Map<string, number>();
  if (real.has(name)) {
    const column = real.column(name);
    for (let row = 0; row < real.nRows; row++)
      if (!isMissing(column, row)) {
        const label = labelAt(column, row);
        held.set(label, (held.get(label) ?? 0) + 1);
      }
  }
  const common = categories.filter((level) => (held.get(level) ?? 0) >= smallCell);
  const words =
    common.length === categories.length
      ? `in {${categories.join(', ')}}`
      : common.length > 0
        ? `in {${common.join(', ')}} or another declared category`
        : 'in its declared categories';
  return {
    rule: `${name} ${words}`,
    kind: 'category',
    source: 'schema',
    columns: [name],
    compile: (table) => {
      const column = table.column(name);
      return {
        applies: (row) => !isMissing(column, row),
        breaks: (row) => !allowed.has(labelAt(column, row)),
      };
    },
  };
}

/** `age in [18, 100] (years)`, `ldh >= 0 (U/L)`: one check for both ends. */
function boundCheck(spec: ColumnSpec): Check | undefined {
  if (spec.kind !== 'numeric' && spec.kind !== 'integer' && spec.kind !== 'date') return undefined;
  const min = boundValue(spec.min) ?? Number.NEGATIVE_INFINITY;
  const max = boundValue(spec.max) ?? Number.POSITIVE_INFINITY;
  if (spec.min === undefined && spec.max === undefined) return undefined;
  const range =
    spec.min !== undefined && spec.max !== undefined
      ? `in [${spec.min}, ${spec.max}]`
      : spec.min !== undefined
        ? `>= ${spec.min}`
        : `<= ${spec.max}`;
  return {
    rule: `${spec.name} ${range}${spec.unit ? ` (${spec.unit})` : ''}`,
    kind: 'bound',
    source: 'schema',
    columns: [spec.name],
    compile: (table) => {
      const values = table.numbers(spec.name);
      return {
        applies: (row) => !Number.isNaN(values[row]),
        breaks: (row) => values[row] < min || values[row] > max,
      };
    },
  };
}

/** `wbc has at most 1 decimal`, `age is a whole number`. */
export function decimalsCheck(name: string, decimals: number, source: Check['source']): Check {
  return {
    rule:
      decimals === 0
        ? `${name} is a whole number`
        : `${name} has at most ${decimals} decimal${decimals === 1 ? '' : 's'}`,
    kind: 'decimals',
    source,
    columns: [name],
    compile: (table) => {
      const values = table.numbers(name);
      return {
        applies: (row) => !Number.isNaN(values[row]),
        breaks: (row) => !writesWithDecimals(values[row], decimals),
      };
    },
  };
}

function labelAt(column: Column, row: number): string {
  return column.type === 'code' ? column.levels[column.codes[row]] : String(column.values[row]);
}
