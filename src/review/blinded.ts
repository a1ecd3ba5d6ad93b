/**
 * Blinded mode (issue 12), a visual Turing test: a deck of the site's real records mixed with
 * synthetic ones, half each, shuffled; the reviewer guesses which is which. Identifier and centre
 * columns are dropped (a real patient id or a centre mix would give the answer away); every other
 * value is shown exactly as the review table shows a synthetic record (`recordsOf`), so the form
 * tells nothing either. The deck's real rows leave only to the site's own app (see the route).
 */
import { Rng } from '../core/rng.js';
import type { Schema } from '../data/schema.js';
import type { Table } from '../data/table.js';
import { binomialTestHalf } from './binomial.js';
import { cellReader, type DisplayColumn, type DisplayValue, displayColumn } from './records.js';
import type { BlindedScore } from './types.js';

export interface BlindedDeckInput {
  real: Table;
  synthetic: Table;
  schema: Schema;
  /** Items wanted; the deck has the largest even number ≤ size both tables can fill half of. */
  size: number;
  seed: number;
}

export interface BlindedDeck {
  columns: DisplayColumn[];
  items: { values: DisplayValue[]; real: boolean }[];
}

export function dealBlindedDeck(input: BlindedDeckInput): BlindedDeck {
  const { real, synthetic, schema } = input;
  if (!(Number.isInteger(input.size) && input.size >= 2))
    throw new RangeError(`a blinded deck needs a whole size of at least 2, got ${input.size}`);
  const specs = schema.columns.filter(
    (spec) => spec.role !== 'id' && spec.role !== 'centre' && real.has(spec.name) && synthetic.has(spec.name),
  );
  const half = Math.min(Math.floor(input.size / 2), real.nRows, synthetic.nRows);
  const rng = Rng.from(input.seed);
  const items: BlindedDeck['items'] = [];
  for (const [table, isReal] of [
    [real, true],
    [synthetic, false],
  ] as const) {
    const readers = specs.map((spec) => cellReader(spec, table.column(spec.name)));
    for (const row of pickRows(table.nRows, half, rng.split(isReal ? 'real' : 'synthetic')))
      items.push({ values: readers.map((read) => read(row)), real: isReal });
  }
  shuffle(items, rng.split('order'));
  return { columns: specs.map((spec) => displayColumn(spec, synthetic.column(spec.name))), items };
}

/** `count` distinct rows of `n`, uniformly (a partial Fisher–Yates shuffle). */
function pickRows(n: number, count: number, rng: Rng): number[] {
  const rows = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < count; i++) {
    const j = i + rng.int(n - i);
    [rows[i], rows[j]] = [rows[j], rows[i]];
  }
  return rows.slice(0, count);
}

function shuffle<T>(items: T[], rng: Rng): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [items[i], items[j]] = [items[j], items[i]];
  }
}

/** How often the guesses were right, and whether more often than a coin would be. */
export function scoreBlinded(
  guesses: readonly { real: boolean; guess: 'real' | 'synthetic' }[],
): BlindedScore {
  let correct = 0;
  let realCalledSynthetic = 0;
  let syntheticCalledReal = 0;
  for (const g of guesses) {
    const saidReal = g.guess === 'real';
    if (saidReal === g.real) correct++;
    else if (g.real) realCalledSynthetic++;
    else syntheticCalledReal++;
  }
  const n = guesses.length;
  return {
    guesses: n,
    correct,
    accuracy: n ? correct / n : null,
    p: n ? binomialTestHalf(correct, n) : null,
    realCalledSynthetic,
    syntheticCalledReal,
  };
}
