/**
 * Attribute disclosure, in the shape of Anonymeter's inference attack (Giomi et al. 2023) and the
 * correct-attribution-probability idea of Taub et al. (2018): the attacker knows a patient's
 * quasi-identifiers, finds the synthetic rows nearest to them (Gower distance on the QIs alone)
 * and guesses a sensitive value by majority vote among those rows. Run on training rows, the
 * accuracy mixes disclosure with what the data says about everyone; run on holdout rows, it is
 * only the latter. Their difference, the advantage, is what membership in the training data leaks.
 */
import type { Schema } from '../../data/schema.js';
import type { Table } from '../../data/table.js';
import { buildNeighbourIndex, encodeGower, kNearest } from '../../neighbours/index.js';
import type { AttributeDisclosureReport, AttributeResult } from './report.js';

export interface AttributeInput {
  schema: Schema;
  training: Table;
  synthetic: Table;
  holdout: Table | null;
  quasiIdentifiers: readonly string[];
  sensitive: readonly string[];
  members: ArrayLike<number>;
  nonMembers: ArrayLike<number> | null;
  neighbours: number;
}

/**
 * The default sensitive attributes: categorical event and target columns, then the `extra`
 * categorical features or mutations with the highest entropy in the training data.
 */
export function defaultSensitive(
  schema: Schema,
  training: Table,
  quasiIdentifiers: readonly string[],
  extra: number,
): string[] {
  const candidates = schema.columns.filter(
    (c) =>
      !quasiIdentifiers.includes(c.name) && training.has(c.name) && training.column(c.name).type === 'code',
  );
  const chosen = candidates.filter((c) => c.role === 'event' || c.role === 'target').map((c) => c.name);
  const ranked = candidates
    .filter((c) => c.role === 'feature' || c.role === 'mutation')
    .map((c) => ({ name: c.name, entropy: entropy(training, c.name) }))
    .filter((c) => c.entropy > 0)
    .sort((a, b) => b.entropy - a.entropy);
  return [...chosen, ...ranked.slice(0, extra).map((c) => c.name)];
}

function entropy(table: Table, name: string): number {
  const column = table.codes(name);
  const counts = new Array<number>(column.levels.length).fill(0);
  let n = 0;
  for (const code of column.codes)
    if (code >= 0) {
      counts[code]++;
      n++;
    }
  let h = 0;
  for (const c of counts) if (c > 0) h -= (c / n) * Math.log(c / n);
  return h;
}

export function attributeDisclosure(input: AttributeInput): AttributeDisclosureReport {
  const tables = [input.training, input.synthetic, ...(input.holdout ? [input.holdout] : [])];
  const encoding = encodeGower(input.schema, tables, input.quasiIdentifiers);
  const [trainingQi, syntheticQi, holdoutQi] = encoding.rows;
  const index = buildNeighbourIndex(encoding.space, syntheticQi);
  const k = Math.min(input.neighbours, input.synthetic.nRows);
  const memberHits = kNearest(index, trainingQi, k, { rows: input.members }).indices;
  const nonMemberHits =
    input.nonMembers && holdoutQi ? kNearest(index, holdoutQi, k, { rows: input.nonMembers }).indices : null;
  const attributes = input.sensitive.map((name): AttributeResult => {
    const labels = new LabelIds();
    const synthetic = labels.of(input.synthetic, name);
    const guessFor = (hits: Int32Array, q: number): number => vote(synthetic, hits, q * k, k, labels.size);
    const training = accuracy(labels.of(input.training, name), input.members, memberHits, guessFor);
    const holdout =
      nonMemberHits && input.holdout && input.nonMembers
        ? accuracy(labels.of(input.holdout, name), input.nonMembers, nonMemberHits, guessFor)
        : null;
    const majority = mostCommon(synthetic, labels.size);
    const baseline = accuracy(labels.of(input.training, name), input.members, null, () => majority);
    return {
      name,
      trainingAccuracy: training.accuracy,
      holdoutAccuracy: holdout ? holdout.accuracy : null,
      advantage: holdout ? training.accuracy - holdout.accuracy : null,
      majorityBaseline: baseline.accuracy,
      rows: training.rows,
    };
  });
  const advantages = attributes.flatMap((a) => (a.advantage === null ? [] : [a.advantage]));
  return {
    quasiIdentifiers: [...input.quasiIdentifiers],
    neighbours: k,
    attributes,
    meanAdvantage: advantages.length ? advantages.reduce((s, a) => s + a, 0) / advantages.length : null,
    ...(input.holdout
      ? {}
      : {
          note:
            'no holdout: accuracy above the majority baseline may be what the data says about every ' +
            'patient (population-level inference), not disclosure about training patients',
        }),
  };
}

/** Category labels → ids shared across tables. */
class LabelIds {
  private readonly ids = new Map<string, number>();
  get size(): number {
    return this.ids.size;
  }
  /** The column's codes as shared ids, −1 for missing. */
  of(table: Table, name: string): Int32Array {
    const column = table.codes(name);
    const local = column.levels.map((label) => {
      let id = this.ids.get(label);
      if (id === undefined) {
        id = this.ids.size;
        this.ids.set(label, id);
      }
      return id;
    });
    return column.codes.map((code) => (code < 0 ? -1 : local[code]));
  }
}

/** Majority value among the k neighbours' present values; ties to the lowest id; −1 if none. */
function vote(values: Int32Array, hits: Int32Array, from: number, k: number, size: number): number {
  const counts = new Int32Array(size + 1);
  let best = -1;
  for (let j = from; j < from + k; j++) {
    const r = hits[j];
    const v = r < 0 ? -1 : values[r];
    if (v < 0) continue;
    counts[v]++;
    if (best < 0 || counts[v] > counts[best] || (counts[v] === counts[best] && v < best)) best = v;
  }
  return best;
}

function mostCommon(values: Int32Array, size: number): number {
  const counts = new Int32Array(size + 1);
  for (const v of values) if (v >= 0) counts[v]++;
  let best = -1;
  for (let v = 0; v < size; v++) if (counts[v] > 0 && (best < 0 || counts[v] > counts[best])) best = v;
  return best;
}

function accuracy(
  truth: Int32Array,
  rows: ArrayLike<number>,
  hits: Int32Array | null,
  guess: (hits: Int32Array, q: number) => number,
): { accuracy: number; rows: number } {
  let right = 0;
  let counted = 0;
  const none = new Int32Array(0);
  for (let q = 0; q < rows.length; q++) {
    const t = truth[rows[q]];
    if (t < 0) continue;
    counted++;
    if (guess(hits ?? none, q) === t) right++;
  }
  return { accuracy: counted ? right / counted : 0, rows: counted };
}
