/**
 * `simulateAml`: a population-like, multi-centre AML cohort built from published figures (see
 * `docs/simulators.md`). Each block draws from its own `rng.split` stream, so adding a column
 * leaves the others unchanged.
 */
import { UsageError } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';
import { serialIds } from '../../data/serial-ids.js';
import { type Column, codeColumn, numberColumn, Table } from '../../data/table.js';
import { deriveEln2022 } from '../../domain/aml/eln2022.js';
import {
  assignCentres,
  BOOLEAN_LEVELS,
  booleanColumn,
  centreNames,
  checkOptions,
  type SimulatedCohort,
  type SimulateOptions,
  sexColumn,
} from '../columns.js';
import { AML_DEFAULT_INTENSIVE_SHARE, centreProfiles, simulateDemographics } from './clinical.js';
import { simulateGenetics } from './genetics.js';
import { simulateLabs } from './labs.js';
import { applyMissingness } from './missingness.js';
import { AML_RESPONSES, simulateOutcomes } from './outcomes.js';
import { amlSchema } from './schema.js';
import { AML_CYTOGENETICS, AML_GENES } from './targets.js';

export interface AmlOptions extends SimulateOptions {
  /** Share of patients fit for intensive treatment over all centres (default 0.55). */
  intensiveShare?: number;
  /**
   * Off by default. A centre (1-based number) that reports haemoglobin in g/L instead of g/dL, the
   * kind of unit error validation should catch; the schema still says g/dL.
   */
  labUnitShiftCentre?: number;
  /** Shorthand for `labUnitShiftCentre: 1` (the CLI's `--lab-unit-shift`). */
  labUnitShift?: boolean;
}

export function simulateAml(options: AmlOptions): SimulatedCohort {
  const { patients: n, centres: k, seed } = checkOptions(options);
  const intensiveShare = options.intensiveShare ?? AML_DEFAULT_INTENSIVE_SHARE;
  if (!(intensiveShare > 0 && intensiveShare < 1))
    throw new UsageError(`intensiveShare must be strictly between 0 and 1, got ${intensiveShare}`);
  const shift = options.labUnitShiftCentre ?? (options.labUnitShift ? 1 : undefined);
  if (shift !== undefined && !(Number.isInteger(shift) && shift >= 1 && shift <= k))
    throw new UsageError(`labUnitShiftCentre must be a centre number from 1 to ${k}, got ${shift}`);

  const rng = Rng.from(seed);
  const { centre, weights } = assignCentres(rng.split('centre'), n, k);
  const profiles = centreProfiles(rng.split('centre-profiles'), weights, intensiveShare);
  const demographics = simulateDemographics(rng.split('demographics'), centre, profiles);
  const flags = simulateGenetics(rng.split('genetics'), demographics.age);
  const flagColumns = [...AML_CYTOGENETICS, ...AML_GENES].map(
    (name) => [name, booleanColumn(flags.get(name)!)] as const,
  );
  const eln = deriveEln2022(new Table(flagColumns));
  const labs = simulateLabs(rng.split('labs'), demographics.age, flags.get('npm1')!, flags.get('flt3_itd')!);
  const outcomes = simulateOutcomes(
    rng.split('outcomes'),
    demographics,
    eln.codes,
    flags.get('tp53')!,
    centre,
    profiles,
  );
  const ecog = Float64Array.from(demographics.ecog);
  applyMissingness(rng.split('missingness'), { ...labs, ecog }, demographics.age, centre, profiles);
  if (shift !== undefined) for (let i = 0; i < n; i++) if (centre[i] === shift - 1) labs.hb[i] *= 10;

  const columns: Array<readonly [string, Column]> = [
    ['patient_id', serialIds('AML', n)],
    ['centre', codeColumn(centre, centreNames(k))],
    ['age', numberColumn(demographics.age)],
    ['sex', sexColumn(demographics.female)],
    ['ecog', numberColumn(ecog)],
    ['wbc', numberColumn(labs.wbc)],
    ['hb', numberColumn(labs.hb)],
    ['platelets', numberColumn(labs.platelets)],
    ['ldh', numberColumn(labs.ldh)],
    ['bm_blasts', numberColumn(labs.bm_blasts)],
    ['pb_blasts', numberColumn(labs.pb_blasts)],
    ...flagColumns,
    ['eln2022', eln],
    [
      'treatment',
      codeColumn(
        Int32Array.from(demographics.intensive, (x) => 1 - x),
        ['intensive', 'non_intensive'],
      ),
    ],
    ['hsct', booleanColumn(outcomes.hsct)],
    ['response', codeColumn(outcomes.response, AML_RESPONSES)],
    ['cr_days', numberColumn(outcomes.crDays)],
    ['relapse', booleanColumn(outcomes.relapse)],
    ['relapse_days', numberColumn(outcomes.relapseDays)],
    ['os_days', numberColumn(outcomes.osDays)],
    ['os_status', booleanColumn(outcomes.osStatus)],
    ['rfs_days', numberColumn(outcomes.rfsDays)],
    ['rfs_status', codeColumn(outcomes.rfsStatus, BOOLEAN_LEVELS)],
  ];
  return { table: new Table(columns), schema: amlSchema(centreNames(k)) };
}
