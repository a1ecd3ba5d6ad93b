/**
 * `synthcohort harmonise`: per centre, a lab in another unit, category labels spelled otherwise,
 * date formats and decimal marks; a mapping the user confirms; applied, harmonised.csv.
 */
import type { CommandSpec } from '../commands.js';

export const HARMONISE_COMMANDS: CommandSpec[] = [
  {
    name: 'harmonise',
    summary:
      'find, per centre, labs in another unit, relabelled categories, date formats and decimal marks; propose a mapping to confirm, then apply it',
    args: ['<data>'],
    options: [
      {
        flags: '--schema <file>',
        description: 'the consortium schema: kinds, units and levels (default: kinds inferred from the text)',
      },
      {
        flags: '--centre-column <name>',
        description:
          "the column naming each row's centre (default: the schema's centre column, else one named centre, center or site)",
        option: 'centreColumn',
      },
      {
        flags: '--out <dir>',
        description:
          'folder for findings.json, mapping.json and report.md (and harmonised.csv with --apply or --accept-all)',
        required: true,
      },
      {
        flags: '--apply <mapping>',
        description:
          'apply the confirmed transformations of this mapping ("confirmed": true) and write harmonised.csv',
        option: 'apply',
      },
      {
        flags: '--centre <name>',
        description:
          "with --apply: the table is this centre's own (a federation node's, from federate heterogeneity --harmonise); apply only its transformations",
        option: 'centre',
      },
      {
        flags: '--accept-all',
        description: 'confirm every proposed transformation and write harmonised.csv in the same run',
        option: 'acceptAll',
      },
      { flags: '--delimiter <c>', description: "field delimiter (default: detected among ',' ';' and tab)" },
    ],
    examples: [
      'synthcohort harmonise cohort.csv --schema schema.json --out harmonise',
      'synthcohort harmonise cohort.csv --schema schema.json --apply harmonise/mapping.json --out harmonised',
      'synthcohort harmonise local.csv --schema schema.json --centre C03 --apply mapping.json --out harmonised',
    ],
    files: {
      inputs: [
        { arg: 0, label: 'the data file' },
        { option: 'schema', label: '--schema' },
        { option: 'apply', label: '--apply' },
      ],
      // mapping.json is checked by the command in the proposing run only: applying may read it from --out.
      outputFolders: [
        { option: 'out', label: '--out', files: ['findings.json', 'report.md', 'harmonised.csv'] },
      ],
    },
    load: () => import('./harmonise.js'),
  },
];
