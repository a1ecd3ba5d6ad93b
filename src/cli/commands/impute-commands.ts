/**
 * `synthcohort impute`: fill the missing values of a cohort table by k nearest neighbours or by
 * multiple imputation by chained equations (src/interop/impute), declared as the rest of the
 * command table is (commands.ts).
 */
import { DEFAULT_SEED } from '../../core/rng.js';
import type { CommandSpec } from '../commands.js';
import { oneOf, positiveInteger, seed } from '../options.js';

export const IMPUTE_COMMANDS: CommandSpec[] = [
  {
    name: 'impute',
    summary: 'fill missing values by MICE (predictive mean matching, logistic draws) or k nearest neighbours',
    args: ['<data>'],
    options: [
      {
        flags: '--method <m>',
        description:
          'mice (m imputations by chained equations) or knn (k nearest neighbours, then the schema rules)',
        parse: oneOf('--method', ['mice', 'knn'] as const),
        required: true,
      },
      {
        flags: '--out <file>',
        description: 'the completed table (.csv or .parquet); mice: the first imputation',
        required: true,
      },
      {
        flags: '--schema <file>',
        description: 'schema of the table: roles, kinds and rules (default: inferred)',
      },
      {
        flags: '--seed <s>',
        description: 'seed of every random step (same inputs and seed give identical outputs)',
        parse: seed,
        default: DEFAULT_SEED,
        option: 'seed',
      },
      {
        flags: '--k <n>',
        description: 'knn: neighbours per cell (default 5)',
        parse: positiveInteger('--k', 1000),
        default: 5,
        option: 'k',
      },
      {
        flags: '--weights <w>',
        description: 'knn: uniform, or distance (nearer donors count more)',
        parse: oneOf('--weights', ['uniform', 'distance'] as const),
        default: 'uniform',
        option: 'weights',
      },
      {
        flags: '--m <n>',
        description: 'mice: number of imputations (default 5)',
        parse: positiveInteger('--m', 100),
        default: 5,
        option: 'm',
      },
      {
        flags: '--iterations <n>',
        description: 'mice: iterations per chain (default 10)',
        parse: positiveInteger('--iterations', 1000),
        default: 10,
        option: 'maxIter',
      },
      {
        flags: '--deterministic',
        description:
          "mice: one imputation by regression means (scikit-learn's IterativeImputer with BayesianRidge) instead of draws",
      },
      { flags: '--all', description: 'mice: also write every imputation, as OUT-1 … OUT-m beside --out' },
      { flags: '--delimiter <c>', description: "field delimiter (default: detected among ',' ';' and tab)" },
      {
        flags: '--decimal-comma',
        description: "numbers use a decimal comma, such as 3,5 (needs ';' or tab delimiters)",
      },
      { flags: '--day-first', description: 'dates are day-first, such as 31/01/2024' },
    ],
    examples: [
      'synthcohort impute cohort.csv --method mice --schema schema.json --m 5 --all --out imputed.csv',
      'synthcohort impute cohort.csv --method knn --k 5 --schema schema.json --out imputed.csv',
    ],
    files: {
      inputs: [
        { arg: 0, label: 'the data file' },
        { option: 'schema', label: '--schema' },
      ],
      outputFiles: [{ option: 'out', label: '--out' }],
    },
    load: () => import('./impute.js'),
  },
];
