/**
 * Applying an edited selection: the table keeps only the retained columns, and the schema is trimmed
 * to stay consistent with it — a survival endpoint or a rule that names a dropped column goes too,
 * and is listed, since a rule about a column that is no longer there can be neither checked nor
 * learnt by a generator.
 */
import { DataError } from '../../core/errors.js';
import { parseSchema, type Schema } from '../../data/schema.js';
import type { Table } from '../../data/table.js';
import { describeRule, protectionOf, ruleColumns } from './schema-needs.js';
import { Selection } from './selection.js';

export interface AppliedSelection {
  readonly table: Table;
  readonly schema: Schema;
  readonly dropped: string[];
  /** Dropped columns the schema needed (a role, an endpoint, a derivation), with why. */
  readonly droppedNeeded: Array<{ column: string; neededAs: string }>;
  readonly removedEndpoints: string[];
  readonly removedRules: string[];
}

/** A selection file's JSON, checked; every problem names the file. */
export function parseSelection(json: unknown, file?: string): Selection {
  const parsed = Selection.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const at = issue.path.length ? `${issue.path.join('.')}: ` : '';
  throw new DataError({ file }, `not a selection report: ${at}${issue.message}`);
}

function checkRetained(table: Table, retained: readonly string[], file?: string): void {
  const seen = new Set<string>();
  for (const name of retained) {
    if (!table.has(name))
      throw new DataError(
        { file, column: name },
        'retained by the selection, but the data holds no such column',
      );
    if (seen.has(name)) throw new DataError({ file, column: name }, 'retained twice by the selection');
    seen.add(name);
  }
  if (!seen.size) throw new DataError({ file }, 'the selection retains no column');
}

/** The table and schema restricted to `retained` (in the table's column order). */
export function applySelection(
  table: Table,
  schema: Schema,
  retained: readonly string[],
  file?: string,
): AppliedSelection {
  checkRetained(table, retained, file);
  const keep = new Set(retained);
  const names = table.names.filter((n) => keep.has(n));
  const dropped = table.names.filter((n) => !keep.has(n));
  const droppedNeeded = dropped.flatMap((column) => {
    const neededAs = protectionOf(schema, column);
    return neededAs ? [{ column, neededAs }] : [];
  });
  const endpoints = schema.endpoints.filter((e) => keep.has(e.time) && keep.has(e.event));
  const rules = schema.rules.filter((r) => ruleColumns(r).every((c) => keep.has(c)));
  const trimmed = parseSchema({
    ...schema,
    columns: schema.columns.filter((c) => keep.has(c.name)),
    endpoints,
    rules,
  });
  return {
    table: table.select(names),
    schema: trimmed,
    dropped,
    droppedNeeded,
    removedEndpoints: schema.endpoints.filter((e) => !endpoints.includes(e)).map((e) => e.name),
    removedRules: schema.rules.filter((r) => !rules.includes(r)).map(describeRule),
  };
}
