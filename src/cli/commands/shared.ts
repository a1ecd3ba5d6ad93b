import { readSchemaFile } from '../../data/io.js';
import type { Schema } from '../../data/schema.js';

/** The CSV reading options that several commands share (see `csvOptions` in commands.ts). */
export function csvReadOptions(options: Record<string, unknown>) {
  return {
    delimiter: typeof options.delimiter === 'string' ? unescapeDelimiter(options.delimiter) : undefined,
    decimalComma: Boolean(options.decimalComma),
    dayFirst: Boolean(options.dayFirst),
    // commander's `--no-rules` sets rules: false; the default infers them.
    rules: options.rules !== false,
  };
}

/** The schema named by --schema, if any. */
export function schemaOption(options: Record<string, unknown>): Schema | undefined {
  return typeof options.schema === 'string' ? readSchemaFile(options.schema) : undefined;
}

/** Lets users type `--delimiter '\t'` or `--delimiter tab`. */
function unescapeDelimiter(text: string): string {
  return text === '\\t' || text.toLowerCase() === 'tab' ? '\t' : text;
}
