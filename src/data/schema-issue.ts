/** The shape of a schema problem, and what the schema checks share. */
import { describeCondition } from './rules.js';
import type { ColumnSpec, Rule } from './schema.js';

export type SchemaIssueCode =
  | 'invalid_input'
  | 'invalid_column'
  | 'duplicate_column'
  | 'unknown_column'
  | 'incompatible_kind'
  | 'self_comparison'
  | 'unknown_value'
  | 'unknown_derivation'
  | 'derived_input'
  | 'derived_cycle'
  | 'unsatisfiable';

export interface SchemaIssue {
  readonly code: SchemaIssueCode;
  /** Where in the schema JSON, as zod gives it: ['rules', 3, 'right']. */
  readonly path: ReadonlyArray<string | number>;
  /** The column the problem concerns, for the message. */
  readonly column?: string;
  readonly message: string;
}

export type Path = ReadonlyArray<string | number>;

export function issue(
  code: SchemaIssueCode,
  path: Path,
  column: string | undefined,
  message: string,
): SchemaIssue {
  return { code, path, ...(column === undefined ? {} : { column }), message };
}

/** Numbers that a compare rule can order: numeric, integer and date columns. */
export function isOrdered(spec: ColumnSpec): boolean {
  return spec.kind === 'numeric' || spec.kind === 'integer' || spec.kind === 'date';
}

export function describeRule(rule: Rule): string {
  if (rule.type === 'derived' && rule.from !== undefined) {
    const when = rule.when?.length ? ` when ${rule.when.map(describeCondition).join(' and ')}` : '';
    return `derived ${rule.column} = ${rule.from}${when}`;
  }
  if (rule.type === 'derived') return `derived ${rule.column} = ${rule.derivation}`;
  if (rule.type === 'implies')
    return `if ${rule.if.map(describeCondition).join(' and ')} then ${describeCondition(rule.then)}`;
  const where = rule.when?.length ? ` when ${rule.when.map(describeCondition).join(' and ')}` : '';
  return `${rule.left} ${rule.op} ${rule.right}${where}`;
}
