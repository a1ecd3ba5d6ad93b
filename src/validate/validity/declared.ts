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

export function declaredChecks(schema: Schema): Check[] {
  return [
    ...schema.columns.flatMap((spec) => columnChecks(spec)),
    ...schema.rules.map((rule) => ruleCheck(rule, schema, 'schema')),
  ];
}

function columnChecks(spec: ColumnSpec): Check[] {
  const checks: Check[] = [];
  const { name } = spec;
  const hasValue = (table: Table) => {
    const column = table.column(name);
    return (row: number) => !isMissing(column, row);
  };
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
  if (spec.categories && (spec.kind === 'categorical' || spec.kind === 'boolean')) {
    const allowed = new Set(spec.categories);
    checks.push({
      rule: `${name} in {${spec.categories.join(', ')}}`,
      kind: 'category',
      source: 'schema',
      columns: [name],
      compile: (table) => {
        const column = table.column(name);
        return { applies: hasValue(table), breaks: (row) => !allowed.has(labelAt(column, row)) };
      },
    });
  }
  return checks;
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
