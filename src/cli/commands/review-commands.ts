/**
 * `synthcohort review`: the clinician review app for one site, declared as the rest of the command
 * table is (commands.ts). The hub serves the same app to the consortium (`hub start`).
 */
import type { CommandSpec } from '../commands.js';

export const REVIEW_COMMANDS: CommandSpec[] = [
  {
    name: 'review',
    summary: 'serve the clinician review app for a synthetic cohort at this site, until interrupted',
    args: [],
    options: [
      { flags: '--synthetic <file>', description: 'the synthetic cohort to review (.csv)', required: true },
      {
        flags: '--report <file>',
        description: 'its validation report (report.json from validate or federate validate)',
      },
      {
        flags: '--model <file>',
        description: 'the model that made it (model.json): its card, and regeneration from accepted rules',
      },
      {
        flags: '--data <file>',
        description:
          "this site's real table: aggregates for step 1, refitting, and the blinded test; read here, never stored or sent",
      },
      {
        flags: '--schema <file>',
        description: 'schema of the cohort when no --model gives it (default: inferred)',
      },
      {
        flags: '--name <text>',
        description: 'the cohort’s name in the app (default: the synthetic file’s name)',
      },
      {
        flags: '--purpose <text>',
        description: 'what the cohort is for, shown to reviewers first (editable in the app)',
      },
      {
        flags: '--state <dir>',
        description: "the app's state folder: its embedded database (accounts, reviews, cohort versions)",
        required: true,
        option: 'dir',
      },
      {
        flags: '--listen <host:port>',
        description:
          'address to serve on: a loopback address (default 127.0.0.1:8787; port 0 picks a free one)',
        default: '127.0.0.1:8787',
        option: 'listen',
      },
      {
        flags: '--database <url>',
        description:
          'a PostgreSQL server (postgres://user:password@host/db[?schema=NAME]) instead of the embedded database',
        option: 'database',
      },
    ],
    examples: [
      'synthcohort review --synthetic synth.csv --report report/report.json --model model.json --data cohort.csv --state review',
    ],
    files: {
      inputs: [
        { option: 'synthetic', label: '--synthetic' },
        { option: 'report', label: '--report' },
        { option: 'model', label: '--model' },
        { option: 'data', label: '--data' },
        { option: 'schema', label: '--schema' },
      ],
    },
    load: () => import('./review.js'),
  },
];
