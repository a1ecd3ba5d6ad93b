/**
 * The privacy score: each measured attack becomes a part in 0..1 (1 = no leak beyond what real
 * rows the generator never saw show), and the score is the smallest available part, because an
 * attacker uses whichever attack works best. docs/validation/privacy.md gives the reasoning.
 */
import { PRIVACY_SETTINGS } from './constants.js';
import type { ScoreParts } from './report.js';

const clamp01 = (x: number): number => Math.min(1, Math.max(0, x));

/** Excess share of synthetic rows closer than the holdout's 5th percentile, over the holdout's own. */
export function dcrPart(synthetic: number, holdout: number): number {
  return clamp01(1 - Math.max(0, synthetic - holdout) / PRIVACY_SETTINGS.dcrExcessAtZero);
}

/** Excess share of exact copies over the baseline (holdout copies, or training twins). */
export function exactMatchPart(share: number, baseline: number): number {
  return clamp01(1 - Math.max(0, share - baseline) / PRIVACY_SETTINGS.copyExcessAtZero);
}

/** 1 at AUC 0.5 (a coin), 0 at AUC 1; an AUC below 0.5 is no leak. */
export function miaPart(auc: number): number {
  return clamp01(1 - 2 * Math.max(0, auc - 0.5));
}

/** The attacker's mean accuracy gain on members over non-members. */
export function attributePart(meanAdvantage: number): number {
  return clamp01(1 - Math.max(0, meanAdvantage) / PRIVACY_SETTINGS.attributeAdvantageAtZero);
}

export function privacyScore(parts: ScoreParts): number | null {
  const available = Object.values(parts).filter((p): p is number => p !== null);
  return available.length ? Math.min(...available) : null;
}
