/**
 * Feedback into generation (issue 12): from the findings, schema rules a coordinator can accept,
 * each with the records that motivated it. A candidate (`proposal-candidates.ts`) is kept only if
 * at least one not-realistic record breaks it and no record reviewers found realistic does; rules
 * the schema already has are not proposed again. Breaking is counted with `compileChecks`, the
 * predicates the sampler rejects rows with, so "what accepting would remove" is what it removes.
 */
import { compileChecks } from '../data/rules.js';
import type { Rule, Schema } from '../data/schema.js';
import type { Table } from '../data/table.js';
import { type Candidate, candidates } from './proposal-candidates.js';
import { describeRule, ruleKey } from './rule-words.js';
import { groupByRecord, recordStatus } from './summary.js';
import type { Finding, RuleProposal } from './types.js';

export interface ProposalInput {
  synthetic: Table;
  schema: Schema;
  /** The current findings, one per (record, reviewer). */
  findings: readonly Finding[];
  /** The coordinator's decisions so far, by proposal key. */
  decisions: ReadonlyMap<string, 'accepted' | 'rejected'>;
}

/** Enough for a coordinator to read through in one sitting. */
export const MAX_PROPOSALS = 20;

export function proposeRules(input: ProposalInput): RuleProposal[] {
  const { synthetic: table, schema } = input;
  const flagged = new Map<number, Finding[]>();
  const realistic = new Set<number>();
  for (const [record, findings] of groupByRecord(input.findings)) {
    if (record >= table.nRows) continue;
    if (recordStatus(findings) === 'realistic') realistic.add(record);
    else
      flagged.set(
        record,
        findings.filter((f) => f.status === 'not-realistic'),
      );
  }
  const timeColumns = schema.columns.filter((c) => c.role === 'time' || c.kind === 'date').map((c) => c.name);
  const existing = new Set(schema.rules.map(ruleKey));
  const seen = new Set<string>();
  const proposals: RuleProposal[] = [];
  for (const candidate of candidates({ table, flagged, realistic, timeColumns })) {
    const key = ruleKey(candidate.rule);
    if (existing.has(key) || seen.has(key)) continue;
    seen.add(key);
    const proposal = evaluate(candidate, key, table, schema, flagged, realistic);
    if (proposal) proposals.push({ ...proposal, decision: input.decisions.get(key) ?? 'pending' });
  }
  return proposals
    .sort(
      (a, b) =>
        b.motivatingRecords.length - a.motivatingRecords.length ||
        a.cohortBreaking - b.cohortBreaking ||
        a.description.localeCompare(b.description),
    )
    .slice(0, MAX_PROPOSALS);
}

function evaluate(
  candidate: Candidate,
  key: string,
  table: Table,
  schema: Schema,
  flagged: ReadonlyMap<number, unknown>,
  realistic: ReadonlySet<number>,
): Omit<RuleProposal, 'decision'> | null {
  const rows = breakingRows(table, schema, candidate.rule);
  const motivatingRecords = rows.filter((r) => flagged.has(r));
  const realisticBreaking = rows.filter((r) => realistic.has(r)).length;
  if (motivatingRecords.length === 0 || realisticBreaking > 0) return null;
  return {
    key,
    rule: candidate.rule,
    description: describeRule(candidate.rule),
    kind: candidate.kind,
    motivatingRecords,
    realisticBreaking,
    cohortBreaking: rows.length,
  };
}

/** The rows breaking one rule, by the sampler's own predicate (a one-rule schema, no bounds). */
export function breakingRows(table: Table, schema: Schema, rule: Rule): number[] {
  const [check] = compileChecks(table, { ...schema, columns: [], rules: [rule] });
  const rows: number[] = [];
  if (!check) return rows;
  for (let row = 0; row < table.nRows; row++) if (check.violatedAt(row)) rows.push(row);
  return rows;
}
