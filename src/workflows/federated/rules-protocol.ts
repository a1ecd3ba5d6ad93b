/**
 * `rulesProtocol`: the rules every real patient obeys (copies, orderings of times, missing-when,
 * implications), inferred across sites as `synthcohort schema` infers them from one table, so that
 * a generator fitted with the completed schema enforces them (docs/federation/federated-rules.md).
 *
 *   rule-counts  site: conform to the job's schema → ruleCounts (src/data/rule-counts.ts): a dense
 *                      integer vector laid out by the schema alone, additive across sites
 *                hub:  decode the sum → rulesFromCounts → the schema with the found rules added
 *
 * The hub learns the pooled counts only — pooled 2-way tables of the discrete columns, counts of
 * rows missing per level, of ordered pairs of times, and sums of the times rounded to whole units:
 * the same kind of pooled counts the copula's moments phase releases. The result names each rule
 * with its pooled support (at least `minSupport` rows). Two sites at least: over one, the sum would
 * be that site's own counts.
 */
import * as z from 'zod';
import { DataError, UsageError } from '../../core/errors.js';
import { rulesFromCounts } from '../../data/infer-rules.js';
import { ruleCounts, ruleCountsLayout } from '../../data/rule-counts.js';
import { type Rule, Schema } from '../../data/schema.js';
import { decodeIntegers, encodeIntegers, type IntegerCodec } from '../../federation/secagg/encoding.js';
import { conformToJob } from './conform-site.js';
import type { FederatedProtocol, PhasePlan } from './protocol.js';

export const RULES_PROTOCOL = 'rules';
/** Fewer sites and the pooled counts are one site's own. */
export const MIN_RULES_SITES = 2;

export const RuleThresholds = z
  .object({
    minSupport: z.number().int().min(1).optional(),
    minExpectedBreaks: z.number().min(0).finite().optional(),
    falseRuleRate: z.number().gt(0).finite().optional(),
  })
  .strict();

/** The coordinator's request: the consortium schema and the thresholds of rule inference. */
export const RulesJobParameters = z.object({ schema: Schema, options: RuleThresholds.optional() }).strict();
export type RulesJobParameters = z.infer<typeof RulesJobParameters>;

const CountsInput = z
  .object({ bound: z.number().int().min(1), contributors: z.number().int().min(1) })
  .strict();

export interface RulesJobResult extends Record<string, unknown> {
  /** The job's schema with the found rules added (each marked inferred; declared ones not repeated). */
  readonly schema: Schema;
  /** The rules found, declared ones included when found again (they are not added twice). */
  readonly rules: readonly Rule[];
  /** One line per rule found: what holds and on how many of the pooled rows. */
  readonly notes: readonly string[];
  /** Rows of the sites together. */
  readonly rows: number;
  readonly sites: readonly string[];
}

export const rulesProtocol: FederatedProtocol<RulesJobParameters, RulesJobResult> = {
  name: RULES_PROTOCOL,
  parameters: RulesJobParameters,
  firstPhase(parameters, sites) {
    if (sites.length < MIN_RULES_SITES)
      throw new UsageError(
        `rule inference across sites needs at least ${MIN_RULES_SITES} sites, got ${sites.length}: the pooled counts would be one site's own`,
        'nodes',
      );
    return {
      name: 'rule-counts',
      kind: 'secure-sum',
      input: codecFor(sites.length),
      length: ruleCountsLayout(parameters.schema).length,
    };
  },
  next(parameters, phases) {
    const [counted] = phases;
    if (counted?.result.kind !== 'secure-sum')
      throw new DataError({}, "the rules job's phase must be the 'rule-counts' secure sum");
    const { included, sum } = counted.result;
    if (included.length < MIN_RULES_SITES)
      throw new DataError(
        {},
        `the pooled rule counts hold ${included.length} site; rules need at least ${MIN_RULES_SITES}`,
      );
    const counts = decodeIntegers(sum, parseInput(counted.plan));
    const found = rulesFromCounts(counts, parameters.schema, parameters.options ?? {});
    return {
      result: {
        schema: withRules(parameters.schema, found.rules),
        rules: found.rules,
        notes: found.notes,
        rows: counts[0],
        sites: [...included],
      },
    };
  },
  answer(parameters, plan, site) {
    if (plan.name !== 'rule-counts')
      throw new DataError({}, `the rules protocol has no phase '${plan.name}'`);
    const codec = parseInput(plan);
    const columns = parameters.schema.columns.filter((c) => c.role !== 'id').map((c) => c.name);
    const table = conformToJob(site.table, parameters.schema, columns);
    return encodeIntegers(ruleCounts(table, parameters.schema), codec);
  },
};

/** Every entry within 2^53 / n, so the sum of n sites decodes exactly (counts, and sums of squared times). */
function codecFor(contributors: number): IntegerCodec {
  return { bound: Math.floor(Number.MAX_SAFE_INTEGER / contributors), contributors };
}

function parseInput(plan: PhasePlan): IntegerCodec {
  const parsed = CountsInput.safeParse(plan.input);
  if (!parsed.success)
    throw new DataError(
      {},
      `the input of phase '${plan.name}' is not what the rules protocol sends: ${parsed.error.issues[0].message}`,
    );
  return parsed.data;
}

/** The schema with the found rules after its own, a rule it already states (inferred or not) left out. */
export function withRules(schema: Schema, found: readonly Rule[]): Schema {
  const stated = new Set(schema.rules.map(ruleKey));
  const added = found.filter((rule) => !stated.has(ruleKey(rule)));
  return { ...schema, rules: [...schema.rules, ...added] };
}

/** A rule's content, whoever stated it: key order and the `inferred` mark do not count. */
function ruleKey(rule: Rule): string {
  const { inferred: _inferred, ...content } = rule as Rule & { inferred?: boolean };
  return stable(content);
}

function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}
