/**
 * The site's side of a federated copula fit: two rounds of measurements over its own table, each
 * plain JSON that adds up across sites (`measurements.ts`). Round 1 needs only the schema; round 2
 * needs the public transforms the hub built from every site's round 1 (`estimate.ts`).
 */
import { detectDecimals } from '../../data/decimals.js';
import type { Schema } from '../../data/schema.js';
import type { Table } from '../../data/table.js';
import { measureColumn } from './columns.js';
import { requireFederable } from './federable.js';
import { CopulaMarginals, CopulaMoments, type CopulaTransforms, transformsHash } from './measurements.js';
import { siteFeatureMoments } from './moment-features.js';
import type { CopulaOptions } from './params.js';
import { gridDigits, sketchValues } from './sketch.js';

/** Round 1: each column's sketch, missing count and decimals. */
export function measureMarginals(table: Table, schema: Schema, options: CopulaOptions): CopulaMarginals {
  requireFederable(options);
  const columns = table.names.map((name) => {
    // The same checks as a fit (kind against content, finite numbers); a site may miss a column's
    // values entirely, which only the merged counts can judge.
    const column = table.column(name);
    const spec = schema.columns.find((c) => c.name === name);
    if (column.type === 'number') {
      if (column.values.some((v) => !Number.isNaN(v))) measureColumn(table, name, schema, options);
      const sketch = sketchValues(column.values, gridDigits(spec));
      const observed = sketch.count.reduce((a, b) => a + b, 0);
      const decimals = detectDecimals(column.values);
      return { name, type: 'number' as const, ...sketch, missing: table.nRows - observed, decimals };
    }
    if (column.codes.some((c) => c >= 0)) measureColumn(table, name, schema, options);
    const counts = column.levels.map(() => 0);
    let missing = 0;
    for (const code of column.codes)
      if (code < 0) missing++;
      else counts[code]++;
    return { name, type: 'code' as const, levels: [...column.levels], counts, missing };
  });
  return CopulaMarginals.parse({ format: 'copula-marginals', version: 1, rows: table.nRows, columns });
}

/** Round 2: sums of products of the rows' feature scores under the hub's public transforms. */
export function measureMoments(table: Table, transforms: CopulaTransforms): CopulaMoments {
  const moments = siteFeatureMoments(table, transforms);
  return CopulaMoments.parse({
    format: 'copula-moments',
    version: 1,
    transforms: transformsHash(transforms),
    rows: table.nRows,
    ...moments,
  });
}

export type CopulaRequest =
  | { readonly round: 1 }
  | { readonly round: 2; readonly transforms: CopulaTransforms };

/** One round of a site's measurements: what the generator contract calls where the data lives. */
export function measureCopula(
  request: CopulaRequest,
  table: Table,
  schema: Schema,
  options: CopulaOptions,
): CopulaMarginals | CopulaMoments {
  if (request.round === 1) return measureMarginals(table, schema, options);
  requireFederable(options);
  return measureMoments(table, request.transforms);
}
