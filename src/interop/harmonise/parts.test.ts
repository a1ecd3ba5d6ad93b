import { describe, expect, it } from 'vitest';
import type { Schema } from '../../data/schema.js';
import { Table } from '../../data/table.js';
import { simulateAml } from '../../simulate/index.js';
import { applyMapping } from './apply.js';
import { harmoniseFindings } from './check.js';
import { HarmoniseReference } from './findings.js';
import { dateEvidence, dateVerdict, decimalEvidence, isoDate, parseNumberText } from './formats.js';
import { levenshtein, matchLabel, normaliseLabel } from './labels.js';
import { proposeMapping } from './mapping.js';
import { codeColumnOfTexts } from './text-table.js';
import { matchUnit, normaliseUnit, quantityOf, unitCandidates } from './units.js';

describe('labels', () => {
  it('normalises case, accents, spaces and separators', () => {
    expect(normaliseLabel('  Résistant_Disease ')).toBe('resistant disease');
    expect(levenshtein('kitten', 'sitting')).toBe(3);
  });

  it('matches through each step, and says which', () => {
    const sex = ['female', 'male'];
    expect(matchLabel('MALE', sex)).toMatchObject({ to: 'male', match: 'normalised', confidence: 'high' });
    expect(matchLabel('F', sex)).toMatchObject({ to: 'female', match: 'synonym', confidence: 'high' });
    expect(matchLabel('1', sex)).toMatchObject({ to: 'male', match: 'synonym', confidence: 'low' });
    expect(matchLabel('yes', ['0', '1'])).toMatchObject({ to: '1', match: 'synonym' });
    const treatment = ['intensive', 'non_intensive'];
    expect(matchLabel('Intensive chemo', treatment)).toMatchObject({ to: 'intensive', match: 'words' });
    expect(matchLabel('non intensive (HMA)', treatment)).toMatchObject({
      to: 'non_intensive',
      match: 'words',
    });
    expect(matchLabel('resistent', ['CR', 'PR', 'resistant'])).toMatchObject({
      to: 'resistant',
      match: 'edit',
    });
  });

  it('leaves short codes to the user and reports ties as ambiguous', () => {
    expect(matchLabel('CRi', ['CR', 'PR'])).toMatchObject({ to: null, match: null });
    expect(matchLabel('intensive', ['intensive A', 'intensive B'])).toEqual({
      to: null,
      match: 'edit',
      confidence: null,
      candidates: ['intensive A', 'intensive B'],
    });
    expect(matchLabel('low dose', ['intensive', 'palliative'])).toMatchObject({ to: null, candidates: [] });
    expect(matchLabel('chemo', ['chemo A', 'chemo B'])).toMatchObject({ to: null });
    expect(matchLabel('arm A B', ['arm A', 'arm B'])).toEqual({
      to: null,
      match: 'words',
      confidence: null,
      candidates: ['arm A', 'arm B'],
    });
  });
});

describe('formats', () => {
  it('reads numbers with either mark, refusing the other', () => {
    expect(parseNumberText('3,5', ',')).toBe(3.5);
    expect(parseNumberText('3,5', '.')).toBeNaN();
    expect(parseNumberText('-1e3')).toBe(-1000);
    expect(parseNumberText('12', ',')).toBe(12);
  });

  it('counts decimal writings, and doubts commas a thousands separator could write', () => {
    expect(
      decimalEvidence([
        ['3,5', 4],
        ['12', 2],
        ['4.1', 1],
        ['n/a', 1],
      ]),
    ).toEqual({
      comma: 4,
      point: 1,
      whole: 2,
      other: 1,
      thousandsLike: false,
    });
    expect(decimalEvidence([['1,234', 3]]).thousandsLike).toBe(true);
  });

  it('decides the date order from parts above 12', () => {
    const verdict = (values: string[]) => dateVerdict(dateEvidence(values.map((v) => [v, 1] as const)));
    expect(verdict(['31/01/2024', '05/02/2024'])).toEqual({
      format: 'DD/MM/YYYY',
      ambiguous: false,
      inconsistent: false,
    });
    expect(verdict(['01.31.2024'])).toMatchObject({ format: 'MM.DD.YYYY' });
    expect(verdict(['01/02/2024', '03/04/2024'])).toEqual({
      format: 'DD/MM/YYYY',
      ambiguous: true,
      inconsistent: false,
    });
    expect(verdict(['31/01/2024', '01/31/2024'])).toEqual({
      format: null,
      ambiguous: false,
      inconsistent: true,
    });
    expect(verdict(['2024-01-31'])).toMatchObject({ format: 'YYYY-MM-DD' });
    expect(isoDate('5/2/2024', 'DD/MM/YYYY')).toBe('2024-02-05');
    expect(isoDate('5/2/2024', 'MM/DD/YYYY')).toBe('2024-05-02');
    expect(isoDate('31/02/2024', 'DD/MM/YYYY')).toBeUndefined();
  });
});

describe('units', () => {
  it('knows spellings of one unit', () => {
    expect(normaliseUnit('umol/L')).toBe(normaliseUnit('µmol/L'));
    expect(normaliseUnit('x10⁹/L')).toBe(normaliseUnit('10^9/L'));
    expect(normaliseUnit('G/L')).toBe(normaliseUnit('10^9/L'));
    expect(normaliseUnit('U/L')).toBe('u/l');
  });

  it('picks the quantity by name, then by a unit only one quantity has', () => {
    expect(quantityOf('Haemoglobin')?.name).toBe('haemoglobin');
    expect(quantityOf('platelets')?.name).toBe('cell count');
    expect(quantityOf('x', 'µkat/L')?.name).toBe('lactate dehydrogenase');
    expect(quantityOf('x', 'mg/dL')).toBeUndefined();
  });

  it('matches a ratio to the nearest conversion of the quantity, before bare prefixes', () => {
    const tolerance = 1.2;
    expect(matchUnit(0.057, unitCandidates('glucose', 'mg/dL'), tolerance)).toMatchObject({
      likely: 'mmol/L',
    });
    expect(matchUnit(85, unitCandidates('creatinine', 'mg/dL'), tolerance)).toMatchObject({
      likely: 'µmol/L',
    });
    expect(matchUnit(1050, unitCandidates('wbc', '10^9/L'), tolerance)).toMatchObject({
      likely: '/µL',
      factor: 1000,
    });
    expect(matchUnit(0.0105, unitCandidates('bm_blasts', '%'), tolerance)).toMatchObject({
      likely: 'fraction',
    });
    expect(matchUnit(0.1, unitCandidates('hb', 'g/L'), tolerance)).toMatchObject({ likely: 'g/dL' });
    const prefix = matchUnit(98, unitCandidates('mystery'), tolerance);
    expect(prefix).toEqual({ factor: 100, distance: expect.closeTo(Math.log(100 / 98), 12) });
    expect(matchUnit(1.5, unitCandidates('hb', 'g/dL'), tolerance)).toBeUndefined();
  });
});

describe('harmoniseFindings at a federated node', () => {
  const { table, schema } = simulateAml({ patients: 300, centres: 3, seed: 2, labUnitShift: true });

  it('finds its own unit against the consortium’s pooled median, and sends aggregates only', () => {
    const rows = Array.from({ length: table.nRows }, (_, i) => i).filter(
      (i) => table.cell('centre', i) === 'C01',
    );
    const local = table
      .take(rows)
      .withColumn(
        'sex',
        codeColumnOfTexts(
          rows.map((i) => (i === rows[0] ? 'Jane Doe' : table.cell('sex', i) === 'male' ? 'M' : 'female')),
        ),
      );
    const reference = HarmoniseReference.parse({ columns: [{ name: 'hb', median: 9.2, iqr: 2.6 }] });
    const findings = harmoniseFindings(local, schema, JSON.parse(JSON.stringify(reference)), {
      centre: 'node-a',
      smallCell: 5,
    });
    expect(findings.map((f) => [f.kind, f.column])).toEqual([
      ['labels', 'sex'],
      ['unit', 'hb'],
    ]);
    expect(findings[1]).toMatchObject({ centre: 'node-a', factor: 10, likely: 'g/L', confidence: 'high' });
    // The free-text label one row holds never leaves the node, not even as a count (1 < k).
    expect(findings[0]).toMatchObject({
      withheldRows: 0,
      labels: [expect.objectContaining({ label: 'M', to: 'male' })],
    });
    expect(JSON.stringify(findings)).not.toContain('Jane');
  });

  it('finds no unit without a reference median', () => {
    expect(harmoniseFindings(table, schema, {})).toEqual([]);
  });

  it('sends a date or decimal-mark finding only when k rows write that way', () => {
    const texts = (n: number, odd: string, usual: (i: number) => string) =>
      codeColumnOfTexts(Array.from({ length: n }, (_, i) => (i === 0 ? odd : usual(i))));
    const local = new Table([
      ['seen', texts(40, '31/01/2024', (i) => `2024-02-${String((i % 28) + 1).padStart(2, '0')}`)],
      ['count', texts(40, '9,5', (i) => String(i))],
    ]);
    const columns: Schema['columns'] = [
      { name: 'seen', kind: 'date', role: 'feature', nullable: true },
      { name: 'count', kind: 'numeric', role: 'feature', nullable: true },
    ];
    const own: Schema = { version: 1, columns, endpoints: [], rules: [] };
    // One row of each says that one patient's date or count is written so: not for a shared answer.
    expect(harmoniseFindings(local, own, {}, { smallCell: 5, rounding: 10 })).toEqual([]);
    expect(harmoniseFindings(local, own).map((f) => f.kind)).toEqual(['date-format', 'decimal-mark']);
  });

  it('rewrites a centre’s day-first dates among ISO ones, and leaves the ISO ones as they are', () => {
    const texts = ['2024-02-01', '31/01/2024', '2024-03-05', '13/12/2023', ...Array(6).fill('2024-04-30')];
    const table = new Table([
      ['centre', codeColumnOfTexts(texts.map(() => 'C01'))],
      ['seen', codeColumnOfTexts(texts)],
    ]);
    const own: Schema = {
      version: 1,
      endpoints: [],
      rules: [],
      columns: [
        { name: 'centre', kind: 'categorical', role: 'centre', nullable: false },
        { name: 'seen', kind: 'date', role: 'feature', nullable: true },
      ],
    };
    const [finding] = harmoniseFindings(table, own);
    expect(finding.explanation).toBe(
      'centre local: seen written as DD/MM/YYYY (2 rows have a part above 12); 8 rows already ISO, left as they are',
    );
    const mapping = proposeMapping(
      {
        format: 'harmonise-findings',
        version: 1,
        centreColumn: 'centre',
        centres: [],
        findings: [{ ...finding, centre: 'C01' }],
      },
      true,
    );
    const { table: after, applied } = applyMapping(table, mapping);
    expect(applied[0]).toMatchObject({ changed: 2, unreadable: 0 });
    const seen = after.codes('seen');
    expect(Array.from(seen.codes, (c) => seen.levels[c]).slice(0, 4)).toEqual([
      '2024-02-01',
      '2024-01-31',
      '2024-03-05',
      '2023-12-13',
    ]);
  });
});
