/**
 * Which of `,` `;` or tab separates the fields. Spreadsheets in locales with a decimal comma write
 * `;`; laboratory systems often write tabs. The delimiter is the candidate found the same number
 * of times (outside quotes) on the header and on the next lines; failing that, the one most
 * frequent in the header; a header with none of them is a one-column file.
 */
import { closeSync, openSync, readSync } from 'node:fs';

export const DELIMITERS = { ',': 0x2c, ';': 0x3b, '\t': 0x09 } as const;
export type Delimiter = keyof typeof DELIMITERS;

const HEAD_BYTES = 64 * 1024;
const LINES_CHECKED = 10;

export function readHead(path: string): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const head = new Uint8Array(HEAD_BYTES);
    return head.subarray(0, readSync(fd, head, 0, HEAD_BYTES, 0));
  } finally {
    closeSync(fd);
  }
}

/** Per line (lines broken outside quotes only), how often each candidate occurs outside quotes. */
function countPerLine(head: Uint8Array): number[][] {
  const candidates = Object.values(DELIMITERS);
  const lines: number[][] = [];
  let counts = candidates.map(() => 0);
  let quoted = false;
  for (let i = 0; i < head.length && lines.length < LINES_CHECKED; i++) {
    const b = head[i];
    if (b === 0x22) quoted = !quoted;
    else if (!quoted && (b === 0x0d || (b === 0x0a && head[i - 1] !== 0x0d))) {
      // CR, LF and CRLF all end a line (CR alone in files from classic Mac OS).
      lines.push(counts);
      counts = candidates.map(() => 0);
    } else if (!quoted) {
      const at = candidates.indexOf(b as never);
      if (at >= 0) counts[at]++;
    }
  }
  // The last line counts only if the head holds the whole file (no line was cut off).
  if (lines.length === 0 || head.length < HEAD_BYTES) lines.push(counts);
  return lines;
}

export function detectDelimiter(head: Uint8Array): Delimiter {
  const consistent = consistentDelimiter(head);
  if (consistent) return consistent;
  const header = countPerLine(head).find((counts) => counts.some((c) => c > 0));
  if (!header) return ',';
  const names = Object.keys(DELIMITERS) as Delimiter[];
  return names.reduce((best, name, k) => (header[k] > header[names.indexOf(best)] ? name : best));
}

/**
 * The candidate found, outside quotes, the same number of times on the header and on every line
 * after it (the most often, when several are); undefined when there is none.
 */
export function consistentDelimiter(head: Uint8Array): Delimiter | undefined {
  const names = Object.keys(DELIMITERS) as Delimiter[];
  const lines = countPerLine(head).filter((counts) => counts.some((c) => c > 0));
  if (lines.length === 0) return undefined;
  const header = lines[0];
  const consistent = names
    .map((name, k) => ({ name, count: header[k] }))
    .filter(({ count }, k) => count > 0 && lines.every((line) => line[k] === count));
  if (consistent.length === 0) return undefined;
  return consistent.reduce((best, c) => (c.count > best.count ? c : best)).name;
}
