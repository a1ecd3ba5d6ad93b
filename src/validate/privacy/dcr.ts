/**
 * Distance to closest record (DCR): each synthetic row's Gower distance to its nearest training
 * row, judged against the same distance for real rows the generator never saw: the holdout, or,
 * without one, each training row's distance to the other training rows (leave-one-out), which has
 * the same distribution for a sample of n − 1. A generator that copies or barely perturbs training
 * rows puts more than the baseline's share of rows below the baseline's 5th percentile (Platzer &
 * Reutterer 2021; SDMetrics' DCR baseline protection). Percentiles are one pair's distance: they
 * are published, and the shares below the 5th counted, with 2 significant digits (`significant`).
 */
import type { DcrReport, DistanceSummary } from './report.js';
import { distanceHistogram, quantile, shareBelow, significant, sortedCopy } from './summaries.js';

function summariseDistances(dcr: Float64Array): DistanceSummary {
  const sorted = sortedCopy(dcr);
  return {
    p5: significant(quantile(sorted, 0.05)),
    median: significant(quantile(sorted, 0.5)),
    rows: dcr.length,
  };
}

export interface DcrBaseline {
  source: 'holdout' | 'training';
  /** Each sampled baseline row's distance to its closest (other) training row. */
  distances: Float64Array;
}

/** `synthetic`: each sampled synthetic row's distance to its closest training row. */
export function distanceToClosestRecord(
  synthetic: Float64Array,
  baseline: DcrBaseline | null,
  histogram: { bins: number; smallCell: number },
): DcrReport {
  const syntheticToReal = summariseDistances(synthetic);
  if (!baseline || baseline.distances.length === 0) {
    const { edges, proportions } = distanceHistogram([synthetic], histogram.bins, histogram);
    return {
      syntheticToReal,
      closerThanBaselineP5: null,
      histogram: { edges, synthetic: proportions[0], baseline: null },
    };
  }
  const summary = summariseDistances(baseline.distances);
  // The baseline's distances are real patients': its small bins are merged.
  const { edges, proportions } = distanceHistogram([synthetic, baseline.distances], histogram.bins, {
    real: 1,
    smallCell: histogram.smallCell,
  });
  return {
    syntheticToReal,
    ...(baseline.source === 'holdout' ? { holdoutToReal: summary } : { trainingToTraining: summary }),
    closerThanBaselineP5: {
      baseline: baseline.source,
      threshold: summary.p5,
      synthetic: shareBelow(synthetic, summary.p5),
      reference: shareBelow(baseline.distances, summary.p5),
    },
    histogram: { edges, synthetic: proportions[0], baseline: proportions[1] },
  };
}
