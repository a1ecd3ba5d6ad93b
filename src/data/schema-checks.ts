/**
 * What zod cannot check in a schema, as data: names unique, bounds ordered, every rule naming
 * columns that exist and of a kind it can use, condition values among the declared categories,
 * derived columns that are outputs of a known derivation or copies of a number column of the same
 * kind (never one of their inputs, never in a cycle). Whether the rules can hold together is `schema-satisfiable.ts`. Every problem is
 * collected, each with the column it concerns, so a user fixes them in one pass.
 *
 * The one import from the domain layer: a schema names a derivation, and only the domain knows
 * what it reads and yields. It takes the signatures alone (`schemaIssues` accepts others).
 */
import { DERIVATIONS, type DerivationSignature } from '../domain/derivations.js';
import type { ColumnSpec, Condition, Rule, Schema } from './schema.js';
import { describeRule, isOrdered, issue, type Path, type SchemaIssue } from './schema-issue.js';
import { satisfiabilityIssues } from './schema-satisfiable.js';

export type { SchemaIssue, SchemaIssueCode } from './schema-issue.js';

/** Every cross-field problem of a schema zod has accepted; empty when it is consistent. */
export function schemaIssues(
  schema: Schema,
  derivations: readonly DerivationSignature[] = DERIVATIONS,
): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  const byName = new Map<string, ColumnSpec>();
  schema.columns.forEach((column, i) => {
    if (byName.has(column.name))
      issues.push(issue('duplicate_column', ['columns', i], column.name, 'column is declared twice'));
    else byName.set(column.name, column);
    const problem = columnProblem(column);
    if (problem) issues.push(issue('invalid_column', ['columns', i], column.name, problem));
  });
  schema.endpoints.forEach((endpoint, i) => {
    issues.push(...endpointIssues(endpoint, ['endpoints', i], byName));
  });
  schema.rules.forEach((rule, i) => {
    issues.push(...ruleIssues(rule, ['rules', i], byName, derivations));
  });
  issues.push(...derivedCycles(schema, derivations));
  // Satisfiability reasons about kinds and names, so it runs only on rules that passed the above.
  const clean = schema.rules.flatMap((rule, i) =>
    issues.some((x) => x.path[0] === 'rules' && x.path[1] === i) ? [] : [{ rule, index: i }],
  );
  if (!issues.some((x) => x.path[0] === 'columns')) issues.push(...satisfiabilityIssues(clean, byName));
  return issues;
}

function columnProblem(column: ColumnSpec): string | undefined {
  if (!isOrdered(column) && (column.min !== undefined || column.max !== undefined))
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

function endpointIssues(
  endpoint: Schema['endpoints'][number],
  path: Path,
  byName: ReadonlyMap<string, ColumnSpec>,
): SchemaIssue[] {
  const what = `endpoint '${endpoint.name}'`;
  const issues = [
    ...unknown(endpoint.time, [...path, 'time'], what, byName),
    ...unknown(endpoint.event, [...path, 'event'], what, byName),
  ];
  const time = byName.get(endpoint.time);
  if (time && time.kind !== 'numeric' && time.kind !== 'integer')
    issues.push(
      issue(
        'incompatible_kind',
        [...path, 'time'],
        time.name,
        `${what} needs a numeric time column (a duration such as days), not ${time.kind}`,
      ),
    );
  return issues;
}

function unknown(name: string, path: Path, what: string, byName: ReadonlyMap<string, ColumnSpec>) {
  return byName.has(name)
    ? []
    : [issue('unknown_column', path, name, `${what} names a column the schema does not declare`)];
}

function ruleIssues(
  rule: Rule,
  path: Path,
  byName: ReadonlyMap<string, ColumnSpec>,
  derivations: readonly DerivationSignature[],
): SchemaIssue[] {
  const what = `the ${rule.type} rule '${describeRule(rule)}'`;
  if (rule.type === 'derived') return derivedIssues(rule, path, what, byName, derivations);
  const conditions: Array<[Condition, Path]> =
    rule.type === 'implies'
      ? [
          ...rule.if.map((c, i) => [c, [...path, 'if', i]] as [Condition, Path]),
          [rule.then, [...path, 'then']],
        ]
      : (rule.when ?? []).map((c, i) => [c, [...path, 'when', i]]);
  const issues = conditions.flatMap(([c, at]) => conditionIssues(c, at, what, byName));
  if (rule.type === 'compare') issues.unshift(...compareIssues(rule, path, what, byName));
  return issues;
}

function compareIssues(
  rule: Extract<Rule, { type: 'compare' }>,
  path: Path,
  what: string,
  byName: ReadonlyMap<string, ColumnSpec>,
): SchemaIssue[] {
  const sides: Array<[string, Path]> = [[rule.left, [...path, 'left']]];
  if (typeof rule.right === 'string') sides.push([rule.right, [...path, 'right']]);
  const missing = sides.flatMap(([name, at]) => unknown(name, at, what, byName));
  if (missing.length) return missing;
  const issues: SchemaIssue[] = [];
  for (const [name, at] of sides) {
    const spec = byName.get(name)!;
    if (!isOrdered(spec))
      issues.push(
        issue(
          'incompatible_kind',
          at,
          name,
          `${what} orders values, but ${name} is ${spec.kind}; compare numeric, integer or date columns (conditions on categories go in "when" or an implies rule)`,
        ),
      );
  }
  if (issues.length) return issues;
  const left = byName.get(rule.left)!;
  if (typeof rule.right === 'number') {
    if (left.kind === 'date')
      issues.push(
        issue(
          'incompatible_kind',
          [...path, 'right'],
          left.name,
          `${what} compares a date with the number ${rule.right}; bound a date column with min/max (ISO dates) or compare it with another date column`,
        ),
      );
    return issues;
  }
  const right = byName.get(rule.right)!;
  if (right.name === left.name)
    issues.push(
      issue('self_comparison', [...path, 'right'], left.name, `${what} compares the column with itself`),
    );
  else if ((left.kind === 'date') !== (right.kind === 'date'))
    issues.push(
      issue(
        'incompatible_kind',
        [...path, 'right'],
        right.name,
        `${what} compares ${left.name} (${left.kind}) with ${right.name} (${right.kind}); a date can only be compared with a date`,
      ),
    );
  return issues;
}

/** A condition's column exists, and its values are ones the column can hold. */
function conditionIssues(
  condition: Condition,
  path: Path,
  what: string,
  byName: ReadonlyMap<string, ColumnSpec>,
): SchemaIssue[] {
  const spec = byName.get(condition.column);
  if (!spec) return unknown(condition.column, [...path, 'column'], what, byName);
  if (condition.missing === true && !spec.nullable)
    return [
      issue(
        'unsatisfiable',
        [...path, 'missing'],
        spec.name,
        `${what} tests for a missing value, but the column is declared never missing (nullable: false)`,
      ),
    ];
  if (condition.missing !== undefined) return [];
  const values = condition.in ?? [condition.equals!];
  const at = [...path, condition.in ? 'in' : 'equals'];
  if (spec.kind === 'date')
    return [
      issue(
        'incompatible_kind',
        at,
        spec.name,
        `${what} tests a date column for a value; a condition on a date can only test "missing" (order dates with a compare rule)`,
      ),
    ];
  if (isOrdered(spec)) {
    const notNumber = values.find((v) => typeof v !== 'number' && !Number.isFinite(Number(v)));
    return notNumber === undefined
      ? []
      : [
          issue(
            'incompatible_kind',
            at,
            spec.name,
            `${what} tests for '${notNumber}', but ${spec.name} is ${spec.kind}: its values are numbers`,
          ),
        ];
  }
  const categories = spec.categories;
  const unknownValue = categories && values.find((v) => !categories.includes(String(v)));
  return unknownValue === undefined || !categories
    ? []
    : [
        issue(
          'unknown_value',
          at,
          spec.name,
          `${what} tests for '${unknownValue}', which is not one of the column's categories (${categories.map((c) => `'${c}'`).join(', ')})`,
        ),
      ];
}

function derivedIssues(
  rule: Extract<Rule, { type: 'derived' }>,
  path: Path,
  what: string,
  byName: ReadonlyMap<string, ColumnSpec>,
  derivations: readonly DerivationSignature[],
): SchemaIssue[] {
  const missing = unknown(rule.column, [...path, 'column'], what, byName);
  if (rule.from !== undefined) return copyIssues({ ...rule, from: rule.from }, path, what, byName, missing);
  const derivation = derivations.find((d) => d.name === rule.derivation);
  if (!derivation)
    return [
      ...missing,
      issue(
        'unknown_derivation',
        [...path, 'derivation'],
        rule.column,
        `unknown derivation '${rule.derivation}'; known: ${derivations.map((d) => d.name).join(', ')}`,
      ),
    ];
  if (missing.length) return missing;
  const spec = byName.get(rule.column)!;
  if (derivation.inputs.includes(rule.column))
    return [
      issue(
        'derived_input',
        [...path, 'column'],
        rule.column,
        `${what} would overwrite an input of the ${derivation.name} derivation with its result; name the column that holds the result (categories ${derivation.levels.join(', ')})`,
      ),
    ];
  const issues: SchemaIssue[] = [];
  const levels = new Set(derivation.levels);
  const categories = spec.categories;
  if (spec.kind !== 'categorical')
    issues.push(
      issue(
        'incompatible_kind',
        [...path, 'column'],
        rule.column,
        `${what} fills the column with ${derivation.levels.join(', ')}, so it must be categorical, not ${spec.kind}`,
      ),
    );
  else if (categories && (categories.length !== levels.size || categories.some((c) => !levels.has(c))))
    issues.push(
      issue(
        'unknown_value',
        [...path, 'column'],
        rule.column,
        `${what} fills the column with ${derivation.levels.join(', ')}, but its categories are ${categories.join(', ')}`,
      ),
    );
  for (const input of derivation.inputs) {
    const inputSpec = byName.get(input);
    if (!inputSpec)
      issues.push(
        issue(
          'unknown_column',
          [...path, 'derivation'],
          input,
          `the ${derivation.name} derivation of column '${rule.column}' reads this column, which the schema does not declare`,
        ),
      );
    else if (inputSpec.kind !== derivation.inputKind)
      issues.push(
        issue(
          'incompatible_kind',
          [...path, 'derivation'],
          input,
          `the ${derivation.name} derivation of column '${rule.column}' reads this column as a ${derivation.inputKind} flag, but it is declared ${inputSpec.kind}`,
        ),
      );
  }
  return issues;
}

/**
 * A copy (`from`, `when`) fills a number column with another of the same kind — a date with a
 * date, a time with a time — never with itself; its conditions are checked as any rule's.
 */
function copyIssues(
  rule: Extract<Rule, { type: 'derived' }> & { from: string },
  path: Path,
  what: string,
  byName: ReadonlyMap<string, ColumnSpec>,
  missing: SchemaIssue[],
): SchemaIssue[] {
  const issues = [
    ...missing,
    ...unknown(rule.from, [...path, 'from'], what, byName),
    ...(rule.when ?? []).flatMap((c, i) => conditionIssues(c, [...path, 'when', i], what, byName)),
  ];
  const [target, source] = [byName.get(rule.column), byName.get(rule.from)];
  if (!target || !source) return issues;
  if (target.name === source.name)
    return [
      ...issues,
      issue('derived_input', [...path, 'from'], target.name, `${what} copies the column onto itself`),
    ];
  if (!isOrdered(target) || !isOrdered(source))
    issues.push(
      issue(
        'incompatible_kind',
        [...path, isOrdered(target) ? 'from' : 'column'],
        isOrdered(target) ? source.name : target.name,
        `${what} copies numbers, dates or times, so both columns must be numeric, integer or date, not ${isOrdered(target) ? source.kind : target.kind}`,
      ),
    );
  else if (
    (target.kind === 'date') !== (source.kind === 'date') ||
    (target.kind === 'integer' && source.kind === 'numeric')
  )
    issues.push(
      issue(
        'incompatible_kind',
        [...path, 'from'],
        source.name,
        `${what} copies ${source.name} (${source.kind}) into ${target.name} (${target.kind}); declare both the same kind`,
      ),
    );
  return issues;
}

/** A column derived twice, or derived columns that (through their inputs) derive each other. */
function derivedCycles(schema: Schema, derivations: readonly DerivationSignature[]): SchemaIssue[] {
  const inputsOf = new Map<string, readonly string[]>();
  const issues: SchemaIssue[] = [];
  schema.rules.forEach((rule, i) => {
    if (rule.type !== 'derived') return;
    if (inputsOf.has(rule.column))
      issues.push(issue('derived_cycle', ['rules', i, 'column'], rule.column, 'the column is derived twice'));
    inputsOf.set(
      rule.column,
      rule.from !== undefined
        ? [rule.from, ...(rule.when ?? []).map((c) => c.column)]
        : (derivations.find((d) => d.name === rule.derivation)?.inputs ?? []),
    );
  });
  const reported = new Set<string>();
  for (const start of inputsOf.keys()) {
    const cycle = cycleThrough(start, inputsOf);
    // A column among its own derivation's inputs is reported as such (derived_input).
    if (!cycle || cycle.length < 2 || cycle.some((c) => reported.has(c))) continue;
    for (const c of cycle) reported.add(c);
    const at = schema.rules.findIndex((r) => r.type === 'derived' && r.column === start);
    issues.push(
      issue(
        'derived_cycle',
        ['rules', at, 'column'],
        start,
        `derived columns depend on each other in a cycle (${[...cycle, start].join(' ← ')}); one of them must be data`,
      ),
    );
  }
  return issues;
}

/** The derived columns on a path from `start` back to itself, or undefined. */
function cycleThrough(start: string, inputsOf: ReadonlyMap<string, readonly string[]>): string[] | undefined {
  const seen = new Set<string>();
  const walk = (column: string, path: string[]): string[] | undefined => {
    for (const input of inputsOf.get(column) ?? []) {
      if (input === start) return path;
      if (!inputsOf.has(input) || seen.has(input)) continue;
      seen.add(input);
      const found = walk(input, [...path, input]);
      if (found) return found;
    }
    return undefined;
  };
  return walk(start, [start]);
}
