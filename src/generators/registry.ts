import { UsageError } from '../core/errors.js';
import { aimGenerator } from './aim/index.js';
import { cartGenerator } from './cart/index.js';
import { copulaGenerator } from './copula/index.js';
import type { Generator } from './generator.js';
import { mstGenerator } from './mst/index.js';

/** Every generator the CLI offers, in the order `synthcohort models` lists them. */
export const GENERATORS: readonly Generator[] = [
  copulaGenerator as Generator,
  cartGenerator as Generator,
  mstGenerator as Generator,
  aimGenerator as Generator,
];

export function generatorNamed(name: string): Generator {
  const generator = GENERATORS.find((g) => g.name === name);
  if (!generator)
    throw new UsageError(
      `unknown model '${name}'; expected one of ${GENERATORS.map((g) => g.name).join(', ')} (see synthcohort models)`,
    );
  return generator;
}
