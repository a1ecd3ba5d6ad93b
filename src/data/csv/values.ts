/**
 * Cell parsers that work on the raw bytes of a field, so the reader never builds a JS string for a
 * number or a date: at 50 million cells, one string per cell is most of the run time and garbage.
 */
import { checkedDays } from '../dates.js';

const ZERO = 0x30;
const NINE = 0x39;
const PLUS = 0x2b;
const MINUS = 0x2d;
const DOT = 0x2e;
const COMMA = 0x2c;
const SLASH = 0x2f;

const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8');

/** Exact powers of ten: every integer power up to 1e22 is a double without rounding. */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

function isDigit(b: number): boolean {
  return b >= ZERO && b <= NINE;
}

function lower(b: number): number {
  return b >= 0x41 && b <= 0x5a ? b + 32 : b;
}

/** The missing-value markers of the CLI contract: empty, NA, NaN, null (any case). */
export function isMissingMarker(bytes: Uint8Array, start: number, end: number): boolean {
  const n = end - start;
  if (n === 0) return true;
  const a = lower(bytes[start]);
  if (n === 2) return a === 0x6e && lower(bytes[start + 1]) === 0x61;
  if (n === 3) return a === 0x6e && lower(bytes[start + 1]) === 0x61 && lower(bytes[start + 2]) === 0x6e;
  if (n === 4)
    return (
      a === 0x6e &&
      lower(bytes[start + 1]) === 0x75 &&
      lower(bytes[start + 2]) === 0x6c &&
      lower(bytes[start + 3]) === 0x6c
    );
  return false;
}

/** The text of a field; `ascii` lets the caller skip UTF-8 decoding when it knows. */
export function fieldText(bytes: Uint8Array, start: number, end: number, ascii = false): string {
  // Buffer's own slicing skips the subarray object and is the fastest way to a short string.
  if (bytes instanceof Buffer) return bytes.toString(ascii ? 'latin1' : 'utf8', start, end);
  return (ascii ? latin1 : utf8).decode(bytes.subarray(start, end));
}

/**
 * A decimal number (`-12`, `3.5`, `.5`, `1e-3`; `3,5` when `decimalComma`), or NaN when the
 * field is not one. The result equals `Number(text)` bit for bit: up to 15 significant digits and
 * a power of ten up to 1e22 the answer is one correctly rounded multiply or divide of two exact
 * doubles (Clinger's fast path); anything longer goes to `Number` itself.
 */
export function parseNumber(bytes: Uint8Array, start: number, end: number, decimalComma: boolean): number {
  let i = start;
  let negative = false;
  if (i < end && (bytes[i] === MINUS || bytes[i] === PLUS)) negative = bytes[i++] === MINUS;
  const point = decimalComma ? COMMA : DOT;
  let mantissa = 0;
  let digits = 0;
  let significant = 0;
  let fraction = 0;
  let seenPoint = false;
  for (; i < end; i++) {
    const b = bytes[i];
    if (isDigit(b)) {
      digits++;
      if (significant > 0 || b !== ZERO) significant++;
      mantissa = mantissa * 10 + (b - ZERO);
      if (seenPoint) fraction++;
    } else if (b === point && !seenPoint) seenPoint = true;
    else break;
  }
  if (digits === 0) return Number.NaN;
  let exponent = 0;
  if (i < end) {
    const parsed = parseExponent(bytes, i, end);
    if (Number.isNaN(parsed)) return Number.NaN;
    exponent = parsed;
  }
  const scale = exponent - fraction;
  if (significant <= 15 && scale >= -22 && scale <= 22) {
    const value = scale >= 0 ? mantissa * POW10[scale] : mantissa / POW10[-scale];
    return negative ? -value : value;
  }
  const text = latin1.decode(bytes.subarray(start, end));
  const value = Number(decimalComma ? text.replace(',', '.') : text);
  return Number.isFinite(value) ? value : Number.NaN;
}

/** The exponent of `e-3` / `E+12` running to `end`, or NaN when malformed. */
function parseExponent(bytes: Uint8Array, start: number, end: number): number {
  if ((bytes[start] | 0x20) !== 0x65) return Number.NaN;
  let i = start + 1;
  let negative = false;
  if (i < end && (bytes[i] === MINUS || bytes[i] === PLUS)) negative = bytes[i++] === MINUS;
  if (i === end) return Number.NaN;
  let exponent = 0;
  for (; i < end; i++) {
    if (!isDigit(bytes[i])) return Number.NaN;
    exponent = Math.min(exponent * 10 + (bytes[i] - ZERO), 100000);
  }
  return negative ? -exponent : exponent;
}

/** Sixteen digits or more can exceed 2^53, beyond which doubles no longer hold every integer. */
const LONGEST_EXACT_DIGITS = 15;

/** True for a digit string (optionally signed) longer than a double holds exactly: a code, not a quantity. */
export function isLongDigitString(bytes: Uint8Array, start: number, end: number): boolean {
  let i = start;
  if (i < end && (bytes[i] === MINUS || bytes[i] === PLUS)) i++;
  if (end - i <= LONGEST_EXACT_DIGITS) return false;
  for (; i < end; i++) if (!isDigit(bytes[i])) return false;
  return true;
}

/** True when an integer part has a leading zero (`007`, `-01.5`): a code, not a quantity. */
export function hasLeadingZero(bytes: Uint8Array, start: number, end: number): boolean {
  let i = start;
  if (i < end && (bytes[i] === MINUS || bytes[i] === PLUS)) i++;
  return end - i > 1 && bytes[i] === ZERO && isDigit(bytes[i + 1]);
}

function digitsAt(bytes: Uint8Array, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    if (!isDigit(bytes[i])) return Number.NaN;
    value = value * 10 + (bytes[i] - ZERO);
  }
  return value;
}

/** Days since 1970-01-01 of an ISO `YYYY-MM-DD` field, or NaN. */
function parseIsoDate(bytes: Uint8Array, start: number, end: number): number {
  if (end - start !== 10 || bytes[start + 4] !== MINUS || bytes[start + 7] !== MINUS) return Number.NaN;
  const year = digitsAt(bytes, start, 4);
  const month = digitsAt(bytes, start + 5, 2);
  const day = digitsAt(bytes, start + 8, 2);
  return checkedDays(year, month, day);
}

/** Days of a day-first `D/M/YYYY` or `D.M.YYYY` field (one or two digits for day and month), or NaN. */
function parseDayFirstDate(bytes: Uint8Array, start: number, end: number): number {
  const n = end - start;
  if (n < 8 || n > 10) return Number.NaN;
  const sep = bytes[end - 5];
  if (sep !== SLASH && sep !== DOT) return Number.NaN;
  const first = bytes[start + 1] === sep ? 1 : bytes[start + 2] === sep ? 2 : 0;
  if (first === 0) return Number.NaN;
  const monthDigits = end - 5 - (start + first + 1);
  if (monthDigits < 1 || monthDigits > 2) return Number.NaN;
  const day = digitsAt(bytes, start, first);
  const month = digitsAt(bytes, start + first + 1, monthDigits);
  const year = digitsAt(bytes, end - 4, 4);
  return checkedDays(year, month, day);
}

/** A date in the accepted formats: ISO always, day-first only when asked for (it is ambiguous). */
export function parseDate(bytes: Uint8Array, start: number, end: number, dayFirst: boolean): number {
  const iso = parseIsoDate(bytes, start, end);
  return Number.isNaN(iso) && dayFirst ? parseDayFirstDate(bytes, start, end) : iso;
}
