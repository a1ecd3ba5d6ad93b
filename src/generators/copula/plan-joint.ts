/**
 * Code columns linked by implications ("if cebpa_bi = 1 then cebpa = 1") modelled jointly: one
 * categorical column over the combinations of their levels that occur in training, e.g. (cebpa,
 * cebpa_bi) ∈ {00, 10, 11}. A combination the data never shows gets probability zero, so the
 * deterministic structure is kept exactly. Only small groups are combined (a handful of columns, a
 * few combinations): one latent normal carries a categorical's associations only along one axis,
 * so a large block is better left to `plan-decided.ts`.
 *
 * Decided cells represent an implication just as exactly and keep each column's own latent, so a
 * block is combined only where they would do badly: when a premise leaves two or more levels of its
 * column open ("if response = early_death then os_status = 1"), the decided column's correlation
 * with that column would have to be estimated on a truncated subgroup. A boolean premise
 * ("if cebpa_bi = 1 then cebpa = 1") leaves one level open, and its decided cells suffice.
 */
import type { Condition, Rule } from '../../data/schema.js';
import type { Table } from '../../data/table.js';
import type { JointGroup } from './params.js';

export interface JointLimits {
  readonly jointColumns: number;
  readonly jointCombinations: number;
}

/** An implication between two code columns on their values: what joint modelling can carry. */
function linksCodeColumns(rule: Rule, table: Table): rule is Extract<Rule, { type: 'implies' }> {
  if (rule.type !== 'implies' || rule.if.length !== 1) return false;
  const [premise, conclusion] = [rule.if[0], rule.then];
  return (
    premise.column !== conclusion.column &&
    [premise, conclusion].every((c) => c.missing === undefined && isCode(table, c.column))
  );
}

export function planJoint(table: Table, rules: readonly Rule[], limits: JointLimits): JointGroup[] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    while (parent.get(x) !== x) x = parent.get(x)!;
    return x;
  };
  const partial = new Set<string>();
  const membersOf = (root: string) => [...parent.keys()].filter((x) => find(x) === root);
  // Rule by rule, a link joins two groups only while the union stays within the limits: a rule
  // that would overflow them is left to decided cells and rejection, and the group built so far
  // is kept (rather than the whole block falling back to independent latents).
  for (const rule of rules) {
    if (!linksCodeColumns(rule, table)) continue;
    const [a, b] = [rule.if[0].column, rule.then.column];
    for (const x of [a, b]) if (!parent.has(x)) parent.set(x, x);
    if (find(a) !== find(b)) {
      const union = [...membersOf(find(a)), ...membersOf(find(b))];
      const combinations = observedCombinations(union.map((m) => table.codes(m).codes)).length;
      if (union.length > limits.jointColumns || combinations > limits.jointCombinations) continue;
      parent.set(find(a), find(b));
    }
    if (leavesLevelsOpen(rule.if[0], table)) partial.add(a);
  }
  const components = new Map<string, string[]>();
  for (const name of table.names)
    if (parent.has(name)) components.set(find(name), [...(components.get(find(name)) ?? []), name]);
  const taken = new Set(table.names);
  const groups: JointGroup[] = [];
  for (const members of components.values()) {
    if (members.length < 2 || !members.some((m) => partial.has(m))) continue;
    const combinations = observedCombinations(members.map((m) => table.codes(m).codes));
    let column = members.join('+');
    while (taken.has(column)) column += '_';
    taken.add(column);
    groups.push({
      column,
      members: members.map((name) => ({ name, levels: [...table.codes(name).levels] })),
      combinations,
    });
  }
  return groups;
}

/** The distinct member-code tuples, in lexicographic order (missing, −1, first). */
function observedCombinations(codes: readonly Int32Array[]): number[][] {
  const seen = new Map<string, number[]>();
  const rows = codes[0].length;
  for (let row = 0; row < rows; row++) {
    const tuple = codes.map((c) => c[row]);
    const key = tuple.join(',');
    if (!seen.has(key)) seen.set(key, tuple);
  }
  return [...seen.values()].sort((a, b) => {
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
    return 0;
  });
}

/** Codes of the combined column, row by row (combinations must cover every row's tuple). */
export function combineCodes(group: JointGroup, table: Table): Int32Array {
  const members = group.members.map((m) => table.codes(m.name).codes);
  const index = new Map(group.combinations.map((tuple, k) => [tuple.join(','), k]));
  return Int32Array.from(
    { length: table.nRows },
    (_, row) => index.get(members.map((c) => c[row]).join(','))!,
  );
}

/** A readable level for each combination: "cebpa=1, cebpa_bi=0". */
export function combinationLabels(group: JointGroup): string[] {
  return group.combinations.map((tuple) =>
    tuple
      .map((code, i) => `${group.members[i].name}=${code < 0 ? 'missing' : group.members[i].levels[code]}`)
      .join(', '),
  );
}

/** The combined column's codes whose member `index` meets the condition. */
export function combinationsMeeting(group: JointGroup, index: number, condition: Condition): number[] {
  const levels = group.members[index].levels;
  const wanted = new Set((condition.in ?? [condition.equals]).map((v) => levels.indexOf(String(v))));
  return group.combinations.flatMap((tuple, k) => {
    const code = tuple[index];
    const meets =
      condition.missing !== undefined ? code < 0 === condition.missing : code >= 0 && wanted.has(code);
    return meets ? [k] : [];
  });
}

/** Whether the premise leaves at least two observed levels of its column open. */
function leavesLevelsOpen(premise: Condition, table: Table): boolean {
  const column = table.codes(premise.column);
  const named = new Set((premise.in ?? [premise.equals]).map(String));
  const seen = new Set(column.codes);
  return column.levels.filter((level, code) => seen.has(code) && !named.has(level)).length >= 2;
}

function isCode(table: Table, name: string): boolean {
  return table.has(name) && table.column(name).type === 'code';
}
