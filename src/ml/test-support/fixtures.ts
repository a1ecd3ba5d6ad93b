/** The scikit-learn reference values made by tools/reference/sklearn_ml_reference.py. */
import { readFileSync } from 'node:fs';

export interface LogisticCase {
  name: string;
  n: number;
  p: number;
  C: number;
  x: number[];
  y: number[];
  weights: number[] | null;
  intercept: number;
  coef: number[];
  proba: number[];
  /** scikit-learn's lbfgs answer, which stops ~1e-5 short of the exact minimiser. */
  lbfgs: { intercept: number; coef: number[] };
}

export interface RidgeCase {
  name: string;
  n: number;
  p: number;
  alpha: number;
  x: number[];
  y: number[];
  intercept: number;
  coef: number[];
  r2: number;
}

export interface SklearnReference {
  logistic: LogisticCase[];
  ridge: RidgeCase[];
  multiclassAuc: { n: number; k: number; labels: number[]; scores: number[]; macroOvr: number };
}

export function sklearnReference(): SklearnReference {
  return JSON.parse(readFileSync(new URL('../fixtures/sklearn-ml.json', import.meta.url), 'utf8'));
}

/** |actual − expected| ≤ rel · max(|expected|, 1e-3): relative, with a floor for values near 0. */
export function relClose(actual: number, expected: number, rel: number): boolean {
  return Math.abs(actual - expected) <= rel * Math.max(Math.abs(expected), 1e-3);
}
