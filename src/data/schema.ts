/**
 * The cohort schema: the single source of truth for what a patient table holds. Declared once with
 * zod; the TypeScript types are inferred from it. The JSON format is documented in the README.
 */
import * as z from 'zod';
import { SchemaError } from '../core/errors.js';

export const COLUMN_KINDS = ['numeric', 'integer', 'categorical', 'boolean', 'date'] as const;
export const COLUMN_ROLES = ['id', 'centre', 'feature', 'mutation', 'time', 'event', 'target'] as const;

export const ColumnKind = z.enum(COLUMN_KINDS);
export const ColumnRole = z.enum(COLUMN_ROLES);

export const ColumnSpec = z
  .object({
    name: z.string().min(1),
    kind: ColumnKind,
    role: ColumnRole.default('feature'),
    description: z.string().optional(),
    unit: z.string().optional(),
    /** Inclusive bounds for numeric, integer and date columns (dates as ISO text). */
    min: z.union([z.number(), z.string()]).optional(),
    max: z.union([z.number(), z.string()]).optional(),
    /** categorical: the allowed values, in order; boolean: the labels for [false, true]. */
    categories: z.array(z.string()).optional(),
    /** Numeric columns: synthetic values are rounded to this many decimal places (default: as the data). */
    decimals: z.number().int().min(0).max(15).optional(),
    /** false when the column may never be missing. */
    nullable: z.boolean().default(true),
  })
  .strict();

const Scalar = z.union([z.string(), z.number()]);

/** A test on one column of one row: equals a value, is one of several, or is (not) missing. */
export const Condition = z
  .object({
    column: z.string().min(1),
    equals: Scalar.optional(),
    in: z.array(Scalar).optional(),
    missing: z.boolean().optional(),
  })
  .strict()
  .refine((c) => [c.equals, c.in, c.missing].filter((x) => x !== undefined).length === 1, {
    message: 'a condition needs exactly one of equals, in, missing',
  });

export const CompareRule = z
  .object({
    type: z.literal('compare'),
    left: z.string().min(1),
    op: z.enum(['<', '<=', '>', '>=', '==']),
    /** Another column's name, or a constant. */
    right: Scalar,
    /** Only rows meeting every condition are checked. */
    when: z.array(Condition).optional(),
    /** Learnt from the data by schema inference (see `infer-rules.ts`), not declared by a person. */
    inferred: z.boolean().optional(),
  })
  .strict();

export const ImpliesRule = z
  .object({
    type: z.literal('implies'),
    if: z.array(Condition).min(1),
    // `then` is safe: a non-callable `then` is never treated as a promise.
    then: Condition,
    /** Learnt from the data by schema inference (see `infer-rules.ts`), not declared by a person. */
    inferred: z.boolean().optional(),
  })
  .strict();

/** A column computed from others by a named derivation (e.g. ELN 2022 risk from genetics). */
export const DerivedRule = z
  .object({
    type: z.literal('derived'),
    column: z.string().min(1),
    derivation: z.string().min(1),
  })
  .strict();

export const Rule = z.discriminatedUnion('type', [CompareRule, ImpliesRule, DerivedRule]);

export const SurvivalEndpoint = z
  .object({
    name: z.string().min(1),
    time: z.string().min(1),
    event: z.string().min(1),
    /** The event column's value that means the event happened. */
    eventValue: z.string().default('1'),
  })
  .strict();

export const Schema = z
  .object({
    version: z.literal(1),
    name: z.string().optional(),
    columns: z.array(ColumnSpec).min(1),
    endpoints: z.array(SurvivalEndpoint).default([]),
    rules: z.array(Rule).default([]),
  })
  .strict();

export type ColumnKind = z.infer<typeof ColumnKind>;
export type ColumnRole = z.infer<typeof ColumnRole>;
export type ColumnSpec = z.infer<typeof ColumnSpec>;
export type Condition = z.infer<typeof Condition>;
export type Rule = z.infer<typeof Rule>;
export type SurvivalEndpoint = z.infer<typeof SurvivalEndpoint>;
export type Schema = z.infer<typeof Schema>;
/** What a user may write: defaults not yet applied. */
export type SchemaInput = z.input<typeof Schema>;

/** Parses and checks a schema; the first problem becomes a SchemaError naming the column. */
export function parseSchema(input: unknown, file?: string): Schema {
  const result = Schema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new SchemaError({ file, column: columnAt(input, issue.path) }, describeIssue(issue));
  }
  const schema = result.data;
  const problem = checkConsistency(schema);
  if (problem) throw new SchemaError({ file, column: problem.column }, problem.message);
  return schema;
}

function columnAt(input: unknown, path: readonly PropertyKey[]): string | undefined {
  if (path[0] !== 'columns' || typeof path[1] !== 'number') return undefined;
  const columns = (input as { columns?: Array<{ name?: unknown }> })?.columns;
  const name = columns?.[path[1]]?.name;
  return typeof name === 'string' ? name : `#${path[1] + 1}`;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const at = issue.path.length ? `${issue.path.join('.')}: ` : '';
  if (issue.code === 'invalid_value' && issue.path.at(-1) === 'kind')
    return `${at}unknown kind; expected one of ${COLUMN_KINDS.join(', ')}`;
  if (issue.code === 'invalid_value' && issue.path.at(-1) === 'role')
    return `${at}unknown role; expected one of ${COLUMN_ROLES.join(', ')}`;
  return `${at}${issue.message}`;
}

interface Problem {
  column?: string;
  message: string;
}

/** Cross-field checks zod cannot express: names unique, references resolve, bounds ordered. */
function checkConsistency(schema: Schema): Problem | undefined {
  const byName = new Map<string, ColumnSpec>();
  for (const column of schema.columns) {
    if (byName.has(column.name)) return { column: column.name, message: 'column is declared twice' };
    byName.set(column.name, column);
    const problem = checkColumn(column);
    if (problem) return { column: column.name, message: problem };
  }
  const known = (name: string, what: string): Problem | undefined =>
    byName.has(name)
      ? undefined
      : { column: name, message: `${what} names a column the schema does not declare` };
  for (const endpoint of schema.endpoints) {
    const problem =
      known(endpoint.time, `endpoint '${endpoint.name}'`) ??
      known(endpoint.event, `endpoint '${endpoint.name}'`);
    if (problem) return problem;
    const time = byName.get(endpoint.time)!;
    if (time.kind !== 'numeric' && time.kind !== 'integer')
      return { column: time.name, message: `endpoint '${endpoint.name}' needs a numeric time column` };
  }
  for (const rule of schema.rules) {
    const names =
      rule.type === 'compare'
        ? [
            rule.left,
            ...(typeof rule.right === 'string' ? [rule.right] : []),
            ...(rule.when ?? []).map((c) => c.column),
          ]
        : rule.type === 'implies'
          ? [...rule.if.map((c) => c.column), rule.then.column]
          : [rule.column];
    for (const name of names) {
      const problem = known(name, `a ${rule.type} rule`);
      if (problem) return problem;
    }
  }
  return undefined;
}

function checkColumn(column: ColumnSpec): string | undefined {
  const bounded = column.kind === 'numeric' || column.kind === 'integer' || column.kind === 'date';
  if (!bounded && (column.min !== undefined || column.max !== undefined))
    return `min/max apply to numeric, integer and date columns, not ${column.kind}`;
  if (column.kind === 'date') {
    for (const bound of [column.min, column.max])
      if (bound !== undefined && (typeof bound !== 'string' || Number.isNaN(Date.parse(bound))))
        return 'date bounds must be ISO dates such as 2020-01-31';
  } else if (typeof column.min === 'string' || typeof column.max === 'string') {
    return 'min/max must be numbers';
  }
  if (column.min !== undefined && column.max !== undefined && column.min > column.max)
    return `min (${column.min}) is greater than max (${column.max})`;
  if (column.decimals !== undefined && column.kind !== 'numeric')
    return 'decimals applies to numeric columns only';
  if (column.categories !== undefined) {
    if (column.kind !== 'categorical' && column.kind !== 'boolean')
      return `categories apply to categorical and boolean columns, not ${column.kind}`;
    if (new Set(column.categories).size !== column.categories.length) return 'categories repeat a value';
    if (column.kind === 'boolean' && column.categories.length !== 2)
      return 'a boolean column needs exactly two categories: [false label, true label]';
    if (column.categories.length === 0) return 'categories is empty';
  }
  return undefined;
}

/** The columns with a given role, in schema order. */
export function columnsWithRole(schema: Schema, role: ColumnRole): ColumnSpec[] {
  return schema.columns.filter((c) => c.role === role);
}

export function columnSpec(schema: Schema, name: string): ColumnSpec {
  const spec = schema.columns.find((c) => c.name === name);
  if (!spec) throw new SchemaError({ column: name }, 'the schema does not declare this column');
  return spec;
}
