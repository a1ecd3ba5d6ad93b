/** The R reference values written by tools/reference/survival.R, and the datasets they came from. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Table } from '../../data/table.js';
import { asFactor, readCsv } from './read-csv.js';

type Num = number | null;

export interface KmReference {
  group: string | null;
  n: number;
  events: number;
  time: number[];
  nRisk: number[];
  nEvent: number[];
  nCensor: number[];
  surv: number[];
  stdErr: Num[];
  lower: Num[];
  upper: Num[];
  median: Num;
  medianLower: Num;
  medianUpper: Num;
  at: Array<{ time: number; survival: Num; lower: Num; upper: Num }>;
}

export interface TestReference {
  statistic: number;
  df: number;
  p: number;
}

export interface CoxReference {
  ties: 'efron' | 'breslow';
  terms: string[];
  coef: number[];
  hr: number[];
  se: number[];
  z: number[];
  p: number[];
  lower: number[];
  upper: number[];
  variance: number[][];
  means: number[];
  loglik: [number, number];
  lr: TestReference;
  wald: TestReference;
  score: TestReference;
  n: number;
  events: number;
  /** Rows missing time, event or a Cox term: the Cox model's own complete cases. */
  dropped: number;
  iterations: number;
  concordance: {
    concordant: number;
    discordant: number;
    tiedX: number;
    tiedY: number;
    tiedXY: number;
    concordance: number;
    std: number;
  };
}

export interface ModelReference {
  name: string;
  dataset: string;
  spec: {
    time: string;
    event: string;
    eventValue: number | string;
    group?: string;
    cox?: string[];
    at: number[];
    factors: string[];
    levels?: Record<string, string[]>;
  };
  /** The Kaplan–Meier and log-rank rows: complete in time, event and group. */
  n: number;
  events: number;
  dropped: number;
  km: KmReference[];
  logrank?: {
    groups: string[];
    observed: number[];
    expected: number[];
    variance: number[][];
    chisq: number;
    df: number;
    p: number;
  };
  cox?: { efron: CoxReference; breslow: CoxReference };
}

const root = (relative: string) => fileURLToPath(new URL(`../../../${relative}`, import.meta.url));

export const reference: { models: ModelReference[] } = JSON.parse(
  readFileSync(fileURLToPath(new URL('../fixtures/r-survival.json', import.meta.url)), 'utf8'),
);

const cache = new Map<string, Table>();

/** The model's dataset, with its factor columns coded in the levels R used. */
export function datasetFor(model: ModelReference): Table {
  let table = cache.get(model.dataset);
  if (!table) {
    table = readCsv(root(`datasets/${model.dataset}.csv`));
    cache.set(model.dataset, table);
  }
  for (const [name, levels] of Object.entries(model.spec.levels ?? {})) table = asFactor(table, name, levels);
  return table;
}
