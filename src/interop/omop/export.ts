/**
 * A cohort (one row per patient) → OMOP CDM rows, by a mapping. Each patient gets an index date
 * drawn in the mapping's range (seeded), and every event is dated index + the cohort's days, so the
 * dates are plausible and carry no real calendar. Ids start at `SYNTHETIC_ID_BASE`, a range real
 * CDMs do not use (person_id is a 32-bit integer in CDM 5.4); the writer refuses a target that
 * already holds ids there. The input's patient ids are not copied: person_source_value is a fresh
 * serial id.
 */
import { Rng } from '../../core/rng.js';
import { daysFromIso, isoFromDays } from '../../data/dates.js';
import type { Schema } from '../../data/schema.js';
import type { Table } from '../../data/table.js';
import type { ColumnSource, MappedConcept, OmopMapping } from './mapping.js';
import { type CdmRow, type CdmRows, EVENT_TABLES, type EventTable, rowsOf } from './rows.js';

/** First id of every synthetic row: 2^31 − 1 leaves room for 147 million of each. */
export const SYNTHETIC_ID_BASE = 2_000_000_000;
export const DAYS_PER_YEAR = 365.25;

export interface ExportOptions {
  seed?: number | string;
  /** Written into cdm_source (default: the mapping's name). */
  sourceName?: string;
  /** The day the export runs (cdm_release_date); default today. */
  today?: number;
}

interface PatientDates {
  index: number;
  birth: number;
  start: number;
  end: number;
  dead: boolean;
}

export function exportCohort(
  table: Table,
  _schema: Schema,
  mapping: OmopMapping,
  options: ExportOptions = {},
): CdmRows {
  const rng = Rng.from(options.seed ?? 1);
  const dateRng = rng.split('index-dates');
  const placeRng = rng.split('event-dates');
  const rows: CdmRows = {};
  const next = idCounter();
  const careSites = careSiteRows(table, mapping, rowsOf(rows, 'care_site'), next);
  const [from, to] = mapping.indexDates.map(daysFromIso);
  const width = String(table.nRows).length;
  for (let r = 0; r < table.nRows; r++) {
    const personId = next('person');
    const index = from + dateRng.int(to - from + 1);
    const dates = personDates(table, mapping, r, index, dateRng);
    const writer = eventWriter(rows, mapping, personId, next);
    rowsOf(rows, 'person').push(personRow(table, mapping, r, personId, dates.birth, careSites, width));
    rowsOf(rows, 'observation_period').push({
      observation_period_id: next('observation_period'),
      person_id: personId,
      observation_period_start_date: dates.start,
      observation_period_end_date: dates.end,
      period_type_concept_id: mapping.typeConcept,
    });
    if (dates.dead)
      rowsOf(rows, 'death').push({
        person_id: personId,
        death_date: dates.end,
        death_type_concept_id: mapping.typeConcept,
      });
    const indexEventId = writer.event(mapping.index.table as EventTable, mapping.index.concept, index);
    for (const source of mapping.columns)
      writeColumn(table, r, source, dates, writer, indexEventId, mapping, placeRng);
  }
  rowsOf(rows, 'concept').push(...mapping.concepts.map(conceptRow));
  rowsOf(rows, 'cdm_source').push(cdmSourceRow(mapping, options));
  return rows;
}

type NextId = (table: string) => number;

function idCounter(): NextId {
  const counters = new Map<string, number>();
  return (table) => {
    const id = counters.get(table) ?? SYNTHETIC_ID_BASE;
    counters.set(table, id + 1);
    return id;
  };
}

function careSiteRows(table: Table, mapping: OmopMapping, out: CdmRow[], next: NextId): number[] {
  const centre = table.codes(mapping.person.centre);
  return centre.levels.map((name) => {
    const id = next('care_site');
    out.push({ care_site_id: id, care_site_name: name, care_site_source_value: name });
    return id;
  });
}

function personDates(table: Table, mapping: OmopMapping, r: number, index: number, rng: Rng): PatientDates {
  const age = table.numbers(mapping.person.age.column)[r];
  // Completed years: a birthday drawn within the year so that floor(days / 365.25) gives the age
  // back; with decimals, the age is the day count itself, rounded on import.
  const daysOld =
    mapping.person.age.decimals === undefined
      ? Math.floor(age * DAYS_PER_YEAR) + 1 + rng.int(364)
      : Math.round(age * DAYS_PER_YEAR);
  const birth = index - daysOld;
  const time = table.numbers(mapping.survival.time)[r];
  const dead = table.cell(mapping.survival.status, r) === '1';
  const start =
    mapping.observationStart === 'birth' ? birth : Math.max(birth, index - mapping.observationStart);
  return { index, birth, start, end: index + time, dead };
}

function personRow(
  table: Table,
  mapping: OmopMapping,
  r: number,
  personId: number,
  birth: number,
  careSites: number[],
  width: number,
): CdmRow {
  const [year, month, day] = isoFromDays(birth).split('-').map(Number);
  const sex = String(table.cell(mapping.person.sex.column, r));
  const centre = table.codes(mapping.person.centre).codes[r];
  return {
    person_id: personId,
    gender_concept_id: mapping.person.sex.levels[sex] ?? 0,
    year_of_birth: year,
    month_of_birth: month,
    day_of_birth: day,
    race_concept_id: 0,
    ethnicity_concept_id: 0,
    care_site_id: centre >= 0 ? careSites[centre] : null,
    person_source_value: `${mapping.id.prefix}${String(r + 1).padStart(width, '0')}`,
    gender_source_value: sex,
  };
}

interface EventWriter {
  /** Writes one dated row of `concept`; returns its id. */
  event(table: EventTable, concept: number, date: number, extra?: CdmRow): number;
  /** Ties an episode to the event it is about (episode_event). */
  link(episodeId: number, eventId: number, field: number): void;
}

function eventWriter(rows: CdmRows, mapping: OmopMapping, personId: number, next: NextId): EventWriter {
  return {
    event(table, concept, date, extra = {}) {
      const shape = EVENT_TABLES[table];
      const id = next(table);
      const row: CdmRow = {
        [shape.id]: id,
        person_id: personId,
        [shape.concept]: concept,
        [shape.date]: date,
        [shape.type]: mapping.typeConcept,
      };
      // drug_exposure_end_date is required: a one-day record (the cohort holds no durations).
      if (table === 'drug_exposure') row.drug_exposure_end_date = date;
      if (table === 'episode') row.episode_object_concept_id = 0;
      rowsOf(rows, table).push(Object.assign(row, extra));
      return id;
    },
    link(episodeId, eventId, field) {
      rowsOf(rows, 'episode_event').push({
        episode_id: episodeId,
        event_id: eventId,
        episode_event_field_concept_id: field,
      });
    },
  };
}

function writeColumn(
  table: Table,
  r: number,
  source: ColumnSource,
  dates: PatientDates,
  writer: EventWriter,
  indexEventId: number,
  mapping: OmopMapping,
  rng: Rng,
): void {
  const t = source.table as EventTable;
  const place = (window: readonly [number, number]) => {
    const day = dates.index + window[0] + rng.int(window[1] - window[0] + 1);
    return Math.max(dates.start, Math.min(day, dates.end));
  };
  if (source.kind === 'number') {
    const value = table.numbers(source.column)[r];
    if (Number.isNaN(value)) return;
    const unit = mapping.concepts.find((c) => c.concept_id === source.unit)?.concept_code ?? null;
    writer.event(t, source.concept, dates.index, {
      value_as_number: value,
      unit_concept_id: source.unit,
      unit_source_value: unit,
      [`${t}_source_value`]: source.column,
    });
  } else if (source.kind === 'flag') {
    const value = table.cell(source.column, r);
    if (value === undefined) return;
    if (source.values)
      writer.event(t, source.concept, place(source.placeDays), {
        value_as_concept_id: value === '1' ? source.values.yes : source.values.no,
      });
    else if (value === '1') writer.event(t, source.concept, place(source.placeDays));
  } else if (source.kind === 'category') {
    const value = table.cell(source.column, r);
    if (value === undefined) return;
    const level = source.levels[String(value)];
    if (source.by === 'value')
      writer.event(t, source.concept!, place(source.placeDays), { value_as_concept_id: level });
    else writer.event(t, level, place(source.placeDays));
  } else if (source.kind === 'count') {
    const n = table.numbers(source.column)[r];
    for (let k = 0; k < (Number.isNaN(n) ? 0 : n); k++) {
      const lo = Math.max(dates.index + source.window[0], dates.start);
      const hi = Math.max(lo, dates.index + source.window[1]);
      writer.event(t, source.concept, lo + rng.int(hi - lo + 1));
    }
  } else writeEvent(table, r, source, dates, writer, indexEventId, mapping);
}

function writeEvent(
  table: Table,
  r: number,
  source: Extract<ColumnSource, { kind: 'event' }>,
  dates: PatientDates,
  writer: EventWriter,
  indexEventId: number,
  mapping: OmopMapping,
): void {
  const days = source.days ? table.numbers(source.days)[r] : Number.NaN;
  const flag = source.flag ? table.cell(source.flag, r) === '1' : !Number.isNaN(days);
  const age = source.ageYears ? table.numbers(source.ageYears.column)[r] : Number.NaN;
  if (!flag) return;
  let date = dates.index;
  if (!Number.isNaN(days)) date = dates.index + days;
  else if (!Number.isNaN(age)) date = Math.min(dates.index, dates.birth + Math.round(age * DAYS_PER_YEAR));
  const t = source.table as EventTable;
  const extra: CdmRow = t === 'episode' ? { episode_object_concept_id: source.objectConcept ?? 0 } : {};
  const id = writer.event(t, source.concept, date, extra);
  if (t === 'episode' && mapping.episodeEventField) writer.link(id, indexEventId, mapping.episodeEventField);
}

function conceptRow(c: MappedConcept): CdmRow {
  return {
    concept_id: c.concept_id,
    concept_name: c.concept_name,
    domain_id: c.domain_id,
    vocabulary_id: c.vocabulary_id,
    concept_class_id: c.concept_class_id,
    standard_concept: c.standard_concept,
    concept_code: c.concept_code,
    valid_start_date: daysFromIso('1970-01-01'),
    valid_end_date: daysFromIso('2099-12-31'),
    invalid_reason: null,
  };
}

function cdmSourceRow(mapping: OmopMapping, options: ExportOptions): CdmRow {
  const today = options.today ?? Math.floor(Date.now() / 86_400_000);
  return {
    cdm_source_name: options.sourceName ?? `synthcohort ${mapping.name} cohort`,
    cdm_source_abbreviation: `synthcohort-${mapping.name}`.slice(0, 25),
    // The export cannot tell a synthetic table from a real one: it says what it did, not what the rows are.
    cdm_holder: 'synthcohort omop export',
    source_description:
      'Written by synthcohort omop export from a patient-level table; dates are shifted from drawn index dates.',
    source_release_date: today,
    cdm_release_date: today,
    cdm_version: '5.4',
    // 0: the CDM version's own concept is not among the mapping's checked concepts.
    cdm_version_concept_id: 0,
    vocabulary_version: 'synthcohort mapping',
  };
}
