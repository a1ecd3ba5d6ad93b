import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/rng.js';
import { Schema } from '../../data/schema.js';
import { codeColumn, Table } from '../../data/table.js';
import {
  allFlagPairs,
  coOccurrenceCounts,
  coOccurrenceSensitivity,
  measureCoOccurrence,
} from './co-occurrence.js';
import { domainFromSchema } from './domain.js';
import { encodeTable } from './encode.js';
import { addMeasurements, measure, parseMeasurements } from './measurements.js';

const GENES = ['npm1', 'flt3', 'dnmt3a', 'idh2', 'tp53', 'runx1'];
const schema = Schema.parse({
  version: 1,
  columns: [
    { name: 'sex', kind: 'categorical', categories: ['female', 'male'], nullable: false },
    ...GENES.map((name) => ({ name, kind: 'boolean', role: 'mutation', nullable: false })),
  ],
});
const domain = domainFromSchema(schema);
const flags = GENES.map((attribute) => ({ attribute, state: 1 }));

/** Patients with mutations drawn at 10–40 %, some with five or six of them. */
function patients(rows: number, seed: number): Table {
  const rng = Rng.from(seed);
  const heavy = Int32Array.from({ length: rows }, () => (rng.bernoulli(0.1) ? 1 : 0));
  return new Table([
    [
      'sex',
      codeColumn(
        Int32Array.from({ length: rows }, () => rng.int(2)),
        ['female', 'male'],
      ),
    ],
    ...GENES.map((gene, g): [string, ReturnType<typeof codeColumn>] => [
      gene,
      codeColumn(
        Int32Array.from({ length: rows }, (_, r) => (rng.bernoulli(heavy[r] ? 0.9 : 0.1 + 0.05 * g) ? 1 : 0)),
        ['0', '1'],
      ),
    ]),
  ]);
}

/** The brute-force count: a row counts for the first `clip` genes it carries. */
function bruteForce(table: Table, clip: number, singles: boolean): number[] {
  const carried = (r: number) => GENES.filter((g) => table.codes(g).levels[table.codes(g).codes[r]] === '1');
  return allFlagPairs(GENES.length, singles).map(([i, j]) => {
    let n = 0;
    for (let r = 0; r < table.nRows; r++) {
      const held = carried(r).slice(0, clip);
      if (held.includes(GENES[i]) && held.includes(GENES[j])) n++;
    }
    return n;
  });
}

describe('co-occurrence counts', () => {
  const table = patients(500, 3);
  const encoded = encodeTable(table, domain);

  it('count, per pair, the rows holding both flags among their first `clip` (and, on the diagonal, each one)', () => {
    for (const clip of [2, 3, 6])
      for (const singles of [false, true])
        expect(Array.from(coOccurrenceCounts(encoded, flags, clip, singles)), `clip ${clip}`).toEqual(
          bruteForce(table, clip, singles),
        );
    const diagonal = allFlagPairs(GENES.length, true).flatMap(([i, j], k) => (i === j ? [k] : []));
    const all = coOccurrenceCounts(encoded, flags, GENES.length, true);
    GENES.forEach((gene, g) => {
      const column = table.codes(gene);
      expect(all[diagonal[g]]).toBe(column.codes.filter((c) => column.levels[c] === '1').length);
    });
  });

  it('move by at most √(clip·(clip − 1)/2), or √(clip·(clip + 1)/2) with the diagonal, in L2 when one patient is removed', () => {
    const everyone = Array.from({ length: 500 }, (_, i) => i);
    for (const clip of [2, 4, 6])
      for (const singles of [false, true]) {
        const whole = coOccurrenceCounts(encoded, flags, clip, singles);
        let largest = 0;
        for (let r = 0; r < 60; r++) {
          const without = table.take(Uint32Array.from(everyone.filter((i) => i !== r)));
          const a = coOccurrenceCounts(encodeTable(without, domain), flags, clip, singles);
          largest = Math.max(largest, Math.hypot(...a.map((x, k) => x - whole[k])));
        }
        const bound = coOccurrenceSensitivity(clip, singles);
        expect(bound).toBeCloseTo(Math.sqrt((clip * (clip + (singles ? 1 : -1))) / 2), 12);
        expect(largest).toBeLessThanOrEqual(bound + 1e-12);
        // Some patient carries at least `clip` flags, so the bound is reached.
        expect(largest).toBeCloseTo(bound, 12);
      }
  });

  it('are additive: two halves measured and added equal the whole measured', () => {
    const half = (from: number, to: number) =>
      encodeTable(table.take(Uint32Array.from({ length: to - from }, (_, i) => from + i)), domain);
    const block = (e: typeof encoded) => ({
      ...measure(e, [{ query: ['npm1'], sigma: 0 }]),
      coOccurrence: [measureCoOccurrence(e, { flags, clip: 4, singles: true, sigma: 0 })],
    });
    const sum = addMeasurements(block(half(0, 180)), block(half(180, 500)));
    const whole = block(encoded);
    expect(sum.coOccurrence?.[0].answer).toEqual(whole.coOccurrence[0].answer);
    expect(sum.coOccurrence?.[0].pairs).toEqual(whole.coOccurrence[0].pairs);
    expect(sum.coOccurrence?.[0].rho).toEqual([null, null]);
    expect(parseMeasurements(JSON.parse(JSON.stringify(sum)))).toEqual(sum);
  });

  it('record σ and ρ = Δ²/(2σ²) for the block, and add noise variances', () => {
    const plusOne = (answer: readonly number[]) => answer.map((x) => x + 1);
    const a = measureCoOccurrence(encoded, { flags, clip: 6, singles: false, sigma: 5 }, plusOne);
    expect(a.rho[0]).toBeCloseTo(15 / 50, 14);
    expect(a.answer).toEqual(bruteForce(table, 6, false).map((x) => x + 1));
    expect(
      measureCoOccurrence(encoded, { flags, clip: 6, singles: true, sigma: 5 }, plusOne).rho[0],
    ).toBeCloseTo(21 / 50, 14);
    const b = measureCoOccurrence(encoded, { flags, clip: 6, singles: false, sigma: 12 }, plusOne);
    const base = measure(encoded, []);
    const sum = addMeasurements({ ...base, coOccurrence: [a] }, { ...base, coOccurrence: [b] });
    expect(sum.coOccurrence?.[0].noise.sigma).toBeCloseTo(13, 12);
    expect(sum.coOccurrence?.[0].rho).toEqual([a.rho[0], b.rho[0]]);
  });

  it('refuse blocks that cannot be added or do not fit the domain', () => {
    const base = measure(encoded, []);
    const a = measureCoOccurrence(encoded, { flags, clip: 6, singles: false, sigma: 0 });
    const b = measureCoOccurrence(encoded, { flags, clip: 5, singles: false, sigma: 0 });
    expect(() => addMeasurements({ ...base, coOccurrence: [a] }, { ...base, coOccurrence: [b] })).toThrow(
      /differ in their flags, clip or pairs/,
    );
    expect(() => addMeasurements({ ...base, coOccurrence: [a] }, base)).toThrow(
      /1 co-occurrence blocks, the other 0/,
    );
    const wrong = {
      ...base,
      coOccurrence: [{ ...a, flags: [{ attribute: 'sex', state: 2 }, ...a.flags.slice(1)] }],
    };
    expect(() => parseMeasurements(wrong)).toThrow(/coOccurrence\.0\.flags\.0: state 2 is outside 'sex'/);
    const short = { ...base, coOccurrence: [{ ...a, answer: a.answer.slice(1) }] };
    expect(() => parseMeasurements(short)).toThrow(/14 answers for 15 pairs/);
    const backwards = { ...base, coOccurrence: [{ ...a, pairs: [[1, 0], ...a.pairs.slice(1)] }] };
    expect(() => parseMeasurements(backwards)).toThrow(/two flag indices i ≤ j/);
  });
});
