/**
 * The numerical settings of the Cox fit, in one validated object, with R's `coxph.control`
 * defaults so that results agree with R's.
 */
import * as z from 'zod';
import { UsageError } from '../core/errors.js';

export const CoxControl = z
  .object({
    /** Convergence: stop when the relative change in the log partial likelihood is ≤ eps. */
    eps: z.number().positive().default(1e-9),
    /** Pivots below tolerChol × the largest diagonal count as singular (collinearity). */
    tolerChol: z
      .number()
      .positive()
      .default(Number.EPSILON ** 0.75),
    /** Newton–Raphson iterations before giving up. */
    iterMax: z.number().int().min(0).default(20),
    /** A coefficient is flagged as running to infinity when the remaining Newton step exceeds
     * both eps and tolerInf × |coef| (R's `toler.inf`, default sqrt(eps)). */
    tolerInf: z.number().positive().optional(),
  })
  .strict()
  .refine((c) => c.tolerChol < c.eps, { message: 'tolerChol must be smaller than eps for an accurate fit' });

export type CoxControlInput = z.input<typeof CoxControl>;
export type CoxControl = Required<z.output<typeof CoxControl>>;

/** Defaults applied and checked; a UsageError says which setting is wrong. */
export function coxControl(input: CoxControlInput = {}): CoxControl {
  const parsed = CoxControl.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = issue.path.length ? `${issue.path.join('.')}: ` : '';
    throw new UsageError(`invalid Cox control setting ${at}${issue.message}`);
  }
  return { ...parsed.data, tolerInf: parsed.data.tolerInf ?? Math.sqrt(parsed.data.eps) };
}
