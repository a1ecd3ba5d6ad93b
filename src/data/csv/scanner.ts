/**
 * A byte-level CSV record scanner over a file read in chunks (RFC 4180 plus what hospital exports
 * do: BOM, CRLF, LF or old-Mac CR line ends — any of them, even mixed, as Python's csv reads
 * them — and padded fields). It hands out one record at a time as byte ranges into its
 * buffer, so no string is made for a cell unless a column builder asks for one, and the file is
 * never held whole in memory.
 *
 * Buffer layout: data occupies at most the first half of `buf`; the second half is scratch room
 * for quoted fields whose `""` escapes must be collapsed (never longer than the record itself), so
 * the raw bytes stay untouched and an incomplete record can be scanned again after the next read.
 */

import { isUtf8 } from 'node:buffer';
import { closeSync, openSync, readSync } from 'node:fs';
import { DataError } from '../../core/errors.js';

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;
const INCOMPLETE = -1;
/** A longer record almost always means an unterminated quote swallowing the rest of the file. */
const MAX_RECORD_BYTES = 64 * 1024 * 1024;

/** One record as byte ranges into `bytes`; valid until the next call to `next()`. */
export interface CsvRecord {
  bytes: Buffer;
  starts: Int32Array;
  ends: Int32Array;
  /** 1 where the field was quoted: a quoted `"NA"` is the text NA, not a missing value. */
  quoted: Uint8Array;
  count: number;
  /** Every byte of the record is below 0x80, so latin1 decoding is exact and cheapest. */
  ascii: boolean;
}

export interface ScanOptions {
  /** The name shown in messages. */
  file: string;
  /** The delimiter byte: `,` `;` or tab. */
  delimiter: number;
  chunkBytes?: number;
  /** Column names for messages, once the header is known. */
  columnName?: (index: number) => string;
}

export class CsvScanner {
  /** 0 for the header, then the 1-based data row of the record last returned. */
  row = -1;
  private readonly fd: number;
  private buf: Buffer;
  private pos = 0;
  private end = 0;
  private eof = false;
  private scratch = 0;
  /** Where the record last returned lies in `buf`, line end included. */
  private recordStart = 0;
  private recordStop = 0;
  /** File bytes dropped from the front of the buffer so far. */
  private dropped = 0;
  private readonly record: CsvRecord;

  constructor(
    path: string,
    private readonly options: ScanOptions,
  ) {
    this.fd = openSync(path, 'r');
    this.buf = Buffer.allocUnsafe(2 * (options.chunkBytes ?? 4 * 1024 * 1024));
    const [starts, ends, quoted] = [new Int32Array(64), new Int32Array(64), new Uint8Array(64)];
    this.record = { bytes: this.buf, starts, ends, quoted, count: 0, ascii: true };
    this.fill();
    // A UTF-8 byte order mark, as Excel writes it, is not part of the first column's name.
    if (this.end >= 3 && this.buf[0] === 0xef && this.buf[1] === 0xbb && this.buf[2] === 0xbf) this.pos = 3;
  }

  /**
   * The bytes of the record last returned, exactly as the file holds them (quotes, padding and
   * line end included; a final line without a line end has none); valid until the next call.
   */
  get raw(): Buffer {
    return this.buf.subarray(this.recordStart, this.recordStop);
  }

  /** File offset just past the last record returned. */
  get offset(): number {
    return this.dropped + this.pos;
  }

  close(): void {
    closeSync(this.fd);
  }

  /** The next non-blank record, or undefined at the end of the file. */
  next(): CsvRecord | undefined {
    for (;;) {
      if (this.pos < this.end) {
        const stop = this.scanRecord(this.pos);
        if (stop !== INCOMPLETE) {
          const start = this.pos;
          this.pos = stop;
          if (this.isBlank()) continue;
          this.row++;
          this.checkUtf8(start, stop);
          this.recordStart = start;
          this.recordStop = stop;
          return this.record;
        }
      }
      if (this.eof) return undefined;
      this.fill();
    }
  }

  /** Blank lines (trailing ones, mostly) are skipped: they hold no fields. `""` is not blank. */
  private isBlank(): boolean {
    const r = this.record;
    return r.count === 1 && r.starts[0] === r.ends[0] && r.quoted[0] === 0;
  }

  private checkUtf8(start: number, stop: number): void {
    if (this.record.ascii || isUtf8(this.buf.subarray(start, stop))) return;
    throw new DataError(
      { file: this.options.file, row: this.row },
      'the bytes are not valid UTF-8 text; save the file as UTF-8 (e.g. "CSV UTF-8" in Excel)',
    );
  }

  /** Moves the unread tail to the front, grows the buffer for long records, reads the next chunk. */
  private fill(): void {
    const pending = this.end - this.pos;
    this.dropped += this.pos;
    if (pending > MAX_RECORD_BYTES)
      throw this.error(
        this.row + 1,
        undefined,
        'a record longer than 64 MiB: probably a quote that is never closed',
      );
    if (pending > this.buf.length / 4) {
      const grown = Buffer.allocUnsafe(this.buf.length * 2);
      this.buf.copy(grown, 0, this.pos, this.end);
      this.buf = grown;
      this.record.bytes = grown;
    } else if (this.pos > 0) this.buf.copy(this.buf, 0, this.pos, this.end);
    this.pos = 0;
    this.end = pending;
    const room = this.buf.length / 2 - this.end;
    const read = readSync(this.fd, this.buf, this.end, room, null);
    this.end += read;
    if (read === 0) this.eof = true;
  }

  private error(row: number, field: number | undefined, message: string): DataError {
    const column = field === undefined ? undefined : (this.options.columnName?.(field) ?? `#${field + 1}`);
    return new DataError({ file: this.options.file, row, column }, message);
  }

  private isPadding(b: number): boolean {
    return b === SPACE || (b === TAB && this.options.delimiter !== TAB);
  }

  private pushField(start: number, end: number, quoted: boolean): void {
    const r = this.record;
    if (r.count === r.starts.length) {
      const [starts, ends, flags] = [
        new Int32Array(r.count * 2),
        new Int32Array(r.count * 2),
        new Uint8Array(r.count * 2),
      ];
      starts.set(r.starts);
      ends.set(r.ends);
      flags.set(r.quoted);
      [r.starts, r.ends, r.quoted] = [starts, ends, flags];
    }
    r.starts[r.count] = start;
    r.ends[r.count] = end;
    r.quoted[r.count] = quoted ? 1 : 0;
    r.count++;
  }

  /** Scans the record at `p`: returns the offset just past it, or INCOMPLETE when more bytes are needed. */
  private scanRecord(p: number): number {
    const r = this.record;
    r.count = 0;
    r.ascii = true;
    this.scratch = this.end;
    let i = p;
    for (;;) {
      while (i < this.end && this.isPadding(this.buf[i])) i++;
      const next = i < this.end && this.buf[i] === QUOTE ? this.scanQuoted(i) : this.scanUnquoted(i);
      if (next === INCOMPLETE) return INCOMPLETE;
      // scanQuoted/scanUnquoted leave the separator's offset; a delimiter means another field follows.
      if (next < this.end && this.buf[next] === this.options.delimiter) {
        i = next + 1;
        continue;
      }
      if (next >= this.end) return next;
      if (this.buf[next] === CR) {
        // CR LF is one line end; a CR alone is one too (files from classic Mac OS).
        if (next + 1 >= this.end) return this.eof ? next + 1 : INCOMPLETE;
        return this.buf[next + 1] === LF ? next + 2 : next + 1;
      }
      return next + 1;
    }
  }

  /** An unquoted field from `i` to the delimiter or line end; returns the separator's offset. */
  private scanUnquoted(i: number): number {
    const buf = this.buf;
    const delimiter = this.options.delimiter;
    let high = 0;
    let j = i;
    while (j < this.end) {
      const b = buf[j];
      if (b === delimiter || b === LF || b === CR) break;
      high |= b;
      j++;
    }
    if (j >= this.end && !this.eof) return INCOMPLETE;
    let fieldEnd = j;
    while (fieldEnd > i && this.isPadding(buf[fieldEnd - 1])) fieldEnd--;
    if (high >= 0x80) this.record.ascii = false;
    this.pushField(i, fieldEnd, false);
    return j;
  }

  /** A quoted field opening at `i`; `""` collapses to `"` in scratch room. Returns the separator's offset. */
  private scanQuoted(i: number): number {
    const buf = this.buf;
    let high = 0;
    let write = -1;
    let j = i + 1;
    for (;;) {
      if (j >= this.end) {
        if (!this.eof) return INCOMPLETE;
        throw this.error(
          this.row + 1,
          this.record.count,
          'a quoted field is never closed (unterminated quote)',
        );
      }
      const b = buf[j];
      if (b === QUOTE) {
        if (j + 1 >= this.end && !this.eof) return INCOMPLETE;
        if (j + 1 >= this.end || buf[j + 1] !== QUOTE) break;
        if (write < 0) write = this.startScratch(i + 1, j);
        buf[write++] = QUOTE;
        j += 2;
        continue;
      }
      high |= b;
      if (write >= 0) buf[write++] = b;
      j++;
    }
    if (high >= 0x80) this.record.ascii = false;
    if (write < 0) this.pushField(i + 1, j, true);
    else {
      this.pushField(this.scratch, write, true);
      this.scratch = write;
    }
    return this.afterClosingQuote(j + 1);
  }

  private startScratch(from: number, to: number): number {
    this.buf.copy(this.buf, this.scratch, from, to);
    return this.scratch + (to - from);
  }

  /** After a closing quote only padding, then a delimiter or a line end may follow. */
  private afterClosingQuote(k: number): number {
    const buf = this.buf;
    while (k < this.end && this.isPadding(buf[k])) k++;
    if (k >= this.end) return this.eof ? k : INCOMPLETE;
    if (buf[k] === this.options.delimiter || buf[k] === LF || buf[k] === CR) return k;
    throw this.error(
      this.row + 1,
      this.record.count - 1,
      'text after a closing quote; expected a delimiter or the end of the line (write "" for a quote inside a quoted field)',
    );
  }
}
