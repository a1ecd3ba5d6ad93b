import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.js';
import { CompetingHazards } from './competing-hazards.js';

describe('competing causes with piecewise-constant hazards', () => {
  // Two causes with constant hazards 0.02 and 0.01 on (0, 100]; censored at 100 if still at risk.
  const model = new CompetingHazards(
    [
      { knots: [0, 40, 100], rates: [0.02, 0.02] },
      { knots: [0, 100], rates: [0.01] },
    ],
    1,
  );

  it('gives each cause its exact probability, and the rest to the residual cause at the end', () => {
    const p = new Float64Array(2);
    const risk = Float64Array.from([1.5, 1]);
    model.probabilities(risk, p);
    const [a, b] = [0.02 * 1.5, 0.01];
    const leave = 1 - Math.exp(-(a + b) * 100);
    expect(p[0]).toBeCloseTo((a / (a + b)) * leave, 12);
    expect(p[1]).toBeCloseTo((b / (a + b)) * leave + (1 - leave), 12);
    expect(p[0] + p[1]).toBeCloseTo(1, 12);
  });

  it('draws the time given the cause from its exact law, never after the end of follow-up', () => {
    const rng = Rng.from('competing');
    const risk = Float64Array.from([1, 1]);
    const total = 0.03;
    const draws = Array.from({ length: 20000 }, () => model.drawTime(risk, 0, rng));
    expect(Math.max(...draws)).toBeLessThanOrEqual(100);
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    // Given cause 0, the time is exponential(a + b) truncated to (0, 100].
    for (const t of [10, 30, 60, 90]) {
      const exact = (1 - Math.exp(-total * t)) / (1 - Math.exp(-total * 100));
      const seen = draws.filter((x) => x <= t).length / draws.length;
      expect(Math.abs(seen - exact)).toBeLessThan(0.012);
    }
    // The residual cause also takes the rows still at risk at 100: a point mass there.
    const censored = Array.from({ length: 5000 }, () => model.drawTime(risk, 1, rng));
    const atEnd = censored.filter((x) => x === 100).length / censored.length;
    const p = new Float64Array(2);
    model.probabilities(risk, p);
    expect(Math.abs(atEnd - Math.exp(-total * 100) / p[1])).toBeLessThan(0.02);
  });
});
