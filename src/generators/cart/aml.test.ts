/**
 * The cart generator on the simulated AML cohort (2,500 patients, 5 centres): the genomic structure
 * and the survival rules the domain notes ask a believable cohort to show.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/rng.js';
import { applyDerivations } from '../../domain/derivations.js';
import { simulate } from '../../simulate/index.js';
import { cartGenerator } from './index.js';
import { CartOptions } from './options.js';
import { oddsRatio, share } from './test-support/stats.js';

const cohort = simulate('aml', { patients: 2500, centres: 5, seed: 7 });
const modelled = cohort.schema.columns.filter((c) => c.role !== 'id').map((c) => c.name);
const real = cohort.table.select(modelled);
const model = cartGenerator.fit(
  { table: real, schema: cohort.schema, rng: Rng.from(1) },
  CartOptions.parse({}),
);
const synthetic = model.sample({ rows: 2500, rng: Rng.from(2), where: [] });

describe('cart on the simulated AML cohort', () => {
  it('visits genetics before the derived ELN risk, and OS before RFS', () => {
    const order = model.params.columns.map((c) => c.name);
    const at = (name: string) => order.indexOf(name);
    expect(at('centre')).toBe(0);
    expect(at('eln2022')).toBeGreaterThan(Math.max(at('tp53'), at('npm1'), at('cyto_complex')));
    expect(at('npm1')).toBeLessThan(at('tp53'));
    expect(at('os_status')).toBeLessThan(at('os_days'));
    expect(at('os_days')).toBeLessThan(at('rfs_days'));
    expect(at('response')).toBeLessThan(at('relapse'));
    // survival: 'cox': OS is drawn given the baseline, response and relapse given OS.
    expect(at('os_days')).toBeLessThan(at('response'));
  });

  it('computes ELN risk from the drawn genetics, so survival follows the risk group the row ends with', () => {
    const recomputed = applyDerivations(synthetic, cohort.schema).codes('eln2022').codes;
    expect([...synthetic.codes('eln2022').codes]).toEqual([...recomputed]);
  });

  it('keeps mutation frequencies and co-mutation directions', () => {
    for (const gene of ['npm1', 'flt3_itd', 'dnmt3a', 'tp53', 'runx1']) {
      const target = share(real, gene, 1);
      expect(Math.abs(share(synthetic, gene, 1) - target)).toBeLessThan(Math.max(0.02, 0.3 * target));
    }
    expect(oddsRatio(synthetic, 'npm1', 'dnmt3a')).toBeGreaterThan(2);
    expect(oddsRatio(synthetic, 'tp53', 'cyto_complex')).toBeGreaterThan(10);
    expect(oddsRatio(synthetic, 'npm1', 'runx1')).toBeLessThan(1);
  });

  it('mostly keeps rfs ≤ os and relapse only after CR, by conditioning', () => {
    const os = synthetic.numbers('os_days');
    const rfs = synthetic.numbers('rfs_days');
    let broken = 0;
    for (let i = 0; i < os.length; i++) if (rfs[i] > os[i]) broken++;
    expect(broken / os.length).toBeLessThan(0.02);
    const relapse = synthetic.codes('relapse').codes;
    const response = synthetic.codes('response');
    const cr = response.levels.indexOf('CR');
    const relapsedWithoutCr = [...relapse.keys()].filter((i) => relapse[i] === 1 && response.codes[i] !== cr);
    expect(relapsedWithoutCr.length / os.length).toBeLessThan(0.02);
  });

  it('draws a TP53-mutated subgroup as the model would, with its complex karyotypes', () => {
    const rows = model.sample({ rows: 1000, rng: Rng.from(3), where: [{ column: 'tp53', equals: '1' }] });
    expect(share(rows, 'tp53', 1)).toBe(1);
    // The conditional sampler must agree with filtering a large unconditional sample.
    const many = model.sample({ rows: 30000, rng: Rng.from(4), where: [] });
    const carriers = many.filter((i) => many.codes('tp53').codes[i] === 1);
    expect(Math.abs(share(rows, 'cyto_complex', 1) - share(carriers, 'cyto_complex', 1))).toBeLessThan(0.06);
    expect(share(rows, 'cyto_complex', 1)).toBeGreaterThan(4 * share(many, 'cyto_complex', 1));
  });
});
