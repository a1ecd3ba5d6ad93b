/**
 * The latent order of each code column's levels from merged feature sums (round 2), the same
 * optimal scaling `level-order.ts` computes from rows: the level centroids over the other columns'
 * feature blocks, each centroid a sum the sites sent (see `moment-features.ts`). On a table of at
 * most `ORDER_SUBSAMPLE` rows the fit uses every row, and the two agree up to the order of
 * floating-point additions; above it the fit takes a row subsample and this uses all rows.
 */
import { CodeCodec } from './codec.js';
import { principalAxis, rankLevels } from './level-order.js';
import type { CopulaTransforms } from './measurements.js';
import type { FeatureSums } from './moment-features.js';

type TransformColumn = CopulaTransforms['columns'][number];

/** How one column enters the other columns' centroids: a score block or standardised indicators. */
type Block = (feature: number, out: Float64Array, at: number) => void;

export function levelOrdersFromSums(
  transforms: CopulaTransforms,
  labels: readonly string[],
  sums: FeatureSums,
): Map<number, number[]> {
  const first = firstFeatures(transforms);
  const blocks = transforms.columns.map((c, i) => blockOf(c, first[i], sums));
  const orders = new Map<number, number[]>();
  transforms.columns.forEach((c, i) => {
    if (c.marginal.type !== 'code') return;
    const codes = [...c.marginal.probabilities.keys()];
    const seen = codes.filter((k) => c.marginal.type === 'code' && c.marginal.probabilities[k] > 0);
    const unseen = codes.filter((k) => !seen.includes(k));
    if (seen.length < 3) {
      orders.set(i, [...seen, ...unseen]);
      return;
    }
    const others = blocks.filter((_, j) => j !== i);
    const width = others.reduce((w, b) => w + b.width, 0);
    const centroid = new Float64Array(seen.length * width);
    const n = new Float64Array(seen.length);
    seen.forEach((code, k) => {
      const feature = first[i] + code;
      n[k] = sums.cross(feature, feature);
      let at = k * width;
      for (const block of others) {
        block.sum(feature, centroid, at);
        at += block.width;
      }
    });
    orders.set(i, rankLevels(seen, unseen, principalAxis(centroid, n, seen.length, width)));
  });
  if (labels.length !== sums.d) throw new RangeError('feature labels and sums differ in size');
  return orders;
}

/** Index of each column's first value feature (features are laid out as in `momentFeatures`). */
function firstFeatures(transforms: CopulaTransforms): number[] {
  let next = 0;
  return transforms.columns.map((c) => {
    const at = next;
    next += c.marginal.type === 'number' ? 1 : c.marginal.levels.length;
    return at;
  });
}

function blockOf(column: TransformColumn, first: number, sums: FeatureSums): { width: number; sum: Block } {
  const marginal = column.marginal;
  if (marginal.type === 'number')
    return {
      width: 1,
      sum: (f, out, at) => {
        out[at] += sums.cross(f, first);
      },
    };
  const present = [...marginal.probabilities.keys()].filter((k) => marginal.probabilities[k] > 0);
  if (present.length >= 3) {
    // As `indicatorBlock`: (1[level] − p)/sd per present level, the block scaled to unit inertia.
    const scale = 1 / Math.sqrt(Math.max(present.length - 1, 1));
    const levels = marginal.levels.length;
    return {
      width: present.length,
      sum: (f, out, at) => {
        let observed = 0;
        for (let l = 0; l < levels; l++) observed += sums.cross(f, first + l);
        present.forEach((l, j) => {
          const p = marginal.probabilities[l];
          const sd = Math.sqrt(p * (1 - p)) || 1;
          out[at + j] += ((sums.cross(f, first + l) - p * observed) / sd) * scale;
        });
      },
    };
  }
  const codec = new CodeCodec({ ...marginal, order: [...marginal.probabilities.keys()] });
  return {
    width: 1,
    sum: (f, out, at) => {
      let s = 0;
      marginal.levels.forEach((_, l) => {
        const c = sums.cross(f, first + l);
        if (c !== 0) s += codec.score(l) * c;
      });
      out[at] += s;
    },
  };
}
