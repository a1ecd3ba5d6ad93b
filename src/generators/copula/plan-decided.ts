/**
 * Columns whose cells the rules decide from another code column's level: "if relapse = 0 then
 * relapse_days is missing", "if response = CR then cr_days is not missing", "if cyto_normal = 1 then
 * cyto_complex = 0". Such a column is modelled only on the rows its decider leaves open (its value
 * and missingness, like a value missing for a reason), and at sampling its decider's level sets the
 * decided cells. A missingness indicator is then needed only where the rules do not decide; when
 * they decide every level, the column has none.
 */
import type { Condition, Rule } from '../../data/schema.js';
import type { Table } from '../../data/table.js';
import type { DecidedColumn, Outcome } from './params.js';

interface Decision {
  readonly column: string;
  readonly by: string;
  /** Outcome by decider level (an index into the decider's levels). */
  readonly outcomes: Map<number, Outcome>;
}

/**
 * One decider per column (the first rule's), no cycles, no contradiction; columns in `excluded`
 * (modelled jointly) are left alone. The result lists each decider before the columns it decides.
 */
export function planDecided(
  table: Table,
  rules: readonly Rule[],
  excluded: ReadonlySet<string>,
): DecidedColumn[] {
  const decisions = new Map<string, Decision>();
  for (const rule of rules) {
    const decided = decidingRule(rule, table);
    if (!decided || excluded.has(decided.column)) continue;
    const { column, by, levels, outcome } = decided;
    const existing = decisions.get(column);
    if (existing && existing.by !== by) continue;
    if (!existing && reaches(decisions, column, by)) continue;
    const entry = existing ?? { column, by, outcomes: new Map<number, Outcome>() };
    if (levels.some((l) => entry.outcomes.has(l) && !sameOutcome(entry.outcomes.get(l)!, outcome))) continue;
    for (const level of levels) entry.outcomes.set(level, outcome);
    decisions.set(column, entry);
  }
  const kept = [...decisions.values()].filter((d) => leavesValues(d, table));
  return inDeciderOrder(kept).map((d) => describe(d, table));
}

/** A rule "if D in {…} then C is (not) missing / C = level" with D a code column. */
function decidingRule(
  rule: Rule,
  table: Table,
): { column: string; by: string; levels: number[]; outcome: Outcome } | undefined {
  if (rule.type !== 'implies' || rule.if.length !== 1) return undefined;
  const [premise, then] = [rule.if[0], rule.then];
  if (premise.missing !== undefined || premise.column === then.column) return undefined;
  if (!table.has(premise.column) || !table.has(then.column)) return undefined;
  const decider = table.column(premise.column);
  if (decider.type !== 'code') return undefined;
  const levels = valuesOf(premise).map((v) => decider.levels.indexOf(String(v)));
  if (levels.some((l) => l < 0)) return undefined;
  const outcome = outcomeOf(then, table);
  return outcome && { column: then.column, by: premise.column, levels, outcome };
}

function outcomeOf(then: Condition, table: Table): Outcome | undefined {
  if (then.missing !== undefined) return { missing: then.missing };
  const column = table.column(then.column);
  const values = valuesOf(then);
  if (column.type !== 'code' || values.length !== 1) return undefined;
  const level = String(values[0]);
  return column.levels.includes(level) ? { equals: level } : undefined;
}

function valuesOf(condition: Condition): Array<string | number> {
  return condition.in ?? (condition.equals === undefined ? [] : [condition.equals]);
}

function sameOutcome(a: Outcome, b: Outcome): boolean {
  return 'missing' in a ? 'missing' in b && a.missing === b.missing : 'equals' in b && a.equals === b.equals;
}

/** Whether `to` is reachable from `from` along decider → column edges (adding to → from would close a cycle). */
function reaches(decisions: ReadonlyMap<string, Decision>, from: string, to: string): boolean {
  if (from === to) return true;
  for (const d of decisions.values()) if (d.by === from && reaches(decisions, d.column, to)) return true;
  return false;
}

/** The column must keep at least one modelled value once the decided cells are masked. */
function leavesValues(decision: Decision, table: Table): boolean {
  const by = table.codes(decision.by).codes;
  const column = table.column(decision.column);
  for (let row = 0; row < table.nRows; row++) {
    const outcome = decision.outcomes.get(by[row]);
    const open = !outcome || ('missing' in outcome && !outcome.missing);
    const present = column.type === 'number' ? !Number.isNaN(column.values[row]) : column.codes[row] >= 0;
    if (open && present) return true;
  }
  return false;
}

function inDeciderOrder(decisions: readonly Decision[]): Decision[] {
  const byColumn = new Map(decisions.map((d) => [d.column, d]));
  const ordered: Decision[] = [];
  const placed = new Set<string>();
  const place = (d: Decision) => {
    if (placed.has(d.column)) return;
    placed.add(d.column);
    const parent = byColumn.get(d.by);
    if (parent) place(parent);
    ordered.push(d);
  };
  decisions.forEach(place);
  return ordered;
}

function describe(decision: Decision, table: Table): DecidedColumn {
  const levels = table.codes(decision.by).levels;
  const groups = new Map<string, { when: string[]; then: Outcome }>();
  for (const [level, outcome] of [...decision.outcomes].sort((a, b) => a[0] - b[0])) {
    const key = JSON.stringify(outcome);
    if (!groups.has(key)) groups.set(key, { when: [], then: outcome });
    groups.get(key)!.when.push(levels[level]);
  }
  return { column: decision.column, by: decision.by, outcomes: [...groups.values()] };
}
