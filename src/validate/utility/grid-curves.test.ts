import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/rng.js';
import { gridCurve, survivalGrid } from './grid-curves.js';
import { utility } from './index.js';
import { amlHalves, amlInput, independentSample } from './test-support/aml.js';

describe('survival curves on a shareable grid', () => {
  it('monthly from days, cut where fewer than smallCell real patients remain at risk', () => {
    // 40 patients followed 30, 60, …, 1200 days; the 5th longest follow-up is 1080 days ≈ 35.5 months.
    const time = Float64Array.from({ length: 40 }, (_, i) => (i + 1) * 30);
    const status = Uint8Array.from({ length: 40 }, (_, i) => i % 2);
    const grid = survivalGrid({ time, status }, 'days', 5);
    expect(grid.unit).toBe('months');
    expect(grid.time.at(-1)).toBe(35);
    expect(grid.ticks).toEqual([0, 6, 12, 18, 24, 30]);
    const curve = gridCurve({ time, status }, grid, 5);
    expect(curve.survival[0]).toBe(1);
    expect(curve.atRisk[0]).toBe(40);
    expect(curve.atRisk.every((n) => n === null || n >= 5)).toBe(true);
    // Patients censored at 60, 120, … days: in months 2, 4, …, some interval holds each.
    expect(curve.censored.filter(Boolean).length).toBeGreaterThan(10);
    expect(curve.censored[0]).toBe(false);
  });

  it('years, quarterly, for follow-up beyond ten years', () => {
    const time = Float64Array.from({ length: 100 }, (_, i) => (i + 1) * 60);
    const grid = survivalGrid({ time, status: new Uint8Array(100).fill(1) }, 'days', 5);
    expect(grid.unit).toBe('years');
    expect(grid.step).toBe(0.25);
    expect(grid.ticks.every((t) => Number.isInteger(t))).toBe(true);
  });

  it('in a validation: no real event time, no count below smallCell, nothing past the real at-risk horizon', () => {
    const tables = amlHalves(1200, 7);
    const smallCell = 8;
    const report = utility(
      amlInput(tables, independentSample(1200, 8), { smallCell, targets: [], rng: Rng.from(3) }),
    );
    for (const s of report.survival) {
      const endpoint = tables.schema.endpoints.find((e) => e.name === s.endpoint)!;
      const { grid } = s.curves;
      const onGrid = new Set(grid.time);
      // Real event and censoring times, in the column's unit and in grid units: none may appear in
      // the curves' JSON unless it is a grid point (a whole month) by coincidence.
      const raw = [...tables.real.numbers(endpoint.time)].filter(Number.isFinite);
      const realTimes = raw.map((t) => t * grid.scale);
      const forbidden = new Set([...raw, ...realTimes].filter((t) => !onGrid.has(t) && t > 1));
      // (Counts — numbers at risk, group sizes — are integers that may equal a day count by chance.)
      const noCounts = (key: string, v: unknown) => (key === 'atRisk' || key === 'n' ? undefined : v);
      const shown = JSON.stringify({ c: s.curves, g: s.riskGroups }, noCounts)
        .match(/-?\d+(\.\d+)?(e-?\d+)?/g)!
        .map(Number);
      expect(shown.filter((v) => forbidden.has(v))).toEqual([]);
      expect(grid.time.every((t, i) => Math.abs(t - i * grid.step) < 1e-9)).toBe(true);
      const curves = [
        s.curves.real,
        s.curves.synthetic,
        ...(s.riskGroups?.levels.flatMap((l) => [l.real, l.synthetic]) ?? []),
      ];
      for (const c of curves) {
        expect(c.survival.length).toBe(grid.time.length);
        for (const n of c.atRisk) if (n !== null) expect(n).toBeGreaterThanOrEqual(smallCell);
      }
      for (const level of s.riskGroups?.levels ?? [])
        for (const n of [level.n.real, level.n.synthetic])
          if (n !== null) expect(n).toBeGreaterThanOrEqual(smallCell);
      // The real curve ends where fewer than smallCell real patients were followed that long.
      const last = grid.time.at(-1)!;
      const followed = realTimes.filter((t) => t >= last).length;
      expect(followed).toBeGreaterThanOrEqual(smallCell);
      // Medians and their limits: whole grid steps (in grid units), never past the curve's end.
      const medians = [s.realMedian, ...s.realMedianCi, s.syntheticMedian, ...s.syntheticMedianCi];
      for (const m of medians) {
        if (m === null) continue;
        const steps = (m * grid.scale) / grid.step;
        expect(Math.abs(steps - Math.round(steps))).toBeLessThan(1e-6);
        expect(m * grid.scale).toBeLessThanOrEqual(last + 1e-9);
        expect(forbidden.has(m)).toBe(false);
      }
      expect(s.realMedian).not.toBeNull();
    }
  });

  it('medians rounded to the grid; landmarks and group summaries null where too few real patients remain', () => {
    // 600 real patients and a threshold of 150: fewer are followed 5 years, and several stratified
    // groups (cytogenetic flags, adverse risk) hold 10–149 patients.
    const tables = amlHalves(1200, 7);
    const smallCell = 150;
    const report = utility(
      amlInput(tables, independentSample(1200, 8), { smallCell, targets: [], rng: Rng.from(3) }),
    );
    for (const s of report.survival) {
      const endpoint = tables.schema.endpoints.find((e) => e.name === s.endpoint)!;
      const time = [...tables.real.numbers(endpoint.time)].filter(Number.isFinite);
      for (const a of s.at) {
        const atRisk = time.filter((t) => t >= a.time).length;
        if (atRisk < smallCell)
          expect(a).toMatchObject({ real: { estimate: null }, synthetic: { estimate: null } });
        else expect(a.real.estimate).not.toBeNull();
      }
    }
    const landmarks = report.survival.flatMap((s) => s.at);
    expect(landmarks.some((a) => a.real.estimate === null)).toBe(true);
    expect(landmarks.some((a) => a.real.estimate !== null)).toBe(true);
    // A real group of fewer than max(10, smallCell) patients shows its level and nothing else.
    const groups = report.stratified.flatMap((st) => st.real.groups);
    for (const g of groups)
      if (g.n === null) expect(g).toEqual({ level: g.level, n: null, median: null, survival1y: null });
      else expect(g.n).toBeGreaterThanOrEqual(smallCell);
    expect(groups.filter((g) => g.n === null).length).toBeGreaterThan(0);
    expect(groups.filter((g) => g.n !== null).length).toBeGreaterThan(0);
  });
});
