/**
 * Survival endpoints found by name and confirmed by data. Names propose: a time column is named
 * with a time stem (`os_days`, `rfs_months`, `ptime`, `dtime`, `futime`, `time`), an event column
 * with an event stem (`os_status`, `pstat`, `death`, `recur`, `status`, `event`). Data confirms: the
 * time is a non-negative number recorded wherever the event is, and the event has two values
 * (0/1, R's 1/2 where 2 is the event, TRUE/FALSE, yes/no, alive/dead) — or three (0/1/2, as in
 * R's `pbc`), taken with the largest as the event and a warning to check it.
 *
 * Pairs are scored and taken best first, each column once:
 *   3  same prefix (`os_days` + `os_status`, `ptime` + `pstat`, `rfstime` + `rfs_event`);
 *   2  the event word starts with the time's prefix (`dtime` + `death`, `rtime` + `recur`);
 *   1½ a generic event (`status`, `event`, `death`, …) for a generic time (`time` + `status`,
 *      `futime` + `death`), before
 *   1  a generic event for a time with a prefix nothing better claims (`rfstime` + `status`), so
 *      that `time` + `status` wins over a lab such as `protime` (prothrombin time).
 * A time with two equally good events (or an event two times want equally) is reported as
 * ambiguous and left for the user to declare, never guessed.
 */
import type { Draft } from './infer-schema.js';
import type { SurvivalEndpoint } from './schema.js';

const TIME_NAME = /^(.*?)[_.]?(days|months|years|weeks|time)$/i;
const EVENT_NAME =
  /^(.*?)[_.]?(status|stat|event|dead|death|died|deceased|recur|recurrence|relapse|relapsed|progression|progressed)$/i;
const GENERIC_EVENT = /^(?:status|event|dead|death|died|deceased)$/i;
/** Prefixes of a follow-up time that names no particular event (`time`, `futime`, `survival_months`). */
const GENERIC_TIME_PREFIX = /^(?:|fu|follow_?up|surv|survival)$/;
/** `age_years`, `age_at_diagnosis_years`: a time stem that is not a follow-up time. */
const NOT_A_TIME = /^age/i;
const EVENT_WORD = /^(?:dead|died|deceased|death|event|relapse|relapsed|progression|progressed|yes|true|1)$/i;
/** A time missing on more than this share of the rows that have an event is another kind of column. */
const MAX_TIME_MISSING = 0.05;

export interface EndpointInference {
  endpoints: SurvivalEndpoint[];
  /** Ambiguous pairings and unusual event codings, for the user to check. */
  warnings: string[];
}

interface Candidate {
  time: Draft;
  event: Draft;
  score: number;
  eventValue: string;
}

/** A time-named column: its prefix (`os` of `os_days`, `d` of `dtime`) and unit stem. */
export function timeStem(name: string): { prefix: string; unit: string; separated: boolean } | undefined {
  if (NOT_A_TIME.test(name)) return undefined;
  const match = TIME_NAME.exec(name);
  if (!match) return undefined;
  const prefix = match[1].toLowerCase();
  const separated = prefix === '' || /[_.]$/.test(name.slice(0, name.length - match[2].length));
  return { prefix, unit: match[2].toLowerCase(), separated };
}

export function inferEndpoints(
  drafts: Draft[],
  timeMissingWithEvent: (time: string, event: string) => number,
): EndpointInference {
  const times = drafts.filter(isTimeCandidate);
  const events = drafts.filter((d) => d.role === 'feature' && EVENT_NAME.test(d.name));
  const candidates: Candidate[] = [];
  const warnings: string[] = [];
  for (const time of times)
    for (const event of events) {
      if (event === time) continue;
      const score = pairScore(time.name, event.name);
      const eventValue = score > 0 ? eventValueOf(event) : undefined;
      if (eventValue === undefined) continue;
      if (timeMissingWithEvent(time.name, event.name) > MAX_TIME_MISSING) continue;
      candidates.push({ time, event, score, eventValue });
    }
  const endpoints: SurvivalEndpoint[] = [];
  const taken = new Set<Draft>();
  for (const score of [3, 2, 1.5, 1]) {
    const open = candidates.filter((c) => c.score === score && !taken.has(c.time) && !taken.has(c.event));
    for (const c of open) {
      if (taken.has(c.time) || taken.has(c.event)) continue;
      const rivals = open.filter((o) => o !== c && (o.time === c.time || o.event === c.event));
      if (rivals.length > 0) {
        const names = [c, ...rivals].map((o) => `${o.time.name}/${o.event.name}`).join(', ');
        warnings.push(
          `${c.time.name}: ambiguous survival endpoint (${names}); declare the right pair in the schema's endpoints`,
        );
        for (const o of [c, ...rivals]) taken.add(o.time).add(o.event);
        continue;
      }
      taken.add(c.time).add(c.event);
      endpoints.push(pair(c, endpoints, warnings));
    }
  }
  return { endpoints, warnings };
}

function isTimeCandidate(d: Draft): boolean {
  return (
    d.role === 'feature' &&
    (d.kind === 'integer' || d.kind === 'numeric') &&
    timeStem(d.name) !== undefined &&
    d.profile.min >= 0
  );
}

function pairScore(timeName: string, eventName: string): number {
  const time = timeStem(timeName)!;
  const match = EVENT_NAME.exec(eventName)!;
  const eventPrefix = match[1].toLowerCase();
  if (time.prefix !== '' && eventPrefix === time.prefix) return 3;
  if (time.prefix !== '' && eventPrefix === '' && match[2].toLowerCase().startsWith(time.prefix)) return 2;
  if (!GENERIC_EVENT.test(eventName)) return 0;
  return GENERIC_TIME_PREFIX.test(time.prefix) ? 1.5 : 1;
}

function pair(c: Candidate, taken: readonly SurvivalEndpoint[], warnings: string[]): SurvivalEndpoint {
  const name = endpointName(c, taken);
  c.time.role = 'time';
  c.time.reasons.push(`paired with ${c.event.name} as endpoint ${name}`);
  c.time.min = 0;
  c.time.reasons.push('min 0: a time cannot be negative');
  c.event.role = 'event';
  c.event.reasons.push(`event of endpoint ${name}, event value '${c.eventValue}'`);
  if (c.event.kind === 'integer' && c.event.profile.distinct.length === 3)
    warnings.push(
      `${c.event.name}: three values (${c.event.profile.distinct.join(', ')}); taken as the event of endpoint ${name} with event value '${c.eventValue}' (as R's pbc codes death); if another value is the event, edit eventValue`,
    );
  return { name, time: c.time.name, event: c.event.name, eventValue: c.eventValue };
}

/**
 * `os` for `os_days`/`os_status`; the event column's name where the time says nothing
 * (`futime`/`death` → `death`, `ptime`/`pstat` → `pstat`); `survival` for `time`/`status`.
 */
function endpointName(c: Candidate, taken: readonly SurvivalEndpoint[]): string {
  const prefix = timeStem(c.time.name)!.prefix.replace(/[_.]+$/, '');
  const base =
    prefix.length >= 2 && !GENERIC_TIME_PREFIX.test(prefix)
      ? prefix
      : /^(?:status|stat|event)$/i.test(c.event.name)
        ? 'survival'
        : c.event.name;
  let name = base;
  for (let k = 2; taken.some((e) => e.name === name); k++) name = `${base}${k}`;
  return name;
}

function eventValueOf(event: Draft): string | undefined {
  if (event.kind === 'boolean') return event.categories![1];
  const values = event.profile.distinct;
  if (event.kind === 'integer' && values.length === 2 && values[0] === 1 && values[1] === 2) return '2';
  if (event.kind === 'integer' && values.length === 3 && values.every((v, i) => v === i)) return '2';
  if (event.kind === 'categorical' && values.length === 2)
    return (values as string[]).find((v) => EVENT_WORD.test(v));
  return undefined;
}
