/**
 * Timing of the cart generator (run by hand, never in tests): fit + sample on the wide cohort.
 * `node dist-or-build/.../bench.js [rows] [sampleRows]`.
 */
import { Rng } from '../../../core/rng.js';
import { cartGenerator } from '../index.js';
import { wideCohort } from './wide.js';

const rows = Number(process.argv[2] ?? 2500);
const sampleRows = Number(process.argv[3] ?? 10000);
const { table, schema } = wideCohort(rows, 1);
const options = cartGenerator.options.parse({});
let t = performance.now();
const model = cartGenerator.fit({ table, schema, rng: Rng.from(1) }, options);
const fitMs = performance.now() - t;
t = performance.now();
const synthetic = model.sample({ rows: sampleRows, rng: Rng.from(2), where: [] });
const sampleMs = performance.now() - t;
t = performance.now();
const where = [{ column: 'rare', equals: '1' }];
const conditioned = model.sample({ rows: Math.min(sampleRows, 2000), rng: Rng.from(3), where });
const conditionedMs = performance.now() - t;
t = performance.now();
const json = JSON.stringify(model.params);
const jsonMs = performance.now() - t;
const mib = (b: number) => (b / 2 ** 20).toFixed(0);
console.log(
  JSON.stringify({
    rows,
    columns: table.nColumns,
    fitMs: Math.round(fitMs),
    sampleRows: synthetic.nRows,
    sampleMs: Math.round(sampleMs),
    conditionedRows: conditioned.nRows,
    conditionedMs: Math.round(conditionedMs),
    paramsMiB: mib(json.length),
    stringifyMs: Math.round(jsonMs),
    heapMiB: mib(process.memoryUsage().heapUsed),
    rssMiB: mib(process.memoryUsage().rss),
  }),
);
