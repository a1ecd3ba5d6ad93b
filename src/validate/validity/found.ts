/**
 * Checks learnt from the real table: what every real row obeys and a clinician takes for granted.
 *  - orderings and implications from `inferRules` (its candidates and support: a premise of at
 *    least 10 patients, at least 3 breaks expected were the columns independent), without its
 *    false-rule control: validity asks whether the synthetic rows keep what all real rows keep,
 *    and judges a break against chance itself (see `judge.ts`);
 *  - the decimals of numeric columns the schema gives none for (`detectDecimals`).
 * Rules the schema already states (or their contrapositives) are left out, and so is any rule
 * naming a category level fewer than `smallCell` real patients hold. Bounds are never learnt: a
 * real minimum or maximum is one patient's value.
 */
import { detectDecimals } from '../../data/decimals.js';
import { inferRules, RULE_DEFAULTS } from '../../data/infer-rules.js';
import type { Condition, Rule, Schema } from '../../data/schema.js';
import type { Table } from '../../data/table.js';
import { type Check, ruleCheck } from './check.js';
import { decimalsCheck } from './declared.js';

export function foundChecks(real: Table, schema: Schema, smallCell: number): Check[] {
  const known = new Set(schema.rules.flatMap((r) => ruleKeys(real, r)));
  const rules = inferRules(real, schema, { falseRuleRate: 1 }).rules.filter(
    (rule) => !ruleKeys(real, rule).some((k) => known.has(k)) && namesOnlyCommonLevels(real, rule, smallCell),
  );
  return [...rules.map((rule) => ruleCheck(rule, schema, 'data')), ...decimalChecks(real, schema)];
}

function decimalChecks(real: Table, schema: Schema): Check[] {
  return schema.columns.flatMap((spec) => {
    if (spec.kind !== 'numeric' || spec.decimals !== undefined || !real.has(spec.name)) return [];
    const values = real.numbers(spec.name);
    const present = values.reduce((n, v) => (Number.isNaN(v) ? n : n + 1), 0);
    if (present < RULE_DEFAULTS.minSupport) return [];
    const decimals = detectDecimals(values);
    return decimals === null ? [] : [decimalsCheck(spec.name, decimals, 'data')];
  });
}

/** Whether every level a rule names is held by at least `smallCell` real rows. */
function namesOnlyCommonLevels(real: Table, rule: Rule, smallCell: number): boolean {
  if (rule.type !== 'implies') return true;
  return [...rule.if, rule.then].every((c) => {
    const column = real.column(c.column);
    if (c.missing !== undefined || column.type !== 'code') return true;
    const counts = new Int32Array(column.levels.length);
    for (const code of column.codes) if (code >= 0) counts[code]++;
    return (c.in ?? [c.equals]).every(
      (level) => (counts[column.levels.indexOf(String(level))] ?? 0) >= smallCell,
    );
  });
}

// ——— one key for a rule, its contrapositive and its other spellings ———

const MISSING = '\u0000missing';
const PRESENT = '\u0000present';

/**
 * Keys under which a rule is "the same rule": an ordering by its two columns in order (`a < b`,
 * `a <= b` and `b >= a` alike); an implication `A ∈ P → B ∈ S` and its contrapositive
 * `B ∉ S → A ∉ P`, with sets over the levels the real table shows (and its missing state).
 */
function ruleKeys(real: Table, rule: Rule): string[] {
  // A column is derived once: a found copy of a column the schema already derives is the same rule.
  if (rule.type === 'derived') return [`derived:${rule.column}`];
  if (rule.type === 'compare') {
    if (rule.when?.length || typeof rule.right !== 'string' || rule.op === '==') return [];
    const [low, high] = rule.op.startsWith('<') ? [rule.left, rule.right] : [rule.right, rule.left];
    return [`order:${low}<${high}`];
  }
  if (rule.if.length !== 1) return [];
  const premise = valueSet(real, rule.if[0]);
  const conclusion = valueSet(real, rule.then);
  if (!premise || !conclusion) return [];
  const key = (a: ValueSet, b: ValueSet) =>
    `${a.column}∈${[...a.values].sort().join('|')}→${b.column}∈${[...b.values].sort().join('|')}`;
  return [key(premise, conclusion), key(complement(conclusion), complement(premise))];
}

interface ValueSet {
  column: string;
  values: Set<string>;
  /** Everything the column can be in the real table: its levels held by a row, and missing if some row is. */
  domain: string[];
}

function valueSet(real: Table, condition: Condition): ValueSet | undefined {
  if (!real.has(condition.column)) return undefined;
  const column = real.column(condition.column);
  let domain: string[];
  if (column.type === 'code') {
    const held = new Set<number>();
    for (const code of column.codes) held.add(code);
    domain = column.levels.filter((_, k) => held.has(k));
    if (held.has(-1)) domain.push(MISSING);
  } else {
    if (condition.missing === undefined) return undefined;
    domain = [PRESENT, MISSING];
  }
  const values =
    condition.missing === true
      ? [MISSING]
      : condition.missing === false
        ? domain.filter((v) => v !== MISSING)
        : (condition.in ?? [condition.equals]).map(String).filter((v) => domain.includes(v));
  return { column: condition.column, values: new Set(values), domain };
}

function complement(set: ValueSet): ValueSet {
  return { ...set, values: new Set(set.domain.filter((v) => !set.values.has(v))) };
}
