/**
 * Building blocks shared by the simulators: identifiers, centre assignment, boolean columns and
 * options checking.
 */
import { UsageError } from '../core/errors.js';
import type { Rng } from '../core/rng.js';
import type { Schema } from '../data/schema.js';
import { type CodeColumn, codeColumn, type Table } from '../data/table.js';

export const BOOLEAN_LEVELS = ['0', '1'] as const;

export interface SimulateOptions {
  /** Number of patients (rows): a positive integer. */
  patients: number;
  /** Number of centres, 1..patients (default 1). */
  centres?: number;
  /** Seed for the random stream (default 1). */
  seed?: number | string;
}

/** What every simulator returns: the table and its schema. */
export interface SimulatedCohort {
  table: Table;
  schema: Schema;
}

export interface CheckedOptions {
  patients: number;
  centres: number;
  seed: number | string;
}

/** Validates the options every simulator shares; errors say what to pass instead. */
export function checkOptions(options: SimulateOptions): CheckedOptions {
  const { patients, centres = 1, seed = 1 } = options;
  if (typeof patients !== 'number' || !Number.isInteger(patients) || patients < 1)
    throw new UsageError(`patients must be a positive integer, got ${String(patients)}`);
  if (typeof centres !== 'number' || !Number.isInteger(centres) || centres < 1)
    throw new UsageError(`centres must be a positive integer, got ${String(centres)}`);
  if (centres > patients)
    throw new UsageError(`centres (${centres}) cannot exceed patients (${patients}); pass fewer centres`);
  if (typeof seed === 'number' && !Number.isFinite(seed))
    throw new UsageError(`seed must be a finite number or a string, got ${String(seed)}`);
  return { patients, centres, seed };
}

export function booleanColumn(flags: Uint8Array): CodeColumn {
  return codeColumn(Int32Array.from(flags), BOOLEAN_LEVELS);
}

/** Sex from a 0/1 female flag, as the simulators' schemas declare it. */
export function sexColumn(female: ArrayLike<number>): CodeColumn {
  return codeColumn(
    Int32Array.from(female, (f) => 1 - f),
    ['female', 'male'],
  );
}

export function centreNames(k: number): string[] {
  const width = Math.max(2, String(k).length);
  return Array.from({ length: k }, (_, i) => `C${String(i + 1).padStart(width, '0')}`);
}

/**
 * Centre of each patient. Registry centres differ a lot in size; sizes are drawn as Gamma(1.5)
 * weights, and every centre gets at least one patient so that `centres` is honoured.
 */
export function assignCentres(rng: Rng, n: number, k: number): { centre: Int32Array; weights: number[] } {
  const weights = Array.from({ length: k }, () => 0.2 + rng.gamma(1.5));
  const centre = new Int32Array(n);
  for (let i = 0; i < n; i++) centre[i] = i < k ? i : rng.categorical(weights);
  // The first k rows seed each centre; shuffle so that row order carries no centre pattern.
  rng.shuffle(centre);
  return { centre, weights };
}
