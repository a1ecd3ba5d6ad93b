/**
 * The privacy ledger's file format: versioned JSON, validated on every read, so that a damaged or
 * hand-edited ledger is refused instead of silently forgetting spent budget.
 */
import { z } from 'zod';

export const LEDGER_FORMAT = 'synthcohort-privacy-ledger';
export const LEDGER_VERSION = 1;

export const Spend = z.object({
  /** When the spend was recorded (ISO 8601, UTC). */
  time: z.iso.datetime(),
  /** What released information: 'discrete Gaussian marginals', 'exponential mechanism', … */
  mechanism: z.string().min(1),
  /** The generator that asked for it (mst, aim, …). */
  generator: z.string().min(1),
  /** The zCDP cost; the ledger composes these. */
  rho: z.number().nonnegative().finite(),
  /** The (ε, δ) this spend was requested at, for the record. */
  epsilon: z.number().nonnegative(),
  delta: z.number().min(0).max(1),
  note: z.string(),
});
export type Spend = z.infer<typeof Spend>;

export const DatasetKey = z.string().regex(/^sha256:[0-9a-f]{64}$/, 'expected sha256: and 64 hex digits');

export const LedgerFile = z.object({
  format: z.literal(LEDGER_FORMAT),
  version: z.literal(LEDGER_VERSION),
  datasets: z.record(DatasetKey, z.object({ spends: z.array(Spend) })),
});
export type LedgerFile = z.infer<typeof LedgerFile>;

export function emptyLedger(): LedgerFile {
  return { format: LEDGER_FORMAT, version: LEDGER_VERSION, datasets: {} };
}
