/**
 * Sampled codes back to rows: compressed states expanded to the schema's states, categories as
 * declared, binned values drawn uniformly within their bin (`decodeCodes`), and the columns the
 * domain leaves out — derived ones — present as missing for the pipeline to recompute.
 *
 * Survival times are drawn uniformly within their bin; the event is the model's, drawn jointly with
 * the time's bin (so a death and its time bin stay associated as measured). Two times the schema
 * orders that share a bin are put in order (`measure/order-within-bins.ts`); orderings across bins and every
 * other rule are enforced by the pipeline's rejection of rows that break them.
 */
import type { Rng } from '../../core/rng.js';
import type { Schema } from '../../data/schema.js';
import { type Column, codeColumn, MISSING_CODE, numberColumn, Table } from '../../data/table.js';
import { decodeCodes } from '../measure/encode.js';
import { orderWithinBins } from '../measure/order-within-bins.js';
import { modelledColumns } from '../prepare.js';
import { type Compression, expandCodes } from './compress.js';

export function decodeRows(codes: readonly Int32Array[], c: Compression, schema: Schema, rng: Rng): Table {
  const decoded = orderWithinBins(
    decodeCodes(expandCodes(codes, c, rng.split('expand')), c.full, rng.split('values')),
    schema,
    c.full,
  );
  const rows = codes[0]?.length ?? 0;
  return new Table(
    modelledColumns(schema).map((name): [string, Column] => {
      if (decoded.has(name)) return [name, decoded.column(name)];
      const spec = schema.columns.find((s) => s.name === name)!;
      return [
        name,
        spec.kind === 'categorical' || spec.kind === 'boolean'
          ? codeColumn(new Int32Array(rows).fill(MISSING_CODE), spec.categories ?? ['0', '1'])
          : numberColumn(new Float64Array(rows).fill(Number.NaN)),
      ];
    }),
  );
}
