import { type CodeColumn, codeColumn } from './table.js';

/** `PREFIX-000001`, `PREFIX-000002`, … one per row, with at least six digits. */
export function serialIds(prefix: string, n: number): CodeColumn {
  const width = Math.max(6, String(n).length);
  const levels = Array.from({ length: n }, (_, i) => `${prefix}-${String(i + 1).padStart(width, '0')}`);
  return codeColumn(
    Int32Array.from({ length: n }, (_, i) => i),
    levels,
  );
}
