/**
 * The in-process secure runner against the plain reference: the same protocol on the same sites
 * gives exactly the same phases and result (secure aggregation sums exactly in the ring); sites
 * that decline or go silent are left out as the protocol's rules say; every message is counted.
 */
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { DataError } from '../../core/errors.js';
import { numberColumn, Table } from '../../data/table.js';
import { decodeIntegers, encodeIntegers } from '../../federation/secagg/encoding.js';
import { fittedColumns } from '../../generators/prepare.js';
import { seededRandomBits } from '../../privacy/random-bits.js';
import { simulate } from '../../simulate/index.js';
import { copulaProtocol } from './copula-protocol.js';
import { type HubObservation, runProtocolInProcess, trafficPerSite } from './in-process.js';
import { type FederatedProtocol, runProtocolPlain } from './protocol.js';

const CODEC = { bound: 1e6, contributors: 8 };

/** Sums each site's row count and its values; then a shareable phase; then an every-input sum. */
const toy: FederatedProtocol<{ scale: number }, { total: number; shared: string[]; last: number }> = {
  name: 'toy',
  parameters: z.object({ scale: z.number().int() }),
  shareable: z.object({ rows: z.number() }),
  firstPhase: () => ({ name: 'sum', kind: 'secure-sum', input: {}, length: 2 }),
  next(parameters, phases) {
    if (phases.length === 1) return { name: 'share', kind: 'shareable', input: { ask: 'rows' } };
    if (phases.length === 2)
      return { name: 'again', kind: 'secure-sum', input: {}, length: 1, everyInputOrNothing: true };
    const [sum, share, again] = phases.map((p) => p.result);
    if (sum.kind !== 'secure-sum' || share.kind !== 'shareable' || again.kind !== 'secure-sum')
      throw new DataError({}, 'unexpected phases');
    return {
      result: {
        total: decodeIntegers(sum.sum, CODEC)[1] * parameters.scale,
        shared: Object.keys(share.answers),
        last: decodeIntegers(again.sum, CODEC)[0],
      },
    };
  },
  answer(parameters, plan, site) {
    const values = site.table.numbers('x');
    if (values.some((v) => v < 0)) throw new DataError({ column: 'x' }, 'a negative value');
    if (plan.kind === 'shareable') return { rows: site.table.nRows };
    const total = values.reduce((a, b) => a + b, 0);
    const vector = plan.name === 'sum' ? [site.table.nRows, total] : [total * parameters.scale];
    return encodeIntegers(Int32Array.from(vector), CODEC);
  },
};

const site = (name: string, values: number[]) => ({
  name,
  table: new Table([['x', numberColumn(values)]]),
});
const SITES = [site('A', [1, 2, 3]), site('B', [10, 20]), site('C', [100]), site('D', [7, 7, 7, 7])];

describe('runProtocolInProcess', () => {
  it('returns exactly what runProtocolPlain returns (a toy protocol of three phases)', async () => {
    const plain = await runProtocolPlain(toy, { scale: 3 }, SITES, seededRandomBits('plain'));
    const secure = await runProtocolInProcess(toy, { scale: 3 }, SITES, seededRandomBits('secure'));
    expect(plain.status).toBe('done');
    const { traffic, ...outcome } = secure;
    expect(outcome).toEqual(plain);
    expect(outcome).toMatchObject({ status: 'done', result: { total: 3 * 164, last: 3 * 164 } });
    expect(traffic.map((t) => [t.phase, t.threshold, t.included])).toEqual([
      ['sum', 3, ['A', 'B', 'C', 'D']],
      ['share', 3, ['A', 'B', 'C', 'D']],
      ['again', 3, ['A', 'B', 'C', 'D']],
    ]);
  });

  it('returns exactly the plain model of the copula protocol on three AML centres', async () => {
    const { table, schema } = simulate('aml', { patients: 450, centres: 3, seed: 3 });
    const centre = table.codes('centre');
    const sites = centre.levels.map((name, c) => ({
      name,
      table: table.filter((row) => centre.codes[row] === c),
    }));
    const parameters = { schema, copula: { rules: false, survival: 'copula' } };
    const plain = await runProtocolPlain(copulaProtocol, parameters, sites, seededRandomBits('p'));
    const seen: HubObservation[] = [];
    const secure = await runProtocolInProcess(copulaProtocol, parameters, sites, seededRandomBits('s'), {
      observeHub: (o) => seen.push(o),
    });
    if (plain.status !== 'done' || secure.status !== 'done') throw new Error('a run aborted');
    expect(secure.result).toEqual(plain.result);
    expect(secure.result.rows).toBe(450);
    expect(secure.result.sites).toEqual(centre.levels);
    expect(secure.result.model).toMatchObject({ format: 'synthcohort-model', generator: 'copula' });
    expect(fittedColumns(schema).length).toBeGreaterThan(10);
    // Four messages per site per phase reach the hub, and they are what the secagg hub reads.
    expect(
      seen.map((o) => (o.message as { kind: string }).kind).filter((k) => k === 'masked-input'),
    ).toHaveLength(6);
    const total = trafficPerSite(secure.traffic);
    for (const name of centre.levels) expect(total[name].sentMessages).toBe(8);
  }, 60_000);

  it('leaves out a site that declines, and aborts an every-input phase a site left', async () => {
    const declining = [...SITES.slice(0, 3), site('D', [-1])];
    const outcome = await runProtocolInProcess(toy, { scale: 1 }, declining, seededRandomBits('d'));
    expect(outcome.status).toBe('done');
    expect(outcome.traffic[0].included).toEqual(['A', 'B', 'C']);
    expect(outcome.traffic[0].declined).toEqual([{ site: 'D', reason: "column 'x': a negative value" }]);
    // The later phases run over A, B and C only: D is not asked again.
    expect(outcome.traffic[1].sites).toEqual(['A', 'B', 'C']);
    expect(outcome.status === 'done' && outcome.result).toEqual({
      total: 136,
      shared: ['A', 'B', 'C'],
      last: 136,
    });

    const silent = await runProtocolInProcess(toy, { scale: 1 }, SITES, seededRandomBits('e'), {
      dropouts: [{ site: 'B', phase: 'again', after: 'share-keys' }],
    });
    expect(silent).toMatchObject({
      status: 'aborted',
      reason: expect.stringMatching(
        /^phase 'again': node\(s\) 2 sent no masked input \(B\).*no sum was released/,
      ),
    });
  });

  it('refuses a job threshold that secure aggregation cannot run', async () => {
    await expect(
      runProtocolInProcess(toy, { scale: 1 }, SITES, seededRandomBits('t'), { threshold: 2 }),
    ).rejects.toThrow(/n\/2 < t ≤ n; got t = 2 for n = 4/);
  });
});
