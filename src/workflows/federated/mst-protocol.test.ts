/**
 * The federated mst (mst-protocol.ts) through the plain reference runner: the noise in a released
 * sum has the variance the accountant sized, every site charges the job's ρ once before anything
 * leaves it, a refusing ledger stops the job, a sum with fewer shares than `honest` is not
 * released, the local scores' sensitivity is 2 (brute force over added patients), the hub's tree
 * from votes, and the fitted model against central mst on a small AML cohort at a large ε.
 */
import { describe, expect, it } from 'vitest';
import { DataError, UsageError } from '../../core/errors.js';
import type { Schema } from '../../data/schema.js';
import { codeColumn, Table } from '../../data/table.js';
import { decodeIntegers } from '../../federation/secagg/encoding.js';
import { type RingVector, ringAddInto, ringZeros } from '../../federation/secagg/ring.js';
import { loadModel } from '../../generators/load.js';
import { domainFromSchema, encodeTable, marginal } from '../../generators/measure/index.js';
import { fitModel, type Model, sampleModel } from '../../generators/pipeline.js';
import { distributedGaussianRho } from '../../privacy/distributed/index.js';
import { seededRandomBits } from '../../privacy/random-bits.js';
import { toNumber } from '../../privacy/rational.js';
import { zcdpRho } from '../../privacy/zcdp.js';
import { simulate } from '../../simulate/index.js';
import { runProtocolInProcess } from './in-process.js';
import { mstSplit, pairsOf, phaseCodec, phaseShare } from './mst-layout.js';
import { type MstRequest, mstProtocol } from './mst-protocol.js';
import { asDistribution, localScores, localVotes, treeFromVotes } from './mst-votes.js';
import {
  type FederatedProtocol,
  type PhasePlan,
  type PhaseRecord,
  runProtocolPlain,
  type SiteContext,
} from './protocol.js';

/** Two categorical columns, 40 and 3 states: 43 cells per one-way vector. */
const small: Schema = {
  version: 1,
  columns: [
    {
      name: 'a',
      kind: 'categorical',
      role: 'feature',
      categories: Array.from({ length: 40 }, (_, i) => `a${i}`),
      nullable: false,
    },
    { name: 'b', kind: 'categorical', role: 'feature', categories: ['x', 'y', 'z'], nullable: false },
  ],
  endpoints: [],
  rules: [],
};

function smallSite(name: string, rows: number, shift: number): SiteContext {
  const a = Int32Array.from({ length: rows }, (_, i) => (i * 7 + shift) % 40);
  const b = Int32Array.from(a, (x, i) => (x + i) % 3);
  return {
    name,
    table: new Table([
      ['a', codeColumn(a, small.columns[0].categories!)],
      ['b', codeColumn(b, ['x', 'y', 'z'])],
    ]),
    random: seededRandomBits(name),
    charge: () => {},
  };
}

const names = ['A', 'B', 'C', 'D', 'E'];
const smallSites = names.map((name, i) => smallSite(name, 60 + 10 * i, i));
const smallRequest: MstRequest = { schema: small, epsilon: 1, delta: 1e-6 };

/** Each named site's answer to a phase, as the runner would collect them, with fresh noise per run. */
async function answers(plan: PhasePlan, sites: readonly SiteContext[], run: string): Promise<RingVector[]> {
  const out: RingVector[] = [];
  for (const site of sites)
    out.push(
      (await mstProtocol.answer(smallRequest, plan, {
        ...site,
        random: seededRandomBits(`${run} ${site.name}`),
      })) as RingVector,
    );
  return out;
}

function sumOf(vectors: readonly RingVector[], length: number): RingVector {
  const total = ringZeros(length);
  for (const v of vectors) ringAddInto(total, v);
  return total;
}

describe('the one-way phase: noise shares and the accountant', () => {
  const plan = mstProtocol.firstPhase(smallRequest, names);
  const domain = domainFromSchema(small);
  const exact = smallSites.reduce<number[]>((acc, site) => {
    const encoded = encodeTable(site.table, domain);
    const counts = [...marginal(encoded, ['a']), ...marginal(encoded, ['b'])];
    return counts.map((c, i) => (acc[i] ?? 0) + c);
  }, []);
  const split = mstSplit(1, 1e-6, 2, 0);
  // d = 2 marginals released together: Δ₁ = 2, Δ₂ = √2, 43 cells; 3 of 5 honest by default.
  const share = phaseShare(split.oneWay, 2, 43, 5, 3);
  const sigma2 = toNumber(share.sigma2);

  it('sizes each share so that any 3 of the 5 give at most a third of ρ, as central mst spends it', () => {
    expect(plan).toMatchObject({ name: 'one-way', kind: 'secure-sum', length: 43, sites: names });
    const rho3 = distributedGaussianRho({ sigma2, nodes: 3, l1: 2, l2: Math.SQRT2, dimension: 43 });
    expect(rho3).toBeLessThanOrEqual(split.oneWay);
    expect(split.oneWay).toBeLessThanOrEqual(zcdpRho(1, 1e-6) / 3);
    // At σ² in the hundreds τ underflows: 3 shares are the central discrete Gaussian, to the 2^-20 grid.
    const central = 2 / (2 * split.oneWay);
    expect(3 * sigma2).toBeGreaterThanOrEqual(central);
    expect(3 * sigma2 - central).toBeLessThan(3 * 2 ** -20);
  });

  it('releases sums whose noise has mean 0 and the variance of 5 shares (300 runs × 43 cells)', async () => {
    const noise: number[] = [];
    for (let run = 0; run < 300; run++) {
      const sum = sumOf(await answers(plan, smallSites, `run ${run}`), 43);
      const values = decodeIntegers(sum, phaseCodec(5));
      values.forEach((v, i) => {
        noise.push(v - exact[i]);
      });
    }
    const n = noise.length;
    const mean = noise.reduce((s, x) => s + x, 0) / n;
    const variance = noise.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1);
    const expected = 5 * sigma2;
    // SE of the mean √(σ²/n) ≈ 0.19, of the variance ≈ √(2/n) ≈ 1.2 % of it: 4 SE each.
    expect(Math.abs(mean)).toBeLessThan(4 * Math.sqrt(expected / n));
    expect(Math.abs(variance / expected - 1)).toBeLessThan(4 * Math.sqrt(2 / n));
    // And not the variance of the 3 honest shares alone: the check tells 5 shares from 3.
    expect(Math.abs(variance / (3 * sigma2) - 1)).toBeGreaterThan(0.5);
  });
});

/** The protocol, watched: who charged what and when, and who answered which phase. */
function watched(events: string[]): FederatedProtocol<MstRequest, Record<string, unknown>> {
  return {
    ...mstProtocol,
    answer: async (request, plan, site) => {
      const answer = await mstProtocol.answer(request, plan, {
        ...site,
        charge: async (rho, purpose) => {
          events.push(`${site.name} charge ${rho} ${purpose}`);
          await site.charge(rho, purpose);
        },
      });
      events.push(`${site.name} answer ${plan.name}`);
      return answer;
    },
  };
}

describe('ledgers', () => {
  it('every site charges each phase’s share of ρ before that phase’s answer; the shares add up to ρ', async () => {
    const events: string[] = [];
    const outcome = await runProtocolPlain(watched(events), smallRequest, smallSites, seededRandomBits(1));
    expect(outcome.status).toBe('done');
    const rho = zcdpRho(1, 1e-6);
    for (const name of names) {
      const mine = events.filter((e) => e.startsWith(`${name} `));
      expect(mine.map((e) => e.replace(/charge [\d.e-]+ /, 'charge ρ '))).toEqual([
        `${name} charge ρ federated mst (ε = 1, δ = 0.000001), phase one-way`,
        `${name} answer one-way`,
        `${name} charge ρ federated mst (ε = 1, δ = 0.000001), phase select`,
        `${name} answer select`,
        `${name} charge ρ federated mst (ε = 1, δ = 0.000001), phase pairs`,
        `${name} answer pairs`,
      ]);
      const charged = mine.filter((e) => e.includes(' charge ')).map((e) => Number(e.split(' ')[2]));
      // Each a third of ρ, shrunk by the budget margin so that rounding never overspends.
      for (const share of charged) expect(share).toBeCloseTo(rho / 3, 9);
      expect(charged.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(rho);
    }
  });

  it('a site whose ledger refuses makes the job stop with its reason, before any sum', async () => {
    const sites = smallSites.map((s) =>
      s.name === 'C'
        ? {
            ...s,
            charge: () => {
              throw new Error('privacy budget exceeded for this dataset: /secret/path/ledger.json');
            },
          }
        : s,
    );
    const outcome = await runProtocolPlain(mstProtocol, smallRequest, sites, seededRandomBits(1));
    expect(outcome.status).toBe('aborted');
    if (outcome.status !== 'aborted') return;
    expect(outcome.reason).toMatch(
      /^site 'C' declines the mst job: its privacy ledger refuses ρ = 0\.0\d+ \(its budget would be exceeded\)$/,
    );
    // The ledger's own message (a local path, the remaining budget) stays at the site.
    expect(outcome.reason).not.toContain('secret');
    expect(outcome.phases).toHaveLength(0);
  });
});

/** Phase 1 as the hub would record it when only `included` sites' inputs reached the sum. */
async function oneWayRecord(request: MstRequest, included: readonly SiteContext[]): Promise<PhaseRecord> {
  const plan = mstProtocol.firstPhase(request, names);
  const vectors = await answers(plan, included, 'dropout');
  return {
    plan,
    sites: names,
    result: { kind: 'secure-sum', sum: sumOf(vectors, 43), included: included.map((s) => s.name) },
  };
}

describe('dropouts: a sum with fewer shares than honest is never released', () => {
  it('3 of 5 sites in the one-way sum (default honest = 3): the job goes on with those 3', async () => {
    const record = await oneWayRecord(smallRequest, smallSites.slice(0, 3));
    const next = mstProtocol.next(smallRequest, [record]);
    expect(next).toMatchObject({ name: 'select', sites: ['A', 'B', 'C'], length: 1 });
  });

  it('2 of 5 sites in the one-way sum: the hub aborts with a DataError naming the shortfall', async () => {
    const record = await oneWayRecord(smallRequest, smallSites.slice(0, 2));
    const call = () => mstProtocol.next(smallRequest, [record]);
    expect(call).toThrow(DataError);
    expect(call).toThrow(
      "phase 'one-way' summed 2 of 5 sites, fewer than the 3 whose noise shares the guarantee counts on (honest): its sum is not released and the job stops",
    );
  });

  it('honest = 5 asked: one site missing is enough to abort', async () => {
    const request = { ...smallRequest, honest: 5 };
    const record = await oneWayRecord(request, smallSites.slice(0, 4));
    expect(() => mstProtocol.next(request, [record])).toThrow(/summed 4 of 5 sites, fewer than the 5/);
  });

  it('refuses a job with fewer sites than the shares it must count on', () => {
    const call = () => mstProtocol.firstPhase({ ...smallRequest, honest: 6 }, names);
    expect(call).toThrow(UsageError);
    expect(call).toThrow(/honest: the job has 5 sites, fewer than the 6/);
  });

  it('a phase over fewer sites sizes each share for a majority of them (honest 2 of 3: larger shares)', () => {
    // At ρ = 0.001 (σ² in the hundreds) τ underflows and a share is the central σ² over honest.
    const three = phaseShare(0.001, 2, 43, 3, 2);
    const five = phaseShare(0.001, 2, 43, 5, 3);
    expect(toNumber(three.sigma2) / toNumber(five.sigma2)).toBeCloseTo(3 / 2, 5);
    expect(() => phaseShare(1, 2, 43, 2, 3)).toThrow(/the phase has 2 sites, fewer than the 3/);
  });
});

describe('through secure aggregation in process (runProtocolInProcess)', () => {
  const sites = smallSites.map(({ name, table }) => ({ name, table }));

  it('releases exactly the plain runner’s result for the same randomness, the hub seeing only masked vectors', async () => {
    const plain = await runProtocolPlain(mstProtocol, smallRequest, sites, seededRandomBits('same'));
    const secure = await runProtocolInProcess(mstProtocol, smallRequest, sites, seededRandomBits('same'));
    if (plain.status !== 'done' || secure.status !== 'done') throw new Error('a run aborted');
    // Both runners give a site the same stream (site, then phase): the secure sums equal the plain
    // ones exactly, so the released model file is the same to the last byte.
    expect(secure.result).toEqual(plain.result);
    expect(secure.phases.map((p) => p.plan.name)).toEqual(['one-way', 'select', 'pairs']);
  });

  it('a site lost after its keys in the one-way phase: the other 4 finish, with shares for 3 of 4', async () => {
    const outcome = await runProtocolInProcess(mstProtocol, smallRequest, sites, seededRandomBits(2), {
      dropouts: [{ site: 'E', phase: 'one-way', after: 'share-keys' }],
    });
    if (outcome.status !== 'done') throw new Error(outcome.reason);
    const [oneWay, select, pairs] = outcome.phases;
    expect(oneWay.result.kind === 'secure-sum' && oneWay.result.included).toEqual(['A', 'B', 'C', 'D']);
    expect(select.sites).toEqual(['A', 'B', 'C', 'D']);
    expect(pairs.sites).toEqual(['A', 'B', 'C', 'D']);
    expect(outcome.result.privacy.honest).toBe(3);
  });

  it('the same loss with honest = 5: the job aborts and no model is released', async () => {
    const request = { ...smallRequest, honest: 5 };
    const outcome = await runProtocolInProcess(mstProtocol, request, sites, seededRandomBits(2), {
      dropouts: [{ site: 'E', phase: 'one-way', after: 'share-keys' }],
    });
    expect(outcome.status).toBe('aborted');
    if (outcome.status === 'aborted') expect(outcome.reason).toMatch(/fewer than the 5/);
  });

  it('a site whose ledger refuses drops out; the others finish without it', async () => {
    const refusing = sites.map((s) =>
      s.name === 'B'
        ? {
            ...s,
            charge: () => {
              throw new Error('privacy budget exceeded');
            },
          }
        : s,
    );
    const outcome = await runProtocolInProcess(mstProtocol, smallRequest, refusing, seededRandomBits(3));
    if (outcome.status !== 'done') throw new Error(outcome.reason);
    const oneWay = outcome.phases[0].result;
    expect(oneWay.kind === 'secure-sum' && oneWay.included).toEqual(['A', 'C', 'D', 'E']);
  });
});

describe('selection: local scores and the tree of votes', () => {
  it('a patient added or removed moves every local score by at most 2 patients (brute force)', () => {
    const schema: Schema = {
      ...small,
      columns: [
        small.columns[1],
        { name: 'centre', kind: 'categorical', role: 'centre', categories: ['p', 'q'], nullable: false },
        { ...small.columns[1], name: 'c' },
      ],
    };
    const domain = domainFromSchema(schema);
    const independent = [
      [0.5, 0.3, 0.2],
      [0.7, 0.3],
      [0.1, 0.1, 0.8],
    ].map((p) => asDistribution(p));
    const base = [Int32Array.of(0, 1, 2, 2, 1), Int32Array.of(0, 0, 0, 0, 0), Int32Array.of(2, 2, 0, 1, 1)];
    const scoresOf = (codes: Int32Array[]) =>
      localScores({ domain, nRows: codes[0].length, codes }, independent, new Set([1]));
    const before = scoresOf(base);
    let worst = 0;
    for (let x = 0; x < 3; x++)
      for (let y = 0; y < 2; y++)
        for (let z = 0; z < 3; z++) {
          const after = scoresOf([
            Int32Array.of(...base[0], x),
            Int32Array.of(...base[1], y),
            Int32Array.of(...base[2], z),
          ]);
          for (const [key, score] of before) worst = Math.max(worst, Math.abs(after.get(key)! - score));
        }
    expect(worst).toBeLessThanOrEqual(2 * 2 ** 20);
    // The bound is nearly reached: the factor 2 is needed, not an artefact.
    expect(worst).toBeGreaterThan(1.2 * 2 ** 20);
  });

  it('takes the maximum spanning tree of the votes, ties to the pair of larger min-entropy', () => {
    const attributes = ['p', 'q', 'r', 's'].map((name) => ({ name, size: 2 }));
    const domain = { attributes, hash: 'test' } as unknown as ReturnType<typeof domainFromSchema>;
    // pairs: pq pr ps qr qs rs
    const votes = [5, 5, 0, 5, 2, 2];
    const even = asDistribution([1, 1]);
    const skewed = asDistribution([9, 1]);
    const tree = treeFromVotes(domain, votes, [even, even, even, skewed], []);
    // pq, pr, then qr closes a cycle; qs and rs tie at 2 votes and at min-entropy (s is skewed): qs first.
    expect(tree).toEqual([
      [0, 1],
      [0, 2],
      [1, 3],
    ]);
    expect(treeFromVotes(domain, votes, [even, even, even, skewed], [[2, 3]])).toEqual([
      [2, 3],
      [0, 1],
      [0, 2],
    ]);
    expect(pairsOf(4)).toHaveLength(6);
  });
});

describe('the model on a small AML cohort split into 5 centres, at ε = 10', () => {
  const { table: real, schema } = simulate('aml', { patients: 1000, centres: 5, seed: 2 });
  const centre = real.codes('centre');
  const sites = centre.levels.map((name, c) => ({
    name,
    table: real.filter((row) => centre.codes[row] === c),
  }));
  const domain = domainFromSchema(schema);
  const encodedReal = encodeTable(real, domain);
  const request = { schema, epsilon: 10, delta: 1e-6 };
  const run = runProtocolPlain(mstProtocol, request, sites, seededRandomBits('aml'));
  const central = fitModel(real, schema, 'mst', {
    seed: 1,
    privacy: { epsilon: 10, delta: 1e-6, bits: seededRandomBits('central') },
  });

  const meanOneWayTv = (model: Model) => {
    const encoded = encodeTable(sampleModel(model, { rows: 1000, seed: 4 }).table, domain);
    const tvs = domain.attributes.map((a) => {
      const p = marginal(encodedReal, [a.name]);
      const q = marginal(encoded, [a.name]);
      return p.reduce((s, x, i) => s + Math.abs(x / 1000 - q[i] / 1000), 0) / 2;
    });
    return tvs.reduce((s, x) => s + x, 0) / tvs.length;
  };

  it('releases a model file that loads and samples, with the job’s privacy and a noisy total', async () => {
    const outcome = await run;
    if (outcome.status !== 'done') throw new Error(outcome.reason);
    const { model, privacy, rows } = outcome.result;
    expect(privacy).toEqual({
      epsilon: 10,
      delta: 1e-6,
      rho: zcdpRho(10, 1e-6),
      honest: 3,
      nodes: 5,
      mechanism: 'distributed discrete Gaussian',
    });
    expect(model.generator).toBe('mst');
    expect(model.trainingRows).toBe(0);
    expect(Math.abs(rows - 1000)).toBeLessThan(50);
    const loaded = loadModel(JSON.stringify(model), 'federated');
    expect(sampleModel(loaded, { rows: 50, seed: 1 }).table.nRows).toBe(50);
    expect(outcome.phases.map((p) => p.plan.name)).toEqual(['one-way', 'select', 'pairs']);
  });

  it('keeps the 1-way marginals within 0.02 mean TV of central mst’s', async () => {
    const outcome = await run;
    if (outcome.status !== 'done') throw new Error(outcome.reason);
    const federated = meanOneWayTv(loadModel(JSON.stringify(outcome.result.model), 'federated'));
    const pooled = meanOneWayTv(central);
    console.info(`mean 1-way TV: federated ${federated.toFixed(4)}, central ${pooled.toFixed(4)}`);
    expect(federated).toBeLessThan(pooled + 0.02);
  });

  it('ranked votes: the k-th of 5 draws weighs 5 − k, on the same pairs as flat votes, the first the best-scoring', () => {
    const site = sites[0].table;
    const encoded = encodeTable(site, domain);
    const independent = domain.attributes.map((a) => asDistribution(Array.from(marginal(encoded, [a.name]))));
    // ε so large that each draw is the best-scoring pair left (scores of sensitivity 2^21 units).
    const vote = (weights: 'flat' | 'ranked') =>
      localVotes(encoded, independent, schema, 1e3, 5, seededRandomBits('votes'), [], weights);
    const flat = vote('flat');
    const ranked = vote('ranked');
    expect([...ranked].filter((v) => v > 0).sort()).toEqual([1, 2, 3, 4, 5]);
    expect(Array.from(ranked, (v) => (v > 0 ? 1 : 0))).toEqual(Array.from(flat));
    const scores = localScores(
      encoded,
      independent,
      new Set([domain.attributes.findIndex((a) => a.name === 'centre')]),
    );
    const [a, b] = pairsOf(domain.attributes.length)[ranked.indexOf(5)];
    expect(scores.get(`${a},${b}`)).toBe(Math.max(...scores.values()));
  });

  it('votes for strong dependences: the pairs of most votes carry far more than the average pair', async () => {
    const outcome = await run;
    if (outcome.status !== 'done') throw new Error(outcome.reason);
    const select = outcome.phases[1].result;
    if (select.kind !== 'secure-sum') throw new Error('select is a sum');
    const votes = decodeIntegers(select.sum, phaseCodec(5));
    const names = domain.attributes.map((a) => a.name);
    // Dependence as mst scores it: TV between the true 2-way marginal and the product of its margins.
    const dependence = ([a, b]: readonly [number, number]) => {
      const joint = marginal(encodedReal, [names[a], names[b]]);
      const pa = marginal(encodedReal, [names[a]]);
      const pb = marginal(encodedReal, [names[b]]);
      let tv = 0;
      joint.forEach((x, k) => {
        tv += Math.abs(x / 1000 - (pa[Math.floor(k / pb.length)] * pb[k % pb.length]) / 1e6);
      });
      return tv / 2;
    };
    const pairs = pairsOf(names.length);
    const mean = (list: ReadonlyArray<readonly [number, number]>) =>
      list.reduce((s, p) => s + dependence(p), 0) / list.length;
    // Ranked votes (the default): the 20 pairs of most summed weight, about the sites' first draws.
    const agreed = pairs
      .map((pair, k) => ({ pair, weight: votes[k] }))
      .sort((x, y) => y.weight - x.weight)
      .slice(0, 20)
      .map((p) => p.pair);
    const all = mean(pairs);
    console.info(`20 pairs of most votes: mean TV ${mean(agreed).toFixed(3)}; all pairs ${all.toFixed(3)}`);
    expect(mean(agreed)).toBeGreaterThan(3 * all);
    // Each site draws k = ⌈(d − 1)/3⌉ pairs, the default, weighted k, k − 1, …, 1.
    const k = Math.ceil((names.length - 1) / 3);
    expect(votes.reduce((s, v) => s + v, 0)).toBe((5 * k * (k + 1)) / 2);
  });
});
