/**
 * Simulated cohorts: the project's stand-in for real registries (demos, tests, benchmarks). Each
 * simulator builds a table and its schema from published figures; see `docs/simulators.md`.
 */
import { UsageError } from '../core/errors.js';
import { type AmlOptions, simulateAml } from './aml/simulate-aml.js';
import type { SimulatedCohort, SimulateOptions } from './columns.js';
import { simulateScd } from './scd/simulate-scd.js';

export { AML_APL_LOG_HR, AML_BASELINE_HAZARD, AML_TRUE_EFFECTS } from './aml/effects.js';
export type { AmlOptions } from './aml/simulate-aml.js';
export { simulateAml } from './aml/simulate-aml.js';
export {
  AML_COMUTATION_TARGETS,
  AML_CYTOGENETIC_TARGETS,
  AML_ELN_SHARE_TARGETS,
  AML_MISSING_TARGETS,
  AML_MUTATION_TARGETS,
  AML_MUTATIONS_PER_PATIENT,
} from './aml/targets.js';
export type { SimulatedCohort, SimulateOptions } from './columns.js';
export { simulateScd } from './scd/simulate-scd.js';
export { SCD_PROFILES, SCD_TRUE_EFFECTS } from './scd/targets.js';

export const DISEASES = ['aml', 'scd'] as const;
export type Disease = (typeof DISEASES)[number];

/** Simulates a cohort of the given disease; `UsageError` for an unknown disease or bad options. */
export function simulate(disease: string, options: SimulateOptions & AmlOptions): SimulatedCohort {
  if (disease === 'aml') return simulateAml(options);
  if (disease === 'scd') {
    const amlOnly = options.intensiveShare !== undefined || options.labUnitShiftCentre !== undefined;
    if (amlOnly || options.labUnitShift)
      throw new UsageError('intensiveShare and the lab unit shift apply to aml only');
    return simulateScd(options);
  }
  throw new UsageError(`unknown disease '${disease}'; known diseases: ${DISEASES.join(', ')}`);
}
