/**
 * A rule as validity checks it: its words, and, against one table, which rows it applies to and
 * which of those break it. Compare and implies rules are evaluated by the very predicates the
 * generators reject rows with (`data/rules.ts`), so validity counts what sampling would refuse.
 */
import { compileChecks, conditionPredicate, describeCondition, ruleColumns } from '../../data/rules.js';
import type { Condition, Rule, Schema } from '../../data/schema.js';
import { isMissing, type Table } from '../../data/table.js';
import { describeCopy, isCopyRule } from '../../domain/copy-derivation.js';
import { applyDerivations, DERIVATIONS, derivedInputs } from '../../domain/derivations.js';
import type { RuleKind, RuleSource } from './types.js';

export interface RowTest {
  applies(row: number): boolean;
  /** Only asked of rows the rule applies to. */
  breaks(row: number): boolean;
}

export interface Check {
  readonly rule: string;
  readonly kind: RuleKind;
  readonly source: RuleSource;
  readonly columns: readonly string[];
  /** Other columns the check reads (a derivation's inputs): a table without one cannot be checked. */
  readonly inputs?: readonly string[];
  compile(table: Table): RowTest;
}

/** A compare, implies or derived rule of the schema (or found in the data) as a check. */
export function ruleCheck(rule: Rule, schema: Schema, source: RuleSource): Check {
  if (rule.type === 'derived')
    return {
      rule: ruleText(rule),
      kind: 'derived',
      source,
      columns: [rule.column],
      inputs: derivedInputs(rule),
      compile: (table) => derivedTest(table, schema, rule),
    };
  const only: Schema = { ...schema, columns: [], rules: [rule] };
  return {
    rule: ruleText(rule),
    kind: rule.type,
    source,
    columns: ruleColumns(rule),
    compile: (table) => {
      const [check] = compileChecks(table, only);
      const applies = appliesTest(table, rule);
      return { applies, breaks: (row) => check.violatedAt(row) };
    },
  };
}

/**
 * The rows a rule speaks about: an implication its premise's rows; a comparison the rows with
 * both sides present (a missing side cannot break it) that meet its `when` conditions.
 */
function appliesTest(table: Table, rule: Exclude<Rule, { type: 'derived' }>): (row: number) => boolean {
  if (rule.type === 'implies') {
    const premises = rule.if.map((c) => conditionPredicate(table, c));
    return (row) => premises.every((p) => p(row));
  }
  const guards = (rule.when ?? []).map((c) => conditionPredicate(table, c));
  const left = table.column(rule.left);
  const right = typeof rule.right === 'string' ? table.column(rule.right) : undefined;
  return (row) => !isMissing(left, row) && !(right && isMissing(right, row)) && guards.every((g) => g(row));
}

/**
 * Every row: the stored value (or its absence) must be what the derivation gives. For a copy that
 * is the identity itself: a relapsed patient whose relapse time is not his RFS time breaks it, and
 * so does a relapse time on a patient who did not relapse.
 */
function derivedTest(table: Table, schema: Schema, rule: Extract<Rule, { type: 'derived' }>): RowTest {
  const stored = table.column(rule.column);
  const recomputed = applyDerivations(table, { ...schema, rules: [rule] }).column(rule.column);
  const label = (column: typeof stored, row: number) => {
    if (isMissing(column, row)) return undefined;
    return column.type === 'code' ? column.levels[column.codes[row]] : String(column.values[row]);
  };
  return { applies: () => true, breaks: (row) => label(stored, row) !== label(recomputed, row) };
}

export function ruleText(rule: Rule): string {
  if (isCopyRule(rule)) return describeCopy(rule);
  if (rule.type === 'derived') {
    const inputs = DERIVATIONS.find((d) => d.name === rule.derivation)?.inputs.length ?? 0;
    return `${rule.column} = ${rule.derivation} derivation of its ${inputs} inputs`;
  }
  if (rule.type === 'implies')
    return `${rule.if.map(conditionText).join(' and ')} → ${conditionText(rule.then)}`;
  const when = rule.when?.length ? ` when ${rule.when.map(conditionText).join(' and ')}` : '';
  return `${rule.left} ${rule.op} ${rule.right}${when}`;
}

/** `relapse_days missing`, `response = CR`, `eln2022 in {favourable, adverse}`. */
function conditionText(condition: Condition): string {
  return describeCondition(condition).replace(/ is (not )?missing$/, (_, not) => ` ${not ?? ''}missing`);
}
