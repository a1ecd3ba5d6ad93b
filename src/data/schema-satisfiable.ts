/**
 * Rules that cannot hold on their face: a comparison no value within the columns' min/max can meet
 * (`age > 200` with max 120, `a < b` when a's min is b's max), constant comparisons that together
 * leave a column no value (`age > 50` and `age < 40`), orderings in a cycle with a strict step
 * (`a < b` and `b < a`), and implications with the same premise whose conclusions exclude each
 * other. Only these syntactic cases: rules with `when` conditions are checked one at a time, since
 * their conditions may never meet. Rows missing a value escape a comparison, so a generator could
 * obey such rules by leaving columns empty; a schema that asks for that is still a mistake.
 */
import type { ColumnSpec, Condition, Rule } from './schema.js';
import { describeRule, issue, type SchemaIssue } from './schema-issue.js';

type CompareRule = Extract<Rule, { type: 'compare' }>;
type ImpliesRule = Extract<Rule, { type: 'implies' }>;
type Op = CompareRule['op'];

export interface IndexedRule {
  readonly rule: Rule;
  /** Position in the schema's rules, for the issue's path. */
  readonly index: number;
}

export function satisfiabilityIssues(
  rules: readonly IndexedRule[],
  byName: ReadonlyMap<string, ColumnSpec>,
): SchemaIssue[] {
  const compares = rules.filter((r): r is IndexedRule & { rule: CompareRule } => r.rule.type === 'compare');
  const implies = rules.filter((r): r is IndexedRule & { rule: ImpliesRule } => r.rule.type === 'implies');
  return [
    ...boundIssues(compares, byName),
    ...columnPairIssues(compares, byName),
    ...orderingCycles(compares.filter((r) => !r.rule.when?.length && typeof r.rule.right === 'string')),
    ...impliesConflicts(implies),
  ];
}

/** One end of the set of values a column may take, and what set it. */
interface Bound {
  readonly value: number;
  readonly strict: boolean;
  readonly source: string;
}

interface Interval {
  lo?: Bound;
  hi?: Bound;
}

function declared(spec: ColumnSpec): Interval {
  const value = (b: number | string) => (typeof b === 'number' ? b : Date.parse(b) / 86_400_000);
  return {
    ...(spec.min === undefined
      ? {}
      : { lo: { value: value(spec.min), strict: false, source: `min ${spec.min}` } }),
    ...(spec.max === undefined
      ? {}
      : { hi: { value: value(spec.max), strict: false, source: `max ${spec.max}` } }),
  };
}

/** The interval narrowed by `column op constant`. */
function narrowed(interval: Interval, op: Op, c: number, source: string): Interval {
  const tighterLo = (b: Bound) =>
    !interval.lo || b.value > interval.lo.value || (b.value === interval.lo.value && b.strict);
  const tighterHi = (b: Bound) =>
    !interval.hi || b.value < interval.hi.value || (b.value === interval.hi.value && b.strict);
  const lo: Bound = { value: c, strict: op === '>', source };
  const hi: Bound = { value: c, strict: op === '<', source };
  const out = { ...interval };
  if ((op === '>' || op === '>=' || op === '==') && tighterLo(lo)) out.lo = lo;
  if ((op === '<' || op === '<=' || op === '==') && tighterHi(hi)) out.hi = hi;
  return out;
}

function isEmpty(interval: Interval, integer: boolean): boolean {
  const { lo, hi } = interval;
  if (!lo || !hi) return false;
  if (integer) {
    const first = lo.strict ? Math.floor(lo.value) + 1 : Math.ceil(lo.value);
    const last = hi.strict ? Math.ceil(hi.value) - 1 : Math.floor(hi.value);
    return first > last;
  }
  return lo.value > hi.value || (lo.value === hi.value && (lo.strict || hi.strict));
}

/** Why a narrowed interval is empty: the bound that this rule did not set, or whole numbers. */
function conflict(interval: Interval, rule: string, spec: ColumnSpec): string {
  const other = [interval.lo!, interval.hi!].find((b) => b.source !== rule);
  const whole = isEmpty(interval, false) ? '' : ` (${spec.name} is a whole number)`;
  if (!other) return `: no value meets it${whole}`;
  if (/^(min|max) /.test(other.source))
    return `: ${spec.name}'s ${other.source.replace(' ', ' is ')}${whole}`;
  return ` together with the rule '${other.source}'${whole}`;
}

/**
 * Constant comparisons against the declared bounds: a conditional rule alone, the unconditional
 * ones together (each narrows the column's interval; the one that empties it is reported).
 */
function boundIssues(
  compares: readonly IndexedRule[],
  byName: ReadonlyMap<string, ColumnSpec>,
): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  const running = new Map<string, Interval>();
  for (const { rule, index } of compares) {
    if (rule.type !== 'compare' || typeof rule.right !== 'number') continue;
    const spec = byName.get(rule.left)!;
    const integer = spec.kind === 'integer';
    const conditional = Boolean(rule.when?.length);
    const before = conditional ? declared(spec) : (running.get(spec.name) ?? declared(spec));
    const after = narrowed(before, rule.op, rule.right, describeRule(rule));
    if (isEmpty(after, integer)) {
      issues.push(
        issue(
          'unsatisfiable',
          ['rules', index],
          spec.name,
          `the compare rule '${describeRule(rule)}' can never hold${conflict(after, describeRule(rule), spec)}`,
        ),
      );
      continue;
    }
    if (!conditional) running.set(spec.name, after);
  }
  return issues;
}

/** `a op b` when the declared bounds of a and b make it impossible. */
function columnPairIssues(
  compares: readonly IndexedRule[],
  byName: ReadonlyMap<string, ColumnSpec>,
): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  for (const { rule, index } of compares) {
    if (rule.type !== 'compare' || typeof rule.right !== 'string') continue;
    const a = declared(byName.get(rule.left)!);
    const b = declared(byName.get(rule.right)!);
    const impossible = impossibleOrder(rule.op, a, b, rule.left, rule.right);
    if (impossible)
      issues.push(
        issue(
          'unsatisfiable',
          ['rules', index],
          rule.left,
          `the compare rule '${describeRule(rule)}' can never hold: ${impossible}`,
        ),
      );
  }
  return issues;
}

function impossibleOrder(op: Op, a: Interval, b: Interval, left: string, right: string): string | undefined {
  // a < b needs some value of a below some value of b: impossible when a's least is not below b's greatest.
  if ((op === '<' || op === '<=' || op === '==') && a.lo && b.hi)
    if (a.lo.value > b.hi.value || (op === '<' && a.lo.value === b.hi.value))
      return `${left}'s ${a.lo.source} is not below ${right}'s ${b.hi.source}`;
  if ((op === '>' || op === '>=' || op === '==') && a.hi && b.lo)
    if (a.hi.value < b.lo.value || (op === '>' && a.hi.value === b.lo.value))
      return `${left}'s ${a.hi.source} is not above ${right}'s ${b.lo.source}`;
  return undefined;
}

/** Orderings `a < b`, `b <= c`, `c <= a`: a cycle with a strict step asks for a < a. */
function orderingCycles(compares: readonly IndexedRule[]): SchemaIssue[] {
  interface Edge {
    to: string;
    strict: boolean;
    at: IndexedRule;
  }
  const edges = new Map<string, Edge[]>();
  const add = (from: string, to: string, strict: boolean, at: IndexedRule) =>
    edges.set(from, [...(edges.get(from) ?? []), { to, strict, at }]);
  for (const at of compares) {
    const rule = at.rule as CompareRule;
    const [a, b] = [rule.left, rule.right as string];
    if (rule.op === '<' || rule.op === '<=') add(a, b, rule.op === '<', at);
    else if (rule.op === '>' || rule.op === '>=') add(b, a, rule.op === '>', at);
    else {
      add(a, b, false, at);
      add(b, a, false, at);
    }
  }
  const issues: SchemaIssue[] = [];
  const reported = new Set<number>();
  for (const [from, out] of edges)
    for (const edge of out) {
      if (!edge.strict || reported.has(edge.at.index)) continue;
      const back = pathBetween(edge.to, from, edges);
      if (!back) continue;
      const cycle = [edge.at, ...back];
      for (const r of cycle) reported.add(r.index);
      const rules = [...new Set(cycle.map((r) => `'${describeRule(r.rule)}'`))];
      const last = cycle.at(-1)!;
      issues.push(
        issue(
          'unsatisfiable',
          ['rules', last.index],
          (last.rule as CompareRule).left,
          `the rules ${rules.join(' and ')} cannot all hold: together they put ${from} before itself`,
        ),
      );
    }
  return issues;
}

/** Rules on a path of edges from `from` to `to`, breadth first; undefined when there is none. */
function pathBetween(
  from: string,
  to: string,
  edges: ReadonlyMap<string, ReadonlyArray<{ to: string; at: IndexedRule }>>,
): IndexedRule[] | undefined {
  if (from === to) return [];
  const via = new Map<string, { previous: string; at: IndexedRule }>();
  const queue = [from];
  while (queue.length) {
    const node = queue.shift()!;
    for (const edge of edges.get(node) ?? []) {
      if (edge.to === from || via.has(edge.to)) continue;
      via.set(edge.to, { previous: node, at: edge.at });
      if (edge.to === to) {
        const path: IndexedRule[] = [];
        for (let n = to; n !== from; n = via.get(n)!.previous) path.unshift(via.get(n)!.at);
        return path;
      }
      queue.push(edge.to);
    }
  }
  return undefined;
}

const MISSING = '\u0000missing';

/** The values a condition allows (MISSING for a missing value); `present` = any non-missing value. */
type Allowed = { present: true } | { present: false; values: ReadonlySet<string> };

function allowed(condition: Condition): Allowed {
  if (condition.missing === false) return { present: true };
  if (condition.missing === true) return { present: false, values: new Set([MISSING]) };
  return { present: false, values: new Set((condition.in ?? [condition.equals!]).map(valueKey)) };
}

/** 3 and '3' are one value: tables compare numbers as numbers and categories by label. */
function valueKey(v: string | number): string {
  return typeof v === 'number' || Number.isNaN(Number(v)) ? String(v) : String(Number(v));
}

function intersect(a: Allowed, b: Allowed): Allowed {
  if (a.present)
    return b.present ? a : { present: false, values: new Set([...b.values].filter((v) => v !== MISSING)) };
  if (b.present) return intersect(b, a);
  return { present: false, values: new Set([...a.values].filter((v) => b.values.has(v))) };
}

/** Implications with the same premise (in any order) whose conclusions on one column exclude each other. */
function impliesConflicts(implies: readonly IndexedRule[]): SchemaIssue[] {
  const conclusions = new Map<string, { allowed: Allowed; first: IndexedRule }>();
  const issues: SchemaIssue[] = [];
  for (const at of implies) {
    const rule = at.rule as ImpliesRule;
    const premise = rule.if.map(conditionKey).sort().join(' & ');
    const key = `${premise} ⇒ ${rule.then.column}`;
    const known = conclusions.get(key);
    const next = known ? intersect(known.allowed, allowed(rule.then)) : allowed(rule.then);
    if (!next.present && next.values.size === 0) {
      const message = known
        ? `the rules '${describeRule(known.first.rule)}' and '${describeRule(rule)}' cannot both hold: the same premise asks for different values of ${rule.then.column}`
        : `the rule '${describeRule(rule)}' allows no value of ${rule.then.column}`;
      issues.push(issue('unsatisfiable', ['rules', at.index], rule.then.column, message));
      continue;
    }
    conclusions.set(key, { allowed: next, first: known?.first ?? at });
  }
  return issues;
}

function conditionKey(condition: Condition): string {
  const a = allowed(condition);
  return `${condition.column}:${a.present ? 'present' : [...a.values].sort().join('|')}`;
}
