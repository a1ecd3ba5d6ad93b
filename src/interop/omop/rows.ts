/**
 * CDM rows in memory: one array of row objects per table, values as the CDM holds them (integers,
 * numbers, text, dates as days since 1970-01-01, null). Export builds them, the plausibility checks
 * read them, and the database and folder targets write and read them, so every target shares the
 * same mapping logic.
 */
import type { CdmTableName } from './ddl.js';

export type CdmValue = number | string | null;
export type CdmRow = Record<string, CdmValue>;
export type CdmRows = Partial<Record<CdmTableName, CdmRow[]>>;

/** The event tables: each row belongs to a person and has a date; column names per table. */
export interface EventTableShape {
  readonly id: string;
  readonly concept: string;
  readonly date: string;
  readonly endDate?: string;
  readonly type: string;
}

export const EVENT_TABLES = {
  condition_occurrence: {
    id: 'condition_occurrence_id',
    concept: 'condition_concept_id',
    date: 'condition_start_date',
    endDate: 'condition_end_date',
    type: 'condition_type_concept_id',
  },
  drug_exposure: {
    id: 'drug_exposure_id',
    concept: 'drug_concept_id',
    date: 'drug_exposure_start_date',
    endDate: 'drug_exposure_end_date',
    type: 'drug_type_concept_id',
  },
  procedure_occurrence: {
    id: 'procedure_occurrence_id',
    concept: 'procedure_concept_id',
    date: 'procedure_date',
    endDate: 'procedure_end_date',
    type: 'procedure_type_concept_id',
  },
  measurement: {
    id: 'measurement_id',
    concept: 'measurement_concept_id',
    date: 'measurement_date',
    type: 'measurement_type_concept_id',
  },
  observation: {
    id: 'observation_id',
    concept: 'observation_concept_id',
    date: 'observation_date',
    type: 'observation_type_concept_id',
  },
  episode: {
    id: 'episode_id',
    concept: 'episode_concept_id',
    date: 'episode_start_date',
    endDate: 'episode_end_date',
    type: 'episode_type_concept_id',
  },
} as const satisfies Record<string, EventTableShape>;

export type EventTable = keyof typeof EVENT_TABLES;
export const EVENT_TABLE_NAMES = Object.keys(EVENT_TABLES) as EventTable[];

/** Rows of one table, created on first use. */
export function rowsOf(rows: CdmRows, table: CdmTableName): CdmRow[] {
  let list = rows[table];
  if (!list) {
    list = [];
    rows[table] = list;
  }
  return list;
}
