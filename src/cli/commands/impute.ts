import { extname } from 'node:path';
import { readTable, writeTable } from '../../data/io.js';
import { allowingMissing } from '../../data/schema.js';
import type { ChainTraces, ImputationPlan, RuleRepair } from '../../interop/impute/index.js';
import { knnImpute, miceImpute } from '../../interop/impute/index.js';
import type { CommandContext } from '../io.js';
import { csvReadOptions, schemaOption } from './shared.js';

/** OUT-i beside OUT: imputed.csv → imputed-1.csv. */
export function imputationPath(out: string, i: number): string {
  const ext = extname(out);
  return `${out.slice(0, out.length - ext.length)}-${i}${ext}`;
}

export async function run(args: string[], options: Record<string, unknown>, context: CommandContext) {
  // Missing cells are what imputation is for: the file is read with every column allowed to miss,
  // and imputed against the schema as given (its non-nullable columns are the ones to complete).
  const given = schemaOption(options);
  const { table, schema: read } = await readTable(args[0], {
    ...csvReadOptions(options),
    schema: given && allowingMissing(given),
  });
  const schema = given ?? read;
  const out = options.out as string;
  const stderr = (line: string) => context.io.stderr(`${line}\n`);
  if (options.method === 'knn') {
    context.progress.step(`imputing ${table.nRows} rows by ${options.k} nearest neighbours`);
    const result = knnImpute(table, schema, {
      k: options.k as number,
      weights: options.weights as 'uniform' | 'distance',
    });
    planLines(result.plan).forEach(stderr);
    repairLines('rules', result.repairs).forEach(stderr);
    await writeTable(out, result.table, schema);
    context.io.stdout(`${out}\n`);
    return;
  }
  const m = options.deterministic ? 1 : (options.m as number);
  context.progress.step(`imputing ${table.nRows} rows by chained equations, ${m} imputation(s)`);
  const result = miceImpute(table, schema, {
    m,
    maxIter: options.maxIter as number,
    seed: options.seed as number,
    deterministic: Boolean(options.deterministic),
  });
  planLines(result.plan).forEach(stderr);
  convergenceLines(result.convergence).forEach(stderr);
  if (options.deterministic) {
    const [breaks] = result.repairs;
    stderr(
      `rules: ${breaks.length} imputed row(s) break a rule, not repaired: --deterministic gives scikit-learn's values unchanged`,
    );
    for (const r of breaks.slice(0, 20)) stderr(`  row ${r.row + 1}: breaks ${r.checks.join('; ')}`);
  } else
    for (const [i, repairs] of result.repairs.entries())
      repairLines(`rules, imputation ${i + 1}`, repairs).forEach(stderr);
  await writeTable(out, result.imputations[0], schema);
  const written = [out];
  if (options.all)
    for (const [i, imputed] of result.imputations.entries()) {
      const path = imputationPath(out, i + 1);
      await writeTable(path, imputed, schema);
      written.push(path);
    }
  context.io.stdout(`${written.join('\n')}\n`);
}

/** How many imputed rows broke a rule and were repaired; the first 20 still broken, by row. */
function repairLines(label: string, repairs: RuleRepair[]): string[] {
  const fixed = repairs.filter((r) => r.donor !== undefined).length;
  return [
    `${label}: ${repairs.length} imputed row(s) broke a rule; ${fixed} took the nearest donor that fits`,
    ...repairs
      .filter((r) => r.donor === undefined)
      .slice(0, 20)
      .map(
        (r) => `  row ${r.row + 1}: still breaks ${r.checks.join('; ')} (no donor among the nearest fits)`,
      ),
  ];
}

function planLines(plan: ImputationPlan): string[] {
  return [
    `imputed: ${plan.imputed.map((p) => `${p.name} (${p.missing})`).join(', ') || 'nothing was missing'}`,
    ...plan.untouched.map((u) => `not imputed: ${u.name}: ${u.reason}`),
  ];
}

/** R-hat and the last iteration's mean of the imputed cells, chain by chain. */
function convergenceLines(traces: ChainTraces[]): string[] {
  if (traces.length === 0) return [];
  return [
    'convergence (R-hat over the second half of the iterations; above 1.1: run more --iterations):',
    ...traces.map((t) => {
      const last = t.mean.map((chain) => format(chain[chain.length - 1])).join(' ');
      const what = t.level === undefined ? 'imputed mean' : `share imputed as '${t.level}'`;
      return `  ${t.column}: R-hat ${t.rHat === null ? 'n/a' : t.rHat.toFixed(3)}; ${what} by chain ${last}`;
    }),
  ];
}

function format(v: number): string {
  return Math.abs(v) >= 100 ? v.toFixed(1) : v.toPrecision(4);
}
