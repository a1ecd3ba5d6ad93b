/**
 * OHDSI-style plausibility checks (after the Data Quality Dashboard's `plausibleUnitConceptIds`,
 * `plausibleValueLow/High`, `plausibleTemporalAfter`, `plausibleAfterBirth`, `plausibleBeforeDeath`
 * and `plausibleDuringLife` checks) on CDM rows: each measurement in a unit its concept accepts and
 * in its plausible range, and dates in order — birth ≤ observation start ≤ every event ≤ death ≤
 * observation end. Every failure is collected, naming the table, the person and the row.
 */
import { daysFromCivil, isoFromDays } from '../../data/dates.js';
import type { ColumnSource, OmopMapping } from './mapping.js';

type NumberSpec = Extract<ColumnSource, { kind: 'number' }>;

import { type CdmRows, EVENT_TABLE_NAMES, EVENT_TABLES } from './rows.js';

export type PlausibilityCheck = 'unit' | 'value_range' | 'date_order' | 'after_death' | 'required';

export interface PlausibilityFailure {
  check: PlausibilityCheck;
  table: string;
  personId: number;
  /** The row's own id (measurement_id…), when the table has one. */
  rowId?: number;
  message: string;
}

interface Life {
  birth: number;
  start: number;
  end: number;
  death: number | null;
}

export function checkPlausibility(rows: CdmRows, mapping: OmopMapping): PlausibilityFailure[] {
  const failures: PlausibilityFailure[] = [];
  const lives = livesOf(rows, failures);
  const numbers = new Map<string, NumberSpec>(
    mapping.columns.flatMap((c) => (c.kind === 'number' ? [[`${c.table}:${c.concept}`, c] as const] : [])),
  );
  for (const table of EVENT_TABLE_NAMES) {
    const shape = EVENT_TABLES[table];
    for (const row of rows[table] ?? []) {
      const personId = row.person_id as number;
      const rowId = row[shape.id] as number;
      const fail = (check: PlausibilityCheck, message: string) =>
        failures.push({
          check,
          table,
          personId,
          rowId,
          message: `${table} ${rowId} of person ${personId}: ${message}`,
        });
      const life = lives.get(personId);
      const date = row[shape.date] as number | null;
      if (date === null || date === undefined) {
        fail('required', `${shape.date} is missing`);
        continue;
      }
      if (life) checkDate(date, life, fail);
      const end = 'endDate' in shape ? (row[shape.endDate] as number | null) : null;
      if (end !== null && end !== undefined && end < date)
        fail('date_order', `ends (${iso(end)}) before it starts (${iso(date)})`);
      const spec = numbers.get(`${table}:${row[shape.concept]}`);
      if (!spec || row.value_as_number === null || row.value_as_number === undefined) continue;
      const unit = (row.unit_concept_id as number | null) ?? null;
      const factor = unit === spec.unit ? 1 : spec.conversions.find((k) => k.unit === unit)?.factor;
      if (factor === undefined) {
        fail('unit', `${spec.column} in unit concept ${unit}, expected ${spec.unit}`);
        continue;
      }
      const value = (row.value_as_number as number) * factor;
      const [low, high] = spec.plausible;
      if (!(value >= low && value <= high))
        fail('value_range', `${spec.column} ${value} outside the plausible ${low}–${high}`);
    }
  }
  return failures;
}

function checkDate(
  date: number,
  life: Life,
  fail: (check: PlausibilityCheck, message: string) => void,
): void {
  if (date < life.birth) fail('date_order', `dated ${iso(date)}, before birth (${iso(life.birth)})`);
  else if (date < life.start)
    fail('date_order', `dated ${iso(date)}, before observation starts (${iso(life.start)})`);
  if (life.death !== null && date > life.death)
    fail('after_death', `dated ${iso(date)}, after death (${iso(life.death)})`);
  else if (date > life.end)
    fail('date_order', `dated ${iso(date)}, after observation ends (${iso(life.end)})`);
}

/** Birth, observation and death per person, checking their own order on the way. */
function livesOf(rows: CdmRows, failures: PlausibilityFailure[]): Map<number, Life> {
  const lives = new Map<number, Life>();
  for (const p of rows.person ?? []) {
    const birth = daysFromCivil(
      p.year_of_birth as number,
      (p.month_of_birth as number) ?? 1,
      (p.day_of_birth as number) ?? 1,
    );
    lives.set(p.person_id as number, { birth, start: Infinity, end: -Infinity, death: null });
  }
  for (const o of rows.observation_period ?? []) {
    const life = lives.get(o.person_id as number);
    if (!life) continue;
    life.start = Math.min(life.start, o.observation_period_start_date as number);
    life.end = Math.max(life.end, o.observation_period_end_date as number);
  }
  for (const d of rows.death ?? []) {
    const life = lives.get(d.person_id as number);
    if (life) life.death = d.death_date as number;
  }
  for (const [personId, life] of lives) {
    const fail = (table: string, message: string) =>
      failures.push({
        check: 'date_order',
        table,
        personId,
        message: `${table} of person ${personId}: ${message}`,
      });
    if (life.start === Infinity) fail('observation_period', 'no observation period');
    else if (life.start < life.birth)
      fail('observation_period', `starts (${iso(life.start)}) before birth (${iso(life.birth)})`);
    else if (life.end < life.start) fail('observation_period', `ends (${iso(life.end)}) before it starts`);
    if (life.death !== null && life.death < life.birth)
      fail('death', `death (${iso(life.death)}) before birth`);
    if (life.death !== null && life.death > life.end)
      fail('death', `death (${iso(life.death)}) after observation ends (${iso(life.end)})`);
  }
  return lives;
}

function iso(day: number): string {
  return isoFromDays(day);
}
