/**
 * The privacy ledger: every spend of privacy budget on a dataset, recorded in a JSON file the caller
 * names, keyed by the dataset's content hash (`datasetKey`). Spends compose in zCDP (their ρ add up)
 * and totals are reported as (ε, δ) at the budget's δ with the tight conversion.
 *
 * Guarantees: the file is rewritten atomically (readers see the old or the new ledger, never part of
 * one); writers are serialised by a lock file, and the budget check and the record happen under that
 * lock, so two concurrent fits cannot both spend the last of a budget. A damaged file is refused,
 * never reset: a lost ledger means the budget already spent can no longer be known.
 */
import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '../core/atomic-write.js';
import { InputError, UsageError } from '../core/errors.js';
import { emptyLedger, LedgerFile, Spend } from './ledger-file.js';
import { withLedgerLock } from './ledger-lock.js';
import { composeRho, zcdpEpsilon, zcdpRho } from './zcdp.js';

export interface PrivacyBudget {
  /** The total (ε, δ) the data owner allows on this dataset. */
  readonly epsilon: number;
  readonly delta: number;
}

export interface LedgerTotal {
  readonly spends: number;
  readonly rho: number;
  /** The total as (ε, δ)-DP at `delta`. */
  readonly epsilon: number;
  readonly delta: number;
}

export interface Remaining {
  readonly rho: number;
  /** What is left as ε at the budget's δ, if spent in one go. */
  readonly epsilon: number;
  readonly delta: number;
}

export type SpendRequest = Omit<Spend, 'time' | 'note'> & { note?: string };

export interface LedgerOptions {
  /** How long to wait for another writer's lock before giving up (default 10 s). */
  lockTimeoutMs?: number;
  /** The clock for spend times (tests pass a fixed one). */
  now?: () => Date;
}

/** Spending would go over the budget: nothing was recorded. The message says what is left. */
export class BudgetExceededError extends InputError {
  constructor(
    file: string,
    readonly budget: PrivacyBudget,
    readonly spent: LedgerTotal,
    readonly requestedRho: number,
    readonly remaining: Remaining,
  ) {
    super(
      'USAGE',
      { file },
      `privacy budget exceeded for this dataset: the budget ε = ${fmt(budget.epsilon)}, δ = ${fmt(budget.delta)} ` +
        `allows ρ = ${fmt(zcdpRho(budget.epsilon, budget.delta))}; ${spent.spends} earlier spends used ` +
        `ρ = ${fmt(spent.rho)} (ε = ${fmt(spent.epsilon)}), leaving ρ = ${fmt(remaining.rho)} ` +
        `(ε = ${fmt(remaining.epsilon)} at δ = ${fmt(remaining.delta)}); this run needs ρ = ${fmt(requestedRho)}`,
    );
  }
}

export class PrivacyLedger {
  private readonly lockTimeoutMs: number;
  private readonly now: () => Date;

  constructor(
    readonly path: string,
    options: LedgerOptions = {},
  ) {
    this.lockTimeoutMs = options.lockTimeoutMs ?? 10_000;
    this.now = options.now ?? (() => new Date());
  }

  /** The spends recorded on a dataset, oldest first (none for a dataset or a ledger never written). */
  spends(dataset: string): Spend[] {
    return this.read().datasets[dataset]?.spends ?? [];
  }

  /** Everything spent on a dataset, composed in zCDP, as (ε, δ) at `delta`. */
  total(dataset: string, delta: number): LedgerTotal {
    return totalOf(this.spends(dataset), delta);
  }

  /** What the budget still allows on a dataset. */
  remaining(dataset: string, budget: PrivacyBudget): Remaining {
    checkBudget(budget);
    return remainingOf(this.total(dataset, budget.delta), budget);
  }

  /**
   * Records a spend, after checking it against `budget` when one is given; refuses with a
   * `BudgetExceededError` (recording nothing) when the total would exceed it. Call it before the
   * measurements it pays for are released.
   */
  spend(dataset: string, request: SpendRequest, budget?: PrivacyBudget): LedgerTotal {
    return withLedgerLock(this.path, this.lockTimeoutMs, () => {
      const ledger = this.read();
      const earlier = ledger.datasets[dataset]?.spends ?? [];
      const delta = budget?.delta ?? request.delta;
      if (budget) {
        checkBudget(budget);
        const spent = totalOf(earlier, budget.delta);
        // Compared in ρ, where composition is exact addition: ε totals do not add.
        if (spent.rho + request.rho > zcdpRho(budget.epsilon, budget.delta))
          throw new BudgetExceededError(this.path, budget, spent, request.rho, remainingOf(spent, budget));
      }
      const entry = Spend.parse({
        ...request,
        note: request.note ?? '',
        time: this.now().toISOString(),
      });
      const spends = [...earlier, entry];
      const next: LedgerFile = { ...ledger, datasets: { ...ledger.datasets, [dataset]: { spends } } };
      writeFileAtomic(this.path, `${JSON.stringify(LedgerFile.parse(next), null, 2)}\n`);
      return totalOf(spends, delta);
    });
  }

  private read(): LedgerFile {
    if (!existsSync(this.path)) return emptyLedger();
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(this.path, 'utf8'));
    } catch (error) {
      if (error instanceof SyntaxError) throw damaged(this.path, 'it is not valid JSON');
      throw error;
    }
    const parsed = LedgerFile.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw damaged(this.path, `${issue.path.join('.') || 'the file'}: ${issue.message}`);
    }
    return parsed.data;
  }
}

/** A budget is the caller's option: a bad one is a usage error naming it, not a crash. */
function checkBudget(budget: PrivacyBudget): void {
  if (!(budget.epsilon >= 0) || !Number.isFinite(budget.epsilon))
    throw new UsageError(`budget: ε must be a finite number ≥ 0, got ${budget.epsilon}`, 'budget');
  if (!(budget.delta > 0 && budget.delta < 1))
    throw new UsageError(`budget: δ must be in (0, 1), got ${budget.delta}`, 'budget');
}

function totalOf(spends: readonly Spend[], delta: number): LedgerTotal {
  const rho = composeRho(spends.map((s) => s.rho));
  return { spends: spends.length, rho, epsilon: zcdpEpsilon(rho, delta), delta };
}

function remainingOf(spent: LedgerTotal, budget: PrivacyBudget): Remaining {
  const rho = Math.max(0, zcdpRho(budget.epsilon, budget.delta) - spent.rho);
  return { rho, epsilon: zcdpEpsilon(rho, budget.delta), delta: budget.delta };
}

function damaged(file: string, why: string): InputError {
  return new InputError(
    'IO',
    { file },
    `the privacy ledger is damaged (${why}); restore it from a backup — it cannot be reset, ` +
      'since the budget already spent on these data would be forgotten',
  );
}

function fmt(x: number): string {
  return x === 0 ? '0' : Number(x.toPrecision(3)).toString();
}
