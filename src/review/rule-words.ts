/**
 * A rule in words a clinician reads, and a stable key for it: proposals, the card and the app's
 * decisions all name a rule the same way.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../core/canonical-json.js';
import { describeCondition } from '../data/rules.js';
import type { Rule } from '../data/schema.js';

/** "relapse_days <= os_days", "os_days <= 42 when response = early_death", "if treatment = non_intensive then hsct = 0". */
export function describeRule(rule: Rule): string {
  if (rule.type === 'implies')
    return `if ${rule.if.map(describeCondition).join(' and ')} then ${describeCondition(rule.then)}`;
  if (rule.type === 'compare') {
    const when = rule.when?.length ? ` when ${rule.when.map(describeCondition).join(' and ')}` : '';
    return `${rule.left} ${rule.op} ${rule.right}${when}`;
  }
  if (rule.from !== undefined) {
    const when = rule.when?.length ? ` when ${rule.when.map(describeCondition).join(' and ')}` : '';
    return `${rule.column} is ${rule.from}${when}`;
  }
  return `${rule.column} is computed by the ${rule.derivation} derivation`;
}

/**
 * The same rule always gets the same key, whatever the order of its JSON keys and whether it was
 * inferred or declared: a proposal equal to a rule the schema already has is the same rule.
 */
export function ruleKey(rule: Rule): string {
  const { inferred: _inferred, ...body } = rule;
  return createHash('sha256').update(canonicalJson(body)).digest('hex').slice(0, 16);
}
