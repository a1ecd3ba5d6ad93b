/**
 * A column with values in one table and none in the other. There is nothing to test, and nothing
 * of the column's distribution is reproduced, so it scores 0 (not "not computed": the absence is
 * measured); its missing-rate difference is as large as the other table's share of values.
 */
import { type ColumnPair, present } from './prepare.js';
import type { EmptyColumnFidelity } from './types.js';

export function emptyColumnFidelity(
  pair: ColumnPair & { emptyIn: 'real' | 'synthetic' },
): EmptyColumnFidelity {
  const real = present(pair.real);
  const synthetic = present(pair.synthetic);
  const missingReal = 1 - real / pair.real.length;
  const missingSynthetic = 1 - synthetic / pair.synthetic.length;
  return {
    name: pair.name,
    kind: pair.kind,
    test: 'none',
    statistic: null,
    p: null,
    score: 0,
    emptyIn: pair.emptyIn,
    missing: {
      real: missingReal,
      synthetic: missingSynthetic,
      difference: Math.abs(missingReal - missingSynthetic),
    },
    n: { real, synthetic },
  };
}
