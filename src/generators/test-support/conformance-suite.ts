/**
 * The conformance suite every generator passes (one test file per generator, `conformance-<name>.test.ts`,
 * so that the fits run on both workers), through the shared pipeline, on the simulated AML
 * cohort: reproducibility, the model file round trip, the schema's rules, fresh identifiers, and the
 * clinical structure a user relies on (survival, the mutation block, derived risk, centres).
 * Tolerances are declared per generator in `CASES`, each with the sampling or model error it allows
 * for; a test a generator cannot pass by design is skipped with its stated reason, never loosened
 * for everyone. A differentially private generator is fitted with a seeded noise stream (reproducible)
 * at the ε its tolerances are stated for.
 */
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../core/errors.js';
import { findViolations } from '../../data/rules.js';
import type { Table } from '../../data/table.js';
import { applyDerivations } from '../../domain/derivations.js';
import { seededRandomBits } from '../../privacy/random-bits.js';
import { simulate } from '../../simulate/index.js';
import { kaplanMeier, survivalQuantile } from '../../survival/index.js';
import { loadModel } from '../load.js';
import { type FitOptions, fitModel, modelFileOf, sampleModel } from '../pipeline.js';
import { rowKeys } from '../row-keys.js';

export const { table: real, schema } = simulate('aml', { patients: 2500, centres: 5, seed: 1 });
const ROWS = 5000;
const MUTATIONS = schema.columns.filter((c) => c.role === 'mutation').map((c) => c.name);

interface Tolerances {
  /** Death share, absolute: its binomial SE at n = 2,500 is about 1 point. */
  deathShare: number;
  /** Median OS, relative: its sampling SE at 2,500 patients is about 6 %. */
  medianOs: number;
  /** Mean mutations per patient, absolute. */
  mutationsPerPatient: number;
  /** Co-mutation odds ratios: direction kept, and within this factor of the real one. */
  oddsRatioFactor: number;
  /** Total variation distance of the centres' distribution. */
  centreTv: number;
  /** Share of relapsed patients, absolute: its binomial SE at n = 2,500 is about 0.8 points. */
  relapseShare: number;
  /** A gene's share, absolute: the least allowed beside three standard errors of the difference. */
  geneShareFloor: number;
}

interface Case {
  tolerances: Tolerances;
  /** What the fit needs beyond the seed (a private generator's ε, δ and noise stream). */
  fit?: Omit<FitOptions, 'seed'>;
  /** Tests this generator is exempt from, with the reason. */
  skip?: { copies?: string };
}

const NON_PRIVATE: Tolerances = {
  // 4 points, 20 %, 0.25 and a factor 3 allow for model error (CART's sequential error and the
  // copula's latent-normal approximation both shrink the strongest associations somewhat).
  deathShare: 0.04,
  medianOs: 0.2,
  mutationsPerPatient: 0.25,
  oddsRatioFactor: 3,
  centreTv: 0.04,
  relapseShare: 0.03,
  geneShareFloor: 0.015,
};

export const CASES: Record<string, Case> = {
  copula: { tolerances: NON_PRIVATE },
  cart: { tolerances: NON_PRIVATE },
  mst: {
    // At ε = 10 (δ = 1e-6) the 1-way σ is ≈ 8 counts per cell. A tree model keeps pairs only: rules
    // over three or more columns (early death ⇒ OS ≤ 42 days) are enforced by rejection, which
    // shifts survival — measured: death share 3 points off. Median OS: 48.5 % long at this seed,
    // 37–52 % over five other noise streams since relapse_days is copied from rfs_days rather than
    // modelled (15–51 % before, when rejecting relapsed rows that broke the timeline also cut the
    // relapse share to 14–15 %; it is now 21–23 %, real 20.7 %).
    tolerances: { ...NON_PRIVATE, deathShare: 0.06, medianOs: 0.55 },
    fit: { privacy: { epsilon: 10, delta: 1e-6, bits: seededRandomBits('conformance') } },
    skip: {
      copies:
        'a differentially private generator may not compare its rows with the training rows; the pipeline refuses (tested below)',
    },
  },
  aim: {
    // At ε = 3 (δ = 1e-6). The endpoints' time × event are measured up front, the mutation block as
    // co-occurrence counts; rules over three or more columns are enforced by rejection, as for mst,
    // which shifts survival — measured: death share 4.0 points off, median OS 20.2 % long at this seed.
    // Relapse share 5.4 points low at this seed, 0.6–2.9 over three other noise streams (10–14
    // points before relapse_days was copied from rfs_days). The worst gene share is 1.2–2.8 points
    // off over those streams (npm1, within its three standard errors); cebpa_bi's 1.8 here is noise.
    tolerances: {
      ...NON_PRIVATE,
      deathShare: 0.06,
      medianOs: 0.25,
      relapseShare: 0.07,
      geneShareFloor: 0.02,
    },
    fit: { privacy: { epsilon: 3, delta: 1e-6, bits: seededRandomBits('conformance') } },
    skip: {
      copies:
        'a differentially private generator may not compare its rows with the training rows; the pipeline refuses (tested below)',
    },
  },
};

function caseOf(name: string): Case {
  const found = CASES[name];
  if (!found) throw new Error(`declare the conformance tolerances of the '${name}' generator in CASES`);
  return found;
}

function share(table: Table, name: string, level = '1'): number {
  const column = table.codes(name);
  const code = column.levels.indexOf(level);
  let hits = 0;
  let present = 0;
  for (const c of column.codes) {
    if (c < 0) continue;
    present++;
    if (c === code) hits++;
  }
  return hits / present;
}

/** Haldane-corrected odds ratio of two 0/1 columns. */
function oddsRatio(table: Table, a: string, b: string): number {
  const x = table.codes(a);
  const y = table.codes(b);
  const one = (col: typeof x, r: number) => col.levels[col.codes[r]] === '1';
  const n = [0.5, 0.5, 0.5, 0.5];
  for (let r = 0; r < table.nRows; r++) n[(one(x, r) ? 2 : 0) + (one(y, r) ? 1 : 0)]++;
  return (n[3] * n[0]) / (n[1] * n[2]);
}

function medianOs(table: Table): number {
  const status = table.codes('os_status');
  const curve = kaplanMeier(
    table.numbers('os_days'),
    Uint8Array.from(status.codes, (c) => (status.levels[c] === '1' ? 1 : 0)),
  );
  return survivalQuantile(curve).quantile;
}

function mutationsPerPatient(table: Table): number {
  let total = 0;
  for (const gene of MUTATIONS) total += share(table, gene) * table.nRows;
  return total / table.nRows;
}

/** The suite of one generator, as its own `describe`. */
export function conformanceSuite(name: string): void {
  describe(`generator ${name}`, () => {
    const { tolerances, fit, skip } = caseOf(name);
    const model = fitModel(real, schema, name, { seed: 3, ...fit });
    const { table: synthetic, report } = sampleModel(model, { rows: ROWS, seed: 7 });

    it('gives byte-identical rows for the same seed, also after a model-file round trip', () => {
      const again = sampleModel(model, { rows: ROWS, seed: 7 }).table;
      const restored = loadModel(JSON.stringify(modelFileOf(model)), 'model.json');
      const fromFile = sampleModel(restored, { rows: ROWS, seed: 7 }).table;
      const keys = rowKeys(synthetic, synthetic.names);
      expect(rowKeys(again, again.names)).toEqual(keys);
      expect(rowKeys(fromFile, fromFile.names)).toEqual(keys);
      expect(rowKeys(sampleModel(model, { rows: 50, seed: 8 }).table, synthetic.names)).not.toEqual(
        keys.slice(0, 50),
      );
    });

    it("keeps the real table's columns in order and obeys every bound and rule", () => {
      expect(synthetic.names).toEqual(real.names);
      expect(synthetic.nRows).toBe(ROWS);
      expect(findViolations(synthetic, model.schema)).toEqual([]);
      expect(report.drawn).toBeGreaterThanOrEqual(ROWS);
    });

    it('generates fresh identifiers that share nothing with the real ones', () => {
      const ids = new Set(rowKeys(synthetic, ['patient_id']));
      expect(ids.size).toBe(ROWS);
      const realIds = new Set(rowKeys(real, ['patient_id']));
      expect([...ids].some((id) => realIds.has(id))).toBe(false);
    });

    it('keeps ELN risk consistent with the genetics it is derived from', () => {
      const recomputed = applyDerivations(synthetic, model.schema);
      expect(rowKeys(recomputed, ['eln2022'])).toEqual(rowKeys(synthetic, ['eln2022']));
    });

    it('gives every relapsed patient his RFS time as relapse time, and keeps the relapse share', () => {
      const relapsed = (table: Table) => {
        const { codes, levels } = table.codes('relapse');
        return [...codes.keys()].filter((row) => levels[codes[row]] === '1');
      };
      const [relapse, rfs] = [synthetic.numbers('relapse_days'), synthetic.numbers('rfs_days')];
      const rows = relapsed(synthetic);
      expect(rows.filter((row) => relapse[row] !== rfs[row])).toEqual([]);
      const realShare = relapsed(real).length / real.nRows;
      expect(Math.abs(rows.length / ROWS - realShare)).toBeLessThan(tolerances.relapseShare);
    });

    it('keeps survival: times never negative, censoring share and the median OS', () => {
      const os = synthetic.numbers('os_days');
      expect(os.every((t) => t >= 0)).toBe(true);
      expect(Math.abs(share(synthetic, 'os_status') - share(real, 'os_status'))).toBeLessThan(
        tolerances.deathShare,
      );
      expect(Math.abs(medianOs(synthetic) / medianOs(real) - 1)).toBeLessThan(tolerances.medianOs);
    });

    it('keeps the mutation block: frequencies, mutations per patient, rare genes and co-mutations', () => {
      for (const gene of MUTATIONS) {
        const p = share(real, gene);
        // Three standard errors of a difference between two binomial shares (2,500 real, 5,000
        // synthetic), and at least 1.5 points (or the generator's floor).
        const tolerance = Math.max(
          tolerances.geneShareFloor,
          3 * Math.sqrt(p * (1 - p) * (1 / real.nRows + 1 / ROWS)),
        );
        expect(Math.abs(share(synthetic, gene) - p), gene).toBeLessThan(tolerance);
        if (p > 0) expect(share(synthetic, gene), `${gene} kept`).toBeGreaterThan(0);
      }
      expect(Math.abs(mutationsPerPatient(synthetic) - mutationsPerPatient(real))).toBeLessThan(
        tolerances.mutationsPerPatient,
      );
      for (const [a, b] of [
        ['npm1', 'dnmt3a'],
        ['npm1', 'flt3_itd'],
        ['tp53', 'cyto_complex'],
      ]) {
        const r = oddsRatio(real, a, b);
        const s = oddsRatio(synthetic, a, b);
        expect(s, `${a}-${b}`).toBeGreaterThan(1);
        expect(Math.abs(Math.log(s / r)), `${a}-${b} OR ${s.toFixed(2)} vs ${r.toFixed(2)}`).toBeLessThan(
          Math.log(tolerances.oddsRatioFactor),
        );
      }
      expect(oddsRatio(synthetic, 'npm1', 'runx1')).toBeLessThan(1);
    });

    it('keeps the distribution of centres', () => {
      const levels = real.codes('centre').levels;
      const tv =
        levels.reduce(
          (sum, level) => sum + Math.abs(share(synthetic, 'centre', level) - share(real, 'centre', level)),
          0,
        ) / 2;
      expect(tv).toBeLessThan(tolerances.centreTv);
    });

    it('samples a rare subgroup from the conditional distribution, fast', () => {
      const started = performance.now();
      const where = [
        { column: 'eln2022', equals: 'adverse' },
        { column: 'tp53', equals: '1' },
      ];
      const { table } = sampleModel(model, { rows: 500, seed: 9, where });
      expect(performance.now() - started).toBeLessThan(15_000);
      expect(share(table, 'tp53')).toBe(1);
      expect(share(table, 'eln2022', 'adverse')).toBe(1);
      // TP53-mutated AML is mostly complex-karyotype (81 % in AMLSG): the subgroup keeps that link.
      expect(share(table, 'cyto_complex')).toBeGreaterThan(share(real, 'cyto_complex') * 2);
    });

    it('refuses unknown columns and values in conditions, naming them', () => {
      expect(() =>
        sampleModel(model, { rows: 5, seed: 1, where: [{ column: 'stage', equals: '1' }] }),
      ).toThrow(/^where names column 'stage'/);
      expect(() =>
        sampleModel(model, { rows: 5, seed: 1, where: [{ column: 'centre', equals: 'C99' }] }),
      ).toThrow(UsageError);
    });

    it.skipIf(skip?.copies === undefined)(
      'refuses copy removal, naming the option, when it would read the training rows',
      () => {
        expect(() => sampleModel(model, { rows: 10, seed: 1, excludeCopiesOf: real })).toThrow(
          /^excludeCopiesOf: the \w+ generator is differentially private/,
        );
      },
    );

    it.skipIf(skip?.copies !== undefined)('drops exact copies of training rows when asked', () => {
      const { table } = sampleModel(model, { rows: 1000, seed: 11, excludeCopiesOf: real });
      const trainingKeys = new Set(
        rowKeys(
          real,
          model.schema.columns.filter((c) => c.role !== 'id').map((c) => c.name),
        ),
      );
      const keys = rowKeys(
        table,
        model.schema.columns.filter((c) => c.role !== 'id').map((c) => c.name),
      );
      expect(keys.some((k) => trainingKeys.has(k))).toBe(false);
    });
  });
}
