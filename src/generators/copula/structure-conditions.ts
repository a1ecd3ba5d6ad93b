/**
 * Conditions (`where`) on training columns translated into conditions on the modelled columns of
 * `structure.ts`, which `conditions.ts` turns into latent intervals:
 *
 * - on a member of a joint group: the combined column's levels whose member meets it (exact);
 * - on a column with decided cells: its decider's levels that decide it the right way or leave it
 *   open, plus the condition on the column's own latents when only open levels qualify (exact); when
 *   some decided and some open levels qualify, only the decider's part (a necessary condition);
 * - on a fraction's or a stratified time's value: only "present" (a necessary condition).
 *
 * A necessary condition lets through rows that do not meet the condition; the pipeline checks every
 * condition after sampling and draws again, so the result is right, only slower for such conditions.
 */
import { InputError } from '../../core/errors.js';
import type { Condition } from '../../data/schema.js';
import type { ColumnModel, DecidedColumn, JointGroup, Outcome, Structure } from './params.js';
import { combinationLabels, combinationsMeeting } from './plan-joint.js';
import { outcomesByCode } from './structure.js';

type Status = 'meets' | 'fails' | 'open' | 'open value';

export class StructureConditions {
  private readonly models: ReadonlyMap<string, ColumnModel>;
  private readonly members: ReadonlyMap<string, { group: JointGroup; index: number; labels: string[] }>;
  private readonly decided: ReadonlyMap<string, DecidedColumn>;
  private readonly fractions: ReadonlySet<string>;

  constructor(structure: Structure, models: readonly ColumnModel[]) {
    this.models = new Map(models.map((m) => [m.name, m]));
    this.members = new Map(
      structure.joint.flatMap((group) => {
        const labels = combinationLabels(group);
        return group.members.map((m, index) => [m.name, { group, index, labels }] as const);
      }),
    );
    this.decided = new Map(structure.decided.map((d) => [d.column, d]));
    // Values of these are not intervals of one latent: a fraction's depends on its bound, a
    // stratified time's on its event level.
    this.fractions = new Set([...structure.ratios, ...structure.strata].map((r) => r.column));
  }

  /** The conditions on modelled columns; `exact` when they hold exactly where `where` does. */
  translate(where: readonly Condition[]): { conditions: Condition[]; exact: boolean } {
    this.exact = true;
    const conditions = where.flatMap((condition) => this.translateOne(condition));
    return { conditions, exact: this.exact };
  }

  /** Set to false by a translation that is only a necessary condition. */
  private exact = true;

  private translateOne(condition: Condition): Condition[] {
    const decided = this.decided.get(condition.column);
    return decided ? this.throughDecider(condition, decided) : this.own(condition);
  }

  /** The condition on the column's own modelled latents. */
  private own(condition: Condition): Condition[] {
    const member = this.members.get(condition.column);
    if (member) {
      const levels = member.group.members[member.index].levels;
      const unknown = (condition.in ?? [condition.equals]).find(
        (v) => condition.missing === undefined && !levels.includes(String(v)),
      );
      if (unknown !== undefined)
        throw new InputError(
          'USAGE',
          { column: condition.column },
          `'${unknown}' is not one of its categories (${levels.join(', ')})`,
        );
      const codes = combinationsMeeting(member.group, member.index, condition);
      if (codes.length === 0) throw impossible(condition.column, 'no training row has it');
      return [{ column: member.group.column, in: codes.map((k) => member.labels[k]) }];
    }
    if (this.fractions.has(condition.column) && condition.missing === undefined) {
      this.exact = false;
      return [{ column: condition.column, missing: false }];
    }
    return [condition];
  }

  private throughDecider(condition: Condition, decided: DecidedColumn): Condition[] {
    const levels = this.levelsOf(decided.by);
    const outcomes = outcomesByCode(decided, levels);
    const hasIndicator = (this.models.get(condition.column)?.missingLatent ?? null) !== null;
    const statuses = outcomes.map((o) => statusOf(condition, o, hasIndicator));
    // A missing decider leaves the column open; "decider in {…} or missing" is not a condition.
    const missingStatus = this.mayBeMissing(decided.by)
      ? statusOf(condition, undefined, hasIndicator)
      : 'fails';
    const meets = levels.filter((_, k) => statuses[k] === 'meets');
    const open = levels.filter((_, k) => statuses[k] === 'open' || statuses[k] === 'open value');
    if (meets.length + open.length === 0 && missingStatus === 'fails')
      throw impossible(condition.column, `the schema's rules on ${decided.by} never allow it`);
    const excludes = statuses.some((s) => s === 'fails');
    const onDecider: Condition[] =
      excludes && missingStatus === 'fails' ? [{ column: decided.by, in: [...meets, ...open] }] : [];
    // The column's own latents matter on open levels; their condition is necessary only when no
    // decided level meets it, and exact unless an indicator would be conditioned where a rule decides.
    const onlyOpen = meets.length === 0 && missingStatus !== 'meets';
    const ownApplies = onlyOpen && (!hasIndicator || statuses.every((s) => s !== 'open value'));
    const anyOpen = open.length > 0 || missingStatus === 'open';
    if ((excludes && missingStatus !== 'fails') || (anyOpen && !ownApplies)) this.exact = false;
    return [...onDecider.flatMap((c) => this.translateOne(c)), ...(ownApplies ? this.own(condition) : [])];
  }

  private levelsOf(name: string): readonly string[] {
    const member = this.members.get(name);
    if (member) return member.group.members[member.index].levels;
    const marginal = this.models.get(name)?.marginal;
    return marginal?.type === 'code' ? marginal.levels : [];
  }

  private mayBeMissing(name: string): boolean {
    const member = this.members.get(name);
    if (member) return member.group.combinations.some((tuple) => tuple[member.index] < 0);
    const decided = this.decided.get(name);
    if (decided?.outcomes.some((o) => 'missing' in o.then && o.then.missing)) return true;
    return (this.models.get(name)?.missingLatent ?? null) !== null;
  }
}

/** Whether a row with this outcome meets the condition, fails it, or depends on the column's latents. */
function statusOf(condition: Condition, outcome: Outcome | undefined, hasIndicator: boolean): Status {
  if (!outcome) {
    if (condition.missing === undefined) return 'open';
    return hasIndicator ? 'open' : condition.missing ? 'fails' : 'meets';
  }
  if ('missing' in outcome && outcome.missing) return condition.missing === true ? 'meets' : 'fails';
  if (condition.missing !== undefined) return condition.missing ? 'fails' : 'meets';
  if ('missing' in outcome) return 'open value';
  const wanted = (condition.in ?? [condition.equals]).map(String);
  return wanted.includes(outcome.equals) ? 'meets' : 'fails';
}

function impossible(column: string, why: string): InputError {
  return new InputError('USAGE', { column }, `impossible condition: ${why}; drop or change the condition`);
}
