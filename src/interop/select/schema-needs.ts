/**
 * What the schema needs of each column. Some columns are never suggested for dropping, whatever
 * their missingness or redundancy: identifiers, centres, survival times and events, targets, the
 * columns of a survival endpoint, and the inputs a retained derived column is recomputed from (an
 * ELN 2022 risk group without its genetics cannot be derived again). Other rules only lose their
 * meaning with a column; they are named in the reasons so that dropping one is a choice, not a
 * surprise, and removed by `applySelection`.
 */
import { describeCondition } from '../../data/rules.js';
import type { ColumnRole, Rule, Schema } from '../../data/schema.js';
import { describeCopy, isCopyRule } from '../../domain/copy-derivation.js';
import { derivedInputs } from '../../domain/derivations.js';

/** Roles whose columns carry the study's structure rather than a candidate predictor. */
const PROTECTED_ROLES: ReadonlySet<ColumnRole> = new Set(['id', 'centre', 'time', 'event', 'target']);

/** Every column a rule reads or fills. */
export function ruleColumns(rule: Rule): string[] {
  switch (rule.type) {
    case 'compare':
      return [
        rule.left,
        ...(typeof rule.right === 'string' ? [rule.right] : []),
        ...(rule.when ?? []).map((c) => c.column),
      ];
    case 'implies':
      return [...rule.if.map((c) => c.column), rule.then.column];
    case 'derived':
      return [rule.column, ...derivedInputs(rule)];
  }
}

export function describeRule(rule: Rule): string {
  switch (rule.type) {
    case 'compare': {
      const when = rule.when?.length ? ` when ${rule.when.map(describeCondition).join(' and ')}` : '';
      return `${rule.left} ${rule.op} ${rule.right}${when}`;
    }
    case 'implies':
      return `if ${rule.if.map(describeCondition).join(' and ')} then ${describeCondition(rule.then)}`;
    case 'derived':
      return isCopyRule(rule) ? describeCopy(rule) : `${rule.column} derived by ${rule.derivation}`;
  }
}

/** Why the schema needs a column kept, or null when it may go. */
export function protectionOf(schema: Schema, name: string): string | null {
  for (const endpoint of schema.endpoints) {
    if (endpoint.time === name) return `the time of the ${endpoint.name} endpoint`;
    if (endpoint.event === name) return `the event of the ${endpoint.name} endpoint`;
  }
  const spec = schema.columns.find((c) => c.name === name);
  if (spec && PROTECTED_ROLES.has(spec.role)) return `role '${spec.role}'`;
  for (const rule of schema.rules)
    if (rule.type === 'derived' && rule.column !== name && derivedInputs(rule).includes(name))
      return isCopyRule(rule)
        ? `read by the copy that fills '${rule.column}' (${describeCopy(rule)})`
        : `an input of the ${rule.derivation} derivation of '${rule.column}'`;
  return null;
}

/** The rules that name a column (and would be removed with it), described. */
export function rulesNaming(schema: Schema, name: string): string[] {
  return schema.rules.filter((rule) => ruleColumns(rule).includes(name)).map(describeRule);
}
