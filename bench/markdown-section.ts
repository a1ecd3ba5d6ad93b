import { readFileSync } from 'node:fs';
import { writeFileAtomic } from '../src/core/atomic-write.js';

/**
 * Replaces the block between `start` and `end` in a Markdown file, or appends it under `heading`
 * when the file has no such block yet. `start` is matched on its first 16 characters, so a marker
 * whose trailing note changed is still found.
 */
export function writeSection(path: string, heading: string, start: string, end: string, block: string): void {
  const current = readFileSync(path, 'utf8');
  const at = current.indexOf(start.slice(0, 16));
  const until = current.indexOf(end);
  const updated =
    at >= 0 && until > at
      ? current.slice(0, at) + block + current.slice(until + end.length)
      : `${current.trimEnd()}\n\n${heading}\n\n${block}\n`;
  writeFileAtomic(path, updated);
}
