import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.js';
import { breslowPiecewise } from './piecewise-hazard.js';

/** Breslow's cumulative baseline hazard at t, the slow obvious way: every exit time, every risk set. */
function breslowAt(t: number, time: Float64Array, exit: Uint8Array, eta: Float64Array): number {
  let total = 0;
  for (const s of new Set(time)) {
    if (s > t) continue;
    let d = 0;
    let atRisk = 0;
    for (let i = 0; i < time.length; i++) {
      if (time[i] === s && exit[i]) d++;
      if (time[i] >= s) atRisk += Math.exp(eta[i]);
    }
    total += d / atRisk;
  }
  return total;
}

describe('Breslow baseline pooled into intervals', () => {
  const rng = Rng.from('piecewise');
  const n = 300;
  const eta = Float64Array.from({ length: n }, () => rng.normal(0, 0.5));
  const time = Float64Array.from(eta, (e) => Math.ceil(rng.exponential(Math.exp(e) / 200)));
  const exit = Uint8Array.from({ length: n }, () => (rng.bernoulli(0.7) ? 1 : 0));
  const hazard = breslowPiecewise(time, exit, eta, 10);

  it("matches Breslow's cumulative hazard at every interval end", () => {
    let cumulative = 0;
    const lastExit = Math.max(...time.filter((_, i) => exit[i] === 1));
    for (let k = 1; k < hazard.knots.length; k++) {
      cumulative += hazard.rates[k - 1] * (hazard.knots[k] - hazard.knots[k - 1]);
      // Interval ends lie between exit times, so both step functions agree there; the last interval
      // ends inside its exits and carries all of them (Breslow's total at the last exit).
      const at = k === hazard.knots.length - 1 ? lastExit : hazard.knots[k];
      expect(cumulative).toBeCloseTo(breslowAt(at, time, exit, eta), 10);
    }
  });

  it('puts at least minExits exits in every interval, and ends at their mean, not the last exit', () => {
    const exitTimes = [...time].filter((_, i) => exit[i]).sort((a, b) => a - b);
    const K = hazard.knots.length - 1;
    for (let k = 1; k < K; k++) {
      const inside = exitTimes.filter((t) => t > hazard.knots[k - 1] && t <= hazard.knots[k]).length;
      expect(
        inside + (k === 1 ? exitTimes.filter((t) => t === hazard.knots[0]).length : 0),
      ).toBeGreaterThanOrEqual(10);
    }
    // The last interval holds every exit after its start: at least minExits, ending at their mean.
    const tail = exitTimes.filter((t) => t > hazard.knots[K - 1]);
    expect(tail.length).toBeGreaterThanOrEqual(10);
    expect(hazard.knots[K]).toBeCloseTo(tail.reduce((a, b) => a + b, 0) / tail.length, 10);
    expect(hazard.knots[K]).toBeLessThan(exitTimes.at(-1)!);
    expect(hazard.knots[0]).toBeGreaterThanOrEqual(0);
  });

  it('starts a cause that begins late (censoring after a minimum follow-up) late', () => {
    const late = Float64Array.from(time, (t) => t + 300);
    const censoring = breslowPiecewise(late, exit, eta, 10);
    expect(censoring.knots[0]).toBeGreaterThan(250);
  });
});
