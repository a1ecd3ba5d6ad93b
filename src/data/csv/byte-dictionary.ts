/**
 * Codes for text cells looked up by their bytes, so a repeated value (a centre, a sex, a WHO
 * class) costs a hash and a byte comparison instead of a new JS string and a Map lookup. Only a
 * value never seen before becomes a string. Open addressing with linear probing on FNV-1a hashes.
 */
import { type CodeColumn, codeColumn } from '../table.js';
import { fromSpreadsheetSafe } from './formula.js';
import { grownInt32, trimmed } from './growable.js';
import type { CsvRecord } from './scanner.js';
import { fieldText } from './values.js';

const EMPTY = -1;

function fnv1a(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return h >>> 0;
}

export class ByteDictionary {
  readonly levels: string[] = [];
  private slots = new Int32Array(64).fill(EMPTY);
  private hashes = new Uint32Array(16);
  private starts = new Int32Array(16);
  private arena = new Uint8Array(256);
  private arenaEnd = 0;

  constructor(levels: readonly string[] = []) {
    const encoder = new TextEncoder();
    for (const level of levels) {
      const bytes = encoder.encode(level);
      this.codeOf(bytes, 0, bytes.length, false, level);
    }
  }

  /** The code of the value, or -1 when it has not been seen (nothing is added). */
  find(bytes: Uint8Array, start: number, end: number): number {
    const h = fnv1a(bytes, start, end);
    return this.slots[this.probe(h, bytes, start, end)];
  }

  /** The code of the value, added (with `text`, or decoded from the bytes) when new. */
  codeOf(bytes: Uint8Array, start: number, end: number, ascii: boolean, text?: string): number {
    const h = fnv1a(bytes, start, end);
    const slot = this.probe(h, bytes, start, end);
    if (this.slots[slot] !== EMPTY) return this.slots[slot];
    const code = this.levels.length;
    this.levels.push(text ?? fieldText(bytes, start, end, ascii));
    this.store(code, h, bytes, start, end);
    this.slots[slot] = code;
    if (this.levels.length * 2 > this.slots.length) this.rehash();
    return code;
  }

  /** The slot holding this value, or the empty slot where it would go. */
  private probe(h: number, bytes: Uint8Array, start: number, end: number): number {
    const mask = this.slots.length - 1;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const code = this.slots[slot];
      if (code === EMPTY || (this.hashes[code] === h && this.sameBytes(code, bytes, start, end))) return slot;
    }
  }

  private sameBytes(code: number, bytes: Uint8Array, start: number, end: number): boolean {
    const from = this.starts[code];
    if (this.starts[code + 1] - from !== end - start) return false;
    for (let i = 0; i < end - start; i++) if (this.arena[from + i] !== bytes[start + i]) return false;
    return true;
  }

  /** Keeps the value's bytes; `starts[code + 1]` marks where they end. */
  private store(code: number, h: number, bytes: Uint8Array, start: number, end: number): void {
    if (code + 2 > this.starts.length) {
      this.starts = grow(this.starts, this.starts.length * 2);
      this.hashes = grow(this.hashes, this.hashes.length * 2);
    }
    const need = this.arenaEnd + (end - start);
    if (need > this.arena.length) this.arena = grow(this.arena, Math.max(need, this.arena.length * 2));
    this.arena.set(bytes.subarray(start, end), this.arenaEnd);
    this.hashes[code] = h;
    this.starts[code] = this.arenaEnd;
    this.arenaEnd = need;
    this.starts[code + 1] = need;
  }

  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 2).fill(EMPTY);
    const mask = this.slots.length - 1;
    for (let code = 0; code < this.levels.length; code++) {
      let slot = this.hashes[code] & mask;
      while (this.slots[slot] !== EMPTY) slot = (slot + 1) & mask;
      this.slots[slot] = code;
    }
  }
}

function grow<T extends Int32Array | Uint32Array | Uint8Array>(array: T, length: number): T {
  const grown = new (array.constructor as new (n: number) => T)(length);
  grown.set(array);
  return grown;
}

/** A text column read from CSV: codes into a ByteDictionary's levels, -1 for missing. */
export class CsvTextColumn {
  codes: Int32Array<ArrayBuffer>;
  readonly dictionary = new ByteDictionary();

  constructor(capacity: number) {
    this.codes = new Int32Array(capacity);
  }

  set(row: number, record: CsvRecord, field: number, missing: boolean): void {
    if (row >= this.codes.length) this.codes = grownInt32(this.codes, row + 1);
    this.codes[row] = missing
      ? -1
      : this.dictionary.codeOf(record.bytes, record.starts[field], record.ends[field], record.ascii);
  }

  reserve(capacity: number): void {
    if (capacity > this.codes.length) this.codes = grownInt32(this.codes, capacity);
  }

  /** The codes into the levels exactly as the bytes read. */
  finish(nRows: number): CodeColumn {
    return codeColumn(trimmed(this.codes, nRows), this.dictionary.levels);
  }

  /** As text values: a cell written spreadsheet-safe (`'=x`, see formula.ts) is its value (`=x`). */
  finishText(nRows: number): CodeColumn {
    const codes = trimmed(this.codes, nRows);
    const { levels } = this.dictionary;
    const read = levels.map(fromSpreadsheetSafe);
    if (read.every((level, code) => level === levels[code])) return codeColumn(codes, levels);
    // `'=x` and `=x` in one file are one value: merge their codes.
    const merged: string[] = [];
    const index = new Map<string, number>();
    const recode = read.map((level) => {
      if (!index.has(level)) index.set(level, merged.push(level) - 1);
      return index.get(level)!;
    });
    for (let i = 0; i < codes.length; i++) if (codes[i] >= 0) codes[i] = recode[codes[i]];
    return codeColumn(codes, merged);
  }
}
