/**
 * The words that mean false and true in patient tables, as `[false, true]` pairs. A boolean
 * column's levels are `[false label, true label]`, so code 1 is true whatever the words are.
 */
const PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['0', '1'],
  ['no', 'yes'],
  ['false', 'true'],
  ['n', 'y'],
  ['f', 't'],
];

/** 0 for a false word, 1 for a true word (the given labels first, any case), -1 otherwise. */
export function booleanWord(text: string, labels?: readonly string[]): number {
  const lower = text.toLowerCase();
  if (labels) {
    if (labels[0].toLowerCase() === lower) return 0;
    if (labels[1].toLowerCase() === lower) return 1;
  }
  for (const pair of PAIRS) {
    if (pair[0] === lower) return 0;
    if (pair[1] === lower) return 1;
  }
  return -1;
}

/** Writes `word` in the letter case of `like` (`Yes` → `No`, `YES` → `NO`). */
function inCaseOf(word: string, like: string): string {
  if (like === like.toUpperCase() && like !== like.toLowerCase()) return word.toUpperCase();
  if (like[0] === like[0].toUpperCase() && like[0] !== like[0].toLowerCase())
    return word[0].toUpperCase() + word.slice(1);
  return word;
}

/**
 * `[false, true]` labels when every value is a word of one pair (`yes`/`no`, `True`/`False`…),
 * in any mix of letter case; each label keeps the data's first spelling. Undefined otherwise.
 */
export function booleanLabels(values: readonly string[]): [string, string] | undefined {
  if (values.length === 0) return undefined;
  for (const pair of PAIRS) {
    const labels: [string | undefined, string | undefined] = [undefined, undefined];
    const fits = values.every((value) => {
      const at = pair.indexOf(value.toLowerCase());
      if (at >= 0) labels[at] ??= value;
      return at >= 0;
    });
    if (fits) return completed(labels, pair);
  }
  return undefined;
}

function completed(
  labels: [string | undefined, string | undefined],
  pair: readonly [string, string],
): [string, string] {
  const like = (labels[0] ?? labels[1])!;
  return [labels[0] ?? inCaseOf(pair[0], like), labels[1] ?? inCaseOf(pair[1], like)];
}

/** Levels for a boolean column read without labels: the words first seen, completed by their pair. */
export function defaultBooleanLevels(
  seen: readonly [string | undefined, string | undefined],
): [string, string] {
  const like = seen[0] ?? seen[1];
  if (like === undefined) return ['0', '1'];
  const pair = PAIRS.find((p) => p.includes(like.toLowerCase())) ?? PAIRS[0];
  return completed([seen[0], seen[1]], pair);
}
