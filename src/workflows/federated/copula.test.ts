import { beforeAll, describe, expect, it } from 'vitest';
import { concatTables } from '../../data/concat.js';
import { numberColumn } from '../../data/table.js';
import { fitCopula } from '../../generators/copula/fit.js';
import {
  addAll,
  addMarginals,
  CopulaOptions,
  type CopulaParams,
  copulaGenerator,
  copulaTransforms,
  measureMarginals,
  measureMoments,
} from '../../generators/copula/index.js';
import { momentFeatures } from '../../generators/copula/moment-features.js';
import { ksDistance, values } from '../../generators/copula/test-support/cohort.js';
import { fitModel, sampleModel } from '../../generators/pipeline.js';
import { fittedColumns } from '../../generators/prepare.js';
import { seededRandomBits } from '../../privacy/random-bits.js';
import { simulate } from '../../simulate/index.js';
import {
  type FederatedCopulaOptions,
  type FederatedCopulaResult,
  type FederatedSite,
  federatedCopulaFit,
} from './copula.js';
import { encodeMarginals, marginalsLayout, packCounts, packedCountLimit } from './marginals-layout.js';
import { encodeMoments, momentsLayout } from './moments-layout.js';

const copula = { rules: false, survival: 'copula' };
const options = CopulaOptions.parse(copula);

function maxDifference(a: number[][], b: number[][]): number {
  let worst = 0;
  for (const [i, row] of a.entries())
    for (const [j, x] of row.entries()) worst = Math.max(worst, Math.abs(x - b[i][j]));
  return worst;
}

describe('the copula fitted by 5 AML centres through secure aggregation', () => {
  const { table, schema } = simulate('aml', { patients: 2500, centres: 5, seed: 1 });
  const real = table.select(fittedColumns(schema));
  const centre = real.codes('centre');
  const sites: FederatedSite[] = centre.levels.map((name, c) => ({
    name,
    table: real.filter((row) => centre.codes[row] === c),
  }));
  const masked: Array<{ round: number; node: number; masked: string }> = [];
  let started = performance.now();
  const pooled = fitCopula(real, schema, options);
  const pooledTime = performance.now() - started;
  let federatedTime = 0;
  let result!: Fitted;
  let params!: CopulaParams;
  beforeAll(async () => {
    started = performance.now();
    const fit = await federatedCopulaFit(
      sites,
      schema,
      {
        copula,
        jobId: 'aml-5',
        observeHub: (round, node, message) => {
          const m = message as { kind: string; masked?: string };
          if (m.kind === 'masked-input') masked.push({ round, node, masked: m.masked! });
        },
      },
      seededRandomBits('federated copula test'),
    );
    federatedTime = performance.now() - started;
    if (fit.status !== 'fitted') throw new Error(`the federated fit aborted: ${fit.reason}`);
    result = fit;
    params = result.model.fitted.params as CopulaParams;
  }, 60_000);

  it('splits the cohort into its 5 centres, every row in one', () => {
    expect(sites.map((s) => s.table.nRows).reduce((a, b) => a + b)).toBe(2500);
    expect(Math.min(...sites.map((s) => s.table.nRows))).toBeGreaterThan(100);
  });

  it('has the marginals of the pooled fit exactly: knots, levels, latent orders, missing shares', () => {
    expect(params.columns.map((c) => c.name)).toEqual(pooled.columns.map((c) => c.name));
    for (const [i, c] of params.columns.entries()) expect(c, c.name).toEqual(pooled.columns[i]);
    expect(params.rows).toBe(2500);
  });

  it("has the pooled fit's correlation within the estimator's resolution (1e-5)", () => {
    // The fixed-point sums differ from the pooled ones by at most 5 · 2^−(f+1) (f from the record);
    // the tetrachoric search stops at 1e-5 in Fisher's z (see federated.test.ts in the copula).
    const worst = maxDifference(params.correlation, pooled.correlation);
    console.info(`correlation: max |federated − pooled| = ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(1e-5);
    expect(result.rounds[1].fractionBits).toBeGreaterThanOrEqual(30);
  });

  it('samples, through sampleModel, what the pooled model of fitModel samples (KS < 0.002 per column, 5,000 rows)', () => {
    // The pooled model through the local pipeline (schema completion included), sampled with the same seed.
    const local = fitModel(table, schema, copulaGenerator, { seed: 1, generatorOptions: copula });
    expect(maxDifference((local.fitted.params as CopulaParams).correlation, params.correlation)).toBeLessThan(
      1e-5,
    );
    expect(result.model.schema).toEqual(local.schema);
    const fromPool = sampleModel(local, { rows: 5000, seed: 7 }).table;
    const fromSites = sampleModel(result.model, { rows: 5000, seed: 7 }).table;
    let worst = 0;
    for (const name of fromPool.names) {
      const ks = ksDistance(values(fromPool, name), values(fromSites, name));
      worst = Math.max(worst, ks);
      expect(ks, name).toBeLessThan(0.002);
    }
    console.info(`samples: max KS distance over ${fromPool.names.length} columns = ${worst.toFixed(4)}`);
  });

  it('records two rounds of one vector each, their lengths and bytes per site', () => {
    expect(result.rounds.map((r) => [r.round, r.included.length, r.length])).toEqual([
      [1, 5, Math.ceil(39_749 / 2)],
      [2, 5, Math.ceil((1 + 8911) / 2) + 8911],
    ]);
    for (const r of result.rounds) {
      for (const name of r.sites) expect(r.traffic[name].sentBytes).toBeGreaterThan(8 * r.length);
      // Every site sends the same number of bytes: message sizes do not tell a site's row count.
      expect(new Set(r.sites.map((name) => r.traffic[name].sentBytes)).size, `round ${r.round}`).toBe(1);
    }
    // Fitting at the hub is not the bottleneck: the target is under 3× the pooled fit's time.
    console.info(`pooled fit ${pooledTime.toFixed(0)} ms, federated ${federatedTime.toFixed(0)} ms`);
  });
});

/** Three AML centres of a 600-patient cohort, one LDH value planted at a centre (19,999 U/L). */
function threeSites() {
  const { table, schema } = simulate('aml', { patients: 600, centres: 3, seed: 4 });
  const real = table.select(fittedColumns(schema));
  const centre = real.codes('centre');
  const ldh = real.numbers('ldh').slice();
  ldh[centre.codes.indexOf(1)] = PLANTED;
  const planted = real.withColumn('ldh', numberColumn(ldh));
  const sites: FederatedSite[] = centre.levels.map((name, c) => ({
    name,
    table: planted.filter((row) => centre.codes[row] === c),
  }));
  return {
    sites,
    schema,
    pooled: (names: string[]) =>
      concatTables(sites.filter((s) => names.includes(s.name)).map((s) => s.table)),
  };
}
const PLANTED = 19_999;

type Fitted = Extract<FederatedCopulaResult, { status: 'fitted' }>;

/** Every message the hub received, by round. */
function recorder() {
  const seen: Array<{ round: 1 | 2; node: number; message: { kind: string; masked?: string } }> = [];
  return {
    seen,
    observeHub: (round: 1 | 2, node: number, message: unknown) =>
      seen.push({ round, node, message: message as never }),
  };
}

describe('what the hub holds', () => {
  const { sites, schema } = threeSites();
  const hub = recorder();
  let result!: Fitted;
  beforeAll(async () => {
    const fit = await federatedCopulaFit(
      sites,
      schema,
      { copula, jobId: 'hub-view', observeHub: hub.observeHub },
      seededRandomBits('hub view'),
    );
    if (fit.status !== 'fitted') throw new Error(fit.reason);
    result = fit;
  }, 60_000);

  it("receives, per site and round, a masked vector that shares no entry with any site's plain vector", () => {
    const columns = fittedColumns(schema);
    const layout = marginalsLayout(schema, columns);
    const plain1 = sites.map((s) =>
      packCounts(encodeMarginals(measureMarginals(s.table, schema, options), layout), packedCountLimit(3)),
    );
    // The planted site's plain vector holds its one 19,999 U/L patient; the others hold a 0 there.
    const ldh = layout.columns.find((c) => c.name === 'ldh') as { offset: number };
    expect(plain1.map((v) => v[ldh.offset + PLANTED])).toEqual([0, 1, 0]);
    const masked = hub.seen.filter((s) => s.message.kind === 'masked-input');
    expect(masked.map((s) => [s.round, s.node])).toEqual([
      [1, 1],
      [1, 2],
      [1, 3],
      [2, 1],
      [2, 2],
      [2, 3],
    ]);
    for (const { round, node, message } of masked.filter((s) => s.round === 1)) {
      const vector = new Uint32Array(new Uint8Array(Buffer.from(message.masked!, 'base64url')).buffer);
      expect(vector.length).toBe(plain1[0].length);
      // A plain vector is mostly zeros: a masked entry equals it with chance 2^−64 per entry if the
      // masks are uniform, so one equal entry in 3 × 21,884 would already be a finding.
      for (const plain of plain1) expect(equalEntries(vector, plain), `round ${round}, node ${node}`).toBe(0);
    }
    // The comparison has power: two sites' plain vectors agree on most entries (their common zeros).
    expect(equalEntries(plain1[0], plain1[2])).toBeGreaterThan(18_000);
    // Round 2: each site's plain moments, under the transforms the hub derived from round 1's sum.
    const transforms = copulaTransforms(
      addAll(
        sites.map((s) => measureMarginals(s.table, schema, options)),
        addMarginals,
      ),
      schema,
      options,
    );
    const features = momentFeatures(transforms).map((f) => f.label);
    const layout2 = momentsLayout(transforms, features, 3);
    const plain2 = sites.map((s) => encodeMoments(measureMoments(s.table, transforms), layout2));
    for (const { node, message } of masked.filter((s) => s.round === 2)) {
      const vector = new Uint32Array(new Uint8Array(Buffer.from(message.masked!, 'base64url')).buffer);
      for (const plain of plain2) expect(equalEntries(vector, plain), `round 2, node ${node}`).toBe(0);
    }
    expect(equalEntries(plain2[0], plain2[1])).toBeGreaterThan(1);
  });

  it('sends the hub nothing but keys, sealed shares, masked vectors and unmasking shares', () => {
    const kinds = new Set(hub.seen.map((s) => s.message.kind));
    expect([...kinds].sort()).toEqual(['advertise-keys', 'masked-input', 'share-keys', 'unmask-response']);
    // Nowhere in what the hub received is the planted value written out.
    expect(JSON.stringify(hub.seen)).not.toContain(String(PLANTED));
  });

  it("outputs only what the sums give: the model's rows are the pooled count, its LDH maximum the planted value", () => {
    // The sums are the release: a value alone at the top of a column is a knot of the model, which
    // is why the federated copula, like the local one, is not private (see the docs).
    const params = (result.model.fitted.params as CopulaParams).columns.find((c) => c.name === 'ldh')!;
    expect(params.marginal.type === 'number' && params.marginal.knots.value.at(-1)).toBe(PLANTED);
    expect(result.model.trainingRows).toBe(600);
  });
});

function equalEntries(a: Uint32Array, b: Uint32Array): number {
  let equal = 0;
  for (let i = 0; i < a.length; i += 2) if (a[i] === b[i] && a[i + 1] === b[i + 1]) equal++;
  return equal;
}

describe('sites dropping out', () => {
  const { sites, schema, pooled } = threeSites();
  const fitWith = (
    dropouts: FederatedCopulaOptions['dropouts'],
    label: string,
    observeHub?: FederatedCopulaOptions['observeHub'],
  ) =>
    federatedCopulaFit(
      sites,
      schema,
      { copula, jobId: label, dropouts, observeHub },
      seededRandomBits(label),
    );

  it('in round 1 before its masked input: the fit is that of the other sites, exactly as pooled', async () => {
    const result = await fitWith([{ site: 'C02', round: 1, after: 'share-keys' }], 'drop-1');
    if (result.status !== 'fitted') throw new Error(result.reason);
    expect(result.rounds.map((r) => r.included)).toEqual([
      ['C01', 'C03'],
      ['C01', 'C03'],
    ]);
    const expected = fitCopula(pooled(['C01', 'C03']), schema, options);
    const params = result.model.fitted.params as CopulaParams;
    expect(params.rows).toBe(expected.rows);
    expect(params.columns).toEqual(expected.columns);
    expect(maxDifference(params.correlation, expected.correlation)).toBeLessThan(1e-5);
  });

  it('in round 2 after its masked input: its input is in the sum (recovered from shares), the fit is whole', async () => {
    const result = await fitWith([{ site: 'C02', round: 2, after: 'masked-input' }], 'drop-2-late');
    if (result.status !== 'fitted') throw new Error(result.reason);
    expect(result.rounds[1].included).toEqual(['C01', 'C02', 'C03']);
    const expected = fitCopula(pooled(['C01', 'C02', 'C03']), schema, options);
    expect(
      maxDifference((result.model.fitted.params as CopulaParams).correlation, expected.correlation),
    ).toBeLessThan(1e-5);
  });

  it('in round 2 before its masked input: the job aborts, the sites do not unmask, no round-2 sum exists', async () => {
    const hub = recorder();
    const result = await fitWith(
      [{ site: 'C02', round: 2, after: 'share-keys' }],
      'drop-2-early',
      hub.observeHub,
    );
    expect(result.status).toBe('aborted');
    if (result.status !== 'aborted') return;
    expect(result.round).toBe(2);
    expect(result.reason).toMatch(/node\(s\) 2 sent no masked input.*no sum was released/);
    // Round 1 completed for all three; in round 2 the hub got two masked vectors and not one share
    // of a self mask, so it cannot remove any mask from them.
    expect(result.rounds[0].included).toEqual(['C01', 'C02', 'C03']);
    const round2 = hub.seen.filter((s) => s.round === 2).map((s) => s.message.kind);
    expect(round2.filter((k) => k === 'masked-input')).toHaveLength(2);
    expect(round2).not.toContain('unmask-response');
  });

  it('below the threshold in round 1: the job aborts naming the threshold', async () => {
    const result = await fitWith(
      [
        { site: 'C01', round: 1, after: 'advertise' },
        { site: 'C02', round: 1, after: 'advertise' },
      ],
      'drop-many',
    );
    expect(result).toMatchObject({
      status: 'aborted',
      round: 1,
      reason: expect.stringMatching(/threshold is 2/),
    });
  });
});

describe('refusals', () => {
  const { sites, schema } = threeSites();
  const random = seededRandomBits('refusals');

  it('refuses a number column without declared bounds, naming it', () => {
    const undeclared = {
      ...schema,
      columns: schema.columns.map((c) => (c.name === 'ldh' ? { ...c, max: undefined } : c)),
    };
    expect(() => federatedCopulaFit(sites, undeclared, { copula, jobId: 'x' }, random)).toThrow(
      /column 'ldh': a federated fit lays out number columns from their declared bounds alone/,
    );
  });

  it('refuses a threshold outside n/2 < t ≤ n, and a site above the rows the job allows', () => {
    expect(() => federatedCopulaFit(sites, schema, { copula, jobId: 'x', threshold: 1 }, random)).toThrow(
      /^threshold/,
    );
    expect(() => federatedCopulaFit(sites, schema, { copula, jobId: 'x', maxSiteRows: 100 }, random)).toThrow(
      /site 'C01' holds \d+ rows; the job allows at most 100/,
    );
  });

  it('refuses what the federated copula does not cover (rules, Cox survival)', () => {
    expect(() =>
      federatedCopulaFit(sites, schema, { copula: { survival: 'copula' }, jobId: 'x' }, random),
    ).toThrow(/^rules/);
    expect(() => federatedCopulaFit(sites, schema, { copula: { rules: false }, jobId: 'x' }, random)).toThrow(
      /^survival/,
    );
  });
});
