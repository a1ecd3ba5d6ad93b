import { describe, expect, it } from 'vitest';
import { UsageError } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import { holdoutQuotas, splitRows, splitTable, strataOf } from './split.js';
import { codeColumnFromStrings, numberColumn, Table } from './table.js';

/** Strata of the given sizes, rows of one stratum spread through the file. */
function strataOfSizes(sizes: number[]): Int32Array {
  const codes = sizes.flatMap((size, s) => new Array<number>(size).fill(s));
  return Rng.from('layout').shuffle(Int32Array.from(codes));
}

function expectDisjointAndComplete(split: { training: Uint32Array; holdout: Uint32Array }, n: number) {
  const all = [...split.training, ...split.holdout].sort((a, b) => a - b);
  expect(all).toEqual(Array.from({ length: n }, (_, i) => i));
  for (const part of [split.training, split.holdout])
    for (let i = 1; i < part.length; i++) expect(part[i]).toBeGreaterThan(part[i - 1]);
}

describe('splitRows with strata', () => {
  const sizes = [812, 403, 377, 291, 117, 9, 2, 1];
  const n = sizes.reduce((a, b) => a + b, 0);
  const strata = strataOfSizes(sizes);

  it('holds out each stratum’s share to within one row, and round(n × share) in all', () => {
    for (const share of [0.05, 0.2, 0.3, 0.5, 0.77]) {
      const split = splitRows(n, share, Rng.from(1), strata);
      expectDisjointAndComplete(split, n);
      expect(split.holdout.length).toBe(Math.round(n * share));
      const held = new Array<number>(sizes.length).fill(0);
      for (const row of split.holdout) held[strata[row]]++;
      sizes.forEach((size, s) => {
        if (size > 1) expect(Math.abs(held[s] - size * share), `stratum ${s}`).toBeLessThan(1);
        expect(held[s], `stratum ${s} keeps a training row`).toBeLessThan(size);
      });
    }
  });

  it('is deterministic with the seed, and another seed draws other rows', () => {
    const a = splitRows(n, 0.3, Rng.from(7), strata);
    expect(splitRows(n, 0.3, Rng.from(7), strata)).toEqual(a);
    expect(splitRows(n, 0.3, Rng.from(8), strata).holdout).not.toEqual(a.holdout);
  });

  it('holds out the same rows as the unstratified split when there is one stratum', () => {
    const one = new Int32Array(500);
    expect(splitRows(500, 0.3, Rng.from(3), one)).toEqual(splitRows(500, 0.3, Rng.from(3)));
  });

  it('keeps a stratum too small to split whole in training', () => {
    const tiny = Int32Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 2]);
    const split = splitRows(tiny.length, 0.3, Rng.from(2), tiny);
    const heldOf = (s: number) => [...split.holdout].filter((row) => tiny[row] === s).length;
    expect([heldOf(0), heldOf(1), heldOf(2)]).toEqual([3, 0, 1]);
  });

  it('refuses a share outside (0, 1) without naming any command-line option', () => {
    for (const share of [0, 1, -0.2, 1.5, Number.NaN])
      expect(() => splitRows(10, share, Rng.from(1))).toThrow(UsageError);
    expect(() => splitRows(10, 1, Rng.from(1))).toThrow(/^the held-out share/);
  });
});

describe('holdoutQuotas', () => {
  it('agrees with the obvious rule: floor or ceiling of size × share, the total rounded', () => {
    const rng = Rng.from('quotas');
    for (let trial = 0; trial < 300; trial++) {
      const sizes = Array.from({ length: 1 + rng.int(8) }, () => 2 + rng.int(60));
      const share = 0.05 + 0.9 * rng.uniform();
      const quotas = holdoutQuotas(sizes, share);
      const total = sizes.reduce((a, b) => a + b, 0);
      const capped = sizes.some((size) => Math.ceil(size * share) > size - 1);
      if (!capped) expect(quotas.reduce((a, b) => a + b, 0)).toBe(Math.round(total * share));
      sizes.forEach((size, s) => {
        expect(quotas[s]).toBeGreaterThanOrEqual(Math.min(Math.floor(size * share), size - 1));
        expect(quotas[s]).toBeLessThanOrEqual(Math.min(Math.ceil(size * share), size - 1));
      });
    }
  });

  it('gives the extra rows to the largest remainders, ties to the earlier stratum', () => {
    // 0.3 × [5, 5, 7] = [1.5, 1.5, 2.1]: floors 1 + 1 + 2 = 4 of round(5.1) = 5.
    expect(Array.from(holdoutQuotas([5, 5, 7], 0.3))).toEqual([2, 1, 2]);
  });
});

describe('strataOf and splitTable', () => {
  const table = new Table([
    ['centre', codeColumnFromStrings(['b', 'a', null, 'b', 'a', 'b'], ['b', 'a'])],
    ['stage', numberColumn([3, 1, 2, Number.NaN, 10, 1])],
  ]);

  it('one stratum per value, levels in their order, numbers ascending, missing last', () => {
    expect(strataOf(table, 'centre')).toEqual({
      codes: Int32Array.from([0, 1, 2, 0, 1, 0]),
      labels: ['b', 'a', null],
    });
    expect(strataOf(table, 'stage')).toEqual({
      codes: Int32Array.from([2, 0, 1, 4, 3, 0]),
      labels: ['1', '2', '3', '10', null],
    });
  });

  it('splits a table by a column: every centre keeps its share, the lone missing row stays in training', () => {
    const { training, holdout } = splitTable(table, 0.5, Rng.from(4), { stratify: 'centre' });
    const labels = (t: Table) =>
      Array.from(t.codes('centre').codes, (c) => (c < 0 ? null : t.codes('centre').levels[c]));
    expect(labels(holdout).sort()).toEqual(['a', 'b', 'b']);
    expect(labels(training)).toContain(null);
    expect(training.nRows + holdout.nRows).toBe(table.nRows);
  });
});
