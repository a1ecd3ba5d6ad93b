/**
 * Matching a centre's category labels to the consortium's: `Male `, `M` and `male` are one level,
 * `Intensive chemo` is `intensive`, `résistant` is `resistant`. Tried in order, the first step
 * that finds a level decides:
 *
 * 1. the same normalised text (case, accents, spaces, `_` `-` `.` ignored): high confidence;
 * 2. a synonym group holding both (M/male/man, F/female/woman, yes/true/1 …): high, except the
 *    numeric codes of sex (ISO/IEC 5218: 1 male, 2 female), which registries do not all follow:
 *    low;
 * 3. every word of one level among the label's words (`intensive chemo` ⊇ `intensive`): the level
 *    with most words wins; medium;
 * 4. a small edit distance (Levenshtein ≤ 1 from 4 characters, ≤ 2 from 8): medium. Short codes
 *    (`CR`, `PR`) are too close to each other for this step.
 *
 * Several levels equally good at the deciding step make the match ambiguous: it is reported
 * with its candidates and proposed to no level.
 */

export type Confidence = 'high' | 'medium' | 'low';
export type LabelMatchKind = 'normalised' | 'synonym' | 'words' | 'edit';

export interface LabelMatch {
  /** The consortium level, or null when none or several match. */
  readonly to: string | null;
  readonly match: LabelMatchKind | null;
  readonly confidence: Confidence | null;
  /** The levels that tied (ambiguous) — empty otherwise. */
  readonly candidates: readonly string[];
}

/** Lower case, no accents, one space between words. */
export function normaliseLabel(label: string): string {
  return label
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\s_\-.]+/g, ' ')
    .trim();
}

/** Labels that mean the same, normalised; a level matches through the group holding it. */
const SYNONYMS: readonly (readonly string[])[] = [
  ['male', 'm', 'man', 'men', 'masculine', 'masculin', 'masculino', 'maschile', 'mannlich', 'homme'],
  ['female', 'f', 'woman', 'women', 'w', 'feminine', 'feminin', 'femenino', 'femminile', 'weiblich', 'femme'],
  ['1', 'yes', 'y', 'true', 't', 'ja', 'oui', 'si', 'positive', 'pos', '+', 'present', 'mutated'],
  ['0', 'no', 'n', 'false', 'nein', 'non', 'negative', 'neg', '-', 'absent', 'wild type', 'wt'],
];

/** Codes that mean a sex only by a convention not every registry keeps. */
const SEX_CODES: ReadonlyMap<string, string> = new Map([
  ['1', 'male'],
  ['2', 'female'],
]);

export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(
        previous[j] + 1,
        current[j - 1] + 1,
        previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    previous = current;
  }
  return previous[b.length];
}

function allowedEdits(length: number): number {
  return length >= 8 ? 2 : length >= 4 ? 1 : 0;
}

function decided(levels: readonly string[], match: LabelMatchKind, confidence: Confidence): LabelMatch {
  if (levels.length === 1) return { to: levels[0], match, confidence, candidates: [] };
  return { to: null, match, confidence: null, candidates: [...levels] };
}

const NO_MATCH: LabelMatch = { to: null, match: null, confidence: null, candidates: [] };

/** The consortium level `label` stands for (see the steps above). */
export function matchLabel(label: string, levels: readonly string[]): LabelMatch {
  const l = normaliseLabel(label);
  const normalised = levels.map(normaliseLabel);
  const same = levels.filter((_, k) => normalised[k] === l);
  if (same.length > 0) return decided(same, 'normalised', 'high');

  const synonyms = levels.filter((_, k) => SYNONYMS.some((g) => g.includes(l) && g.includes(normalised[k])));
  if (synonyms.length > 0) return decided(synonyms, 'synonym', 'high');
  const sex = SEX_CODES.get(l);
  const coded = levels.filter((_, k) => sex !== undefined && normalised[k] === sex);
  if (coded.length > 0) return decided(coded, 'synonym', 'low');

  const words = new Set(l.split(' '));
  let most = 0;
  let covered: string[] = [];
  levels.forEach((level, k) => {
    const own = normalised[k].split(' ');
    if (!own.every((w) => words.has(w))) return;
    if (own.length > most) [most, covered] = [own.length, [level]];
    else if (own.length === most) covered.push(level);
  });
  if (covered.length > 0) return decided(covered, 'words', 'medium');

  const reach = allowedEdits(l.length);
  if (reach === 0) return NO_MATCH;
  let nearest = reach + 1;
  let close: string[] = [];
  levels.forEach((level, k) => {
    if (allowedEdits(normalised[k].length) === 0) return;
    const d = levenshtein(l, normalised[k]);
    if (d < nearest) [nearest, close] = [d, [level]];
    else if (d === nearest) close.push(level);
  });
  return nearest <= reach ? decided(close, 'edit', 'medium') : NO_MATCH;
}
