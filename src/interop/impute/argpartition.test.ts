import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { argpartition } from './argpartition.js';

interface Case {
  values: Array<number | null>;
  kth: number;
  order: number[];
}
const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/knn-reference.json', import.meta.url), 'utf8'),
) as { argpartition: Case[] };

describe('argpartition', () => {
  it('permutes indices exactly as numpy 1.24 does on arrays full of ties and a NaN', () => {
    expect(fixture.argpartition.length).toBeGreaterThan(20);
    for (const c of fixture.argpartition) {
      const values = c.values.map((v) => (v === null ? Number.NaN : v));
      expect([...argpartition(values, c.kth)], `n=${values.length} kth=${c.kth}`).toEqual(c.order);
    }
  });

  it('partitions: nothing before kth is larger, nothing after is smaller', () => {
    const values = Array.from({ length: 200 }, (_, i) => (i * 7919) % 13);
    for (const kth of [0, 5, 99, 199]) {
      const order = argpartition(values, kth);
      const pivot = values[order[kth]];
      for (let i = 0; i < kth; i++) expect(values[order[i]]).toBeLessThanOrEqual(pivot);
      for (let i = kth + 1; i < 200; i++) expect(values[order[i]]).toBeGreaterThanOrEqual(pivot);
      expect([...order].sort((a, b) => a - b)).toEqual(values.map((_, i) => i));
    }
  });
});
