/**
 * Which survival endpoints, targets and quasi-identifiers a validation uses: what the user named,
 * or what the schema declares, each checked on both tables first so that a bad endpoint is skipped
 * with its reason instead of failing the whole report.
 */
import { UsageError } from '../core/errors.js';
import type { Schema } from '../data/schema.js';
import type { Table } from '../data/table.js';
import type { Skipped, ValidationInput } from './types.js';

export type Endpoint = ValidationInput['endpoints'][number];

/** An endpoint as the `survival` option names it: the event value may be left to `endpointsFor`. */
export type RequestedEndpoint = Omit<Endpoint, 'eventValue'> & { eventValue?: string };

/** The text form `TIME:EVENT[:EVENT_VALUE]` of one `survival` endpoint. */
export function parseSurvivalOption(text: string): RequestedEndpoint {
  const [time, event, eventValue, extra] = text.split(':');
  if (!time || !event || extra !== undefined || eventValue === '')
    throw new UsageError(`survival expects TIME:EVENT or TIME:EVENT:EVENT_VALUE, got '${text}'`, 'survival');
  return {
    name: time.replace(/_(days|months|years|time)$/, '') || time,
    time,
    event,
    ...(eventValue === undefined ? {} : { eventValue }),
  };
}

/**
 * The endpoints named (or the schema's). An event value left out is the schema's for the same
 * columns, else the true label of a boolean, else R's `Surv` convention as `analyze` applies it:
 * 2 when the column holds only 1 and 2, otherwise 1; a column with more than two values (0/1/2)
 * needs it said, as in `analyze`. A time column of dates is refused, as in `analyze`.
 */
export function endpointsFor(
  schema: Schema,
  requested: readonly RequestedEndpoint[],
  real: Table,
): Endpoint[] {
  const endpoints = requested.length ? requested : schema.endpoints;
  for (const e of endpoints)
    for (const column of [e.time, e.event])
      if (!schema.columns.some((c) => c.name === column))
        throw new UsageError(
          `${requested.length ? 'survival' : 'the schema endpoint'} names column '${column}', which the tables do not have`,
          requested.length ? 'survival' : undefined,
        );
  for (const e of requested) {
    if (schema.columns.find((c) => c.name === e.time)?.kind === 'date')
      throw new UsageError(
        `the survival endpoint names column '${e.time}' as the time, but it holds dates; a survival time is a duration, such as days from diagnosis`,
      );
    if (e.eventValue !== undefined) checkEventValue(e.event, e.eventValue, real);
  }
  return endpoints.map((e) => ({ ...e, eventValue: e.eventValue ?? defaultEventValue(schema, e, real) }));
}

/** A value the user typed that never occurs would silently make every patient censored. */
function checkEventValue(event: string, value: string, real: Table): void {
  const seen = new Set<string>();
  for (let row = 0; row < real.nRows; row++) {
    const cell = real.cell(event, row);
    if (cell !== undefined) seen.add(String(cell));
  }
  if (!seen.has(value))
    throw new UsageError(
      `survival: event value '${value}' never occurs in column '${event}' of the real table, which holds ${[...seen].slice(0, 8).join(', ')}`,
      'survival',
    );
}

function defaultEventValue(schema: Schema, endpoint: RequestedEndpoint, real: Table): string {
  const declared = schema.endpoints.find((d) => d.time === endpoint.time && d.event === endpoint.event);
  if (declared) return declared.eventValue;
  const spec = schema.columns.find((c) => c.name === endpoint.event);
  if (spec?.kind === 'boolean' && spec.categories?.length === 2) return spec.categories[1];
  const column = real.column(endpoint.event);
  const values = new Set<string>();
  for (let row = 0; row < real.nRows; row++) {
    const cell = real.cell(endpoint.event, row);
    if (cell !== undefined) values.add(String(cell));
  }
  if (values.size > 2)
    throw new UsageError(
      `survival endpoint ${endpoint.time}:${endpoint.event}: column '${endpoint.event}' holds more than two values (${[...values].sort().slice(0, 8).join(', ')}); say which one is the event: ${endpoint.time}:${endpoint.event}:VALUE`,
    );
  if (column.type !== 'number') return '1';
  return values.has('2') && [...values].every((v) => v === '1' || v === '2') ? '2' : '1';
}

/** Endpoints whose times are negative or infinite in any table are skipped, with the row named. */
export function usableEndpoints(
  endpoints: readonly Endpoint[],
  tables: ReadonlyArray<readonly [string, Table]>,
): { endpoints: Endpoint[]; skipped: Skipped[] } {
  const skipped: Skipped[] = [];
  const usable = endpoints.filter((endpoint) => {
    for (const [label, table] of tables) {
      const column = table.column(endpoint.time);
      if (column.type !== 'number') {
        skipped.push({
          metric: `survival ${endpoint.name}`,
          reason: `${endpoint.time} is not numeric in the ${label} table`,
        });
        return false;
      }
      const bad = column.values.findIndex((t) => t < 0 || t === Number.POSITIVE_INFINITY);
      if (bad >= 0) {
        skipped.push({
          metric: `survival ${endpoint.name}`,
          reason: `${endpoint.time} is ${column.values[bad]} in row ${bad + 1} of the ${label} table; survival times must be 0 or more`,
        });
        return false;
      }
    }
    return true;
  });
  return { endpoints: usable, skipped };
}

export function targetsFor(schema: Schema, requested: readonly string[]): string[] {
  for (const name of requested)
    if (!schema.columns.some((c) => c.name === name))
      throw new UsageError(`targets names column '${name}', which the tables do not have`, 'targets');
  return requested.length
    ? [...requested]
    : schema.columns.filter((c) => c.role === 'target').map((c) => c.name);
}

/** Age, sex and centre where the tables have them: what an attacker most often knows. */
export function quasiIdentifiersFor(schema: Schema, requested: readonly string[] | undefined): string[] {
  if (requested) {
    for (const name of requested)
      if (!schema.columns.some((c) => c.name === name))
        throw new UsageError(
          `quasiIdentifiers names column '${name}', which the tables do not have`,
          'quasiIdentifiers',
        );
    return [...requested];
  }
  const byName = (pattern: RegExp) =>
    schema.columns.find((c) => c.role !== 'id' && pattern.test(c.name))?.name;
  const centre = schema.columns.find((c) => c.role === 'centre')?.name;
  return [byName(/^age(_years)?$/i), byName(/^(sex|gender)$/i), centre].filter(
    (n): n is string => n !== undefined,
  );
}
