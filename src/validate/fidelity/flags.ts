/**
 * Prevalence of every 0/1 column (boolean columns and mutations) in both tables, for one dot plot
 * instead of a bar chart per flag. A real prevalence that is 1..k − 1 patients (or all but that
 * many) is not reported: the page shows "fewer than k" instead.
 */
import type { ColumnPair } from './prepare.js';
import { coarseStep, hidesPresent, isSmall, onGrid } from './small-counts.js';
import type { FlagPrevalence } from './types.js';

const POSITIVE = new Set(['1', 'true', 'yes', 'y', 't']);

export function flagPrevalence(columns: readonly ColumnPair[], smallCell: number): FlagPrevalence[] {
  return columns.flatMap((pair) => {
    if (pair.kind !== 'boolean' && pair.role !== 'mutation') return [];
    const positive = positiveTest(pair);
    if (!positive) return [];
    const real = count(pair.real, positive);
    const synthetic = count(pair.synthetic, positive);
    const small = (c: number) => isSmall(c, smallCell);
    const share = real.positive / real.present;
    const rows = pair.real.length;
    return [
      {
        name: pair.name,
        role: pair.role,
        real:
          real.present === 0 || small(real.positive) || small(real.present - real.positive)
            ? null
            : // A hidden missing count hides the denominator too: an exact share a/b gives b back.
              hidesPresent(real.present, rows, smallCell)
              ? onGrid(share, coarseStep(rows, smallCell))
              : share,
        synthetic: synthetic.present ? synthetic.positive / synthetic.present : 0,
      },
    ];
  });
}

/** Which value counts as "present": > 0 for numbers; "1"/"true"/"yes", else the second of two levels. */
function positiveTest(pair: ColumnPair): ((v: number) => boolean) | undefined {
  if (pair.type === 'number') return (v) => v > 0;
  if (pair.levels.length > 2) return undefined;
  const named = pair.levels.findIndex((l) => POSITIVE.has(l.toLowerCase()));
  const level = named >= 0 ? named : pair.levels.length === 2 ? 1 : -1;
  return (code) => code === level;
}

function count(values: Float64Array | Int32Array, positive: (v: number) => boolean) {
  let present = 0;
  let hits = 0;
  const isCode = values instanceof Int32Array;
  for (const v of values) {
    if (isCode ? v < 0 : Number.isNaN(v)) continue;
    present++;
    if (positive(v)) hits++;
  }
  return { present, positive: hits };
}
