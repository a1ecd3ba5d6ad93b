/**
 * A column with values in one table and none in the other. There is nothing to test, and nothing
 * of the column's distribution is reproduced, so it scores 0 (not "not computed": the absence is
 * measured); its missing-rate difference is as large as the other table's share of values.
 */
import { type ColumnPair, present } from './prepare.js';
import { missingRates } from './small-counts.js';
import type { EmptyColumnFidelity } from './types.js';

export function emptyColumnFidelity(
  pair: ColumnPair & { emptyIn: 'real' | 'synthetic' },
  smallCell: number,
): EmptyColumnFidelity {
  const real = present(pair.real);
  const synthetic = present(pair.synthetic);
  const missing = missingRates(real, pair.real.length, synthetic, pair.synthetic.length, smallCell);
  return {
    name: pair.name,
    kind: pair.kind,
    test: 'none',
    statistic: null,
    p: null,
    score: 0,
    emptyIn: pair.emptyIn,
    missing: { real: missing.real, synthetic: missing.synthetic, difference: missing.difference },
    n: { real: missing.real === null ? null : real, synthetic },
  };
}
