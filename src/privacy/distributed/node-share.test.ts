import { describe, expect, it } from 'vitest';
import { DataError, ModelError, UsageError } from '../../core/errors.js';
import { seededRandomBits } from '../random-bits.js';
import { rational, toNumber } from '../rational.js';
import { symmetricChiSquare } from '../test-support/goodness-of-fit.js';
import { gaussianRho } from '../zcdp.js';
import { distributedGaussianRho } from './distributed-gaussian.js';
import { addNodeShare, nodeShareForRho } from './node-share.js';
import { distributedNoiseRecord, readDistributedNoiseRecord, recordSigma2 } from './record.js';
import { discreteGaussianSumPmf, discreteGaussianTruncated, type IntegerPmf } from './sum-pmf.js';

const STEP = 2 ** -20;

describe('nodeShareForRho inverts distributedGaussianRho', () => {
  const requests = [
    { rho: 0.01, nodes: 5, honest: 3, l1: 3, l2: Math.sqrt(3), dimension: 1000 },
    { rho: 1, nodes: 10, honest: 5, l1: 3, l2: Math.sqrt(3), dimension: 64 },
    { rho: 0.5, nodes: 2, honest: 2, l1: 1, l2: 1, dimension: 1 },
    { rho: 0.3, nodes: 30, honest: 20, l1: 10, l2: Math.sqrt(10), dimension: 10_000 },
    { rho: 0.05, nodes: 5, honest: 1, l1: 1, l2: 1, dimension: 50 },
    { rho: 1.5, nodes: 3, honest: 3, l1: 1, l2: 1, dimension: 100 },
  ];

  it.each(requests)(
    'ρ = $rho, $honest of $nodes honest, d = $dimension: ρ′ ≤ ρ, one grid step less exceeds ρ',
    (request) => {
      const share = nodeShareForRho(request);
      const sigma2 = toNumber(share.sigma2);
      expect(share.sigma2.den <= 1n << 20n).toBe(true);
      const query = { l1: request.l1, l2: request.l2, dimension: request.dimension };
      const achieved = distributedGaussianRho({ ...query, sigma2, nodes: request.honest });
      expect(achieved).toBe(share.rho);
      expect(achieved).toBeLessThanOrEqual(request.rho);
      if (sigma2 - STEP >= 0.25 || request.honest === 1)
        expect(
          distributedGaussianRho({ ...query, sigma2: sigma2 - STEP, nodes: request.honest }),
        ).toBeGreaterThan(request.rho);
      // All nodes adding their share can only do better than the honest ones alone.
      expect(distributedGaussianRho({ ...query, sigma2, nodes: request.nodes })).toBeLessThanOrEqual(
        achieved,
      );
    },
  );

  it('one honest node must add the whole central noise: σ² = Δ₂²/(2ρ) rounded up to the grid', () => {
    const share = nodeShareForRho({ rho: 0.05, nodes: 5, honest: 1, l1: 1, l2: 1, dimension: 50 });
    expect(share.sigma2).toEqual(rational(10n));
    expect(share.rho).toBe(gaussianRho(1, 10));
  });

  it('with large σ² the share is the central σ² split over the honest nodes: σ²/t', () => {
    // Central N_Z(0, 1000) for ρ = 1/2000; five honest shares of 200 each, τ ≈ 10·4·e^{−1974} = 0.
    const share = nodeShareForRho({ rho: 1 / 2000, nodes: 8, honest: 5, l1: 1, l2: 1, dimension: 10 });
    expect(Math.abs(toNumber(share.sigma2) - 200)).toBeLessThanOrEqual(STEP);
  });

  it('small shares pay for τ: at ρ = 0.5, two shares need σ² above the central 1/2 each', () => {
    const share = nodeShareForRho({ rho: 0.5, nodes: 2, honest: 2, l1: 1, l2: 1, dimension: 100 });
    expect(toNumber(share.sigma2)).toBeGreaterThan(0.5 + 0.05);
    expect(share.tau).toBeGreaterThan(0);
  });

  it.each([
    [{ nodes: 0 }, /nodes must be a whole number ≥ 1, got 0/],
    [{ honest: 6 }, /honest must be a whole number from 1 to nodes \(5\), got 6/],
    [{ honest: 0 }, /honest must be a whole number from 1 to nodes \(5\), got 0/],
    [{ rho: 0 }, /rho must be a positive finite number, got 0/],
    [{ rho: Number.NaN }, /rho must be a positive finite number, got NaN/],
    [{ rho: Number.POSITIVE_INFINITY }, /rho must be a positive finite number, got Infinity/],
    [{ l2: 0 }, /l2 must be positive/],
    [{ l1: Number.NaN }, /l1 must be a finite number ≥ 0, got NaN/],
    [{ dimension: -3 }, /dimension must be a whole number ≥ 1, got -3/],
  ])('%o is refused with a usage error', (change, message) => {
    const call = () =>
      nodeShareForRho({ rho: 0.1, nodes: 5, honest: 3, l1: 1, l2: 1, dimension: 10, ...change });
    expect(call).toThrow(UsageError);
    expect(call).toThrow(message);
  });
});

describe('addNodeShare: the sum of n nodes’ noise has the exact distribution of the sum', () => {
  // χ² of n nodes' summed noise against the exact pmf (convolution), p > 0.001 (seeded, so it is
  // deterministic); the same draws against N_Z(0, nσ²) at σ² = 1/4 are rejected, so the test can
  // tell the sum from the discrete Gaussian it approximates.
  const P_MIN = 0.001;
  const DRAWS = 25_000;

  function summedNoise(sigma2Num: bigint, sigma2Den: bigint, nodes: number, seed: string): Float64Array {
    const counts = new Float64Array(DRAWS).fill(7);
    const total = new Float64Array(DRAWS);
    for (let node = 0; node < nodes; node++) {
      const noisy = addNodeShare(
        counts,
        { sigma2: rational(sigma2Num, sigma2Den) },
        seededRandomBits(seed).split(`node ${node}`),
      );
      for (let i = 0; i < DRAWS; i++) total[i] += noisy[i] - counts[i];
      expect(noisy.every(Number.isInteger)).toBe(true);
    }
    return total;
  }

  const pmfOf = (pmf: IntegerPmf) => (y: number) => {
    const i = y - pmf.offset;
    return i >= 0 && i < pmf.mass.length ? pmf.mass[i] : 0;
  };

  it.each([
    [1n, 4n, 2],
    [1n, 2n, 2],
    [1n, 1n, 3],
    [2n, 1n, 5],
    [1n, 2n, 5],
  ])('σ² = %i/%i, n = %i: χ² against the exact pmf of the sum', (num, den, nodes) => {
    const draws = summedNoise(num, den, nodes, `sum ${num}/${den} ${nodes}`);
    const fit = symmetricChiSquare(draws, pmfOf(discreteGaussianSumPmf(Number(num) / Number(den), nodes)));
    expect(fit.df).toBeGreaterThan(2);
    expect(fit.p).toBeGreaterThan(P_MIN);
  });

  it('σ² = 1/4, n = 2: the same kind of draws are not N_Z(0, 1/2) (χ² p < 1e-12)', () => {
    const draws = summedNoise(1n, 4n, 2, 'sum 1/4 2');
    const reach = 40;
    const central = { offset: -reach, mass: discreteGaussianTruncated(0.5, reach), truncationError: 0 };
    expect(symmetricChiSquare(draws, pmfOf(central)).p).toBeLessThan(1e-12);
  });

  it('refuses a non-integer count without printing it, and σ² = 0', () => {
    const bits = seededRandomBits('refuse');
    const call = () => addNodeShare([3, 2.5], { sigma2: rational(1n) }, bits);
    expect(call).toThrow(DataError);
    expect(call).toThrow(/cell 1 of the answer is not an integer count/);
    expect(call).not.toThrow(/2\.5/);
    expect(() => addNodeShare([3], { sigma2: rational(0n) }, bits)).toThrow(/σ² > 0/);
  });

  it('is reproducible from a seed and differs between nodes', () => {
    const share = { sigma2: rational(5n) };
    const a = addNodeShare([10, 20, 30, 40], share, seededRandomBits('x').split('node 0'));
    const b = addNodeShare([10, 20, 30, 40], share, seededRandomBits('x').split('node 0'));
    const c = addNodeShare([10, 20, 30, 40], share, seededRandomBits('x').split('node 1'));
    expect([...a]).toEqual([...b]);
    expect([...a]).not.toEqual([...c]);
  });
});

describe('the distributed noise record', () => {
  const query = { l1: 3, l2: Math.sqrt(3), dimension: 64 };
  const share = nodeShareForRho({ rho: 0.2, nodes: 6, honest: 4, ...query });

  it('round-trips through JSON with σ² exact', () => {
    const record = distributedNoiseRecord(share, query);
    const back = readDistributedNoiseRecord(JSON.parse(JSON.stringify(record)));
    expect(back).toEqual(record);
    expect(recordSigma2(back)).toEqual(share.sigma2);
    expect(back.rhoPerSite).toBe(share.rho);
    expect(back.mechanism).toBe('distributed-discrete-gaussian');
  });

  it('refuses a record that claims less ρ than its parameters give, or honest > nodes', () => {
    const record = distributedNoiseRecord(share, query);
    const call = (json: unknown) => () => readDistributedNoiseRecord(json, 'job-7.json');
    expect(call({ ...record, rhoPerSite: record.rhoPerSite / 2 })).toThrow(ModelError);
    expect(call({ ...record, rhoPerSite: record.rhoPerSite / 2 })).toThrow(
      /job-7.json.*rhoPerSite .* is below the ρ/,
    );
    expect(call({ ...record, honest: 7 })).toThrow(/honest: honest cannot exceed nodes \(6\)/);
    expect(call({ ...record, sigma2: { num: '1', den: '8' } })).toThrow(/σ² must be at least 1\/4/);
    expect(call({ ...record, sigma2: { num: '1.5', den: '1' } })).toThrow(
      /sigma2.num: expected a whole number/,
    );
    expect(call({ ...record, extra: 1 })).toThrow(ModelError);
  });

  it('re-derives ρ also for one honest share below σ² = 1/4 (a plain discrete Gaussian)', () => {
    // One share of N_Z(0, 1/8) with Δ₂ = 1 costs ρ = 1/(2·1/8) = 4 exactly (any σ, one node).
    const tiny = {
      mechanism: 'distributed-discrete-gaussian',
      reference: 'Kairouz, Liu & Steinke (2021), Proposition 14',
      nodes: 5,
      honest: 1,
      sigma2: { num: '1', den: '8' },
      query: { l1: 1, l2: 1, dimension: 1 },
      tau: 0,
    };
    expect(readDistributedNoiseRecord({ ...tiny, rhoPerSite: 4 }).rhoPerSite).toBe(4);
    expect(() => readDistributedNoiseRecord({ ...tiny, rhoPerSite: 0.001 })).toThrow(
      /rhoPerSite 0.001 is below the ρ = 4 /,
    );
  });
});
