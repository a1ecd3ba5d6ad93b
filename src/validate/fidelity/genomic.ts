/**
 * Genomic fidelity (GSF) from the mutation columns (schema role `mutation`): how many genes are
 * mutated per patient, how often each gene is mutated, and whether pairs of genes that co-occur or
 * exclude each other in the real cohort keep their odds ratio in the synthetic one. Parts and
 * weights are defined in docs/validation/fidelity.md.
 */

import { mergeSmallBins } from '../../stats/binning.js';
import { fisherExact } from '../../stats/fisher-exact.js';
import type { Skipped } from '../types.js';
import { totalVariation } from './categorical-column.js';
import type { ColumnPair } from './prepare.js';
import { FIDELITY_SETTINGS } from './settings.js';
import { coarseStep, hidesPresent, isSmall, onGrid, standIn } from './small-counts.js';
import type { CoMutationPair, GenomicReport, PairOdds } from './types.js';

const MISSING = 255;

interface Gene {
  name: string;
  real: Uint8Array;
  synthetic: Uint8Array;
}

export const GSF_WEIGHTS = { burden: 1 / 3, frequencies: 1 / 3, comutation: 1 / 3 } as const;

/** 1 mutated, 0 wild type, 255 missing. Two-level code columns: the second level is "mutated". */
function mutationStatus(pair: ColumnPair, side: 'real' | 'synthetic'): Uint8Array | undefined {
  if (pair.type === 'number')
    return Uint8Array.from(pair[side], (v) => (Number.isNaN(v) ? MISSING : v > 0 ? 1 : 0));
  if (pair.levels.length > 2) return undefined;
  return Uint8Array.from(pair[side], (c) => (c < 0 ? MISSING : c === 1 ? 1 : 0));
}

export function genomicReport(
  columns: readonly ColumnPair[],
  alpha: number,
  smallCell: number,
): { report: GenomicReport; gsf: number | null; skipped: Skipped[] } | undefined {
  const skipped: Skipped[] = [];
  const genes: Gene[] = [];
  for (const pair of columns) {
    if (pair.role !== 'mutation') continue;
    const real = mutationStatus(pair, 'real');
    const synthetic = mutationStatus(pair, 'synthetic');
    if (!real || !synthetic) {
      skipped.push({
        metric: `fidelity.genomic.${pair.name}`,
        reason: 'a mutation column must be boolean, two-level or numeric (mutated when > 0)',
      });
      continue;
    }
    genes.push({ name: pair.name, real, synthetic });
  }
  if (genes.length === 0) return skipped.length ? { report: emptyReport(), gsf: null, skipped } : undefined;
  const burden = burdenPart(genes, smallCell);
  const frequencies = frequencyPart(genes, smallCell);
  const comutation = comutationPart(genes, alpha, smallCell);
  if (comutation.score === null)
    skipped.push({
      metric: 'fidelity.genomic.comutation',
      reason: 'no pair of mutation columns is significantly associated in the real table',
    });
  const parts: Array<[number, number]> = [
    [burden.score, GSF_WEIGHTS.burden],
    [frequencies.score, GSF_WEIGHTS.frequencies],
    ...(comutation.score === null ? [] : [[comutation.score, GSF_WEIGHTS.comutation] as [number, number]]),
  ];
  const weight = parts.reduce((s, [, w]) => s + w, 0);
  const gsf = parts.reduce((s, [v, w]) => s + v * w, 0) / weight;
  return {
    report: { genes: genes.map((g) => g.name), burden, frequencies, comutation, weights: { ...GSF_WEIGHTS } },
    gsf,
    skipped,
  };
}

function emptyReport(): GenomicReport {
  return {
    genes: [],
    burden: {
      score: Number.NaN,
      labels: [],
      real: [],
      synthetic: [],
      meanReal: 0,
      meanSynthetic: 0,
      genes: 0,
    },
    frequencies: { score: Number.NaN, genes: [] },
    comutation: { score: null, significantPairs: 0, agreeing: 0, pairs: [], unlisted: 0 },
    weights: { ...GSF_WEIGHTS },
  };
}

/**
 * Mutations per patient (missing counts as not mutated) in the genes whose real frequency is
 * published, the last bin open: 1 − TVD of the bins as reported, merged until each holds ≥ k real
 * patients. A gene mutated in 1..k − 1 real patients takes no part: its count would be the mean
 * burden times n less the published genes' counts.
 */
function burdenPart(genes: Gene[], smallCell: number): GenomicReport['burden'] {
  const cap = FIDELITY_SETTINGS.burdenCap;
  const shown = genes.filter((g) => !hidden(g.real, smallCell));
  const histogram = (side: 'real' | 'synthetic') => {
    const n = genes[0][side].length;
    const perPatient = new Uint16Array(n);
    for (const gene of shown) for (let i = 0; i < n; i++) if (gene[side][i] === 1) perPatient[i]++;
    const counts = new Array<number>(cap + 1).fill(0);
    let total = 0;
    for (const k of perPatient) {
      counts[Math.min(k, cap)]++;
      total += k;
    }
    return { counts, shares: counts.map((c) => c / n), mean: total / n };
  };
  const real = histogram('real');
  const synthetic = histogram('synthetic');
  const groups = mergeSmallBins(real.counts, smallCell);
  const merged = (shares: number[]) =>
    groups.map(([a, b]) => shares.slice(a, b + 1).reduce((s, v) => s + v, 0));
  const reportedReal = merged(real.shares);
  const reportedSynthetic = merged(synthetic.shares);
  return {
    score: 1 - totalVariation(reportedReal, reportedSynthetic),
    labels: groups.map(([a, b]) => (b === cap ? `≥ ${a}` : a === b ? String(a) : `${a}–${b}`)),
    real: reportedReal,
    synthetic: reportedSynthetic,
    meanReal: real.mean,
    meanSynthetic: synthetic.mean,
    genes: shown.length,
  };
}

/** Patients with a known status, and those of them mutated. */
function tally(status: Uint8Array): { present: number; mutated: number } {
  let mutated = 0;
  let present = 0;
  for (const s of status)
    if (s !== MISSING) {
      present++;
      mutated += s;
    }
  return { present, mutated };
}

function frequency(status: Uint8Array): number {
  const { present, mutated } = tally(status);
  return present > 0 ? mutated / present : 0;
}

/**
 * 1 − TVD of the mutational spectra: each table's gene frequencies divided by their sum, so that
 * the score compares which genes carry the mutations; how many there are is the burden part's job.
 * A hidden real frequency enters as its stand-in (small-counts.ts), so the score gives no count back
 * and still notices a synthetic table that makes a rare mutation common.
 */
function frequencyPart(genes: Gene[], smallCell: number): GenomicReport['frequencies'] {
  const rows = genes.map((g) => ({
    gene: g.name,
    real: frequency(g.real),
    synthetic: frequency(g.synthetic),
  }));
  const seen = genes.map((g, i) => publishedFrequency(g.real, rows[i].synthetic, smallCell));
  const reported = genes.map((g, i) => ({ ...rows[i], real: hidden(g.real, smallCell) ? null : seen[i] }));
  const totalReal = seen.reduce((s, f) => s + f, 0);
  const totalSynthetic = rows.reduce((s, r) => s + r.synthetic, 0);
  let score: number;
  if (totalReal === 0 || totalSynthetic === 0) score = totalReal === totalSynthetic ? 1 : 0;
  else
    score =
      1 -
      totalVariation(
        seen.map((f) => f / totalReal),
        rows.map((r) => r.synthetic / totalSynthetic),
      );
  return { score, genes: reported };
}

/** Mutated or wild type in 1..k − 1 real patients: a share that would be a few patients. */
function hidden(status: Uint8Array, k: number): boolean {
  const { present, mutated } = tally(status);
  return isSmall(mutated, k) || isSmall(present - mutated, k);
}

/**
 * The real frequency as published or as its stand-in: a hidden mutated (or wild-type) count is
 * the synthetic share at the real size within 1..k − 1; a hidden missing count puts the share on
 * the coarse grid, since an exact share gives its denominator back.
 */
function publishedFrequency(status: Uint8Array, syntheticShare: number, k: number): number {
  const { present, mutated } = tally(status);
  if (present === 0) return 0;
  const share = isSmall(mutated, k)
    ? standIn(syntheticShare, present, k) / present
    : isSmall(present - mutated, k)
      ? 1 - standIn(1 - syntheticShare, present, k) / present
      : mutated / present;
  return hidesPresent(present, status.length, k) ? onGrid(share, coarseStep(status.length, k)) : share;
}

function pairCounts(x: Uint8Array, y: Uint8Array): [number, number, number, number] {
  let a = 0;
  let b = 0;
  let c = 0;
  let d = 0;
  for (let i = 0; i < x.length; i++) {
    if (x[i] === MISSING || y[i] === MISSING) continue;
    if (x[i] === 1) {
      if (y[i] === 1) a++;
      else b++;
    } else if (y[i] === 1) c++;
    else d++;
  }
  return [a, b, c, d];
}

/** Benjamini–Hochberg (1995) adjusted p-values. */
export function benjaminiHochberg(p: readonly number[]): number[] {
  const m = p.length;
  const order = p.map((_, i) => i).sort((i, j) => p[i] - p[j]);
  const q = new Array<number>(m);
  let running = 1;
  for (let r = m - 1; r >= 0; r--) {
    running = Math.min(running, (p[order[r]] * m) / (r + 1));
    q[order[r]] = running;
  }
  return q;
}

function oddsOf(counts: [number, number, number, number]): Omit<PairOdds, 'q'> {
  const [a, b, c, d] = counts;
  // Haldane (1940): ½ added to every cell keeps the odds ratio finite when a cell is empty;
  // Woolf (1955) gives the standard error of its logarithm.
  const logOddsRatio = Math.log(((a + 0.5) * (d + 0.5)) / ((b + 0.5) * (c + 0.5)));
  const se = Math.sqrt(1 / (a + 0.5) + 1 / (b + 0.5) + 1 / (c + 0.5) + 1 / (d + 0.5));
  return {
    both: a,
    oddsRatio: Math.exp(logOddsRatio),
    logOddsRatio,
    se,
    p: fisherExact([
      [a, b],
      [c, d],
    ]).p,
  };
}

/**
 * Share of the gene pairs significant in the real table (Fisher's exact test, Benjamini–Hochberg
 * q ≤ α over the pairs compared) whose synthetic odds ratio agrees: on the same side of 1, and
 * within a factor 2 of the real one or within z standard errors of their difference. A pair with a
 * real 2 × 2 cell of 1..k − 1 patients is not compared: its significance, its odds ratio or even
 * its rank among the p-values would say how many patients carry both (or one) of the mutations.
 */
function comutationPart(genes: Gene[], alpha: number, smallCell: number): GenomicReport['comutation'] {
  const pairs: Array<{ i: number; j: number; real: Omit<PairOdds, 'q'>; synthetic: Omit<PairOdds, 'q'> }> =
    [];
  let unlisted = 0;
  for (let i = 0; i < genes.length; i++)
    for (let j = i + 1; j < genes.length; j++) {
      const real = pairCounts(genes[i].real, genes[j].real);
      if (real.some((c) => isSmall(c, smallCell))) {
        unlisted++;
        continue;
      }
      pairs.push({
        i,
        j,
        real: oddsOf(real),
        synthetic: oddsOf(pairCounts(genes[i].synthetic, genes[j].synthetic)),
      });
    }
  const qReal = benjaminiHochberg(pairs.map((x) => x.real.p));
  const qSynthetic = benjaminiHochberg(pairs.map((x) => x.synthetic.p));
  const factor = Math.log(FIDELITY_SETTINGS.oddsRatioFactor);
  const z = FIDELITY_SETTINGS.oddsRatioZ;
  const listed: CoMutationPair[] = [];
  let significant = 0;
  let agreeing = 0;
  pairs.forEach((pair, k) => {
    const sigReal = qReal[k] <= alpha;
    const sigSynthetic = qSynthetic[k] <= alpha;
    if (!sigReal && !sigSynthetic) return;
    const sameSide = Math.sign(pair.real.logOddsRatio) === Math.sign(pair.synthetic.logOddsRatio);
    // Within a factor 2, or within the sampling error of the difference of two log odds ratios.
    const tolerance = Math.max(factor, z * Math.hypot(pair.real.se, pair.synthetic.se));
    const agrees = sameSide && Math.abs(pair.real.logOddsRatio - pair.synthetic.logOddsRatio) <= tolerance;
    if (sigReal) {
      significant++;
      if (agrees) agreeing++;
    }
    const change: CoMutationPair['change'] = !sigReal
      ? 'gained-significance'
      : !sameSide
        ? 'direction'
        : !sigSynthetic
          ? 'lost-significance'
          : agrees
            ? 'none'
            : 'magnitude';
    listed.push({
      genes: [genes[pair.i].name, genes[pair.j].name],
      real: { ...pair.real, q: qReal[k] },
      synthetic: { ...pair.synthetic, q: qSynthetic[k] },
      agrees,
      change,
    });
  });
  listed.sort((x, y) => x.real.p - y.real.p);
  return {
    score: significant > 0 ? agreeing / significant : null,
    significantPairs: significant,
    agreeing,
    pairs: listed,
    unlisted,
  };
}
