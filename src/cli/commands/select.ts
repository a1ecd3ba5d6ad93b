/**
 * `synthcohort select DATA --out selection.json` writes the selection report and prints what it
 * suggests; `--apply selection.json --out SELECTED.csv` keeps only the retained columns (and, with
 * `--schema-out`, writes the schema trimmed to match).
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { writeFileAtomic } from '../../core/atomic-write.js';
import { UsageError } from '../../core/errors.js';
import { readTable, withoutByteOrderMark, writeTable } from '../../data/io.js';
import { allowingMissing } from '../../data/schema.js';
import {
  applySelection,
  parseSelection,
  type Selection,
  suggestSelection,
} from '../../interop/select/index.js';
import type { SelectOptionsInput } from '../../interop/select/options.js';
import type { CommandContext } from '../io.js';
import { csvReadOptions, schemaOption } from './shared.js';

export async function run(args: string[], options: Record<string, unknown>, context: CommandContext) {
  const [data] = args;
  const out = options.out as string;
  const apply = options.apply as string | undefined;
  if (apply === undefined && options.schemaOut !== undefined)
    throw new UsageError('--schema-out goes with --apply: the schema is trimmed when a selection is applied');
  if (apply === undefined && extname(out).toLowerCase() !== '.json')
    throw new UsageError(
      `--out names the selection report, a .json file, got '${out}' (to write a table, pass --apply)`,
    );
  context.progress.step(`reading ${data}`);
  // Missingness is what the selection measures: a column the schema declares not nullable may miss here.
  const given = schemaOption(options);
  const { table, schema: read } = await readTable(data, {
    ...csvReadOptions(options),
    schema: given && allowingMissing(given),
  });
  const schema = given ?? read;
  if (apply !== undefined) return applyCommand(apply, table, schema, options, context);
  context.progress.step(`screening ${table.nColumns} columns of ${table.nRows} rows`);
  const selection = suggestSelection(table, schema, thresholds(options));
  writeFileAtomic(out, `${JSON.stringify(selection, null, 2)}\n`);
  context.io.stdout(`${summaryLines(selection, data, out).join('\n')}\n`);
}

function thresholds(options: Record<string, unknown>): SelectOptionsInput {
  const given: SelectOptionsInput = {};
  for (const key of ['maxMissing', 'minVariation', 'redundancy', 'rareMutation'] as const)
    if (typeof options[key] === 'number') given[key] = options[key] as number;
  if (options.dropRare) given.dropRare = true;
  return given;
}

async function applyCommand(
  file: string,
  table: Parameters<typeof applySelection>[0],
  schema: Parameters<typeof applySelection>[1],
  options: Record<string, unknown>,
  context: CommandContext,
) {
  let json: unknown;
  try {
    json = JSON.parse(withoutByteOrderMark(readFileSync(file, 'utf8')));
  } catch (error) {
    throw new UsageError(`${file}: not valid JSON (${(error as Error).message.split('\n')[0]})`);
  }
  const selection = parseSelection(json, file);
  const applied = applySelection(table, schema, selection.retained, file);
  const out = options.out as string;
  await writeTable(out, applied.table, applied.schema);
  const schemaOut = options.schemaOut as string | undefined;
  if (schemaOut) writeFileAtomic(schemaOut, `${JSON.stringify(applied.schema, null, 2)}\n`);
  const seen = new Set(selection.columns.map((c) => c.name));
  const unseen = applied.dropped.filter((name) => !seen.has(name));
  const lines = [
    `kept ${applied.table.nColumns} of ${table.nColumns} columns`,
    ...(applied.dropped.length ? [`dropped: ${applied.dropped.join(', ')}`] : []),
    ...(unseen.length ? [`  (not in the selection report, so not retained: ${unseen.join(', ')})`] : []),
    ...applied.droppedNeeded.map(
      (d) => `note: '${d.column}' was dropped, though the schema needs it: ${d.neededAs}`,
    ),
    ...(applied.removedEndpoints.length ? [`endpoints removed: ${applied.removedEndpoints.join(', ')}`] : []),
    ...applied.removedRules.map((r) => `rule removed: ${r}`),
    out,
    ...(schemaOut ? [schemaOut] : []),
  ];
  context.io.stdout(`${lines.join('\n')}\n`);
}

const percent = (share: number) => `${Math.round(100 * share)}%`;

/** What a reader needs to edit the selection: the counts, every column with a reason, the next step. */
export function summaryLines(selection: Selection, data: string, out: string): string[] {
  const t = selection.thresholds;
  const noted = selection.columns.filter((c) => c.reasons.length);
  const width = Math.max(0, ...noted.map((c) => c.name.length));
  const mark = (c: Selection['columns'][number]) =>
    c.suggestion === 'drop' ? 'drop' : c.rare ? 'flag' : 'keep';
  return [
    `${selection.columns.length} columns, ${selection.rows} rows: keep ${selection.retained.length}, drop ${selection.dropped.length}` +
      ` (missing > ${percent(t.maxMissing)}, variation < ${percent(t.minVariation)}, association ≥ ${t.redundancy})`,
    ...noted.map((c) => `  ${mark(c)}  ${c.name.padEnd(width)}  ${c.reasons.join('; ')}`),
    ...selection.clusters.map((group) => `  redundant group: ${group.join(', ')}`),
    `edit "retained" in ${out}, then: synthcohort select ${data} --apply ${out} --out selected.csv`,
    out,
  ];
}
