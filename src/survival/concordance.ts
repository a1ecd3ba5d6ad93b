/**
 * Harrell's concordance of a risk score with right-censored survival, counted as R's
 * `concordance()` / `summary(coxph)$concordance` do: a pair is comparable when the shorter time
 * is an event (a censoring at the same time as an event counts as the longer time); pairs of
 * events at the same time are tied on y and left out; ties in the score count one half.
 * A higher score means an earlier event (R's `reverse = TRUE`, as for a Cox linear predictor).
 *
 * Two sweeps with Fenwick trees over score ranks make it O(n log n); the standard error is R's
 * infinitesimal jackknife from the per-subject pair counts (Therneau & Atkinson, "Concordance",
 * survival package vignette).
 */
import { StatisticsError } from '../core/errors.js';
import { lastAtOrBelow, mergeNearTies } from './ties.js';

export interface ConcordanceResult {
  readonly method: 'concordance';
  /** (concordant + tiedX / 2) / (concordant + discordant + tiedX). */
  readonly concordance: number;
  readonly std: number;
  readonly concordant: number;
  readonly discordant: number;
  /** Comparable pairs tied on the score. */
  readonly tiedX: number;
  /** Pairs of events at the same time: with different scores, and with equal scores. */
  readonly tiedY: number;
  readonly tiedXY: number;
}

class Fenwick {
  private readonly tree: Float64Array;
  readonly counts: Float64Array;
  total = 0;
  constructor(size: number) {
    this.tree = new Float64Array(size + 1);
    this.counts = new Float64Array(size);
  }
  add(rank: number): void {
    this.counts[rank]++;
    this.total++;
    for (let i = rank + 1; i < this.tree.length; i += i & -i) this.tree[i]++;
  }
  /** How many entries have rank < `rank`. */
  below(rank: number): number {
    let sum = 0;
    for (let i = rank; i > 0; i -= i & -i) sum += this.tree[i];
    return sum;
  }
}

interface Totals {
  concordant: number;
  discordant: number;
  tiedX: number;
  tiedY: number;
  tiedXY: number;
}

/** Per subject: comparable pairs it belongs to that are concordant, discordant, tied on the score. */
interface PairCounts {
  concordant: Float64Array;
  discordant: Float64Array;
  tied: Float64Array;
}

export function concordance(
  time: Float64Array,
  status: Uint8Array,
  score: Float64Array,
  options: { timefix?: boolean } = {},
): ConcordanceResult {
  const t = options.timefix === false ? time : mergeNearTies(time);
  const rank = scoreRanks(score);
  const size = rank.reduce((m, r) => Math.max(m, r + 1), 0);
  const ascending = Uint32Array.from(t.keys()).sort((a, b) => t[a] - t[b]);
  const n = t.length;
  const counts: PairCounts = {
    concordant: new Float64Array(n),
    discordant: new Float64Array(n),
    tied: new Float64Array(n),
  };
  const totals = countAsEarlier(t, status, rank, size, ascending, counts);
  countAsLater(t, status, rank, size, ascending, counts);
  return summarize(counts, totals);
}

/** Dense ranks of the scores; exactly equal scores share a rank. */
function scoreRanks(score: Float64Array): Int32Array {
  const sorted = Float64Array.from(score).sort();
  let m = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[m - 1]) sorted[m++] = sorted[i];
  const distinct = sorted.subarray(0, m);
  return Int32Array.from(score, (v) => lastAtOrBelow(distinct, v));
}

/** Descending in time: each event against everyone still at risk after it (and censored at its time). */
function countAsEarlier(
  t: Float64Array,
  status: Uint8Array,
  rank: Int32Array,
  size: number,
  ascending: Uint32Array,
  counts: PairCounts,
) {
  const atRisk = new Fenwick(size);
  const totals: Totals = { concordant: 0, discordant: 0, tiedX: 0, tiedY: 0, tiedXY: 0 };
  for (let end = ascending.length; end > 0; ) {
    let start = end - 1;
    while (start > 0 && t[ascending[start - 1]] === t[ascending[end - 1]]) start--;
    for (let k = start; k < end; k++) if (status[ascending[k]] !== 1) atRisk.add(rank[ascending[k]]);
    const deadRanks: number[] = [];
    for (let k = start; k < end; k++) {
      const i = ascending[k];
      if (status[i] !== 1) continue;
      const below = atRisk.below(rank[i]);
      const equal = atRisk.counts[rank[i]];
      const above = atRisk.total - below - equal;
      counts.concordant[i] += below;
      counts.discordant[i] += above;
      counts.tied[i] += equal;
      totals.concordant += below;
      totals.discordant += above;
      totals.tiedX += equal;
      deadRanks.push(rank[i]);
    }
    countTiedEvents(deadRanks, totals);
    for (let k = start; k < end; k++) if (status[ascending[k]] === 1) atRisk.add(rank[ascending[k]]);
    end = start;
  }
  return totals;
}

/** Events at one time form pairs tied on y; those also equal in score are tied on both. */
function countTiedEvents(ranks: number[], totals: Totals): void {
  const d = ranks.length;
  if (d < 2) return;
  ranks.sort((a, b) => a - b);
  let sameScore = 0;
  for (let run = 1, k = 1; k <= d; k++) {
    if (k < d && ranks[k] === ranks[k - 1]) run++;
    else {
      sameScore += (run * (run - 1)) / 2;
      run = 1;
    }
  }
  totals.tiedXY += sameScore;
  totals.tiedY += (d * (d - 1)) / 2 - sameScore;
}

/** Ascending in time: each subject against the events before it (and at its time, if censored). */
function countAsLater(
  t: Float64Array,
  status: Uint8Array,
  rank: Int32Array,
  size: number,
  ascending: Uint32Array,
  counts: PairCounts,
): void {
  const events = new Fenwick(size);
  const compare = (j: number) => {
    const below = events.below(rank[j]);
    const equal = events.counts[rank[j]];
    // an earlier event with a higher score than j's is a concordant pair
    counts.concordant[j] += events.total - below - equal;
    counts.discordant[j] += below;
    counts.tied[j] += equal;
  };
  for (let start = 0; start < ascending.length; ) {
    let end = start + 1;
    while (end < ascending.length && t[ascending[end]] === t[ascending[start]]) end++;
    for (let k = start; k < end; k++) if (status[ascending[k]] === 1) compare(ascending[k]);
    for (let k = start; k < end; k++) if (status[ascending[k]] === 1) events.add(rank[ascending[k]]);
    for (let k = start; k < end; k++) if (status[ascending[k]] !== 1) compare(ascending[k]);
    start = end;
  }
}

function summarize(counts: PairCounts, totals: Totals): ConcordanceResult {
  const { concordant, discordant, tiedX } = totals;
  const pairs = concordant + discordant + tiedX;
  if (pairs === 0)
    throw new StatisticsError('no comparable pairs (every event at the same time): concordance is undefined');
  const somers = (concordant - discordant) / pairs;
  let variance = 0;
  for (let i = 0; i < counts.tied.length; i++) {
    const c = counts.concordant[i];
    const d = counts.discordant[i];
    const dfbeta = (c - d - somers * (c + d + counts.tied[i])) / pairs;
    variance += dfbeta * dfbeta;
  }
  return {
    method: 'concordance',
    concordance: (concordant + tiedX / 2) / pairs,
    std: Math.sqrt(variance) / 2,
    ...totals,
  };
}
