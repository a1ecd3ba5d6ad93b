/**
 * The OMOP CDM 5.4 tables synthcohort reads and writes, declared once as data: the PostgreSQL DDL,
 * the CSV folder's headers and the inserts all come from this list. Column names, types and NOT
 * NULL follow the CDM 5.4 specification (OHDSI CommonDataModel, `OMOP_CDMv5.4_Field_Level.csv`);
 * the primary keys are the specification's primary-key script. Only the tables a cohort needs are
 * here, with every column of each (a partial table would not be CDM).
 */
import { UsageError } from '../../core/errors.js';

export type CdmType = 'integer' | 'numeric' | 'date' | 'timestamp' | 'text' | `varchar(${number})`;

export interface CdmColumn {
  readonly name: string;
  readonly type: CdmType;
  readonly notNull: boolean;
}

export interface CdmTable {
  readonly name: string;
  readonly columns: readonly CdmColumn[];
  /** The primary key column, when the specification gives the table one. */
  readonly key?: string;
}

/** `name:type` with a `!` for NOT NULL: compact, and read against the specification line by line. */
function table(name: string, key: string | undefined, spec: string): CdmTable {
  const columns = spec
    .trim()
    .split(/\s+/)
    .map((entry) => {
      const notNull = entry.endsWith('!');
      const [column, type] = (notNull ? entry.slice(0, -1) : entry).split(':');
      return { name: column, type: type as CdmType, notNull };
    });
  return key ? { name, columns, key } : { name, columns };
}

export const CDM_TABLES: readonly CdmTable[] = [
  table(
    'person',
    'person_id',
    `person_id:integer! gender_concept_id:integer! year_of_birth:integer! month_of_birth:integer
     day_of_birth:integer birth_datetime:timestamp race_concept_id:integer! ethnicity_concept_id:integer!
     location_id:integer provider_id:integer care_site_id:integer person_source_value:varchar(50)
     gender_source_value:varchar(50) gender_source_concept_id:integer race_source_value:varchar(50)
     race_source_concept_id:integer ethnicity_source_value:varchar(50) ethnicity_source_concept_id:integer`,
  ),
  table(
    'observation_period',
    'observation_period_id',
    `observation_period_id:integer! person_id:integer! observation_period_start_date:date!
     observation_period_end_date:date! period_type_concept_id:integer!`,
  ),
  table(
    'condition_occurrence',
    'condition_occurrence_id',
    `condition_occurrence_id:integer! person_id:integer! condition_concept_id:integer!
     condition_start_date:date! condition_start_datetime:timestamp condition_end_date:date
     condition_end_datetime:timestamp condition_type_concept_id:integer! condition_status_concept_id:integer
     stop_reason:varchar(20) provider_id:integer visit_occurrence_id:integer visit_detail_id:integer
     condition_source_value:varchar(50) condition_source_concept_id:integer
     condition_status_source_value:varchar(50)`,
  ),
  table(
    'drug_exposure',
    'drug_exposure_id',
    `drug_exposure_id:integer! person_id:integer! drug_concept_id:integer! drug_exposure_start_date:date!
     drug_exposure_start_datetime:timestamp drug_exposure_end_date:date! drug_exposure_end_datetime:timestamp
     verbatim_end_date:date drug_type_concept_id:integer! stop_reason:varchar(20) refills:integer
     quantity:numeric days_supply:integer sig:text route_concept_id:integer lot_number:varchar(50)
     provider_id:integer visit_occurrence_id:integer visit_detail_id:integer drug_source_value:varchar(50)
     drug_source_concept_id:integer route_source_value:varchar(50) dose_unit_source_value:varchar(50)`,
  ),
  table(
    'procedure_occurrence',
    'procedure_occurrence_id',
    `procedure_occurrence_id:integer! person_id:integer! procedure_concept_id:integer! procedure_date:date!
     procedure_datetime:timestamp procedure_end_date:date procedure_end_datetime:timestamp
     procedure_type_concept_id:integer! modifier_concept_id:integer quantity:integer provider_id:integer
     visit_occurrence_id:integer visit_detail_id:integer procedure_source_value:varchar(50)
     procedure_source_concept_id:integer modifier_source_value:varchar(50)`,
  ),
  table(
    'measurement',
    'measurement_id',
    `measurement_id:integer! person_id:integer! measurement_concept_id:integer! measurement_date:date!
     measurement_datetime:timestamp measurement_time:varchar(10) measurement_type_concept_id:integer!
     operator_concept_id:integer value_as_number:numeric value_as_concept_id:integer unit_concept_id:integer
     range_low:numeric range_high:numeric provider_id:integer visit_occurrence_id:integer
     visit_detail_id:integer measurement_source_value:varchar(50) measurement_source_concept_id:integer
     unit_source_value:varchar(50) unit_source_concept_id:integer value_source_value:varchar(50)
     measurement_event_id:integer meas_event_field_concept_id:integer`,
  ),
  table(
    'observation',
    'observation_id',
    `observation_id:integer! person_id:integer! observation_concept_id:integer! observation_date:date!
     observation_datetime:timestamp observation_type_concept_id:integer! value_as_number:numeric
     value_as_string:varchar(60) value_as_concept_id:integer qualifier_concept_id:integer
     unit_concept_id:integer provider_id:integer visit_occurrence_id:integer visit_detail_id:integer
     observation_source_value:varchar(50) observation_source_concept_id:integer unit_source_value:varchar(50)
     qualifier_source_value:varchar(50) value_source_value:varchar(50) observation_event_id:integer
     obs_event_field_concept_id:integer`,
  ),
  table(
    'death',
    undefined,
    `person_id:integer! death_date:date! death_datetime:timestamp death_type_concept_id:integer
     cause_concept_id:integer cause_source_value:varchar(50) cause_source_concept_id:integer`,
  ),
  table(
    'episode',
    'episode_id',
    `episode_id:integer! person_id:integer! episode_concept_id:integer! episode_start_date:date!
     episode_start_datetime:timestamp episode_end_date:date episode_end_datetime:timestamp
     episode_parent_id:integer episode_number:integer episode_object_concept_id:integer!
     episode_type_concept_id:integer! episode_source_value:varchar(50) episode_source_concept_id:integer`,
  ),
  table(
    'episode_event',
    undefined,
    'episode_id:integer! event_id:integer! episode_event_field_concept_id:integer!',
  ),
  table(
    'care_site',
    'care_site_id',
    `care_site_id:integer! care_site_name:varchar(255) place_of_service_concept_id:integer
     location_id:integer care_site_source_value:varchar(50) place_of_service_source_value:varchar(50)`,
  ),
  table(
    'cdm_source',
    undefined,
    `cdm_source_name:varchar(255)! cdm_source_abbreviation:varchar(25)! cdm_holder:varchar(255)!
     source_description:text source_documentation_reference:varchar(255) cdm_etl_reference:varchar(255)
     source_release_date:date! cdm_release_date:date! cdm_version:varchar(10) cdm_version_concept_id:integer!
     vocabulary_version:varchar(20)!`,
  ),
  table(
    'concept',
    'concept_id',
    `concept_id:integer! concept_name:varchar(255)! domain_id:varchar(20)! vocabulary_id:varchar(20)!
     concept_class_id:varchar(20)! standard_concept:varchar(1) concept_code:varchar(50)!
     valid_start_date:date! valid_end_date:date! invalid_reason:varchar(1)`,
  ),
];

export type CdmTableName =
  | 'person'
  | 'observation_period'
  | 'condition_occurrence'
  | 'drug_exposure'
  | 'procedure_occurrence'
  | 'measurement'
  | 'observation'
  | 'death'
  | 'episode'
  | 'episode_event'
  | 'care_site'
  | 'cdm_source'
  | 'concept';

const BY_NAME = new Map(CDM_TABLES.map((t) => [t.name, t]));

export function cdmTable(name: CdmTableName): CdmTable {
  return BY_NAME.get(name)!;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** A schema name safe to put in SQL text (it cannot be a bound parameter). */
export function checkSchemaName(schema: string): string {
  if (!IDENTIFIER.test(schema))
    throw new UsageError(`schema must be a lower-case SQL identifier, got '${schema}'`, 'schema');
  return schema;
}

/** The PostgreSQL DDL of every table, in `schema` (created if missing); safe to run twice. */
export function cdmDdl(schema: string): string {
  const s = checkSchemaName(schema);
  const statements = [`CREATE SCHEMA IF NOT EXISTS ${s};`];
  for (const t of CDM_TABLES) {
    const lines = t.columns.map((c) => `  ${c.name} ${c.type}${c.notNull ? ' NOT NULL' : ' NULL'}`);
    if (t.key) lines.push(`  CONSTRAINT xpk_${t.name} PRIMARY KEY (${t.key})`);
    statements.push(`CREATE TABLE IF NOT EXISTS ${s}.${t.name} (\n${lines.join(',\n')}\n);`);
  }
  return statements.join('\n');
}
