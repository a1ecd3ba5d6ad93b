/** Parsers for option values: each turns bad text into a UsageError that names the option. */
import { UsageError } from '../core/errors.js';

/** A whole number ≥ 1; `max` bounds counts that size memory (rows, patients), so a typo is not a crash. */
export function positiveInteger(flag: string, max = Number.MAX_SAFE_INTEGER): (text: string) => number {
  return (text) => {
    const value = Number(text);
    if (!/^\s*\d+\s*$/.test(text) || !Number.isSafeInteger(value) || value < 1)
      throw new UsageError(
        max < Number.MAX_SAFE_INTEGER
          ? `${flag} expects a whole number from 1 to ${max.toLocaleString('en-US')}, got '${text}'`
          : `${flag} expects a whole number of at least 1, got '${text}'`,
      );
    if (value > max)
      throw new UsageError(`${flag} expects at most ${max.toLocaleString('en-US')}, got '${text}'`);
    return value;
  };
}

/** Rows or patients in one table: tens of millions already take gigabytes; more is a typo. */
export const MAX_TABLE_ROWS = 10_000_000;

export function seed(text: string): number {
  const value = Number(text);
  if (!/^-?\d+$/.test(text.trim()) || !Number.isSafeInteger(value))
    throw new UsageError(`--seed expects a whole number, got '${text}'`);
  return value;
}

/** A share strictly between 0 and 1, such as 0.3. */
export function share(flag: string): (text: string) => number {
  return (text) => {
    const value = Number(text);
    if (text.trim() === '' || !(value > 0 && value < 1))
      throw new UsageError(`${flag} expects a share between 0 and 1 (exclusive), such as 0.3, got '${text}'`);
    return value;
  };
}

/** "1,3,5" → [1, 3, 5]. */
export function numberList(flag: string): (text: string) => number[] {
  return (text) =>
    text.split(',').map((part) => {
      const value = Number(part.trim());
      if (part.trim() === '' || !Number.isFinite(value))
        throw new UsageError(`${flag} expects numbers separated by commas, got '${text}'`);
      return value;
    });
}

/** "age + sex + eln2022" → ['age', 'sex', 'eln2022']. */
export function termList(flag: string): (text: string) => string[] {
  return (text) => {
    const terms = text.split('+').map((t) => t.trim());
    if (terms.some((t) => t === ''))
      throw new UsageError(`${flag} expects column names joined by '+', such as "age+sex", got '${text}'`);
    return terms;
  };
}

export function oneOf<T extends string>(flag: string, allowed: readonly T[]): (text: string) => T {
  return (text) => {
    if (!(allowed as readonly string[]).includes(text))
      throw new UsageError(`${flag} expects one of ${allowed.join(', ')}, got '${text}'`);
    return text as T;
  };
}

/** "key=value" with a non-empty key; returned unchanged. */
export function keyValue(flag: string): (text: string) => string {
  return (text) => {
    if (!/^[A-Za-z][\w.]*=/.test(text)) throw new UsageError(`${flag} expects key=value, got '${text}'`);
    return text;
  };
}

/** A finite number > 0, such as an ε. */
export function positiveNumber(flag: string): (text: string) => number {
  return (text) => {
    const value = Number(text);
    if (text.trim() === '' || !(value > 0) || !Number.isFinite(value))
      throw new UsageError(`${flag} expects a number greater than 0, such as 1, got '${text}'`);
    return value;
  };
}

/** A probability strictly between 0 and 1, such as a δ of 1e-6. */
export function probability(flag: string): (text: string) => number {
  return (text) => {
    const value = Number(text);
    if (text.trim() === '' || !(value > 0 && value < 1))
      throw new UsageError(
        `${flag} expects a number between 0 and 1 (exclusive), such as 1e-6, got '${text}'`,
      );
    return value;
  };
}
