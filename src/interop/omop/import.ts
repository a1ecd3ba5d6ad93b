/**
 * OMOP CDM → the patient-level table, by a mapping: one row per person with a row of the index
 * concept, each column read as the mapping says (the value closest to the index date within a
 * window, converted to the schema's unit; presence flags; categories from value concepts; counts in
 * a window; survival from death and observation end). Patient ids are fresh serial ids: a source
 * value may be a hospital's own identifier, which is never copied out.
 */
import { DataError } from '../../core/errors.js';
import { daysFromCivil } from '../../data/dates.js';
import { parseSchema, type Schema } from '../../data/schema.js';
import { serialIds } from '../../data/serial-ids.js';
import { type Column, codeColumnFromStrings, numberColumn, Table } from '../../data/table.js';
import { amlSchema } from '../../simulate/aml/schema.js';
import { scdSchema } from '../../simulate/scd/schema.js';
import { DAYS_PER_YEAR } from './export.js';
import type { ColumnSource, OmopMapping } from './mapping.js';
import { type CdmRow, EVENT_TABLES, type EventTable } from './rows.js';
import { schemaFromMapping } from './schema-from-mapping.js';
import type { CdmSource } from './source.js';

export interface ImportResult {
  table: Table;
  schema: Schema;
  /** Persons without a row of the index concept (not in the cohort). */
  skipped: number;
  /** Values that could not be read (an unknown unit…), one line each, counted. */
  warnings: string[];
}

interface Person {
  id: number;
  index: number;
  birth: number;
  end: number;
  death: number | null;
  careSite: number | null;
  gender: number;
}

type Value = number | string | undefined;

export async function importCohort(
  source: CdmSource,
  mapping: OmopMapping,
  options: { schema?: Schema } = {},
): Promise<ImportResult> {
  const { persons, skipped, centres } = await readPersons(source, mapping);
  const events = await readEvents(source, mapping);
  const warnings = new Map<string, number>();
  const values = new Map<string, Value[]>();
  const put = (column: string, i: number, value: Value) => {
    let list = values.get(column);
    if (!list) {
      list = new Array(persons.length);
      values.set(column, list);
    }
    list[i] = value;
  };
  const sexByConcept = new Map(Object.entries(mapping.person.sex.levels).map(([label, id]) => [id, label]));
  persons.forEach((p, i) => {
    const years = (p.index - p.birth) / DAYS_PER_YEAR;
    const decimals = mapping.person.age.decimals;
    put(mapping.person.age.column, i, decimals === undefined ? Math.floor(years) : round(years, decimals));
    put(mapping.person.sex.column, i, sexByConcept.get(p.gender));
    put(mapping.person.centre, i, p.careSite === null ? undefined : centres.get(p.careSite));
    const dead = p.death !== null;
    put(mapping.survival.time, i, (dead ? p.death! : p.end) - p.index);
    put(mapping.survival.status, i, dead ? '1' : '0');
    for (const c of mapping.columns) readColumn(c, p, events, put, i, warnings);
  });
  if (mapping.relapseFree) deriveRelapseFree(mapping, values, persons.length);
  const centreNames = [
    ...new Set(persons.map((p) => centres.get(p.careSite ?? -1)).filter(Boolean)),
  ] as string[];
  const schema =
    options.schema ??
    (mapping.cohort === 'aml'
      ? amlSchema(centreNames.sort())
      : mapping.cohort === 'scd'
        ? scdSchema()
        : parseSchema(schemaFromMapping(mapping, centreNames.sort())));
  const columns = schema.columns.map((spec): readonly [string, Column] => {
    if (spec.name === mapping.id.column)
      return [spec.name, serialIds(mapping.name.toUpperCase(), persons.length)];
    const list = values.get(spec.name) ?? new Array(persons.length);
    if (spec.kind === 'categorical' || spec.kind === 'boolean')
      return [
        spec.name,
        codeColumnFromStrings(
          list.map((v) => (v === undefined ? undefined : String(v))),
          spec.categories,
        ),
      ];
    return [
      spec.name,
      numberColumn(
        Float64Array.from(list, (v) => (typeof v === 'number' ? round(v, spec.decimals ?? 10) : Number.NaN)),
      ),
    ];
  });
  return {
    table: new Table(columns),
    schema,
    skipped,
    warnings: [...warnings].map(([message, n]) => `${message} (${n} row${n > 1 ? 's' : ''})`),
  };
}

async function readPersons(source: CdmSource, mapping: OmopMapping) {
  const index = new Map<number, number>();
  const indexShape = EVENT_TABLES[mapping.index.table as EventTable];
  const indexRows = await source.read(mapping.index.table as EventTable, {
    column: indexShape.concept,
    values: [mapping.index.concept],
  });
  for (const row of indexRows) {
    const id = row.person_id as number;
    const date = row[indexShape.date] as number;
    if (!index.has(id) || date < index.get(id)!) index.set(id, date);
  }
  const periods = new Map<number, number>();
  for (const row of await source.read('observation_period')) {
    const id = row.person_id as number;
    periods.set(id, Math.max(periods.get(id) ?? -Infinity, row.observation_period_end_date as number));
  }
  const deaths = new Map<number, number>();
  for (const row of await source.read('death')) deaths.set(row.person_id as number, row.death_date as number);
  const centres = new Map<number, string>();
  for (const row of await source.read('care_site'))
    centres.set(
      row.care_site_id as number,
      String(row.care_site_name ?? row.care_site_source_value ?? row.care_site_id),
    );
  const people = (await source.read('person')).sort(
    (a, b) => (a.person_id as number) - (b.person_id as number),
  );
  const persons: Person[] = [];
  for (const row of people) {
    const id = row.person_id as number;
    const day = index.get(id);
    if (day === undefined) continue;
    const end = periods.get(id);
    if (end === undefined)
      throw new DataError({ column: 'observation_period' }, `person ${id} has no observation period`);
    persons.push({
      id,
      index: day,
      birth: daysFromCivil(
        row.year_of_birth as number,
        (row.month_of_birth as number) ?? 7,
        (row.day_of_birth as number) ?? 1,
      ),
      end,
      death: deaths.get(id) ?? null,
      careSite: (row.care_site_id as number | null) ?? null,
      gender: row.gender_concept_id as number,
    });
  }
  return { persons, skipped: people.length - persons.length, centres };
}

/** Rows of the mapping's concepts, per table, grouped by person. */
type Events = Map<EventTable, Map<number, CdmRow[]>>;

async function readEvents(source: CdmSource, mapping: OmopMapping): Promise<Events> {
  const wanted = new Map<EventTable, Set<number>>();
  for (const c of mapping.columns) {
    const set = wanted.get(c.table as EventTable) ?? new Set<number>();
    if (c.kind === 'category' && c.by === 'concept') for (const id of Object.values(c.levels)) set.add(id);
    else set.add(c.concept!);
    wanted.set(c.table as EventTable, set);
  }
  const events: Events = new Map();
  for (const [table, concepts] of wanted) {
    const shape = EVENT_TABLES[table];
    const byPerson = new Map<number, CdmRow[]>();
    for (const row of await source.read(table, { column: shape.concept, values: [...concepts] })) {
      const id = row.person_id as number;
      const list = byPerson.get(id);
      if (list) list.push(row);
      else byPerson.set(id, [row]);
    }
    events.set(table, byPerson);
  }
  return events;
}

function readColumn(
  c: ColumnSource,
  p: Person,
  events: Events,
  put: (column: string, i: number, value: Value) => void,
  i: number,
  warnings: Map<string, number>,
): void {
  const table = c.table as EventTable;
  const shape = EVENT_TABLES[table];
  const all = events.get(table)?.get(p.id) ?? [];
  const of = (concept: number) => all.filter((row) => row[shape.concept] === concept);
  const date = (row: CdmRow) => row[shape.date] as number;
  const closest = (rows: CdmRow[]) =>
    rows.reduce<CdmRow | undefined>(
      (best, row) =>
        best === undefined || Math.abs(date(row) - p.index) < Math.abs(date(best) - p.index) ? row : best,
      undefined,
    );
  const first = (rows: CdmRow[]) =>
    rows.reduce<CdmRow | undefined>(
      (best, row) => (best === undefined || date(row) < date(best) ? row : best),
      undefined,
    );
  function columnValue(): Value {
    if (c.kind === 'event') return undefined;
    if (c.kind === 'number') {
      const row = closest(
        of(c.concept).filter(
          (r) => Math.abs(date(r) - p.index) <= c.windowDays && r.value_as_number !== null,
        ),
      );
      if (!row) return undefined;
      const unit = (row.unit_concept_id as number | null) ?? null;
      const factor = unit === c.unit ? 1 : c.conversions.find((k) => k.unit === unit)?.factor;
      if (factor === undefined) {
        const key = `${c.column}: unit concept ${unit} is neither ${c.unit} nor a listed conversion; value left missing`;
        warnings.set(key, (warnings.get(key) ?? 0) + 1);
        return undefined;
      }
      return (row.value_as_number as number) * factor;
    }
    if (c.kind === 'flag') {
      const rows = of(c.concept);
      if (!c.values) return rows.length ? '1' : '0';
      const value = closest(rows)?.value_as_concept_id;
      return value === c.values.yes ? '1' : value === c.values.no ? '0' : undefined;
    }
    if (c.kind === 'category') {
      const byConcept = new Map(Object.entries(c.levels).map(([label, id]) => [id, label]));
      if (c.by === 'value') return byConcept.get(closest(of(c.concept!))?.value_as_concept_id as number);
      return byConcept.get(first(all)?.[shape.concept] as number);
    }
    if (c.kind === 'count') {
      const [from, to] = c.window;
      return of(c.concept).filter((r) => date(r) - p.index >= from && date(r) - p.index <= to).length;
    }
    return undefined;
  }
  if (c.kind !== 'event') {
    put(c.column, i, columnValue());
    return;
  }
  const row = first(of(c.concept));
  if (c.flag) put(c.flag, i, row ? '1' : '0');
  if (c.days) put(c.days, i, row ? date(row) - p.index : undefined);
  if (c.ageYears)
    put(
      c.ageYears.column,
      i,
      row ? round((date(row) - p.birth) / DAYS_PER_YEAR, c.ageYears.decimals) : undefined,
    );
}

function deriveRelapseFree(mapping: OmopMapping, values: Map<string, Value[]>, n: number): void {
  const rfs = mapping.relapseFree!;
  const when = values.get(rfs.when.column) ?? [];
  const relapse = values.get(rfs.relapse) ?? [];
  const os = values.get(mapping.survival.time)!;
  const status = values.get(mapping.survival.status)!;
  const time: Value[] = new Array(n);
  const event: Value[] = new Array(n);
  for (let i = 0; i < n; i++) {
    if (when[i] !== rfs.when.equals) continue;
    const relapsed = typeof relapse[i] === 'number';
    time[i] = relapsed ? relapse[i] : os[i];
    event[i] = relapsed ? '1' : status[i];
  }
  values.set(rfs.time, time);
  values.set(rfs.status, event);
}

function round(x: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Math.round(x * scale) / scale;
}
