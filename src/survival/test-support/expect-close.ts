import { expect } from 'vitest';

/**
 * Asserts |actual − expected| ≤ max(rel·|expected|, abs). `null` in a fixture stands for R's NA
 * (or ±Inf, which JSON cannot hold): the actual value must then be null or non-finite.
 */
export function expectClose(
  actual: number | null | undefined,
  expected: number | null | undefined,
  rel = 1e-6,
  abs = 1e-9,
  label = '',
): void {
  if (expected === null || expected === undefined) {
    if (actual !== null && actual !== undefined && Number.isFinite(actual))
      expect.fail(`${label}: expected NA (null), got ${actual}`);
    return;
  }
  if (actual === null || actual === undefined || !Number.isFinite(actual))
    expect.fail(`${label}: expected ${expected}, got ${actual}`);
  const error = Math.abs(actual - expected);
  if (error > Math.max(rel * Math.abs(expected), abs))
    expect.fail(
      `${label}: expected ${expected}, got ${actual} (relative error ${error / Math.abs(expected)})`,
    );
}

/** Element-wise `expectClose` over two arrays of the same length. */
export function expectAllClose(
  actual: ArrayLike<number | null>,
  expected: ArrayLike<number | null>,
  rel = 1e-6,
  abs = 1e-9,
  label = '',
): void {
  expect(actual.length, `${label}: length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expectClose(actual[i], expected[i], rel, abs, `${label}[${i}]`);
}

/** The largest relative error seen per label, for reporting how close we are to R. */
export class ErrorLog {
  readonly worst = new Map<string, number>();
  record(label: string, actual: number | null, expected: number | null): void {
    if (actual === null || expected === null || !Number.isFinite(actual) || !Number.isFinite(expected))
      return;
    if (actual === expected) {
      this.worst.set(label, this.worst.get(label) ?? 0);
      return;
    }
    const error = Math.abs(actual - expected) / Math.abs(expected);
    this.worst.set(label, Math.max(this.worst.get(label) ?? 0, error));
  }
}
