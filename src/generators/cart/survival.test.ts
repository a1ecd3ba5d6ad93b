/**
 * cart's survival endpoints drawn from proportional-hazards models (`survival: 'cox'`, the default):
 * which endpoints qualify, what the parameters hold, the joint draw, conditions, and a status
 * stored as numbers (R's 1/2).
 */
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';
import { parseSchema } from '../../data/schema.js';
import { numberColumn, type Table } from '../../data/table.js';
import { cartGenerator } from './index.js';
import { CartOptions } from './options.js';
import { coxEndpoints } from './survival.js';
import { cohort } from './test-support/cohort.js';
import { share } from './test-support/stats.js';

const real = cohort(3000, 'survival');
const model = cartGenerator.fit({ ...real, rng: Rng.from(1) }, CartOptions.parse({}));
const synthetic = model.sample({ rows: 6000, rng: Rng.from(2), where: [] });

function sameTable(a: Table, b: Table): void {
  expect(b.names).toEqual(a.names);
  for (const [name, column] of a.columns()) expect(b.column(name)).toEqual(column);
}

describe('cart survival endpoints from hazard models', () => {
  it('draws OS from hazard models and RFS, bounded by OS, from trees', () => {
    const order = model.params.columns.map((c) => c.name);
    expect(coxEndpoints(real.table, real.schema, order).map((e) => e.status)).toEqual(['os_event']);
    const types = Object.fromEntries(model.params.columns.map((c) => [c.name, c.type]));
    expect(types).toMatchObject({
      os_event: 'status',
      os_days: 'time',
      rfs_event: 'code',
      rfs_days: 'number',
    });
    const tree = cartGenerator.fit({ ...real, rng: Rng.from(1) }, CartOptions.parse({ survival: 'tree' }));
    expect(tree.params.columns.some((c) => c.type === 'status' || c.type === 'time')).toBe(false);
  });

  it('never draws a negative time or an event after the end of follow-up, keeps the death share and rfs ≤ os', () => {
    const os = synthetic.numbers('os_days');
    const event = synthetic.codes('os_event').codes;
    const realOs = real.table.numbers('os_days');
    const realEvent = real.table.codes('os_event').codes;
    expect(Math.min(...os)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...os)).toBeLessThanOrEqual(Math.max(...realOs));
    const lastDeath = (t: Float64Array, e: Int32Array) => Math.max(...t.filter((_, i) => e[i] === 1));
    expect(lastDeath(os, event)).toBeLessThanOrEqual(lastDeath(realOs, realEvent));
    expect(Math.abs(share(synthetic, 'os_event', 1) - share(real.table, 'os_event', 1))).toBeLessThan(0.03);
    const rfs = synthetic.numbers('rfs_days');
    expect(rfs.every((v, i) => v <= os[i])).toBe(true);
  });

  it('keeps the effect of a rare mutation on survival (mut_b, 6 %, log HR 0.5)', () => {
    const hazardRatio = (t: Table) => {
      // Deaths per person-day, carriers against the others: the exponential model's hazard ratio.
      const [os, e, b] = [t.numbers('os_days'), t.codes('os_event').codes, t.codes('mut_b').codes];
      const rate = (carrier: number) => {
        let deaths = 0;
        let days = 0;
        for (let i = 0; i < os.length; i++)
          if (b[i] === carrier) {
            deaths += e[i];
            days += os[i];
          }
        return deaths / days;
      };
      return rate(1) / rate(0);
    };
    expect(hazardRatio(real.table)).toBeGreaterThan(1.3);
    expect(Math.abs(Math.log(hazardRatio(synthetic) / hazardRatio(real.table)))).toBeLessThan(0.25);
  });

  it('stores only aggregates for the endpoint, validated and restored to identical samples', () => {
    const params = cartGenerator.paramsSchema.parse(JSON.parse(JSON.stringify(model.params)));
    const status = params.columns.find((c) => c.type === 'status')!;
    expect(status.type === 'status' && status.hazards.causes[1].rates.length).toBeGreaterThan(5);
    const restored = cartGenerator.restore(params, real.schema, CartOptions.parse({}));
    const where = [{ column: 'os_event', equals: '1' }];
    sameTable(
      model.sample({ rows: 300, rng: Rng.from(5), where }),
      restored.sample({ rows: 300, rng: Rng.from(5), where }),
    );
  });

  it('meets a condition on the status from its exact probability, and refuses one on the time', () => {
    const dead = model.sample({ rows: 2000, rng: Rng.from(6), where: [{ column: 'os_event', equals: '1' }] });
    expect(share(dead, 'os_event', 1)).toBe(1);
    // The dead are older and carry mut_b more often, as in a filtered unconditional sample.
    const many = model.sample({ rows: 20000, rng: Rng.from(7), where: [] });
    const filtered = many.filter((i) => many.codes('os_event').codes[i] === 1);
    const mean = (t: Table) => t.numbers('age').reduce((a, b) => a + b, 0) / t.nRows;
    expect(Math.abs(mean(dead) - mean(filtered))).toBeLessThan(0.8);
    expect(Math.abs(share(dead, 'mut_b', 1) - share(filtered, 'mut_b', 1))).toBeLessThan(0.015);
    expect(() =>
      model.sample({ rows: 5, rng: Rng.from(8), where: [{ column: 'os_days', equals: 100 }] }),
    ).toThrow(UsageError);
  });

  it('handles a status stored as numbers with R’s coding (1 alive, 2 dead)', () => {
    const coded = real.table.withColumn(
      'os_event',
      numberColumn(Float64Array.from(real.table.codes('os_event').codes, (c) => c + 1)),
    );
    const schema = parseSchema({
      ...real.schema,
      columns: real.schema.columns.map((c) =>
        c.name === 'os_event' ? { name: c.name, kind: 'integer', role: 'event' } : c,
      ),
      endpoints: real.schema.endpoints.map((e) => (e.name === 'os' ? { ...e, eventValue: '2' } : e)),
    });
    const fitted = cartGenerator.fit({ table: coded, schema, rng: Rng.from(1) }, CartOptions.parse({}));
    expect(fitted.params.columns.find((c) => c.name === 'os_event')?.type).toBe('status');
    const rows = fitted.sample({ rows: 3000, rng: Rng.from(2), where: [] });
    const values = rows.numbers('os_event');
    expect(values.every((v) => v === 1 || v === 2)).toBe(true);
    const dead = values.filter((v) => v === 2).length / values.length;
    expect(Math.abs(dead - share(real.table, 'os_event', 1))).toBeLessThan(0.03);
  });
});
