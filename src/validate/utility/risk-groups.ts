/**
 * Kaplan–Meier by the main risk group, real against synthetic: the figure a haematologist looks at
 * first (ELN 2022 favourable / intermediate / adverse). The group is a risk classification the
 * schema declares (a derived column, or one named as a risk, ELN, IPSS or stage), else the baseline
 * column that separates real survival most.
 */
import type { Schema } from '../../data/schema.js';
import type { Table } from '../../data/table.js';
import { survivalInput } from '../../survival/index.js';
import { gridCurve, gridHorizon, type Outcomes } from './grid-curves.js';
import { columnLabel } from './labels.js';
import { outcomeColumns } from './outcomes.js';
import { groupLevels, type Stratifier } from './stratified.js';
import type { Endpoint } from './survival-agreement.js';
import type { RiskGroupCurves, SurvivalGrid } from './types.js';

export interface RiskGroup {
  readonly column: string;
  readonly why: string;
  readonly levels: readonly number[];
}

const RISK_NAME = /(^|_)(risk|eln\d*|ipss\w*|stage|grade)($|_)/i;

export function chooseRiskGroup(
  real: Table,
  schema: Schema,
  endpoint: Endpoint,
  ranked: readonly Stratifier[],
): RiskGroup | undefined {
  const after = outcomeColumns(schema);
  const rows = survivalInput(real, endpoint).rows;
  const usable = (column: string) =>
    real.has(column) && !after.has(column) ? groupLevels(real, column, rows) : undefined;
  for (const rule of schema.rules) {
    // A copied time (`from`) is no risk classification.
    if (rule.type !== 'derived' || rule.from !== undefined) continue;
    const levels = usable(rule.column);
    if (levels)
      return {
        column: rule.column,
        why: `the risk classification the schema derives (${rule.derivation})`,
        levels,
      };
  }
  for (const c of schema.columns) {
    if (c.kind !== 'categorical' || !RISK_NAME.test(c.name)) continue;
    const levels = usable(c.name);
    if (levels) return { column: c.name, why: 'a risk classification, by its name', levels };
  }
  const strongest = ranked[0];
  return strongest
    ? {
        column: strongest.column,
        why: 'the baseline column that separates real survival most (log-rank χ²)',
        levels: strongest.levels,
      }
    : undefined;
}

export function riskGroupCurves(
  real: Table,
  synthetic: Table,
  endpoint: Endpoint,
  group: RiskGroup,
  grid: SurvivalGrid,
  smallCell: number,
): RiskGroupCurves {
  const r = byLevel(real, endpoint, group);
  const s = byLevel(synthetic, endpoint, group);
  const levelNames = real.codes(group.column).levels;
  const shown = (n: number) => (n >= smallCell ? n : null);
  return {
    column: group.column,
    label: columnLabel(group.column),
    why: group.why,
    levels: group.levels.map((code, i) => {
      const until = gridHorizon(r[i], grid, smallCell);
      return {
        level: levelNames[code],
        n: { real: shown(r[i].time.length), synthetic: shown(s[i].time.length) },
        real: gridCurve(r[i], grid, smallCell, until),
        synthetic: gridCurve(s[i], grid, smallCell, until),
      };
    }),
  };
}

/** Each level's (time, status) among the rows with the endpoint and the column. */
function byLevel(table: Table, endpoint: Endpoint, group: RiskGroup): Outcomes[] {
  let input: ReturnType<typeof survivalInput> | undefined;
  try {
    input = survivalInput(table, { ...endpoint, others: [group.column] });
  } catch {
    input = undefined;
  }
  const codes = table.codes(group.column).codes;
  return group.levels.map((code) => {
    if (!input) return { time: new Float64Array(0), status: new Uint8Array(0) };
    const keep = [...input.rows.keys()].filter((i) => codes[input.rows[i]] === code);
    return {
      time: Float64Array.from(keep, (i) => input.time[i]),
      status: Uint8Array.from(keep, (i) => input.status[i]),
    };
  });
}
