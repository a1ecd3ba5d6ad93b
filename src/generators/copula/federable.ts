/**
 * What the federated copula fit covers so far. The schema's rules are built into the model from
 * statistics of the whole table (`structure.ts`: observed combinations of joint groups, decided
 * cells, break shares of comparisons, strata sizes); from merged counts they need a planning round
 * of their own, which is not built yet. The Cox survival models need federated Newton steps.
 * Both options are refused here rather than fitted differently without saying so.
 */
import { UsageError } from '../../core/errors.js';
import type { CopulaOptions } from './params.js';

export function requireFederable(options: Pick<CopulaOptions, 'rules' | 'survival'>): void {
  if (options.rules)
    throw new UsageError(
      'rules: a copula fitted from measurements does not build the rules into the model yet; set rules to false (the pipeline still enforces them)',
      'rules',
    );
  if (options.survival === 'cox')
    throw new UsageError(
      "survival: the Cox survival models need row-level data; a copula fitted from measurements draws survival with survival set to 'copula'",
      'survival',
    );
}
