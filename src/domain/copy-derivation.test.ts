import { describe, expect, it } from 'vitest';
import { type Schema, safeParseSchema } from '../data/schema.js';
import { codeColumn, numberColumn, Table } from '../data/table.js';
import { copyBreaks, describeCopy } from './copy-derivation.js';
import { applyDerivations, copiedColumns } from './derivations.js';

const NA = Number.NaN;

/** Four patients: two relapsed (rows 0, 2), one in CR without relapse, one never in CR. */
function patients(relapseDays: number[]): Table {
  return new Table([
    ['relapse', codeColumn([1, 0, 1, 0], ['0', '1'])],
    ['rfs_days', numberColumn([120, 900, 300, NA])],
    ['relapse_days', numberColumn(relapseDays)],
  ]);
}

const copy = {
  type: 'derived' as const,
  column: 'relapse_days',
  from: 'rfs_days',
  when: [{ column: 'relapse', equals: '1' }],
};

function schemaWith(rules: unknown[]): Schema {
  const result = safeParseSchema({
    version: 1,
    columns: [
      { name: 'relapse', kind: 'boolean', categories: ['0', '1'] },
      { name: 'rfs_days', kind: 'integer', role: 'time', unit: 'days' },
      { name: 'relapse_days', kind: 'integer', role: 'time', unit: 'days' },
      { name: 'efs_days', kind: 'integer', role: 'time', unit: 'days' },
      { name: 'diagnosis', kind: 'date' },
      { name: 'grade', kind: 'categorical', categories: ['low', 'high'] },
    ],
    rules,
  });
  if (!result.success) throw new Error(result.issues.map((i) => i.message).join('; '));
  return result.data;
}

function issuesOf(rules: unknown[]): string[] {
  const result = safeParseSchema({
    version: 1,
    columns: [
      { name: 'relapse', kind: 'boolean', categories: ['0', '1'] },
      { name: 'rfs_days', kind: 'integer' },
      { name: 'relapse_days', kind: 'integer' },
      { name: 'rfs_score', kind: 'numeric' },
      { name: 'diagnosis', kind: 'date' },
      { name: 'grade', kind: 'categorical', categories: ['low', 'high'] },
    ],
    rules,
  });
  return result.success ? [] : result.issues.map((i) => `${i.code} ${i.column}: ${i.message}`);
}

describe('a copied column', () => {
  it("holds the source's value where the condition holds, missing elsewhere", () => {
    const derived = applyDerivations(patients([5, 7, 8, 9]), schemaWith([copy]));
    expect([...derived.numbers('relapse_days')]).toEqual([120, NA, 300, NA]);
    expect(derived.names).toEqual(['relapse', 'rfs_days', 'relapse_days']);
  });

  it('is added when the table lacks it (no generator models it), and left alone without its inputs', () => {
    const bare = patients([0, 0, 0, 0]).select(['relapse', 'rfs_days']);
    expect([...applyDerivations(bare, schemaWith([copy])).numbers('relapse_days')]).toEqual([
      120,
      NA,
      300,
      NA,
    ]);
    const noSource = patients([1, 2, 3, 4]).select(['relapse', 'relapse_days']);
    expect(applyDerivations(noSource, schemaWith([copy]))).toBe(noSource);
  });

  it('copies a copy after its source, whatever the rules’ order', () => {
    const chained = schemaWith([{ type: 'derived', column: 'efs_days', from: 'relapse_days' }, copy]);
    const derived = applyDerivations(patients([NA, NA, NA, NA]), chained);
    expect([...derived.numbers('efs_days')]).toEqual([120, NA, 300, NA]);
    expect(copiedColumns(chained)).toEqual(new Set(['efs_days', 'relapse_days']));
  });

  it('names the rows that break it: a different time, or a time where none belongs', () => {
    expect(copyBreaks(patients([120, NA, 300, NA]), { ...copy })).toEqual([]);
    expect(copyBreaks(patients([121, NA, 300, 40]), { ...copy })).toEqual([0, 3]);
    expect(copyBreaks(patients([NA, NA, 300, NA]), { ...copy })).toEqual([0]);
    expect(describeCopy(copy)).toBe('relapse_days = rfs_days when relapse = 1, else missing');
  });
});

describe('the schema refuses a copy it cannot honour', () => {
  it('accepts a copy between two integer times', () => {
    expect(issuesOf([copy])).toEqual([]);
  });

  it('needs exactly one of derivation and from, and when only with from', () => {
    expect(issuesOf([{ type: 'derived', column: 'relapse_days' }])).toEqual([
      'invalid_input relapse_days: rules.0.derivation: a derived rule needs exactly one of derivation (a named derivation) and from (a column to copy)',
    ]);
    expect(issuesOf([{ ...copy, derivation: 'eln2022' }])[0]).toMatch(/exactly one of derivation/);
    expect(
      issuesOf([{ type: 'derived', column: 'grade', derivation: 'eln2022', when: copy.when }])[0],
    ).toMatch(/when belongs to a copy/);
  });

  it('names an undeclared source, a condition on an unknown value, a self-copy', () => {
    expect(issuesOf([{ ...copy, from: 'rfs' }])).toEqual([
      "unknown_column rfs: the derived rule 'derived relapse_days = rfs when relapse = 1' names a column the schema does not declare",
    ]);
    expect(issuesOf([{ ...copy, when: [{ column: 'relapse', equals: 'yes' }] }])[0]).toMatch(
      /unknown_value relapse: .* tests for 'yes'/,
    );
    expect(issuesOf([{ ...copy, from: 'relapse_days' }])[0]).toMatch(
      /derived_input relapse_days: .* copies the column onto itself/,
    );
  });

  it('copies only between number columns of one kind', () => {
    expect(issuesOf([{ ...copy, from: 'grade' }])[0]).toMatch(
      /incompatible_kind grade: .* both columns must be numeric, integer or date, not categorical/,
    );
    expect(issuesOf([{ ...copy, from: 'diagnosis' }])[0]).toMatch(
      /incompatible_kind diagnosis: .* copies diagnosis \(date\) into relapse_days \(integer\)/,
    );
    expect(issuesOf([{ ...copy, from: 'rfs_score' }])[0]).toMatch(
      /incompatible_kind rfs_score: .* copies rfs_score \(numeric\) into relapse_days \(integer\)/,
    );
  });

  it('refuses two copies that fill each other', () => {
    expect(
      issuesOf([
        { type: 'derived', column: 'relapse_days', from: 'rfs_days' },
        { type: 'derived', column: 'rfs_days', from: 'relapse_days' },
      ]),
    ).toEqual([
      'derived_cycle relapse_days: derived columns depend on each other in a cycle (relapse_days ← rfs_days ← relapse_days); one of them must be data',
    ]);
  });
});
