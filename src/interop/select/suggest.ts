/**
 * The selection report: each column profiled on its own (missingness, near-constant, rare
 * mutations), then every comparable pair screened for redundancy, then one column kept from each
 * redundant group. Redundancy is resolved greedily, as caret's `findCorrelation` does: columns in
 * order of priority (what the schema needs, then clinical role, then least missing, then schema
 * order), each dropped when it is redundant with one already kept — so a chain a≈b≈c whose ends are
 * not alike keeps both ends.
 */
import { DataError, UsageError } from '../../core/errors.js';
import type { ColumnRole, ColumnSpec, Schema } from '../../data/schema.js';
import type { Table } from '../../data/table.js';
import { type PairAssociation, screenAssociations } from './associations.js';
import { SelectOptions, type SelectOptionsInput } from './options.js';
import { type ColumnProfile, profileColumn } from './profile.js';
import { protectionOf, rulesNaming } from './schema-needs.js';
import type { Association, ColumnSelection, Selection } from './selection.js';

/** Which of two redundant columns a clinician would rather keep: lower first. */
const ROLE_RANK: Record<ColumnRole, number> = {
  target: 0,
  time: 1,
  event: 2,
  centre: 3,
  id: 4,
  mutation: 5,
  feature: 6,
};

const METHOD_LABEL = { spearman: '|Spearman ρ|', cramers_v: "Cramér's V", eta: 'η' } as const;
const percent = (share: number) => `${(100 * share).toFixed(1)}%`;

interface Draft {
  spec: ColumnSpec;
  profile: ColumnProfile;
  protectedBy: string | null;
  rules: string[];
  suggestion: 'keep' | 'drop';
  reasons: string[];
  redundantWith: Association[];
}

export function parseSelectOptions(input: SelectOptionsInput = {}): SelectOptions {
  const parsed = SelectOptions.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const option = String(issue.path[0] ?? '');
  throw new UsageError(`${option}: ${issue.message}`, option);
}

/** Missing and near-constant columns, decided one by one. */
function judgeAlone(draft: Draft, options: SelectOptions): void {
  const { profile, spec } = draft;
  const problems: string[] = [];
  if (profile.missing > options.maxMissing)
    problems.push(
      `missing in ${percent(profile.missing)} of rows (more than ${percent(options.maxMissing)})`,
    );
  if (spec.role === 'mutation' && profile.distinct > 1) {
    if (profile.rare) {
      const rare = `rare mutation: ${percent(profile.carriers ?? 0)} carriers (fewer than ${percent(options.rareMutation)})`;
      if (options.dropRare) problems.push(rare);
      else draft.reasons.push(`${rare}; kept (rare mutations are dropped only when asked)`);
    }
  } else if (profile.nearConstant) problems.push(profile.nearConstantReason);
  if (!problems.length) return;
  if (draft.protectedBy) {
    draft.reasons.push(...problems.map((p) => `${p}; kept: ${draft.protectedBy}`));
    return;
  }
  draft.suggestion = 'drop';
  draft.reasons.push(...problems);
}

function priority(a: Draft, b: Draft): number {
  return (
    Number(a.protectedBy === null) - Number(b.protectedBy === null) ||
    Number(a.suggestion === 'drop') - Number(b.suggestion === 'drop') ||
    ROLE_RANK[a.spec.role] - ROLE_RANK[b.spec.role] ||
    a.profile.missing - b.profile.missing ||
    b.rules.length - a.rules.length
  );
}

function describePair(pair: PairAssociation): string {
  return `${METHOD_LABEL[pair.method]} ${pair.value.toFixed(3)} on ${pair.n} rows`;
}

/** One column kept per redundant group; the others dropped unless the schema needs them. */
function resolveRedundancy(drafts: Draft[], pairs: PairAssociation[]): void {
  const byName = new Map(drafts.map((d) => [d.spec.name, d]));
  const partners = new Map<string, PairAssociation[]>();
  for (const pair of pairs) {
    for (const [self, other] of [
      [pair.a, pair.b],
      [pair.b, pair.a],
    ]) {
      partners.set(self, [...(partners.get(self) ?? []), pair]);
      byName
        .get(self)
        ?.redundantWith.push({ column: other, method: pair.method, value: pair.value, n: pair.n });
    }
  }
  // Stable sort: equal priority keeps schema order.
  const ordered = [...drafts].sort(priority);
  const kept = new Set<string>();
  for (const draft of ordered) {
    const name = draft.spec.name;
    if (draft.suggestion === 'drop') continue;
    const twin = (partners.get(name) ?? []).find((p) => kept.has(p.a === name ? p.b : p.a));
    if (twin) {
      const other = twin.a === name ? twin.b : twin.a;
      const why = `redundant with '${other}' (${describePair(twin)})`;
      if (draft.protectedBy) draft.reasons.push(`${why}; kept: ${draft.protectedBy}`);
      else {
        draft.suggestion = 'drop';
        draft.reasons.push(`${why}, which is kept`);
      }
    }
    if (draft.suggestion === 'keep') kept.add(name);
  }
}

/** Groups of columns connected by redundant pairs (union–find), in schema order. */
function clustersOf(names: readonly string[], pairs: PairAssociation[]): string[][] {
  const parent = new Map(names.map((n) => [n, n]));
  const root = (n: string): string => {
    let r = n;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(n, r);
    return r;
  };
  for (const { a, b } of pairs) parent.set(root(a), root(b));
  const groups = new Map<string, string[]>();
  for (const n of names) groups.set(root(n), [...(groups.get(root(n)) ?? []), n]);
  return [...groups.values()].filter((g) => g.length > 1);
}

/**
 * The suggested selection for a table and its schema. Nothing is removed here: the report says
 * what would be and why; the user edits `retained`, then `applySelection` trims the table.
 */
export function suggestSelection(table: Table, schema: Schema, input: SelectOptionsInput = {}): Selection {
  const options = parseSelectOptions(input);
  const drafts: Draft[] = table.names.map((name) => {
    const spec = schema.columns.find((c) => c.name === name);
    if (!spec) throw new DataError({ column: name }, 'the table holds a column its schema does not declare');
    return {
      spec,
      profile: profileColumn(spec, table.column(name), options),
      protectedBy: protectionOf(schema, name),
      rules: rulesNaming(schema, name),
      suggestion: 'keep',
      reasons: [],
      redundantWith: [],
    };
  });
  for (const draft of drafts) judgeAlone(draft, options);
  const empty = new Set(drafts.filter((d) => d.profile.distinct <= 1).map((d) => d.spec.name));
  const screen = screenAssociations(table, schema, options, empty);
  resolveRedundancy(drafts, screen.redundant);
  for (const draft of drafts)
    if (draft.suggestion === 'drop' && draft.rules.length)
      draft.reasons.push(
        `named by ${draft.rules.length} schema rule(s), removed with it: ${draft.rules.join('; ')}`,
      );
  const columns: ColumnSelection[] = drafts.map((d) => ({
    name: d.spec.name,
    kind: d.spec.kind,
    role: d.spec.role,
    missing: d.profile.missing,
    topShare: d.profile.topShare,
    distinct: d.profile.distinct,
    nearConstant: d.profile.nearConstant,
    ...(d.profile.carriers === undefined ? {} : { carriers: d.profile.carriers, rare: d.profile.rare }),
    redundantWith: d.redundantWith.sort((p, q) => q.value - p.value),
    protectedBy: d.protectedBy,
    suggestion: d.suggestion,
    reasons: d.reasons,
  }));
  return {
    version: 1,
    rows: table.nRows,
    thresholds: options,
    columns,
    clusters: clustersOf(table.names, screen.redundant),
    notCompared: screen.notCompared,
    retained: columns.filter((c) => c.suggestion === 'keep').map((c) => c.name),
    dropped: columns.filter((c) => c.suggestion === 'drop').map((c) => c.name),
  };
}
