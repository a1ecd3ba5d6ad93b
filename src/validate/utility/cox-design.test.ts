import { beforeAll, describe, expect, it } from 'vitest';
import { codeColumn, type Table } from '../../data/table.js';
import { survivalInput } from '../../survival/index.js';
import { coxDesign } from './cox-design.js';
import { type UtilityReport, utility } from './index.js';
import { type AmlTables, amlHalves, amlInput, independentSample } from './test-support/aml.js';

const os = { name: 'os', time: 'os_days', event: 'os_status', eventValue: '1' };

/** `column` copied as `name`, with the given rows relabelled to `level` (appended, or put first). */
function relabel(table: Table, column: string, name: string, rows: number[], level: string, first = false) {
  const { codes, levels } = table.codes(column);
  const shift = first ? 1 : 0;
  const out = Int32Array.from(codes, (c) => (c < 0 ? c : c + shift));
  const code = first ? 0 : levels.length;
  for (const r of rows) out[r] = code;
  return table.withColumn(name, codeColumn(out, first ? [level, ...levels] : [...levels, level]));
}

/**
 * Rows with a known ELN risk: `events` with an OS event and `censored` without, after skipping the
 * first `skip` of each (so that two picks do not overlap).
 */
function pick(table: Table, events: number, censored: number, skip = 0): number[] {
  const rows = survivalInput(table, { ...os, others: ['eln2022'] }).rows;
  const status = table.codes('os_status');
  const dead = [...rows].filter((r) => status.levels[status.codes[r]] === '1');
  const alive = [...rows].filter((r) => status.levels[status.codes[r]] !== '1');
  return [...dead.slice(skip, skip + events), ...alive.slice(skip, skip + censored)];
}

describe('Cox terms only on levels held by enough real patients', () => {
  let tables: AmlTables;
  let real: Table;
  let synthetic: Table;
  beforeAll(() => {
    tables = amlHalves(1200, 7);
    // `risk` (ELN): 3 real patients in a level of their own, 12 (3 with an event) in another;
    // `risk_first` (treatment): a first category held by 4 real patients.
    const t = tables.real;
    real = relabel(t, 'eln2022', 'risk', pick(t, 2, 1), 'very_adverse');
    real = relabel(real, 'risk', 'risk', pick(t, 3, 9, 10), 'lucky');
    real = relabel(real, 'treatment', 'risk_first', pick(t, 2, 2), 'none', true);
    // The synthetic table holds the rare levels in plenty: they are left out there too.
    const s = independentSample(1200, 8);
    synthetic = relabel(s, 'eln2022', 'risk', pick(s, 30, 30), 'very_adverse');
    synthetic = relabel(synthetic, 'risk', 'risk', pick(s, 30, 30, 40), 'lucky');
    synthetic = relabel(synthetic, 'treatment', 'risk_first', pick(s, 20, 20), 'none', true);
  });

  it('codes only levels of ≥ max(10, smallCell) real patients, reference the first category', () => {
    const design = coxDesign(real, tables.schema, os, ['age', 'risk'], 5);
    const { levels } = real.codes('risk');
    expect(design.levels.get('risk')?.map((c) => levels[c])).toEqual([
      'favourable',
      'intermediate',
      'adverse',
      'lucky',
    ]);
    expect(design.notes).toContainEqual({
      column: 'risk',
      note: expect.stringMatching(/'very_adverse' held by fewer than 10 real patients: left out/),
    });
    // 12 patients but 3 events: modelled, its hazard ratio not reported.
    expect([...design.hidden]).toEqual(['risklucky']);
    expect(design.notes).toContainEqual({
      column: 'risk',
      note: "'lucky' vs 'favourable': fewer than 5 real events, so its hazard ratio is not reported",
    });
    // smallCell 20: the 12-patient level is left out too.
    const strict = coxDesign(real, tables.schema, os, ['age', 'risk'], 20);
    expect(strict.levels.get('risk')?.map((c) => levels[c])).toEqual([
      'favourable',
      'intermediate',
      'adverse',
    ]);
  });

  it('takes the most frequent level as reference when the first category is rare, and says so', () => {
    const design = coxDesign(real, tables.schema, os, ['risk_first'], 5);
    const { codes, levels } = real.codes('risk_first');
    const reference = design.levels.get('risk_first')![0];
    const count = (c: number) => codes.filter((x) => x === c).length;
    for (const c of design.levels.get('risk_first')!)
      expect(count(reference)).toBeGreaterThanOrEqual(count(c));
    expect(levels[reference]).not.toBe('none');
    expect(design.notes.map((n) => n.note)).toContainEqual(
      expect.stringMatching(new RegExp(`^reference '${levels[reference]}', the most frequent level`)),
    );
  });

  describe('in a validation, for terms given in the options', () => {
    let report: UtilityReport;
    beforeAll(() => {
      report = utility(
        amlInput({ ...tables, real }, synthetic, { targets: [], endpoints: [tables.schema.endpoints[0]] }),
        { coxTerms: ['age', 'risk', 'risk_first'] },
      );
    });

    it('publishes no hazard ratio about a handful of real patients', () => {
      const cox = report.cox[0];
      const shown = cox.hazardRatios.map((h) => h.label);
      expect(shown).toContain('Risk adverse vs favourable');
      for (const h of cox.hazardRatios) {
        expect(['very_adverse', 'lucky', 'none']).not.toContain(h.level);
        expect(h.reference).not.toBe('none');
      }
      // The synthetic table's very_adverse rows are left out as the real ones are: nothing unmatched.
      expect(cox.unmatched).toEqual([]);
      expect(cox.covariates.notes.map((n) => n.column)).toEqual(
        expect.arrayContaining(['risk', 'risk_first']),
      );
      expect(JSON.stringify(report)).not.toMatch(/risk_?first(none|.*vs none)|riskvery_adverse|risklucky/);
    });
  });

  it('refuses a term left with fewer than two well-filled levels', () => {
    const { codes, levels } = tables.real.codes('eln2022');
    const few = codeColumn(
      Int32Array.from(codes, (c, r) => (c < 0 ? c : r < 8 ? 0 : 1)),
      levels,
    );
    expect(() =>
      coxDesign(tables.real.withColumn('eln2022', few), tables.schema, os, ['eln2022'], 5),
    ).toThrow(/fewer than two levels held by 10 or more real patients/);
  });
});
