/** Prediction metrics that agree with scikit-learn's `r2_score` and `roc_auc_score`. */
import { rocAuc } from '../stats/auc.js';

/** Coefficient of determination 1 − SS_res / SS_tot (can be negative; NaN for a constant truth). */
export function r2Score(truth: ArrayLike<number>, predicted: ArrayLike<number>): number {
  const n = truth.length;
  if (predicted.length !== n) throw new RangeError('r2Score: lengths differ');
  let mean = 0;
  for (let i = 0; i < n; i++) mean += truth[i] / n;
  let residual = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    residual += (truth[i] - predicted[i]) ** 2;
    total += (truth[i] - mean) ** 2;
  }
  return total > 0 ? 1 - residual / total : Number.NaN;
}

/**
 * Macro-averaged one-vs-rest ROC AUC for classes 0..k−1 from row-major n × k scores (Hand & Till's
 * alternative; scikit-learn's `multi_class='ovr', average='macro'`). Classes absent from `labels`
 * are left out of the average, as their AUC is undefined.
 */
export function macroOvrAuc(scores: Float64Array, labels: ArrayLike<number>, k: number): number {
  const n = labels.length;
  if (scores.length !== n * k) throw new RangeError('macroOvrAuc: scores must be n × k');
  const column = new Float64Array(n);
  const positive = new Uint8Array(n);
  let sum = 0;
  let counted = 0;
  for (let c = 0; c < k; c++) {
    for (let i = 0; i < n; i++) {
      column[i] = scores[i * k + c];
      positive[i] = labels[i] === c ? 1 : 0;
    }
    const auc = rocAuc(column, positive);
    if (Number.isNaN(auc)) continue;
    sum += auc;
    counted++;
  }
  return counted > 0 ? sum / counted : Number.NaN;
}
