/**
 * Workloads: the marginals an analyst will look at, each with a weight (AIM optimises the weighted
 * L1 error over them). The default clinical workload is built from the schema alone (public
 * knowledge), never from the data:
 *
 * | queries | weight | why |
 * |---|---|---|
 * | every pair of modelled columns | 1 | private-pgm's default workload (all 2-way marginals) |
 * | each column × the centre column | 2 | centre effects are what a pooled analysis adjusts for |
 * | each pair of mutation-role columns | 2 | co-mutation structure (the genomic fidelity score) |
 * | risk group × treatment | 4 | the first table of every AML paper |
 * | each survival endpoint's time × event × each main risk factor | 4 | Kaplan–Meier curves by risk group, treatment, age |
 *
 * A query listed twice keeps its largest weight. The main risk factors default to the modelled
 * columns called like a risk classification (`eln…`, `…risk…`), `treatment` and `age`; pass
 * `riskFactors` to name others. The weights are relative: AIM's selection only compares them.
 */
import type { Schema } from '../../data/schema.js';
import type { Domain } from '../measure/domain.js';

export interface WorkloadQuery {
  /** Attribute names of one marginal. */
  readonly query: readonly string[];
  readonly weight: number;
}

export type Workload = readonly WorkloadQuery[];

export interface ClinicalWorkloadOptions {
  /** Columns to cross with each survival endpoint (default: risk classification, treatment, age). */
  readonly riskFactors?: readonly string[];
}

export const WORKLOAD_WEIGHTS = {
  pair: 1,
  centre: 2,
  mutationPair: 2,
  riskByTreatment: 4,
  endpointByRisk: 4,
} as const;

/** Every pair of the domain's attributes at weight 1 (private-pgm's default workload). */
export function allPairs(domain: Domain, weight = 1): WorkloadQuery[] {
  const names = domain.attributes.map((a) => a.name);
  return names.flatMap((a, i) => names.slice(i + 1).map((b) => ({ query: [a, b], weight })));
}

export function clinicalWorkload(
  schema: Schema,
  domain: Domain,
  options: ClinicalWorkloadOptions = {},
): Workload {
  const modelled = new Set(domain.attributes.map((a) => a.name));
  const columns = schema.columns.filter((c) => modelled.has(c.name));
  const ofRole = (role: string) => columns.filter((c) => c.role === role).map((c) => c.name);
  const riskGroups = columns.map((c) => c.name).filter((n) => /^eln|risk/i.test(n));
  const treatments = columns.map((c) => c.name).filter((n) => /^treatment$/i.test(n));
  const riskFactors = (options.riskFactors ?? [...riskGroups, ...treatments, 'age']).filter((n) =>
    modelled.has(n),
  );
  const queries: WorkloadQuery[] = [...allPairs(domain, WORKLOAD_WEIGHTS.pair)];
  for (const centre of ofRole('centre'))
    for (const other of modelled)
      if (other !== centre) queries.push({ query: [other, centre], weight: WORKLOAD_WEIGHTS.centre });
  const mutations = ofRole('mutation');
  mutations.forEach((a, i) => {
    for (const b of mutations.slice(i + 1))
      queries.push({ query: [a, b], weight: WORKLOAD_WEIGHTS.mutationPair });
  });
  for (const risk of riskGroups)
    for (const treatment of treatments)
      queries.push({ query: [risk, treatment], weight: WORKLOAD_WEIGHTS.riskByTreatment });
  for (const endpoint of schema.endpoints) {
    if (!modelled.has(endpoint.time) || !modelled.has(endpoint.event)) continue;
    for (const factor of riskFactors)
      queries.push({
        query: [endpoint.time, endpoint.event, factor],
        weight: WORKLOAD_WEIGHTS.endpointByRisk,
      });
  }
  return mergeQueries(domain, queries);
}

/** One entry per attribute set (in domain order), with the largest weight it was listed with. */
export function mergeQueries(domain: Domain, queries: readonly WorkloadQuery[]): WorkloadQuery[] {
  const position = new Map(domain.attributes.map((a, i) => [a.name, i]));
  const merged = new Map<string, WorkloadQuery>();
  for (const { query, weight } of queries) {
    const ordered = [...new Set(query)].sort((a, b) => (position.get(a) ?? -1) - (position.get(b) ?? -1));
    const key = ordered.join('\u0000');
    const seen = merged.get(key);
    if (!seen || seen.weight < weight) merged.set(key, { query: ordered, weight });
  }
  return [...merged.values()];
}
