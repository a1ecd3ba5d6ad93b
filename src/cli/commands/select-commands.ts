/**
 * `synthcohort select`: the variable selection report, and applying the edited selection. Declared
 * as the rest of the command table is (commands.ts); it imports only types from it, never values,
 * so that the two modules do not load each other.
 */
import type { CommandSpec } from '../commands.js';
import { share } from '../options.js';

export const SELECT_COMMANDS: CommandSpec[] = [
  {
    name: 'select',
    summary:
      'suggest which variables to keep (missing, near-constant, redundant), or apply an edited selection',
    args: ['<data>'],
    options: [
      {
        flags: '--schema <file>',
        description: 'schema of the data (default: inferred, with the rules every row obeys)',
      },
      {
        flags: '--out <file>',
        description:
          'selection.json (the report); with --apply, the table of the retained columns (.csv/.parquet)',
        required: true,
      },
      {
        flags: '--max-missing <share>',
        description: 'suggest dropping a column missing in more than this share of rows (default 0.5)',
        parse: share('--max-missing'),
        option: 'maxMissing',
      },
      {
        flags: '--min-variation <share>',
        description:
          'near-constant below this share of values differing from the most frequent one (default 0.02)',
        parse: share('--min-variation'),
        option: 'minVariation',
      },
      {
        flags: '--redundancy <share>',
        description: "redundant at this association or above: |Spearman|, Cramér's V or η (default 0.9)",
        parse: share('--redundancy'),
        option: 'redundancy',
      },
      {
        flags: '--rare-mutation <share>',
        description: 'flag mutations carried by fewer than this share of patients (default 0.02)',
        parse: share('--rare-mutation'),
        option: 'rareMutation',
      },
      { flags: '--drop-rare', description: 'suggest dropping rare mutations too (default: flag, keep)' },
      {
        flags: '--apply <selection.json>',
        description: 'write the data with only the columns the (edited) selection retains',
      },
      {
        flags: '--schema-out <file>',
        description:
          'with --apply: the schema trimmed to match (endpoints and rules on dropped columns removed)',
      },
      {
        flags: '--no-rules',
        description:
          'infer kinds, roles and endpoints only, no rules (orderings, implications, missing-when)',
      },
      { flags: '--delimiter <c>', description: "field delimiter (default: detected among ',' ';' and tab)" },
      {
        flags: '--decimal-comma',
        description: "numbers use a decimal comma, such as 3,5 (needs ';' or tab delimiters)",
      },
      { flags: '--day-first', description: 'dates are day-first, such as 31/01/2024' },
    ],
    examples: [
      'synthcohort select cohort.csv --schema schema.json --out selection.json',
      'synthcohort select cohort.csv --schema schema.json --apply selection.json --out selected.csv --schema-out selected-schema.json',
    ],
    files: {
      inputs: [
        { arg: 0, label: 'the data file' },
        { option: 'schema', label: '--schema' },
        { option: 'apply', label: '--apply' },
      ],
      outputFiles: [
        { option: 'out', label: '--out' },
        { option: 'schemaOut', label: '--schema-out' },
      ],
    },
    load: () => import('./select.js'),
  },
];
