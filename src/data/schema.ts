/**
 * The cohort schema: the single source of truth for what a patient table holds. Declared once with
 * zod; the TypeScript types are inferred from it. The JSON format is documented in the README.
 */
import * as z from 'zod';
import { SchemaError } from '../core/errors.js';
import { type SchemaIssue, schemaIssues } from './schema-checks.js';

export type { SchemaIssue, SchemaIssueCode } from './schema-checks.js';

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
    in: z.array(Scalar).min(1).optional(),
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

/**
 * A column computed from others, in one of two forms:
 *  - a named derivation (`derivation`): a category column from its inputs, e.g. ELN 2022 risk
 *    from the genetics;
 *  - a copy (`from`, optional `when`): another number column's value on the rows meeting every
 *    condition, missing on the others — `relapse_days` is `rfs_days` when `relapse = 1`, since
 *    relapse-free survival of a relapsed patient ends at the relapse.
 */
export const DerivedRule = z
  .object({
    type: z.literal('derived'),
    column: z.string().min(1),
    derivation: z.string().min(1).optional(),
    /** The column whose value is copied. */
    from: z.string().min(1).optional(),
    /** The rows the value is copied on (every condition met); elsewhere the column is missing. */
    when: z.array(Condition).min(1).optional(),
    /** Learnt from the data by schema inference (see `infer-derived.ts`), not declared by a person. */
    inferred: z.boolean().optional(),
  })
  .strict()
  .refine((r) => (r.derivation === undefined) !== (r.from === undefined), {
    message:
      'a derived rule needs exactly one of derivation (a named derivation) and from (a column to copy)',
    path: ['derivation'],
  })
  .refine((r) => r.when === undefined || r.from !== undefined, {
    message: 'when belongs to a copy (from); a named derivation reads no conditions',
    path: ['when'],
  });

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

export type SchemaParseResult = { success: true; data: Schema } | { success: false; issues: SchemaIssue[] };

/** Parses and checks a schema, collecting every problem (zod's and the cross-field ones). */
export function safeParseSchema(input: unknown): SchemaParseResult {
  const result = Schema.safeParse(input);
  if (!result.success)
    return { success: false, issues: result.error.issues.map((i) => fromZodIssue(input, i)) };
  const issues = schemaIssues(result.data);
  return issues.length ? { success: false, issues } : { success: true, data: result.data };
}

/** Every problem of a schema; the message is the first, naming its column, and how many more there are. */
export class SchemaIssuesError extends SchemaError {
  readonly issues: readonly SchemaIssue[];
  constructor(file: string | undefined, issues: readonly SchemaIssue[]) {
    const [first] = issues;
    const more =
      issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
    super({ file, column: first.column }, `${first.message}${more}`);
    this.issues = issues;
  }
}

/** Parses and checks a schema; its problems become a SchemaIssuesError naming the file and column. */
export function parseSchema(input: unknown, file?: string): Schema {
  const result = safeParseSchema(input);
  if (!result.success) throw new SchemaIssuesError(file, result.issues);
  return result.data;
}

function fromZodIssue(input: unknown, issue: z.core.$ZodIssue): SchemaIssue {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  const column = columnAt(input, path);
  return {
    code: 'invalid_input',
    path,
    ...(column === undefined ? {} : { column }),
    message: describeIssue(issue, valueAt(input, path)),
  };
}

function valueAt(input: unknown, path: ReadonlyArray<string | number>): unknown {
  let value = input;
  for (const key of path) value = (value as Record<string | number, unknown> | undefined)?.[key];
  return value;
}

/** The column a zod issue concerns: the column entry's name, or the column a rule names there. */
function columnAt(input: unknown, path: ReadonlyArray<string | number>): string | undefined {
  if (typeof path[1] !== 'number') return undefined;
  if (path[0] === 'columns') {
    const name = (valueAt(input, path.slice(0, 2)) as { name?: unknown } | undefined)?.name;
    return typeof name === 'string' ? name : `#${path[1] + 1}`;
  }
  for (let depth = path.length; depth >= 2; depth--) {
    const entry = valueAt(input, path.slice(0, depth)) as Record<string, unknown> | undefined;
    for (const key of ['column', 'left', 'time'])
      if (typeof entry?.[key] === 'string') return entry[key] as string;
  }
  return undefined;
}

function describeIssue(issue: z.core.$ZodIssue, value: unknown): string {
  const at = issue.path.length ? `${issue.path.join('.')}: ` : '';
  if (typeof value === 'number' && !Number.isFinite(value)) return `${at}must be a finite number`;
  if (issue.code === 'invalid_value' && issue.path.at(-1) === 'kind')
    return `${at}unknown kind; expected one of ${COLUMN_KINDS.join(', ')}`;
  if (issue.code === 'invalid_value' && issue.path.at(-1) === 'role')
    return `${at}unknown role; expected one of ${COLUMN_ROLES.join(', ')}`;
  return `${at}${issue.message}`;
}

/** The columns with a given role, in schema order. */
/**
 * The schema with every column allowed to miss: to read a table whose missing cells are the point
 * (imputing them, measuring them, counting what does not read). The schema as given still
 * describes the table wanted.
 */
export function allowingMissing(schema: Schema): Schema {
  return { ...schema, columns: schema.columns.map((c) => ({ ...c, nullable: true })) };
}

export function columnsWithRole(schema: Schema, role: ColumnRole): ColumnSpec[] {
  return schema.columns.filter((c) => c.role === role);
}

export function columnSpec(schema: Schema, name: string): ColumnSpec {
  const spec = schema.columns.find((c) => c.name === name);
  if (!spec) throw new SchemaError({ column: name }, 'the schema does not declare this column');
  return spec;
}
