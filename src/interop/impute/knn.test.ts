import { describe, expect, it } from 'vitest';
import { parseSchema } from '../../data/schema.js';
import { codeColumnFromStrings, numberColumn, Table } from '../../data/table.js';
import { knnImpute } from './knn.js';

const NaN_ = Number.NaN;

function cohort() {
  return new Table([
    ['patient_id', codeColumnFromStrings(['p1', 'p2', 'p3', 'p4', 'p5', 'p6'])],
    ['centre', codeColumnFromStrings(['A', 'A', 'B', 'B', 'A', 'B'])],
    ['age', numberColumn([30, 31, 70, 71, 32, NaN_])],
    ['wbc', numberColumn([5, 6, 50, 55, NaN_, 52])],
    ['npm1', codeColumnFromStrings(['no', 'no', 'yes', 'yes', null, 'yes'], ['no', 'yes'])],
    ['os_days', numberColumn([100, 200, NaN_, 400, 500, 600])],
  ]);
}

const schema = parseSchema({
  version: 1,
  columns: [
    { name: 'patient_id', kind: 'categorical', role: 'id' },
    { name: 'centre', kind: 'categorical', role: 'centre' },
    { name: 'age', kind: 'integer', min: 18, max: 100 },
    { name: 'wbc', kind: 'numeric', min: 0 },
    { name: 'npm1', kind: 'boolean', role: 'mutation', categories: ['no', 'yes'] },
    { name: 'os_days', kind: 'numeric', role: 'time' },
  ],
});

describe('knnImpute', () => {
  it('fills features and mutations from the nearest rows, never ids, centres or times', () => {
    const { table, plan, filled } = knnImpute(cohort(), schema, { k: 2 });
    expect(plan.imputed.map((p) => p.name)).toEqual(['age', 'wbc', 'npm1']);
    expect(plan.untouched.map((u) => u.name)).toEqual(['patient_id', 'centre', 'os_days']);
    expect(filled).toEqual({ age: 1, wbc: 1, npm1: 1 });
    // p5 (age 32) is nearest p1 and p2: their wbc 5 and 6, their npm1 "no"
    expect(table.numbers('wbc')[4]).toBe(5.5);
    expect(table.cell('npm1', 4)).toBe('no');
    // p6 (wbc 52, npm1 yes, centre B) is nearest p3 and p4: age (70 + 71) / 2 rounded, an integer column
    expect(table.numbers('age')[5]).toBe(71);
    expect(Number.isNaN(table.numbers('os_days')[2])).toBe(true);
  });

  it("takes one donor's values when the blend breaks a rule, and reports a row no donor fixes", () => {
    const data = new Table([
      ['a', numberColumn([1, 2, 10, 11, 5])],
      ['b', numberColumn([2, 3, 12, 13, NaN_])],
      ['c', numberColumn([0, 0, 0, 0, 0])],
    ]);
    const ruled = parseSchema({
      version: 1,
      columns: [
        { name: 'a', kind: 'numeric' },
        { name: 'b', kind: 'numeric' },
        { name: 'c', kind: 'numeric' },
      ],
      // b of row 4 blends to 7.5 from its four neighbours; the rule wants b <= 3 when a = 5
      rules: [{ type: 'compare', left: 'b', op: '<=', right: 3, when: [{ column: 'a', in: [5] }] }],
    });
    const { table, repairs } = knnImpute(data, ruled, { k: 4 });
    expect(repairs).toHaveLength(1);
    expect(repairs[0].row).toBe(4);
    expect(repairs[0].donor).toBe(1);
    expect(table.numbers('b')[4]).toBe(3);

    const impossible = parseSchema({
      ...ruled,
      rules: [{ type: 'compare', left: 'b', op: '<=', right: 1, when: [{ column: 'a', in: [5] }] }],
    });
    const second = knnImpute(data, impossible, { k: 4 });
    expect(second.repairs[0].donor).toBeUndefined();
    expect(second.table.numbers('b')[4]).toBe(7.5);
  });

  it('leaves a cell empty that the rules want empty, as the nearest recorded donor has it', () => {
    // a stroke age only with a stroke: KNN fills every missing age, the patients without one too
    const data = new Table([
      ['age', numberColumn([20, 21, 40, 41, 22, 42, 23])],
      ['stroke', codeColumnFromStrings(['0', '0', '1', '1', '0', '1', null], ['0', '1'])],
      ['stroke_age', numberColumn([NaN_, NaN_, 30, 31, NaN_, NaN_, NaN_])],
    ]);
    const strokes = parseSchema({
      version: 1,
      columns: [
        { name: 'age', kind: 'numeric' },
        { name: 'stroke', kind: 'boolean', categories: ['0', '1'] },
        { name: 'stroke_age', kind: 'numeric', nullable: true },
      ],
      rules: [
        {
          type: 'implies',
          if: [{ column: 'stroke', equals: '0' }],
          then: { column: 'stroke_age', missing: true },
        },
        {
          type: 'implies',
          if: [{ column: 'stroke', equals: '1' }],
          then: { column: 'stroke_age', missing: false },
        },
      ],
    });
    const { table, repairs } = knnImpute(data, strokes, { k: 2 });
    // rows 0, 1, 4 (no stroke) and 6 (stroke unknown, nearest the young) were given an age and
    // took it back from a recorded patient without a stroke; row 5 keeps its drawn age
    expect(repairs.map((r) => [r.row, r.donor])).toEqual([
      [0, 1],
      [1, 0],
      [4, 1],
      [6, 4],
    ]);
    expect([...table.numbers('stroke_age')].map((v) => (Number.isNaN(v) ? null : v))).toEqual([
      null,
      null,
      30,
      31,
      null,
      30.5,
      null,
    ]);
    expect(table.cell('stroke', 6)).toBe('0');
  });

  it('is deterministic and leaves observed cells alone', () => {
    const a = knnImpute(cohort(), schema, { k: 3, weights: 'distance' }).table;
    const b = knnImpute(cohort(), schema, { k: 3, weights: 'distance' }).table;
    expect([...a.numbers('wbc')]).toEqual([...b.numbers('wbc')]);
    expect(a.numbers('wbc')[0]).toBe(5);
  });
});
