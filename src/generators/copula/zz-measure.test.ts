import { it } from 'vitest';
import { simulate } from '../../simulate/index.js';
import { kaplanMeier, survivalQuantile } from '../../survival/index.js';
import { fitModel, sampleModel } from '../pipeline.js';
import type { Table } from '../../data/table.js';

const { table: real, schema } = simulate('aml', { patients: 2500, centres: 5, seed: 1 });
function oddsRatio(table: Table, a: string, b: string): number {
  const x = table.codes(a); const y = table.codes(b);
  const one = (col: typeof x, r: number) => col.levels[col.codes[r]] === '1';
  const n = [0.5, 0.5, 0.5, 0.5];
  for (let r = 0; r < table.nRows; r++) n[(one(x, r) ? 2 : 0) + (one(y, r) ? 1 : 0)]++;
  return (n[3] * n[0]) / (n[1] * n[2]);
}
function medianOs(table: Table): number {
  const status = table.codes('os_status');
  const curve = kaplanMeier(table.numbers('os_days'), Uint8Array.from(status.codes, (c) => (status.levels[c] === '1' ? 1 : 0)));
  return survivalQuantile(curve).quantile;
}
function share(table: Table, name: string, level = '1'): number {
  const column = table.codes(name); const code = column.levels.indexOf(level);
  let hits = 0, present = 0;
  for (const c of column.codes) { if (c < 0) continue; present++; if (c === code) hits++; }
  return hits / present;
}
it('measure', () => {
  if (process.env.SHOW_RULES) {
    for (const r of schema.rules) console.log(JSON.stringify(r));
    for (const c of schema.columns) console.log(c.name, c.kind, c.role, c.nullable, JSON.stringify(c.categories ?? ''), c.min ?? '', c.max ?? '');
  }
  let t = performance.now();
  const model = fitModel(real, schema, 'copula', { seed: 3 });
  const tf = performance.now() - t;
  t = performance.now();
  const { table: syn, report } = sampleModel(model, { rows: 5000, seed: 7 });
  const ts = performance.now() - t;
  const accepted = 5000;
  console.log(`fit ${tf.toFixed(0)} ms, sample 5000 ${ts.toFixed(0)} ms; drawn ${report.drawn}, rejection share ${(1 - accepted / report.drawn).toFixed(3)} (approx, last batch overshoot)`);
  console.log(JSON.stringify(Object.entries(report.rejected).sort((a, b) => b[1] - a[1]).slice(0, 12)));
  for (const [a, b] of [['npm1', 'dnmt3a'], ['npm1', 'flt3_itd'], ['tp53', 'cyto_complex'], ['npm1', 'runx1']])
    console.log(`${a}-${b} OR real ${oddsRatio(real, a, b).toFixed(2)} syn ${oddsRatio(syn, a, b).toFixed(2)}`);
  console.log(`median OS real ${medianOs(real)} syn ${medianOs(syn)}`);
  for (const g of ['cebpa', 'cebpa_bi', 'npm1', 'tp53', 'cyto_normal', 'cyto_complex', 'relapse', 'os_status'])
    console.log(`${g} real ${share(real, g).toFixed(4)} syn ${share(syn, g).toFixed(4)}`);
  if (process.env.BIG) {
    t = performance.now();
    const f2 = fitModel(real, schema, 'copula', { seed: 3 });
    const { report: r2 } = sampleModel(f2, { rows: 2500, seed: 1 });
    console.log(`fit+sample 2500: ${(performance.now() - t).toFixed(0)} ms, drawn ${r2.drawn}`);
    t = performance.now();
    const { report: r3 } = sampleModel(f2, { rows: 1_000_000, seed: 1 });
    console.log(`sample 1M: ${(performance.now() - t).toFixed(0)} ms, drawn ${r3.drawn}`);
  }
});
