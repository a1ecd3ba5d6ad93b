/**
 * The privacy section of validation: how close the synthetic rows come to the training patients,
 * judged against real patients the generator never saw (the holdout). Distances are Gower
 * distances over every non-id column, searched exactly with a box tree (`src/neighbours`).
 * docs/validation/privacy.md documents each metric, the score and its reasoning.
 */
import { DataError } from '../../core/errors.js';
import type { Table } from '../../data/table.js';
import {
  buildNeighbourIndex,
  distanceColumns,
  type EncodedRows,
  encodeGower,
  kNearest,
  type NeighbourIndex,
  type Neighbours,
  takeRows,
} from '../../neighbours/index.js';
import { type Skipped, type ValidationInput, verdictFor } from '../types.js';
import { attributeDisclosure, defaultSensitive } from './attribute-disclosure.js';
import { PRIVACY_SETTINGS } from './constants.js';
import { distanceToClosestRecord } from './dcr.js';
import { privacyDiscrepancies } from './discrepancies.js';
import { ExactRowIndex, rowKeys } from './exact-matches.js';
import { membershipInference } from './membership-inference.js';
import { nearestNeighbourDistanceRatio } from './nndr.js';
import type { AttributeDisclosureReport, MiaReport, PrivacyReport } from './report.js';
import { attributePart, dcrPart, exactMatchPart, miaPart, privacyScore } from './score.js';
import { sampleRows } from './summaries.js';

export { PRIVACY_SETTINGS } from './constants.js';
export * from './report.js';

export function privacy(input: ValidationInput): PrivacyReport {
  const { real, synthetic, schema, rng } = input;
  const holdout = input.holdout ?? null;
  requireRows(real, 'real (training)');
  requireRows(synthetic, 'synthetic');
  if (holdout) requireRows(holdout, 'holdout');
  const skipped: Skipped[] = [];
  const notes: string[] = [];
  const tables = holdout ? [real, synthetic, holdout] : [real, synthetic];
  const columns = distanceColumns(schema, tables);
  const { space, rows } = encodeGower(schema, tables, columns);
  const [trainingRows, syntheticRows, holdoutRows] = rows;
  const trainingIndex = buildNeighbourIndex(space, trainingRows);

  const k = real.nRows >= 2 ? 2 : 1;
  const toTraining = (encoded: EncodedRows, n: number, what: string, selfJoin = false): Neighbours => {
    const queries = sampleRows(n, PRIVACY_SETTINGS.maxDcrQueries, rng.split(`dcr-${what}`));
    if (queries.length < n)
      notes.push(`DCR and NNDR of ${what} rows: a seeded sample of ${queries.length} of ${n}`);
    return kNearest(trainingIndex, encoded, k, { rows: queries, ...(selfJoin ? { exclude: queries } : {}) });
  };
  const syntheticNn = toTraining(syntheticRows, synthetic.nRows, 'synthetic');
  const holdoutNn = holdout ? toTraining(holdoutRows, holdout.nRows, 'holdout') : null;
  // Without a holdout, training rows against the other training rows (leave-one-out) are the baseline.
  const looNn = !holdout && k === 2 ? toTraining(trainingRows, real.nRows, 'training', true) : null;
  const baselineNn = holdoutNn ?? looNn;
  const dcr = distanceToClosestRecord(
    nearest(syntheticNn),
    baselineNn ? { source: holdoutNn ? 'holdout' : 'training', distances: nearest(baselineNn) } : null,
    { bins: PRIVACY_SETTINGS.histogramBins, smallCell: input.smallCell },
  );
  if (!holdout)
    skip(
      skipped,
      'privacy.dcr.holdoutToReal',
      looNn
        ? "needs a holdout; the baseline is the training rows' leave-one-out DCR instead"
        : 'needs a holdout or at least 2 training rows for a baseline',
    );
  const nndr = k === 2 ? nearestNeighbourDistanceRatio(syntheticNn, holdoutNn) : null;
  if (k < 2) skip(skipped, 'privacy.nndr', 'needs at least 2 training rows (a second nearest neighbour)');

  const exact = new ExactRowIndex(space, rowKeys(space, real, trainingRows));
  const exactMatches = exact.countMatches(rowKeys(space, synthetic, syntheticRows));
  const baselineMatches = holdout
    ? exact.countMatches(rowKeys(space, holdout, holdoutRows))
    : exact.countTwins();
  const baselineShare = baselineMatches / (holdout ? holdout.nRows : real.nRows);
  // Real patients with a twin are a count of real patients: below the small-cell threshold it is
  // not reported, and the score takes it as 0.
  const smallCount = baselineMatches > 0 && baselineMatches < input.smallCell;
  const exactMatchBaseline = {
    source: holdout ? ('holdout' as const) : ('training' as const),
    matches: smallCount ? null : baselineMatches,
    share: smallCount ? null : baselineShare,
  };

  const attack = attackSamples(real.nRows, holdout?.nRows ?? 0, rng);
  const mia = miaReport(input, space, syntheticRows, trainingRows, holdoutRows, attack, skipped);
  const attributes = attributeReport(input, attack, skipped, notes);

  const exactMatchShare = exactMatches / synthetic.nRows;
  const scoreParts = {
    dcr: dcr.closerThanBaselineP5
      ? dcrPart(dcr.closerThanBaselineP5.synthetic, dcr.closerThanBaselineP5.reference)
      : null,
    // From the baseline as published (hidden: 0), or the part would give the hidden count back.
    exactMatches: exactMatchPart(exactMatchShare, exactMatchBaseline.share ?? 0),
    mia: mia.auc === null ? null : miaPart(mia.auc),
    attributeDisclosure:
      attributes?.meanAdvantage === null || !attributes ? null : attributePart(attributes.meanAdvantage),
  };
  if (!holdout)
    notes.push(
      'no holdout: the score rests on DCR and exact copies, with the training data as its own ' +
        'baseline (leave-one-out DCR, twins); membership inference and attribute disclosure need a holdout',
    );
  if (smallCount)
    notes.push(
      `${holdout ? 'holdout rows identical to a training row' : 'training rows with a twin'}: fewer than ${input.smallCell}, not shown`,
    );
  const score = privacyScore(scoreParts);
  const judged = verdictFor(score, input.thresholds.privacy);
  // Without real rows the generator never saw there is no baseline for the attacks that matter
  // most: the verdict is at most warn, whatever the score (the contract).
  const verdict = !holdout && judged === 'pass' ? 'warn' : judged;
  if (verdict !== judged)
    notes.push('no holdout: privacy cannot pass without membership inference against a holdout');
  const findings = {
    scoreParts,
    rows: { training: real.nRows, synthetic: synthetic.nRows, holdout: holdout ? holdout.nRows : null },
    columns,
    dcr,
    exactMatches,
    exactMatchShare,
    exactMatchBaseline,
    nndr,
    mia,
    attributeDisclosure: attributes,
    skipped,
    notes,
  };
  return {
    score,
    verdict,
    ...findings,
    discrepancies: privacyDiscrepancies(findings, input.thresholds.privacy),
  };
}

function requireRows(table: Table, what: string): void {
  if (table.nRows === 0) throw new DataError({}, `the ${what} table has no rows: privacy needs at least one`);
}

function skip(skipped: Skipped[], metric: string, reason: string): void {
  skipped.push({ metric, reason });
}

function nearest(neighbours: Neighbours): Float64Array {
  const n = neighbours.distances.length / neighbours.k;
  const d = new Float64Array(n);
  for (let q = 0; q < n; q++) d[q] = neighbours.distances[q * neighbours.k];
  return d;
}

/** Who the attacks are run on: members, non-members, and the attacker's reference rows. */
interface AttackSamples {
  members: Int32Array;
  /** Holdout rows evaluated as non-members, and the rest of the holdout (DOMIAS reference). */
  nonMembers: Int32Array | null;
  reference: Int32Array | null;
}

function attackSamples(nTraining: number, nHoldout: number, rng: ValidationInput['rng']): AttackSamples {
  const cap = PRIVACY_SETTINGS.maxAttackRows;
  if (nHoldout < 2)
    return {
      members: sampleRows(nTraining, cap, rng.split('attack-members')),
      nonMembers: null,
      reference: null,
    };
  const m = Math.min(nTraining, Math.floor(nHoldout / 2), cap);
  const shuffled = rng.split('attack-holdout').shuffle(Int32Array.from({ length: nHoldout }, (_, i) => i));
  return {
    members: sampleRows(nTraining, m, rng.split('attack-members')),
    nonMembers: shuffled.slice(0, m).sort(),
    reference: shuffled.slice(m).sort(),
  };
}

function miaReport(
  input: ValidationInput,
  space: NeighbourIndex['space'],
  syntheticRows: EncodedRows,
  trainingRows: EncodedRows,
  holdoutRows: EncodedRows | undefined,
  attack: AttackSamples,
  skipped: Skipped[],
): MiaReport {
  if (!input.holdout || !holdoutRows || !attack.nonMembers || !attack.reference) {
    const reason = input.holdout
      ? 'needs at least 2 holdout rows (non-members to test, and a reference sample)'
      : 'needs a holdout (real patients the generator never saw)';
    skip(skipped, 'privacy.mia', reason);
    return { auc: null, reason };
  }
  return membershipInference({
    synthetic: buildNeighbourIndex(space, syntheticRows),
    reference: buildNeighbourIndex(space, takeRows(space, holdoutRows, attack.reference)),
    training: trainingRows,
    members: attack.members,
    holdout: holdoutRows,
    nonMembers: attack.nonMembers,
    k: PRIVACY_SETTINGS.densityNeighbours,
  });
}

function attributeReport(
  input: ValidationInput,
  attack: AttackSamples,
  skipped: Skipped[],
  notes: string[],
): AttributeDisclosureReport | null {
  const { schema, real, synthetic } = input;
  const holdout = input.holdout ?? null;
  const tables = holdout ? [real, synthetic, holdout] : [real, synthetic];
  const usable = new Set(distanceColumns(schema, tables));
  const quasiIdentifiers = input.quasiIdentifiers.filter((name) => usable.has(name));
  const absent = input.quasiIdentifiers.filter((name) => !usable.has(name));
  if (absent.length) notes.push(`quasi-identifiers not in every table (ignored): ${absent.join(', ')}`);
  if (quasiIdentifiers.length === 0) {
    skip(skipped, 'privacy.attributeDisclosure', 'no quasi-identifier column in every table');
    return null;
  }
  const sensitive = defaultSensitive(schema, real, quasiIdentifiers, PRIVACY_SETTINGS.extraSensitive).filter(
    (name) => usable.has(name),
  );
  if (sensitive.length === 0) {
    skip(
      skipped,
      'privacy.attributeDisclosure',
      'no categorical sensitive column beside the quasi-identifiers',
    );
    return null;
  }
  if (!attack.nonMembers)
    skip(
      skipped,
      'privacy.attributeDisclosure.advantage',
      holdout
        ? 'needs at least 2 holdout rows'
        : 'needs a holdout: the accuracy on non-members is the baseline',
    );
  return attributeDisclosure({
    schema,
    training: real,
    synthetic,
    holdout: attack.nonMembers ? holdout : null,
    quasiIdentifiers,
    sensitive,
    members: attack.members,
    nonMembers: attack.nonMembers,
    neighbours: PRIVACY_SETTINGS.attributeNeighbours,
  });
}
