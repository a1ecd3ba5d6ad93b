/**
 * Round 2 of a federated copula fit. A code column's scores depend on the latent order of its
 * levels, and that order is chosen from the other columns (`level-order.ts`), so a site cannot score
 * it before the hub has seen every site. Each site therefore sums over *features* that need no
 * order: a number column's normal score, one 0/1 indicator per level of a code column, and each
 * missingness indicator's score. The sums over features hold both what the level order reads (the
 * level centroids: per-level sums of the other features) and the latent cross moments: a code
 * latent's score is σ_k on level k, so Σ s_a s_b = Σ_k σ_k Σ_{rows at k} s_b, a weighted sum of
 * feature sums. Pairwise deletion carries over: every level indicator of a column is observed on
 * the same rows as the column.
 */
import type { Column, Table } from '../../data/table.js';
import { type Atom, type CodeCodec, missingCodec, NumberCodec } from './codec.js';
import type { CopulaTransforms } from './measurements.js';
import { type CrossMoments, crossMoments, type LatentScorer } from './moments.js';
import type { ColumnModel } from './params.js';

type TransformColumn = CopulaTransforms['columns'][number];

/** One feature: its label and how a site scores its rows. */
interface Feature {
  readonly label: string;
  readonly column: number;
  /** Level code of an indicator; -1 for a score. */
  readonly level: number;
  readonly missingness: boolean;
}

/** The features in order: each column's value features, then the missingness indicators. */
export function momentFeatures(transforms: CopulaTransforms): Feature[] {
  const values = transforms.columns.flatMap((c, i): Feature[] =>
    c.marginal.type === 'number'
      ? [{ label: c.name, column: i, level: -1, missingness: false }]
      : c.marginal.levels.map((level, k) => ({
          label: `${c.name}=${level}`,
          column: i,
          level: k,
          missingness: false,
        })),
  );
  const missing = transforms.columns.flatMap((c, i): Feature[] =>
    c.missing > 0 ? [{ label: `${c.name} is missing`, column: i, level: -1, missingness: true }] : [],
  );
  return [...values, ...missing];
}

/** Observed rows behind a column's scores, as `columnCodecs` counts them. */
function observedRows(rows: number, missing: number): number {
  return Math.max(1, Math.round(rows * (1 - missing)));
}

/** The number codec every site and the hub score a number column with. */
export function numberCodecOf(column: TransformColumn, rows: number): NumberCodec {
  if (column.marginal.type !== 'number')
    throw new TypeError(`column '${column.name}' is not a number column`);
  return new NumberCodec(column.marginal, observedRows(rows, column.missing));
}

/** A site's feature scorers over its table (columns as the transforms name them). */
export function featureScorers(
  table: Table,
  transforms: CopulaTransforms,
  features: readonly Feature[],
): Array<Pick<LatentScorer, 'fill' | 'gappy'>> {
  const columns = transforms.columns.map((c) => table.column(c.name));
  const codecs = transforms.columns.map((c) =>
    c.marginal.type === 'number' ? numberCodecOf(c, transforms.rows) : null,
  );
  return features.map((f) => {
    const column = columns[f.column];
    const gappy = transforms.columns[f.column].missing > 0;
    if (f.missingness) {
      const codec = missingCodec(transforms.columns[f.column].missing);
      const [observed, absent] = [codec.score(0), codec.score(1)];
      return {
        gappy: false,
        fill: (from, size, out, offset) => fillMissingness(column, from, size, out, offset, observed, absent),
      };
    }
    if (column.type === 'number')
      return {
        gappy,
        fill: (from, size, out, offset) =>
          codecs[f.column]!.scoreInto(column.values, from, size, out, 1, offset),
      };
    return {
      gappy,
      fill: (from, size, out, offset) => {
        for (let i = 0; i < size; i++) {
          const code = column.codes[from + i];
          out[offset + i] = code < 0 ? Number.NaN : code === f.level ? 1 : 0;
        }
      },
    };
  });
}

function fillMissingness(
  column: Column,
  from: number,
  size: number,
  out: Float64Array,
  offset: number,
  observed: number,
  absent: number,
): void {
  for (let i = 0; i < size; i++) {
    const row = from + i;
    const missing = column.type === 'number' ? Number.isNaN(column.values[row]) : column.codes[row] < 0;
    out[offset + i] = missing ? absent : observed;
  }
}

/** The merged feature sums as full symmetric d×d matrices. */
export class FeatureSums {
  readonly d: number;
  private readonly crossTri: readonly number[];
  private readonly countTri: readonly number[];

  constructor(cross: readonly number[], count: readonly number[], d: number) {
    this.d = d;
    this.crossTri = cross;
    this.countTri = count;
  }

  cross(i: number, j: number): number {
    return this.crossTri[triangle(i, j)];
  }

  count(i: number, j: number): number {
    return this.countTri[triangle(i, j)];
  }
}

export function triangle(i: number, j: number): number {
  const [a, b] = i >= j ? [i, j] : [j, i];
  return (a * (a + 1)) / 2 + b;
}

/** Packs the lower triangles of `crossMoments`' output. */
export function packedMoments(moments: CrossMoments): { cross: number[]; count: number[] } {
  const { d, cross, count } = moments;
  const packed = { cross: [] as number[], count: [] as number[] };
  for (let a = 0; a < d; a++)
    for (let b = 0; b <= a; b++) {
      packed.cross.push(cross[a * d + b]);
      packed.count.push(count[a * d + b]);
    }
  return packed;
}

export function siteFeatureMoments(table: Table, transforms: CopulaTransforms) {
  const features = momentFeatures(transforms);
  const moments = crossMoments(featureScorers(table, transforms, features), table.nRows);
  return { features: features.map((f) => f.label), ...packedMoments(moments) };
}

/** Each latent as a weighted sum of features: (feature, weight) pairs. */
type LatentWeights = Array<Array<[number, number]>>;

/**
 * The latent cross moments from the feature sums, for the fitted columns (in latent layout).
 * `valueCodecs[i]` is column i's codec once its level order is known.
 */
export function latentMoments(
  sums: FeatureSums,
  features: readonly Feature[],
  models: readonly ColumnModel[],
  valueCodecs: ReadonlyArray<NumberCodec | CodeCodec>,
): CrossMoments {
  const d = models.reduce((n, m) => n + 1 + (m.missingLatent === null ? 0 : 1), 0);
  const weights: LatentWeights = Array.from({ length: d }, () => []);
  features.forEach((f, index) => {
    const model = models[f.column];
    if (f.missingness) weights[model.missingLatent!].push([index, 1]);
    else if (f.level < 0) weights[model.latent].push([index, 1]);
    else weights[model.latent].push([index, (valueCodecs[f.column] as CodeCodec).score(f.level)]);
  });
  const cross = new Float64Array(d * d);
  const count = new Float64Array(d * d);
  for (let a = 0; a < d; a++)
    for (let b = 0; b <= a; b++) {
      let sum = 0;
      // A level never observed has an empty interval (its score undefined) and sums of 0: skipped.
      for (const [i, wi] of weights[a])
        for (const [j, wj] of weights[b]) {
          const s = sums.cross(i, j);
          if (s !== 0) sum += wi * wj * s;
        }
      cross[a * d + b] = sum;
      count[a * d + b] = sums.count(weights[a][0][0], weights[b][0][0]);
    }
  return { d, cross, count };
}

/** The hub's view of each latent for the correlation: its atoms, and the latents left unpaired. */
export function latentShapes(
  models: readonly ColumnModel[],
  valueCodecs: ReadonlyArray<NumberCodec | CodeCodec>,
): Array<{ atoms: readonly Atom[]; unpaired: number[] }> {
  const shapes: Array<{ atoms: readonly Atom[]; unpaired: number[] }> = [];
  models.forEach((model, i) => {
    const own = model.missingLatent;
    shapes[model.latent] = { atoms: valueCodecs[i].atoms, unpaired: own === null ? [] : [own] };
    if (own !== null) shapes[own] = { atoms: missingCodec(model.missing).atoms, unpaired: [model.latent] };
  });
  return shapes;
}
