/**
 * Rows the holdout shares with the training table. The holdout stands for patients the generator
 * never saw: training rows in it make the privacy baselines (distances, exact copies, membership
 * inference) and TSTR's test set look like the training data, so that even a verbatim copy of the
 * training table passes. Identical rows also occur by chance when a few columns take few values;
 * the rate an unseen sample would show is the training table's own: the share of its rows with an
 * identical row elsewhere in it (leave-one-out), by Laplace's rule of succession so that a table
 * without twins still allows for one. More shared rows than Poisson(expected) gives with
 * probability 0.001 are refused; fewer are kept and counted in the report.
 */
import { DataError } from '../core/errors.js';
import type { Schema } from '../data/schema.js';
import type { Table } from '../data/table.js';
import { regularizedGammaP } from '../stats/distributions.js';

/** P(X ≥ shared) below this for X ~ Poisson(expected): the holdout holds training rows. */
const OVERLAP_ALPHA = 0.001;

export interface HoldoutOverlap {
  /** Holdout rows identical to some training row on every column but identifiers. */
  readonly shared: number;
  /** How many an unseen sample of the holdout's size would share by chance. */
  readonly expected: number;
}

export function holdoutOverlap(training: Table, holdout: Table, columns: readonly string[]): HoldoutOverlap {
  const counts = new Map<string, number>();
  for (const key of rowKeys(training, columns)) counts.set(key, (counts.get(key) ?? 0) + 1);
  let twins = 0;
  for (const n of counts.values()) if (n > 1) twins += n;
  let shared = 0;
  for (const key of rowKeys(holdout, columns)) if (counts.has(key)) shared++;
  const twinShare = (twins + 1) / (training.nRows + 2);
  return { shared, expected: twinShare * holdout.nRows };
}

/** The overlap, or a DataError naming both files when it is more than chance explains. */
export function checkHoldoutOverlap(
  training: Table,
  holdout: Table,
  schema: Schema,
  files: { real?: string; holdout?: string },
): HoldoutOverlap {
  const columns = schema.columns
    .filter((c) => c.role !== 'id' && training.has(c.name) && holdout.has(c.name))
    .map((c) => c.name);
  const overlap = holdoutOverlap(training, holdout, columns);
  if (overlap.shared > 0 && regularizedGammaP(overlap.shared, overlap.expected) < OVERLAP_ALPHA)
    throw new DataError(
      { file: files.holdout },
      `${overlap.shared} of its ${holdout.nRows} rows are also in the training table${files.real ? ` ${files.real}` : ''} (about ${overlap.expected.toFixed(1)} expected by chance); a holdout must hold patients the generator never saw: split the data again, or leave the holdout out`,
    );
  return overlap;
}

/** One string per row, equal exactly when the rows are equal (missing equals missing; labels, not codes). */
function rowKeys(table: Table, columns: readonly string[]): string[] {
  const keys = new Array<string>(table.nRows).fill('');
  for (const name of columns) {
    const column = table.column(name);
    for (let row = 0; row < table.nRows; row++) {
      const cell =
        column.type === 'number'
          ? Number.isNaN(column.values[row])
            ? ''
            : String(column.values[row])
          : column.codes[row] < 0
            ? ''
            : `"${column.levels[column.codes[row]]}`;
      keys[row] += `${cell}\u0001`;
    }
  }
  return keys;
}
