/**
 * The selection on the simulated AML cohort, with columns added that a real extract carries: an
 * exact duplicate of a lab, the same lab in other units, a near-constant flag, a mostly missing
 * lab, and survival time in months next to the days.
 */
import { describe, expect, test } from 'vitest';
import { parseSchema, type Schema } from '../../data/schema.js';
import { codeColumnFromStrings, numberColumn, type Table } from '../../data/table.js';
import { simulateAml } from '../../simulate/index.js';
import { Selection } from './selection.js';
import { suggestSelection } from './suggest.js';

function extract(): { table: Table; schema: Schema } {
  const { table, schema } = simulateAml({ patients: 600, centres: 3, seed: 13 });
  const hb = table.numbers('hb');
  const n = table.nRows;
  const withExtras = table
    .withColumn('hb_copy', numberColumn(Float64Array.from(hb)))
    .withColumn('hb_mmol', numberColumn(hb.map((v) => v * 0.6206)))
    .withColumn(
      'consent_form',
      codeColumnFromStrings(Array.from({ length: n }, (_, i) => (i === 7 ? 'v1' : 'v2'))),
    )
    .withColumn(
      'ferritin',
      numberColumn(Float64Array.from({ length: n }, (_, i) => (i % 10 < 7 ? Number.NaN : 100 + i))),
    )
    .withColumn('os_months', numberColumn(table.numbers('os_days').map((d) => d / 30.4375)));
  const added = [
    { name: 'hb_copy', kind: 'numeric' },
    { name: 'hb_mmol', kind: 'numeric' },
    { name: 'consent_form', kind: 'categorical', categories: ['v1', 'v2'] },
    { name: 'ferritin', kind: 'numeric' },
    { name: 'os_months', kind: 'numeric' },
  ];
  return { table: withExtras, schema: parseSchema({ ...schema, columns: [...schema.columns, ...added] }) };
}

const { table, schema } = extract();
const selection = suggestSelection(table, schema);
const column = (name: string) => {
  const found = selection.columns.find((c) => c.name === name);
  if (!found) throw new Error(name);
  return found;
};

describe('suggestSelection on the simulated AML cohort', () => {
  test('an exact duplicate and the same lab in other units are dropped, the original kept', () => {
    expect(column('hb').suggestion).toBe('keep');
    for (const twin of ['hb_copy', 'hb_mmol']) {
      expect(column(twin).suggestion).toBe('drop');
      expect(column(twin).reasons.join()).toMatch(
        /redundant with 'hb' \(\|Spearman ρ\| 1\.000 on 600 rows\)/,
      );
    }
    expect(selection.clusters).toContainEqual(['hb', 'hb_copy', 'hb_mmol']);
  });

  test('a near-constant column and a mostly missing one are dropped', () => {
    expect(column('consent_form')).toMatchObject({ suggestion: 'drop', nearConstant: true });
    expect(column('consent_form').reasons[0]).toMatch(/99\.8% of present values are 'v2'/);
    expect(column('ferritin').suggestion).toBe('drop');
    expect(column('ferritin').missing).toBeCloseTo(0.7, 12);
    expect(column('ferritin').reasons[0]).toMatch(/missing in 70\.0% of rows/);
  });

  test('survival times and events are never dropped; a copy of one is', () => {
    for (const name of ['os_days', 'os_status', 'rfs_days', 'rfs_status', 'relapse_days', 'cr_days']) {
      expect(column(name).suggestion).toBe('keep');
      expect(column(name).protectedBy).not.toBeNull();
    }
    // relapse_days: 80% missing (relapsed patients only) and a copy of rfs_days, kept with both said.
    expect(column('relapse_days').reasons.join(' | ')).toMatch(/missing in .* kept: role 'time'/);
    expect(column('os_months').suggestion).toBe('drop');
    expect(column('os_months').reasons[0]).toMatch(/redundant with 'os_days'/);
  });

  test('the survival time is kept even when its duplicate comes first and is complete', () => {
    const first = table.select(['os_months', ...table.names.filter((n) => n !== 'os_months')]);
    const again = suggestSelection(first, schema);
    expect(again.dropped).toContain('os_months');
    expect(again.retained).toContain('os_days');
  });

  test('identifiers, centres and the inputs of a derivation are kept, and say why', () => {
    expect(column('patient_id').protectedBy).toBe("role 'id'");
    expect(column('centre').protectedBy).toBe("role 'centre'");
    expect(column('npm1').protectedBy).toBe("an input of the eln2022 derivation of 'eln2022'");
    expect(column('relapse').protectedBy).toMatch(/copy that fills 'relapse_days'/);
  });

  test('rare mutations are flagged and kept, dropped only when asked (not when a derivation reads them)', () => {
    const rare = selection.columns.filter((c) => c.rare);
    expect(rare.length).toBeGreaterThan(0);
    for (const c of rare) {
      expect(c.suggestion).toBe('keep');
      expect(c.reasons.join()).toMatch(/rare mutation: .* carriers/);
    }
    const dropping = suggestSelection(table, schema, { dropRare: true });
    for (const c of rare) {
      const now = dropping.columns.find((d) => d.name === c.name)!;
      expect(now.suggestion).toBe(c.protectedBy ? 'keep' : 'drop');
    }
  });

  test('retained and dropped split the columns; the report reads back with its schema', () => {
    expect([...selection.retained, ...selection.dropped].sort()).toEqual([...table.names].sort());
    expect([...selection.dropped].sort()).toEqual([
      'consent_form',
      'ferritin',
      'hb_copy',
      'hb_mmol',
      'os_months',
    ]);
    expect(Selection.parse(JSON.parse(JSON.stringify(selection)))).toEqual(selection);
  });

  test('the same table gives the same report', () => {
    expect(suggestSelection(table, schema)).toEqual(selection);
  });

  test('a bad threshold names the option', () => {
    expect(() => suggestSelection(table, schema, { redundancy: 1.5 })).toThrow(/^redundancy:/);
  });
});
