/**
 * The privacy flags of `fit` and `generate`: --epsilon and --delta for what one fit spends, a
 * ledger beside the data that records every spend, and --budget for the total it may not exceed.
 *
 * Noise randomness is secret: drawn from the operating system's CSPRNG unless --seed was given,
 * in which case a seeded AES-CTR stream makes the run reproducible (for tests and for re-running
 * on the same data). A seeded run is only as secret as its seed; the model file never records it.
 */
import { UsageError } from '../../core/errors.js';
import type { Schema } from '../../data/schema.js';
import type { Generator } from '../../generators/generator.js';
import type { PrivateFit } from '../../generators/pipeline.js';
import { PrivacyLedger } from '../../privacy/ledger.js';
import { secureRandomBits, seededRandomBits } from '../../privacy/random-bits.js';

/** δ when --epsilon is given without --delta: below 1/n² for any cohort under a thousand patients, the usual rule. */
export const DEFAULT_DELTA = 1e-6;

/** Where spends on DATA are recorded unless --ledger says otherwise. */
export function defaultLedgerPath(data: string): string {
  return `${data}.privacy-ledger.json`;
}

export function privateFit(
  data: string,
  generator: Generator,
  schema: Schema | undefined,
  options: Record<string, unknown>,
): PrivateFit | undefined {
  const epsilon = options.epsilon as number | undefined;
  if (epsilon === undefined) {
    for (const flag of ['delta', 'budget', 'ledger'] as const)
      if (options[flag] !== undefined)
        throw new UsageError(`--${flag} needs --epsilon (the privacy budget of this fit)`);
    return undefined; // the pipeline says so if the generator is a private one
  }
  if (generator.capabilities.differentialPrivacy && !schema)
    throw new UsageError(
      `the ${generator.name} generator is differentially private: give --schema, since inferring a schema reads the data (its categories, bounds and rules) outside the guarantee`,
    );
  const delta = (options.delta as number | undefined) ?? DEFAULT_DELTA;
  const budget = options.budget as number | undefined;
  return {
    epsilon,
    delta,
    bits:
      options.seed === undefined
        ? secureRandomBits()
        : seededRandomBits(options.seed as number).split('noise'),
    ledger: new PrivacyLedger((options.ledger as string | undefined) ?? defaultLedgerPath(data)),
    budget: budget === undefined ? undefined : { epsilon: budget, delta },
  };
}
