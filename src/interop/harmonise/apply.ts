/**
 * Applying a mapping's confirmed transformations to the cells' text. Per centre and column the
 * decimal mark is fixed first, so that a scale reads `92,0` as 92; then numbers are scaled, dates
 * rewritten as ISO and labels replaced. A cell a transformation cannot read (`<5` in a scaled
 * column, `31/02/2024`) is left as it is and counted, so the result says what was not changed.
 */
import { DataError } from '../../core/errors.js';
import { numberText } from '../../data/csv/write.js';
import { type CodeColumn, codeColumn } from '../../data/table.js';
import { isoDate, parseNumberText } from './formats.js';
import type { Mapping, Transformation } from './mapping.js';
import type { TextTable } from './text-table.js';

export interface AppliedTransformation {
  readonly transformation: Transformation;
  /** Cells rewritten. */
  readonly changed: number;
  /** Cells of the centre the transformation could not read, left as they are. */
  readonly unreadable: number;
}

export interface ApplyResult {
  readonly table: TextTable;
  readonly applied: AppliedTransformation[];
  /** Transformations not applied because they are not confirmed. */
  readonly skipped: number;
}

const ORDER: Record<Transformation['kind'], number> = {
  'decimal-mark': 0,
  scale: 1,
  'date-format': 2,
  relabel: 3,
};

/**
 * The table with the mapping's confirmed transformations applied; `file` names the mapping in
 * errors. With `only`, the table is that centre's (a node's own table, which need not hold the
 * centre column: then every row is the centre's) and only its transformations apply.
 */
export function applyMapping(table: TextTable, mapping: Mapping, file?: string, only?: string): ApplyResult {
  const ownTable = only !== undefined && !table.has(mapping.centreColumn);
  if (!ownTable && !table.has(mapping.centreColumn))
    throw new DataError(
      { file, column: mapping.centreColumn },
      'the mapping’s centre column is not in the table',
    );
  const considered = mapping.transformations.filter((t) => only === undefined || t.centre === only);
  if (only !== undefined && considered.length === 0) {
    const named = [...new Set(mapping.transformations.map((t) => t.centre))];
    throw new DataError(
      { file },
      `the mapping proposes nothing for centre '${only}'${named.length ? ` (it names ${named.join(', ')})` : ''}`,
    );
  }
  const confirmed = considered.filter((t) => t.confirmed);
  const { codes: centreCodes, levels: centreLevels } = ownTable
    ? { codes: new Int32Array(table.nRows), levels: [only] }
    : table.codes(mapping.centreColumn);
  const applied: AppliedTransformation[] = [];
  let out = table;
  for (const t of [...confirmed].sort((a, b) => ORDER[a.kind] - ORDER[b.kind])) {
    if (!out.has(t.column))
      throw new DataError({ file, column: t.column }, 'the mapping names a column the table lacks');
    const centre = centreLevels.indexOf(t.centre);
    if (centre < 0)
      throw new DataError(
        { file, column: t.column },
        `the mapping names centre '${t.centre}', which the table lacks`,
      );
    const rewrite = rewriter(t);
    const column = out.codes(t.column);
    const result = rewriteColumn(column, (i) => centreCodes[i] === centre, rewrite);
    out = out.withColumn(t.column, result.column);
    applied.push({ transformation: t, changed: result.changed, unreadable: result.unreadable });
  }
  return { table: out, applied, skipped: considered.length - confirmed.length };
}

/** The new text of a cell, or undefined when the transformation cannot read it. */
type Rewrite = (text: string) => string | undefined;

function rewriter(t: Transformation): Rewrite {
  switch (t.kind) {
    case 'decimal-mark':
      return (text) => {
        const value = parseNumberText(text, ',');
        return Number.isNaN(value) ? undefined : numberText(value);
      };
    case 'scale':
      return (text) => {
        const value = parseNumberText(text, '.');
        // Twelve significant digits: 92 × 0.1 is 9.2, not 9.200000000000001.
        return Number.isNaN(value) ? undefined : numberText(Number((value * t.multiplyBy).toPrecision(12)));
      };
    case 'date-format':
      // A date the centre already wrote in ISO stays ISO (its time of day dropped), not unreadable.
      return (text) => isoDate(text, t.from) ?? isoDate(text, 'YYYY-MM-DD');
    case 'relabel':
      return (text) => {
        const to = Object.hasOwn(t.labels, text) ? t.labels[text] : undefined;
        return to ?? text;
      };
  }
}

function rewriteColumn(
  column: CodeColumn,
  selected: (row: number) => boolean,
  rewrite: Rewrite,
): { column: CodeColumn; changed: number; unreadable: number } {
  const levels = [...column.levels];
  const index = new Map(levels.map((level, k) => [level, k]));
  // Each distinct text is rewritten once.
  const recoded = new Map<number, number>();
  const codes = Int32Array.from(column.codes);
  let [changed, unreadable] = [0, 0];
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i];
    if (code < 0 || !selected(i)) continue;
    let to = recoded.get(code);
    if (to === undefined) {
      const text = rewrite(levels[code]);
      if (text === undefined) to = -2;
      else {
        to = index.get(text) ?? levels.push(text) - 1;
        index.set(text, to);
      }
      recoded.set(code, to);
    }
    if (to === -2) unreadable++;
    else if (to !== code) {
      codes[i] = to;
      changed++;
    }
  }
  return { column: codeColumn(codes, levels), changed, unreadable };
}
