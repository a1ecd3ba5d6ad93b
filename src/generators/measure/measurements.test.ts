import { describe, expect, it } from 'vitest';
import { ModelError, UsageError } from '../../core/errors.js';
import { domainFromSchema } from './domain.js';
import { encodeTable } from './encode.js';
import { addMeasurements, Measurements, marginal, measure, parseMeasurements } from './measurements.js';
import { smallSchema, smallTable } from './test-support.js';

const domain = domainFromSchema(smallSchema, { bins: 8 });
const table = smallTable(400, 11);
const queries = [
  { query: ['sex'], sigma: 0 },
  { query: ['npm1'], sigma: 0 },
  { query: ['ecog'], sigma: 0 },
  { query: ['wbc'], sigma: 0 },
  { query: ['sex', 'npm1'], sigma: 0 },
  { query: ['wbc', 'npm1'], sigma: 0 },
  { query: ['sex', 'ecog', 'wbc'], sigma: 0 },
];

function rows(from: number, to: number): Uint32Array {
  return Uint32Array.from({ length: to - from }, (_, i) => from + i);
}

describe('marginal', () => {
  it('counts row-major over the query, against a direct tally', () => {
    const encoded = encodeTable(table, domain);
    const counts = marginal(encoded, ['sex', 'ecog']);
    expect(counts).toHaveLength(2 * 6);
    const tally = new Float64Array(12);
    for (let i = 0; i < 400; i++) tally[encoded.codes[0][i] * 6 + encoded.codes[2][i]]++;
    expect(Array.from(counts)).toEqual(Array.from(tally));
    expect(counts.reduce((s, x) => s + x, 0)).toBe(400);
  });

  it('refuses a query out of domain order or naming an unknown attribute', () => {
    const encoded = encodeTable(table, domain);
    expect(() => marginal(encoded, ['ecog', 'sex'])).toThrow(UsageError);
    expect(() => marginal(encoded, ['age'])).toThrow(/'age'/);
  });
});

describe('measure and addMeasurements', () => {
  it('is additive: two halves measured and added equal the whole measured', () => {
    const whole = measure(encodeTable(table, domain), queries);
    const first = measure(encodeTable(table.take(rows(0, 150)), domain), queries);
    const second = measure(encodeTable(table.take(rows(150, 400)), domain), queries);
    const sum = addMeasurements(first, second);
    expect(sum.measurements.map((m) => m.answer)).toEqual(whole.measurements.map((m) => m.answer));
    expect(sum.measurements.map((m) => m.query)).toEqual(whole.measurements.map((m) => m.query));
    expect(sum.domain).toEqual(whole.domain);
    expect(Measurements.parse(sum)).toEqual(sum);
  });

  it('puts a query into domain order, records σ and ρ = 1/(2σ²), and combines noise variances', () => {
    const plusOne = (answer: readonly number[]) => answer.map((x) => x + 1);
    const a = measure(encodeTable(table, domain), [{ query: ['wbc', 'sex'], sigma: 2 }], plusOne);
    const b = measure(encodeTable(table, domain), [{ query: ['sex', 'wbc'], sigma: 3 }], plusOne);
    expect(a.measurements[0].query).toEqual(['sex', 'wbc']);
    expect(a.measurements[0].rho).toEqual([1 / 8]);
    const sum = addMeasurements(a, b);
    expect(sum.measurements[0].noise).toEqual({ mechanism: 'discrete-gaussian', sigma: Math.sqrt(13) });
    expect(sum.measurements[0].rho).toEqual([1 / 8, 1 / 18]);
  });

  it('refuses non-integer noise and adding measurements of different domains or queries', () => {
    const encoded = encodeTable(table, domain);
    expect(() => measure(encoded, [{ query: ['sex'], sigma: 1 }], (a) => a.map((x) => x + 0.5))).toThrow(
      /one integer per cell/,
    );
    const other = measure(encodeTable(table, domainFromSchema(smallSchema, { bins: 9 })), queries);
    expect(() => addMeasurements(measure(encoded, queries), other)).toThrow(/different domains/);
    const swapped = measure(encoded, [queries[1], queries[0]]);
    expect(() => addMeasurements(measure(encoded, queries.slice(0, 2)), swapped)).toThrow(/npm1/);
  });

  it('survives a JSON round trip and reports every problem of bad JSON', () => {
    const m = measure(encodeTable(table, domain), queries);
    expect(parseMeasurements(JSON.parse(JSON.stringify(m)))).toEqual(m);
    const bad = structuredClone(m);
    bad.measurements[0].answer.pop();
    bad.measurements[1].query = ['nope'];
    expect(() => parseMeasurements(bad)).toThrow(ModelError);
    expect(() => parseMeasurements(bad)).toThrow(/measurements.0.answer: answer has 1 cells.*\(and 1 more\)/);
  });
});
