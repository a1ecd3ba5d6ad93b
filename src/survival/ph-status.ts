/**
 * Which survival endpoints a proportional-hazards generator can model, and how their status is
 * coded: a status column (categories, or a few numbers such as R's 1/2) whose every value becomes
 * a cause with its own hazard (`ph-endpoint.ts`), a time never negative, time and status missing
 * together, and a status for patients still followed at the end of follow-up (censoring).
 */
import type { Schema } from '../data/schema.js';
import type { Column } from '../data/table.js';

/** A status with more values than this is not a survival status. */
const MAX_STATUSES = 10;

export interface StatusCoding {
  /** The statuses: category labels, or numbers written as text. */
  readonly levels: readonly string[];
  readonly stored: 'code' | 'number';
  /** Status of each row as an index into `levels` (−1 = missing). */
  readonly codes: Int32Array;
  /** The status of a patient still followed at the end of follow-up. */
  readonly residual: number;
}

/** The endpoint's coding, or undefined when its columns do not make a modelable survival outcome. */
export function statusCoding(time: Column, status: Column, eventValue: string): StatusCoding | undefined {
  if (time.type !== 'number' || time.values.some((v) => v < 0)) return undefined;
  const coded = codesOf(status);
  if (!coded) return undefined;
  for (let row = 0; row < time.values.length; row++)
    if (Number.isNaN(time.values[row]) !== coded.codes[row] < 0) return undefined;
  const residual = censoringStatus(time.values, coded, eventValue);
  return residual < 0 ? undefined : { ...coded, residual };
}

function codesOf(column: Column): Omit<StatusCoding, 'residual'> | undefined {
  if (column.type === 'code')
    return column.levels.length > MAX_STATUSES
      ? undefined
      : { levels: column.levels, stored: 'code', codes: column.codes };
  const values = [...new Set(column.values.filter((v) => !Number.isNaN(v)))].sort((a, b) => a - b);
  if (values.length > MAX_STATUSES || values.length === 0) return undefined;
  const codes = Int32Array.from(column.values, (v) => (Number.isNaN(v) ? -1 : values.indexOf(v)));
  return { levels: values.map(String), stored: 'number', codes };
}

/**
 * Of the statuses other than the event, the one observed latest (censoring, rather than a
 * competing event such as a transplant); −1 when no other status is observed.
 */
function censoringStatus(
  time: Float64Array,
  coded: Omit<StatusCoding, 'residual'>,
  eventValue: string,
): number {
  const latest = new Float64Array(coded.levels.length).fill(Number.NEGATIVE_INFINITY);
  for (let row = 0; row < time.length; row++) {
    const code = coded.codes[row];
    if (code >= 0) latest[code] = Math.max(latest[code], time[row]);
  }
  let best = -1;
  coded.levels.forEach((level, code) => {
    if (level === eventValue || latest[code] === Number.NEGATIVE_INFINITY) return;
    if (best < 0 || latest[code] > latest[best]) best = code;
  });
  return best;
}

/**
 * Columns the schema lists where outcomes are: after its first target, or between its first and
 * last time or event column (relapse between cr_days and os_days). Features listed after every
 * time and event column are not outcomes: R's tables put time and status first (lung, pbc).
 * Everything else is baseline, what a survival model may condition on.
 */
export function outcomeColumns(schema: Schema): Set<string> {
  const columns = schema.columns;
  const firstTarget = columns.findIndex((c) => c.role === 'target');
  const times = columns.flatMap((c, i) => (c.role === 'time' || c.role === 'event' ? [i] : []));
  return new Set(
    columns
      .filter(
        (c, i) =>
          c.role === 'time' ||
          c.role === 'event' ||
          (firstTarget >= 0 && i >= firstTarget) ||
          (times.length > 0 && i > times[0] && i < times[times.length - 1]),
      )
      .map((c) => c.name),
  );
}
