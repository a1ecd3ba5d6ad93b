/**
 * The mapping between a cohort's columns and the OMOP CDM: where each column's value lives (table,
 * concept, unit), declared once in JSON and read by export, import and the plausibility checks
 * alike. `aml` and `scd` name the shipped mappings (`mappings/*.json`).
 */
import { readFileSync } from 'node:fs';
import * as z from 'zod';
import { SchemaError } from '../../core/errors.js';
import { withoutByteOrderMark } from '../../data/io.js';
import amlMapping from './mappings/aml.json' with { type: 'json' };
import scdMapping from './mappings/scd.json' with { type: 'json' };
import { EVENT_TABLE_NAMES } from './rows.js';

const ConceptId = z.number().int();
const EventTableName = z.enum(EVENT_TABLE_NAMES as [string, ...string[]]);
const ValueTable = z.enum(['measurement', 'observation']);
/** Days relative to the index date, both ends inclusive. */
const DayWindow = z.tuple([z.number().int(), z.number().int()]);

export const MappedConcept = z
  .object({
    concept_id: ConceptId,
    concept_name: z.string().min(1),
    domain_id: z.string().min(1),
    vocabulary_id: z.string().min(1),
    concept_class_id: z.string().min(1),
    standard_concept: z.enum(['S', 'C']).nullable(),
    concept_code: z.string().min(1),
    /** How the id was checked: a source that lists it with this name, or `local` / `unverified`. */
    verified: z.string().min(1),
  })
  .strict();

/** A measured number: the value closest to the index date within ±windowDays, in the schema's unit. */
const NumberSource = z
  .object({
    kind: z.literal('number'),
    column: z.string().min(1),
    table: ValueTable,
    concept: ConceptId,
    /** The unit the value is written in; null for unitless scores. */
    unit: ConceptId.nullable(),
    /** Other units accepted on import, with the factor that converts a value to `unit`. */
    conversions: z.array(z.object({ unit: ConceptId, factor: z.number().positive() }).strict()).default([]),
    windowDays: z.number().int().min(0).default(30),
    /** Plausible values, in `unit` (the export's range check). */
    plausible: z.tuple([z.number(), z.number()]),
  })
  .strict();

/**
 * A yes/no column. With `values` (measurement/observation), a row per patient carries the answer as
 * `value_as_concept_id` (a tested-negative patient has a row; no row is missing). Without, a row of
 * the concept means yes and none means no (a condition, drug or procedure).
 */
const FlagSource = z
  .object({
    kind: z.literal('flag'),
    column: z.string().min(1),
    table: EventTableName,
    concept: ConceptId,
    values: z.object({ yes: ConceptId, no: ConceptId }).strict().optional(),
    /** Where export dates an event without a day column: days after index (clamped to follow-up). */
    placeDays: DayWindow.default([0, 0]),
  })
  .strict();

/**
 * A category. `by: value`: one row of `concept` whose `value_as_concept_id` names the level; `by:
 * concept`: the level is whichever of the levels' concepts the patient has a row of.
 */
const CategorySource = z
  .object({
    kind: z.literal('category'),
    column: z.string().min(1),
    table: EventTableName,
    by: z.enum(['value', 'concept']),
    concept: ConceptId.optional(),
    levels: z.record(z.string(), ConceptId),
    placeDays: DayWindow.default([0, 0]),
  })
  .strict();

/** How many rows of a concept fall in a window of days around the index date. */
const CountSource = z
  .object({
    kind: z.literal('count'),
    column: z.string().min(1),
    table: EventTableName,
    concept: ConceptId,
    window: DayWindow,
  })
  .strict();

/**
 * A dated event: its presence (`flag`), days from index to its first row (`days`), or the age in
 * years at it (`ageYears`), one row of the concept per patient who has it.
 */
const EventSource = z
  .object({
    kind: z.literal('event'),
    table: EventTableName,
    concept: ConceptId,
    flag: z.string().min(1).optional(),
    days: z.string().min(1).optional(),
    ageYears: z
      .object({ column: z.string().min(1), decimals: z.number().int().min(0) })
      .strict()
      .optional(),
    /** Ties the episode to the index condition through episode_event (episodes only). */
    objectConcept: ConceptId.optional(),
  })
  .strict()
  .refine((e) => e.flag || e.days || e.ageYears, { message: 'an event maps flag, days or ageYears' });

export const ColumnSource = z.union([NumberSource, FlagSource, CategorySource, CountSource, EventSource]);

export const OmopMapping = z
  .object({
    version: z.literal(1),
    name: z.string().min(1),
    /** The shipped simulated cohort whose schema an import returns (`aml`, `scd`), if any. */
    cohort: z.enum(['aml', 'scd']).optional(),
    id: z.object({ column: z.string().min(1), prefix: z.string().min(1) }).strict(),
    /** The index date: the first row of this condition (diagnosis, enrolment). */
    index: z.object({ table: EventTableName, concept: ConceptId }).strict(),
    /** Export draws each patient's index date uniformly in this range (ISO dates). */
    indexDates: z.tuple([z.string(), z.string()]),
    /** Observation starts at birth, or this many days before the index date. */
    observationStart: z.union([z.literal('birth'), z.number().int().min(0)]),
    person: z
      .object({
        age: z.object({ column: z.string().min(1), decimals: z.number().int().min(0).optional() }).strict(),
        sex: z.object({ column: z.string().min(1), levels: z.record(z.string(), ConceptId) }).strict(),
        centre: z.string().min(1),
      })
      .strict(),
    /** Overall survival: time from index to death (death table) or observation end, and status. */
    survival: z.object({ time: z.string().min(1), status: z.string().min(1) }).strict(),
    /**
     * Relapse-free survival, derived on import for patients meeting `when`: relapse time if any,
     * else overall survival; status 1 on relapse, else the death status.
     */
    relapseFree: z
      .object({
        time: z.string().min(1),
        status: z.string().min(1),
        relapse: z.string().min(1),
        when: z.object({ column: z.string().min(1), equals: z.string() }).strict(),
      })
      .strict()
      .optional(),
    columns: z.array(ColumnSource),
    /** Type concept for every row written (EHR, registry…). */
    typeConcept: ConceptId,
    /** Episode event field: the condition_occurrence id an episode refers to. */
    episodeEventField: ConceptId.optional(),
    concepts: z.array(MappedConcept).min(1),
  })
  .strict();

export type OmopMapping = z.infer<typeof OmopMapping>;
export type ColumnSource = z.infer<typeof ColumnSource>;
export type MappedConcept = z.infer<typeof MappedConcept>;

const SHIPPED: Record<string, unknown> = { aml: amlMapping, scd: scdMapping };
export const SHIPPED_MAPPINGS = Object.keys(SHIPPED);

/** A shipped mapping (`aml`, `scd`) or a mapping file, parsed and checked. */
export function loadMapping(nameOrFile: string): OmopMapping {
  const shipped = SHIPPED[nameOrFile];
  if (shipped) return parseMapping(shipped, `shipped mapping '${nameOrFile}'`);
  let json: unknown;
  try {
    json = JSON.parse(withoutByteOrderMark(readFileSync(nameOrFile, 'utf8')));
  } catch (error) {
    throw new SchemaError({ file: nameOrFile }, `cannot read the mapping: ${(error as Error).message}`);
  }
  return parseMapping(json, nameOrFile);
}

export function parseMapping(json: unknown, file?: string): OmopMapping {
  const result = OmopMapping.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new SchemaError({ file }, `mapping ${issue.path.join('.')}: ${issue.message}`);
  }
  const problems = mappingProblems(result.data);
  if (problems.length) throw new SchemaError({ file }, problems[0]);
  return result.data;
}

/** Every concept id a mapping uses (rows it writes or reads), with where. */
export function usedConcepts(mapping: OmopMapping): Array<{ id: number; where: string }> {
  const used: Array<{ id: number; where: string }> = [
    { id: mapping.index.concept, where: 'index' },
    { id: mapping.typeConcept, where: 'typeConcept' },
    ...Object.entries(mapping.person.sex.levels).map(([level, id]) => ({ id, where: `sex ${level}` })),
  ];
  if (mapping.episodeEventField) used.push({ id: mapping.episodeEventField, where: 'episodeEventField' });
  for (const c of mapping.columns) {
    const where = sourceKey(c);
    if ('concept' in c && c.concept !== undefined) used.push({ id: c.concept, where });
    if (c.kind === 'number') {
      if (c.unit !== null) used.push({ id: c.unit, where });
      for (const conversion of c.conversions) used.push({ id: conversion.unit, where });
    }
    if (c.kind === 'flag' && c.values) used.push({ id: c.values.yes, where }, { id: c.values.no, where });
    if (c.kind === 'category') for (const id of Object.values(c.levels)) used.push({ id, where });
    if (c.kind === 'event' && c.objectConcept) used.push({ id: c.objectConcept, where });
  }
  return used;
}

/** What a column reads: two columns reading the same thing would be one value under two names. */
export function sourceKey(c: ColumnSource): string {
  if (c.kind === 'category' && c.by === 'concept')
    return `${c.table}:${Object.values(c.levels).sort().join('|')}`;
  if (c.kind === 'count') return `${c.table}:${c.concept}:count`;
  return `${c.table}:${c.concept}`;
}

/** The columns a mapping fills, each once. */
export function mappedColumns(mapping: OmopMapping): string[] {
  const names = [
    mapping.id.column,
    mapping.person.age.column,
    mapping.person.sex.column,
    mapping.person.centre,
  ];
  names.push(mapping.survival.time, mapping.survival.status);
  if (mapping.relapseFree) names.push(mapping.relapseFree.time, mapping.relapseFree.status);
  for (const c of mapping.columns) {
    if (c.kind === 'event') {
      if (c.flag) names.push(c.flag);
      if (c.days) names.push(c.days);
      if (c.ageYears) names.push(c.ageYears.column);
    } else names.push(c.column);
  }
  return names;
}

function mappingProblems(mapping: OmopMapping): string[] {
  const problems: string[] = [];
  const listed = new Set(mapping.concepts.map((c) => c.concept_id));
  for (const { id, where } of usedConcepts(mapping))
    if (!listed.has(id)) problems.push(`concept ${id} (${where}) is not listed in the mapping's concepts`);
  const seen = new Map<string, string>();
  for (const c of mapping.columns) {
    const key = sourceKey(c);
    const name = c.kind === 'event' ? (c.flag ?? c.days ?? c.ageYears!.column) : c.column;
    const other = seen.get(key);
    if (other) problems.push(`columns '${other}' and '${name}' both read ${key}`);
    seen.set(key, name);
  }
  const names = mappedColumns(mapping);
  const dupe = names.find((n, i) => names.indexOf(n) !== i);
  if (dupe) problems.push(`column '${dupe}' is mapped twice`);
  return problems;
}
