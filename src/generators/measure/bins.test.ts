import { describe, expect, it } from 'vitest';
import { binEdges, binOf, valueInBin } from './bins.js';

describe('binEdges', () => {
  it('splits a numeric range into equal widths ending exactly at max', () => {
    expect(binEdges(0, 10, 4, 'linear', false).edges).toEqual([0, 2.5, 5, 7.5, 10]);
  });

  it('gives a short integer range one bin per value', () => {
    expect(binEdges(0, 4, 16, 'linear', true).edges).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('log spacing: the first bin is about range/bins² wide, the last about a third of the range', () => {
    const { edges } = binEdges(0, 3650, 16, 'log', false);
    expect(edges).toHaveLength(17);
    // c = 3650/256; first edge c·(257^(1/16) − 1).
    expect(edges[1]).toBeCloseTo((3650 / 256) * (257 ** (1 / 16) - 1), 9);
    expect(edges[16]).toBe(3650);
    for (let b = 1; b < 16; b++) expect(edges[b + 1] - edges[b]).toBeGreaterThan(edges[b] - edges[b - 1]);
  });

  it('integer log bins merge the sub-unit bins near min and end at max + 1', () => {
    const { edges } = binEdges(0, 3650, 16, 'log', true);
    expect(edges[0]).toBe(0);
    expect(edges.at(-1)).toBe(3651);
    for (let b = 1; b < edges.length; b++) {
      expect(Number.isInteger(edges[b])).toBe(true);
      expect(edges[b]).toBeGreaterThan(edges[b - 1]);
    }
  });
});

describe('binOf and valueInBin', () => {
  const numeric = binEdges(0, 10, 4, 'linear', false);
  const whole = binEdges(0, 99, 10, 'linear', true);

  it('puts edges into the bin they open, max into the last, and clamps outside values', () => {
    expect([0, 2.4999, 2.5, 9.99, 10, -3, 42].map((v) => binOf(v, numeric))).toEqual([0, 0, 1, 3, 3, 0, 3]);
    expect([0, 9, 10, 99, 100].map((v) => binOf(v, whole))).toEqual([0, 0, 1, 9, 9]);
  });

  it('every value of an integer bin is drawn back into that bin, the bounds included', () => {
    for (let b = 0; b < whole.edges.length - 1; b++)
      for (const u of [0, 0.5, 0.999999]) {
        const v = valueInBin(b, whole, u);
        expect(Number.isInteger(v)).toBe(true);
        expect(binOf(v, whole)).toBe(b);
      }
    expect(valueInBin(9, whole, 0.9999999)).toBe(99);
  });
});
