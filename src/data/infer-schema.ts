/**
 * Schema inference: a first schema from a raw table, with a note per column saying what was
 * guessed and why, for the user to review and edit. The rules, in order:
 *
 * Kinds
 * - every value missing → error: nothing to infer from (drop the column or declare it);
 * - ISO dates (or day-first ones when asked for) → date;
 * - numbers: only 0 and 1 → boolean with labels ['0', '1']; all whole → integer; else numeric.
 *   Few distinct whole numbers stay integer: scores such as ECOG 0–4 are ordinal, and a
 *   generator keeps their order; the note says to declare nominal codes categorical;
 * - text: only the words of one yes/no pair (no/yes, false/true, n/y, f/t, any case) → boolean;
 *   otherwise categorical, its categories in natural order (`2` before `10`). Numbers with a
 *   leading zero (`007`) are text: they are codes, and reading them as numbers loses the zeros.
 * Roles
 * - named `centre`/`center`/`site`/`hospital`/`institution` (optionally `_id`/`_code`/`_name`) →
 *   centre, categorical even when coded with numbers (centre 3 is not "more" than centre 2);
 * - named like an identifier (`id`, `patient_id`, `*_id`, `*Id`, `mrn`, `nhc`, `subject`, `case_no`…)
 *   with more than a code's few values, text with a distinct value on (nearly) every row, or a digit
 *   string too long to be a quantity (read as text, see csv/values.ts) → id, no categories listed
 *   (a schema is shared; a list of identifiers must not be);
 * - a 0/1 column named after a known cancer gene (see genes.ts) → mutation; an upper-case
 *   gene-like name (`BCOR`) only inside a run of adjacent 0/1 gene columns holding a known one;
 * - survival endpoints by name stems confirmed by the data (see `infer-endpoints.ts`): `os_days` +
 *   `os_status`, `dtime` + `death`, `time` + `status`… → time and event, and the endpoint. Other
 *   non-negative columns named like a time (`cr_days`) → time;
 * Rules (see `infer-rules.ts`): orderings of times, missing-when, implications and exclusivities
 * that every row obeys with enough support, each marked `inferred`; `rules: false` skips them.
 * Bounds: none are taken from the data (the observed extremes describe, and can identify, single
 * patients, and new data may lie beyond them), except min 0 on survival times that are all
 * non-negative: a time can never be negative, and generators need to know it.
 * Warnings (the schema is still returned): a constant column, a text column with many levels.
 */
import { DataError } from '../core/errors.js';
import { booleanLabels } from './boolean-words.js';
import {
  type ColumnProfile,
  DISTINCT_CAP,
  isUniquePerRow,
  naturalOrder,
  profileColumn,
} from './column-profile.js';
import { conformTable } from './conform.js';
import { isKnownGene, looksLikeGene } from './genes.js';
import { inferEndpoints, timeStem } from './infer-endpoints.js';
import { inferRules, type RuleInferenceOptions } from './infer-rules.js';
import type { RawTable } from './raw-table.js';
import { type ColumnKind, type ColumnRole, parseSchema, type Schema } from './schema.js';
import { type Column, columnLength, isMissing } from './table.js';

export interface SchemaInference {
  schema: Schema;
  /** One line per column: `os_days: integer, role time (paired with os_status as endpoint os)`. */
  notes: string[];
  /** Columns that are probably unusable or sensitive as they are; the schema is still valid. */
  warnings: string[];
}

export interface InferOptions {
  /** The schema's `name`. */
  name?: string;
  /** Infer rules that hold in every row (default true). */
  rules?: boolean;
  /** Thresholds of rule inference. */
  ruleThresholds?: RuleInferenceOptions;
}

/** A column under inference: what the schema will say, and why. */
export interface Draft {
  name: string;
  kind: ColumnKind;
  role: ColumnRole;
  categories?: string[];
  min?: number;
  nullable?: boolean;
  reasons: string[];
  profile: ColumnProfile;
}

const CENTRE_NAME = /^(?:centre|center|site|hospital|institution)(?:_?(?:id|code|name))?$/i;
/**
 * Names of identifiers: `id`, `*_id`, `*Id`, and the words hospitals use for a patient's number —
 * `patient`, `subject`, `mrn` (medical record number), `nhc` (número de historia clínica), `nhs_no`,
 * `record`, `case`, `seqno`, `ssn`, with or without `_no`/`_number`/`_code`.
 */
const ID_NAME =
  /^(?:id|.+[_.]id|(?:patient|subject|mrn|nhc|nhs|record|case|seq|ssn|pid|ehr)(?:[_.]?(?:id|no|nr|num|number|code))?|seqno)$/i;
const CAMEL_ID_NAME = /[a-z]Id$/;

function isIdName(name: string): boolean {
  return ID_NAME.test(name) || CAMEL_ID_NAME.test(name);
}

/** Text nearly unique per row (names, free-text numbers): identifying, whatever its name. */
function isNearlyUniqueText(profile: ColumnProfile): boolean {
  return profile.raw === 'text' && profile.present >= 20 && profile.nDistinct >= 0.95 * profile.present;
}
const MANY_LEVELS = 50;
/** In fewer rows, text that never repeats is as likely a small category set as an identifier. */
const MIN_ROWS_FOR_TEXT_ID = 10;

export function inferSchema(raw: RawTable, options: InferOptions = {}): SchemaInference {
  const { table } = raw;
  const drafts = table.names.map((name) => {
    const profile = profileColumn(name, table.column(name), raw.kinds.get(name) ?? 'empty');
    return draftColumn(profile, table.column(name), raw.file);
  });
  markMutations(drafts);
  const { endpoints, warnings: endpointWarnings } = inferEndpoints(drafts, (time, event) =>
    shareMissingWithEvent(table.column(time), table.column(event)),
  );
  markOtherTimes(drafts);
  const columns = drafts.map(({ name, kind, role, categories, min, nullable }) => ({
    name,
    kind,
    role,
    ...(categories ? { categories } : {}),
    ...(min !== undefined ? { min } : {}),
    ...(nullable !== undefined ? { nullable } : {}),
  }));
  const head = { version: 1, ...(options.name ? { name: options.name } : {}), columns, endpoints };
  const warnings = [...endpointWarnings, ...drafts.flatMap(warningsOf)];
  const notes = drafts.map(noteOf);
  const bare = parseSchema(head, raw.file);
  if (options.rules === false) return { schema: bare, notes, warnings };
  const inferred = inferRules(conformTable(raw, bare), bare, options.ruleThresholds);
  const schema = parseSchema({ ...head, rules: inferred.rules }, raw.file);
  return { schema, notes: [...notes, ...inferred.notes], warnings };
}

/** Share of the rows with an event value whose time is missing. */
function shareMissingWithEvent(time: Column, event: Column): number {
  let withEvent = 0;
  let missing = 0;
  for (let r = 0; r < columnLength(time); r++) {
    if (isMissing(event, r)) continue;
    withEvent++;
    if (isMissing(time, r)) missing++;
  }
  return withEvent ? missing / withEvent : 1;
}

/**
 * Non-negative columns named like a time (`cr_days`, `relapse_months`) but paired with no event:
 * times all the same. A glued stem (`protime`, `diagtime`) counts only when an event confirms it.
 */
function markOtherTimes(drafts: Draft[]): void {
  for (const d of drafts) {
    if (d.role !== 'feature' || (d.kind !== 'integer' && d.kind !== 'numeric')) continue;
    if (!timeStem(d.name)?.separated || !(d.profile.min >= 0)) continue;
    mark(d, 'time', 'named like a time, paired with no event');
    d.min = 0;
    d.reasons.push('min 0: a time cannot be negative');
  }
}

function noteOf(d: Draft): string {
  const role = d.role === 'feature' ? '' : `, role ${d.role}`;
  return `${d.name}: ${d.kind}${role}${d.reasons.length ? ` (${d.reasons.join('; ')})` : ''}`;
}

function warningsOf(d: Draft): string[] {
  const { profile } = d;
  if (profile.nDistinct === 1)
    return [
      `${d.name}: constant column, every value present is '${profile.distinct[0]}'; it carries no information (drop it unless generators must reproduce it)`,
    ];
  if (d.kind === 'categorical' && d.role !== 'id' && profile.nDistinct > MANY_LEVELS)
    return [
      `${d.name}: ${profile.nDistinct} distinct text values; free text or an identifier? Review the categories before sharing the schema`,
    ];
  return [];
}

function draftColumn(profile: ColumnProfile, column: Column, file: string | undefined): Draft {
  const { name } = profile;
  if (profile.present === 0)
    throw new DataError(
      { file, column: name },
      'every value is missing, so its kind cannot be inferred; drop the column or declare it in a schema',
    );
  if (CENTRE_NAME.test(name))
    return {
      name,
      kind: 'categorical',
      role: 'centre',
      categories: allLabels(column),
      reasons: ['named like a centre'],
      profile,
    };
  const looksLikeId = isIdName(name) || (profile.raw === 'text' && profile.nRows >= MIN_ROWS_FOR_TEXT_ID);
  const unique = isUniquePerRow(profile, column);
  // Named like an identifier but repeating (visits, a data error): still never to be copied —
  // unless it has the few values of a code (`case` as case/control).
  const namedId = isIdName(name) && profile.nDistinct > DISTINCT_CAP;
  if ((looksLikeId && unique) || namedId || isNearlyUniqueText(profile)) {
    const kind = profile.raw === 'text' ? 'categorical' : profile.integral ? 'integer' : 'numeric';
    const why = !isIdName(name)
      ? unique
        ? 'text with a different value on every row'
        : 'text with a different value on nearly every row'
      : unique
        ? 'named like an identifier, a different value on every row'
        : 'named like an identifier';
    return { name, kind, role: 'id', nullable: unique ? false : undefined, reasons: [why], profile };
  }
  return { name, role: 'feature', profile, ...kindOf(profile) };
}

function kindOf(p: ColumnProfile): Pick<Draft, 'kind' | 'categories' | 'reasons'> {
  if (p.raw === 'date') return { kind: 'date', reasons: [] };
  if (p.raw === 'number') {
    if (p.distinct.every((v) => v === 0 || v === 1))
      return { kind: 'boolean', categories: ['0', '1'], reasons: ['only 0 and 1'] };
    if (!p.integral) return { kind: 'numeric', reasons: [] };
    // Few values, each seen several times: a score or a code rather than a count or a measurement.
    const few = p.nDistinct >= 3 && p.nDistinct <= 10 && p.present >= 3 * p.nDistinct;
    return {
      kind: 'integer',
      reasons: few
        ? [
            `${p.nDistinct} distinct values, kept as an ordinal integer; declare it categorical if the codes are nominal`,
          ]
        : [],
    };
  }
  const labels = booleanLabels(p.distinct as string[]);
  if (labels) {
    const merged = p.distinct.length > 2 ? ', other spellings read as these' : '';
    return { kind: 'boolean', categories: labels, reasons: [`the words ${labels.join('/')}${merged}`] };
  }
  const categories = [...(p.distinct as string[])].sort(naturalOrder);
  return { kind: 'categorical', categories, reasons: mixedReason(categories) };
}

/** A text column whose values are mostly numbers is probably a measurement with a text marker. */
function mixedReason(levels: readonly string[]): string[] {
  const text = levels.filter((level) => Number.isNaN(Number(level)) || level.trim() === '');
  if (text.length === 0 || text.length * 2 >= levels.length) return [];
  return [
    `mixes numbers and text such as '${text[0]}'; if it is a measurement, write that text as NA and declare it numeric`,
  ];
}

/** Every distinct value of a column as a label, in natural order (for centres coded by number). */
function allLabels(column: Column): string[] {
  if (column.type === 'code')
    return [...column.levels].filter((_, k) => column.codes.includes(k)).sort(naturalOrder);
  const values = new Set<number>();
  for (const v of column.values) if (!Number.isNaN(v)) values.add(v);
  return [...values].sort((a, b) => a - b).map(String);
}

/** Known-gene 0/1 columns, and gene-like ones in a run of adjacent gene columns holding a known one. */
function markMutations(drafts: Draft[]): void {
  const geneish = drafts.map(
    (d) => d.kind === 'boolean' && d.role === 'feature' && (isKnownGene(d.name) || looksLikeGene(d.name)),
  );
  for (let start = 0; start < drafts.length; ) {
    let end = start;
    while (end < drafts.length && geneish[end]) end++;
    const run = drafts.slice(start, end);
    for (const d of run) {
      if (isKnownGene(d.name)) mark(d, 'mutation', 'a 0/1 column named after a gene');
      else if (run.some((other) => isKnownGene(other.name)))
        mark(d, 'mutation', 'a gene-like 0/1 column beside known gene columns');
    }
    start = end + 1;
  }
}

function mark(d: Draft, role: ColumnRole, reason: string): void {
  d.role = role;
  d.reasons.push(reason);
}
