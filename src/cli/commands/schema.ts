import { writeFileAtomic } from '../../core/atomic-write.js';
import { DataError } from '../../core/errors.js';
import { readTable } from '../../data/io.js';
import type { Table } from '../../data/table.js';
import type { CommandContext } from '../io.js';
import { csvReadOptions } from './shared.js';

export async function run(args: string[], options: Record<string, unknown>, context: CommandContext) {
  const file = args[0];
  const { table, schema, notes, warnings } = await readTable(file, csvReadOptions(options));
  if (!options.keepConstant) refuseConstantColumns(table, file);
  // Notes say what was guessed and why; --quiet keeps only the warnings.
  for (const line of [...(options.quiet ? [] : notes), ...warnings]) context.io.stderr(`${line}\n`);
  const json = `${JSON.stringify(schema, null, 2)}\n`;
  if (typeof options.out === 'string') {
    writeFileAtomic(options.out, json);
    if (!options.quiet) context.io.stderr(`schema written to ${options.out}\n`);
  } else {
    context.io.stdout(json);
  }
}

/** A column with one value in every row teaches a generator nothing and often hides an export error. */
function refuseConstantColumns(table: Table, file: string): void {
  for (const name of table.names) {
    const only = singleValue(table, name);
    if (only !== undefined)
      throw new DataError(
        { file, column: name },
        `every row holds the same value '${only}': drop the column, or pass --keep-constant to keep it`,
      );
  }
}

function singleValue(table: Table, name: string): string | undefined {
  let seen: string | number | undefined;
  for (let row = 0; row < table.nRows; row++) {
    const cell = table.cell(name, row);
    if (cell === undefined) continue;
    if (seen === undefined) seen = cell;
    else if (cell !== seen) return undefined;
  }
  return seen === undefined ? undefined : String(seen);
}
