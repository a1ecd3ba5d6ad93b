/**
 * Which columns are measured after baseline. Conditioning a survival analysis on them (as a Cox
 * covariate or a stratifier) is immortal-time bias: a patient must survive long enough to be
 * transplanted, to reach remission or to relapse, so such a column absorbs or reverses the endpoint
 * instead of describing the patients at diagnosis (Anderson, Cain & Gelber 1983, J Clin Oncol 1:710).
 */
import type { Schema } from '../../data/schema.js';

/**
 * Name stems of post-baseline events in haematology and oncology: transplant (HSCT, SCT, BMT),
 * response (CR, CRi, remission, MRD after induction), relapse and progression, and the
 * endpoint families (RFS, EFS, DFS, PFS, LFS). Short stems match a whole word of the name
 * (`cr_days`, not `crp`); long stems also match a word they begin (`transplanted`, `responder`).
 */
const SHORT_STEMS = new Set([
  'hsct',
  'sct',
  'allosct',
  'autosct',
  'bmt',
  'cr',
  'cri',
  'crh',
  'mrd',
  'rfs',
  'efs',
  'dfs',
  'pfs',
  'lfs',
  'death',
  'died',
  'dead',
]);
const LONG_STEMS = ['transplant', 'respon', 'remission', 'relaps', 'progress', 'consolidat', 'maintenance'];

/** The words of a column name: split at `_`, `-`, `.`, spaces and lower-to-upper case changes. */
function words(name: string): string[] {
  return name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** The post-baseline stem a column's name carries, if any. */
export function postBaselineStem(name: string): string | undefined {
  for (const word of words(name)) {
    const bare = word.replace(/\d+$/, '');
    if (SHORT_STEMS.has(word) || SHORT_STEMS.has(bare)) return bare || word;
    const long = LONG_STEMS.find((s) => word.startsWith(s));
    if (long) return long;
  }
  return undefined;
}

/**
 * Every column that lies after baseline, with the reason: by role (time, event, target), by a rule
 * tying it to a time or event column (relapse ⇒ relapse_days; response = early death ⇒ os_status),
 * or by its name (see the stems above).
 */
export function postBaselineColumns(schema: Schema): Map<string, string> {
  const role = new Map(schema.columns.map((c) => [c.name, c.role]));
  const isOutcome = (name: string) => role.get(name) === 'time' || role.get(name) === 'event';
  const out = new Map<string, string>();
  for (const c of schema.columns)
    if (c.role === 'time' || c.role === 'event' || c.role === 'target') out.set(c.name, `${c.role} column`);
  for (const rule of schema.rules) {
    if (rule.type !== 'implies') continue;
    const names = [...rule.if.map((c) => c.column), rule.then.column];
    const outcome = names.find(isOutcome);
    if (!outcome) continue;
    for (const name of names)
      if (!isOutcome(name) && !out.has(name))
        out.set(name, `a schema rule ties it to the outcome column ${outcome}`);
  }
  for (const c of schema.columns) {
    if (out.has(c.name) || c.role === 'id' || c.role === 'centre') continue;
    const stem = postBaselineStem(c.name);
    if (stem) out.set(c.name, `its name says it happens after diagnosis (${stem})`);
  }
  return out;
}

/** The post-baseline columns as a set (stratifiers and TSTR features leave them out). */
export function outcomeColumns(schema: Schema): Set<string> {
  return new Set(postBaselineColumns(schema).keys());
}
