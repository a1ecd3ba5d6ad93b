/**
 * Level 1 and 3 for the likelihood pass: hand-derived values at β = 0, and the O(n p²) cumulative
 * sums against the textbook O(n²) risk-set formula, plus the score against a numerical derivative.
 */
import { describe, expect, it } from 'vitest';
import { type CoxData, partialLikelihood, type Ties } from './cox-likelihood.js';
import { expectAllClose, expectClose } from './test-support/expect-close.js';
import { simulateCox } from './test-support/simulate.js';

function coxData(time: number[], status: number[], rows: number[][]): CoxData {
  const order = time.map((_, i) => i).sort((a, b) => time[a] - time[b]);
  const p = rows[0].length;
  return {
    n: time.length,
    p,
    time: Float64Array.from(order, (i) => time[i]),
    status: Uint8Array.from(order, (i) => status[i]),
    x: Float64Array.from(order.flatMap((i) => rows[i])),
  };
}

/** The textbook formula: for each event time, its risk set and tied deaths, summed directly. */
function naive(data: CoxData, beta: Float64Array, ties: Ties) {
  const { n, p, time, status, x } = data;
  const row = (i: number) => x.subarray(i * p, (i + 1) * p);
  const eta = (i: number) => row(i).reduce((s, v, j) => s + v * beta[j], 0);
  let loglik = 0;
  const score = new Float64Array(p);
  const information = new Float64Array(p * p);
  const eventTimes = [...new Set(time.filter((_, i) => status[i] === 1))];
  for (const t of eventTimes) {
    const risk = [...Array(n).keys()].filter((i) => time[i] >= t);
    const dead = risk.filter((i) => time[i] === t && status[i] === 1);
    const d = dead.length;
    for (const i of dead) {
      loglik += eta(i);
      for (let j = 0; j < p; j++) score[j] += row(i)[j];
    }
    for (let k = 0; k < d; k++) {
      const f = ties === 'efron' ? k / d : 0;
      const w = (i: number) => Math.exp(eta(i)) * (dead.includes(i) ? 1 - f : 1);
      const s0 = risk.reduce((s, i) => s + w(i), 0);
      const mean = Array.from({ length: p }, (_, j) => risk.reduce((s, i) => s + w(i) * row(i)[j], 0) / s0);
      loglik -= Math.log(s0);
      for (let j = 0; j < p; j++) {
        score[j] -= mean[j];
        for (let l = 0; l < p; l++) {
          const s2 = risk.reduce((s, i) => s + w(i) * row(i)[j] * row(i)[l], 0) / s0;
          information[j * p + l] += s2 - mean[j] * mean[l];
        }
      }
    }
  }
  return { loglik, score, information };
}

describe('partial likelihood at β = 0, by hand', () => {
  it('is −log(n!) with distinct event times', () => {
    const data = coxData([1, 2, 3, 4], [1, 1, 1, 1], [[0], [1], [0], [1]]);
    expectClose(partialLikelihood(data, Float64Array.of(0), 'efron').loglik, -Math.log(24), 1e-15);
  });
  it('splits two tied deaths among three at risk as Efron (−log 3 − log 2) or Breslow (−2 log 3)', () => {
    const data = coxData([1, 1, 2], [1, 1, 0], [[0], [1], [2]]);
    expectClose(
      partialLikelihood(data, Float64Array.of(0), 'efron').loglik,
      -Math.log(3) - Math.log(2),
      1e-15,
    );
    expectClose(partialLikelihood(data, Float64Array.of(0), 'breslow').loglik, -2 * Math.log(3), 1e-15);
  });
  it('has score Σ (x_death − mean over the risk set)', () => {
    // deaths at 1 (x=0, risk set mean 1) and 2 (x=1, mean 3/2): score = (0 − 1) + (1 − 1.5)
    const data = coxData([1, 2, 3], [1, 1, 0], [[0], [1], [2]]);
    expectClose(partialLikelihood(data, Float64Array.of(0), 'efron').score[0], -1.5, 1e-15);
  });
});

describe('partial likelihood: cumulative sums against the O(n²) formula', () => {
  for (const ties of ['efron', 'breslow'] as const) {
    it(`agrees on tied, censored data (${ties})`, () => {
      const sim = simulateCox(`likelihood-${ties}`, 120, 3, 0.25);
      const rows = [...sim.time.keys()].map((i) => sim.columns.map((c) => (c[i] - 50) / 10));
      const data = coxData(Array.from(sim.time), Array.from(sim.status), rows);
      const beta = Float64Array.of(0.3, -0.7, 0.2);
      const fast = partialLikelihood(data, beta, ties);
      const slow = naive(data, beta, ties);
      expectClose(fast.loglik, slow.loglik, 1e-12);
      expectAllClose(Array.from(fast.score), Array.from(slow.score), 1e-10, 1e-12);
      expectAllClose(Array.from(fast.information), Array.from(slow.information), 1e-10, 1e-12);
    });
  }
  it('has the score as the gradient and the information as minus the Hessian', () => {
    const sim = simulateCox('gradient', 80, 2, 0.5);
    const rows = [...sim.time.keys()].map((i) => sim.columns.map((c) => (c[i] - 50) / 10));
    const data = coxData(Array.from(sim.time), Array.from(sim.status), rows);
    const beta = Float64Array.of(0.2, 0.5);
    const h = 1e-5;
    const at = (b: Float64Array) => partialLikelihood(data, b, 'efron');
    const base = at(beta);
    for (let j = 0; j < 2; j++) {
      const up = Float64Array.from(beta);
      const down = Float64Array.from(beta);
      up[j] += h;
      down[j] -= h;
      expectClose(base.score[j], (at(up).loglik - at(down).loglik) / (2 * h), 1e-6, 1e-8);
      expectClose(base.information[j * 2 + j], -(at(up).score[j] - at(down).score[j]) / (2 * h), 1e-6, 1e-8);
    }
    expect(base.information[1]).toBe(base.information[2]);
  });
});
