/**
 * `synthcohort harmonise DATA --out DIR`: findings.json, mapping.json and report.md; with
 * `--apply MAPPING`, harmonised.csv from the mapping's confirmed transformations (only those);
 * with `--accept-all`, every proposal confirmed and applied in one run.
 */
import { UsageError } from '../../core/errors.js';
import { applyHarmonisation, proposeHarmonisation } from '../../interop/harmonise/index.js';
import { checkFiles } from '../files.js';
import type { CommandContext } from '../io.js';
import { csvReadOptions, schemaOption } from './shared.js';

export async function run(args: string[], options: Record<string, unknown>, context: CommandContext) {
  const [data] = args;
  const out = options.out as string;
  const apply = typeof options.apply === 'string' ? options.apply : undefined;
  const settings = {
    schema: schemaOption(options),
    centreColumn: typeof options.centreColumn === 'string' ? options.centreColumn : undefined,
    centre: typeof options.centre === 'string' ? options.centre : undefined,
    delimiter: csvReadOptions(options).delimiter,
  };
  if (settings.centre !== undefined && apply === undefined)
    throw new UsageError(
      '--centre: names the centre whose transformations --apply applies to its own table; proposing compares every centre of the table',
    );
  if (settings.centre !== undefined && settings.schema === undefined)
    throw new UsageError(
      "--centre: a centre's own table is checked against the consortium schema; give --schema",
    );
  if (apply !== undefined) {
    if (options.acceptAll)
      throw new UsageError('--accept-all proposes and applies; with --apply, confirm in the mapping');
    context.progress.step(`applying the confirmed transformations of ${apply}`);
    const result = await applyHarmonisation(data, apply, out, settings);
    const lines = result.applied.map(
      ({ transformation: t, changed, unreadable }) =>
        `  ${t.kind.padEnd(12)} ${t.centre} ${t.column}: ${changed} cell(s) rewritten${unreadable ? `, ${unreadable} unreadable left as they were` : ''}`,
    );
    context.io.stdout(
      `${[
        `Applied ${result.applied.length} confirmed transformation(s); ${result.skipped} not confirmed, not applied.`,
        ...lines,
        result.paths.harmonised,
        result.paths.report,
      ].join('\n')}\n`,
    );
    return;
  }
  checkFiles(
    {
      inputs: [{ arg: 0, label: 'the data file' }],
      outputFolders: [{ option: 'out', label: '--out', files: ['mapping.json'] }],
    },
    args,
    options,
  );
  context.progress.step(`checking ${data} centre by centre`);
  const proposed = await proposeHarmonisation(data, out, {
    ...settings,
    acceptAll: Boolean(options.acceptAll),
  });
  const lines = [
    proposed.findings === 0
      ? 'No finding: the centres write the same units, labels and formats.'
      : `${proposed.findings} finding(s), ${proposed.transformations} proposed transformation(s):`,
    ...proposed.flagged.map((line) => `  ${line}`),
  ];
  if (options.acceptAll) {
    const result = await applyHarmonisation(data, proposed.paths.mapping, out, settings);
    lines.push(
      `Applied all ${result.applied.length} transformation(s) (--accept-all).`,
      result.paths.harmonised,
    );
  } else if (proposed.transformations > 0)
    lines.push(
      `Confirm them in ${proposed.paths.mapping} ("confirmed": true), then run with --apply ${proposed.paths.mapping}.`,
    );
  lines.push(proposed.paths.findings, proposed.paths.mapping, proposed.paths.report);
  context.io.stdout(`${lines.join('\n')}\n`);
}
