import { describe, expect, it } from 'vitest';
import { codeColumn, Table } from '../../data/table.js';
import { deriveEln2022, ELN2022_INPUTS, type Eln2022Input, elnRisk2022 } from './eln2022.js';

type Flag = (typeof ELN2022_INPUTS)[number];

function patient(...flags: Flag[]): Eln2022Input {
  const p = Object.fromEntries(ELN2022_INPUTS.map((name) => [name, false])) as Eln2022Input;
  for (const flag of flags) p[flag] = true;
  return p;
}

describe('elnRisk2022: each rule of Döhner 2022 table 6', () => {
  it.each<[string, Flag[], string | undefined]>([
    ['no lesion at all', [], 'intermediate'],
    ['t(8;21)', ['cyto_t8_21'], 'favourable'],
    ['inv(16)', ['cyto_inv16'], 'favourable'],
    ['NPM1 without FLT3-ITD', ['npm1'], 'favourable'],
    ['bZIP (biallelic) CEBPA', ['cebpa_bi'], 'favourable'],
    ['NPM1 with FLT3-ITD', ['npm1', 'flt3_itd'], 'intermediate'],
    ['FLT3-ITD alone', ['flt3_itd'], 'intermediate'],
    ['t(9;11)', ['cyto_t9_11'], 'intermediate'],
    ['t(6;9)', ['cyto_t6_9'], 'adverse'],
    ['KMT2A-r other than t(9;11)', ['cyto_kmt2a_other'], 'adverse'],
    ['t(9;22)', ['cyto_t9_22'], 'adverse'],
    ['inv(3)', ['cyto_inv3'], 'adverse'],
    ['-5/del(5q)', ['cyto_del5q'], 'adverse'],
    ['-7', ['cyto_minus7'], 'adverse'],
    ['-17/abn(17p)', ['cyto_del17p'], 'adverse'],
    ['complex karyotype', ['cyto_complex'], 'adverse'],
    ['TP53', ['tp53'], 'adverse'],
    ...(['asxl1', 'bcor', 'ezh2', 'runx1', 'sf3b1', 'srsf2', 'stag2', 'u2af1', 'zrsr2'] as const).map(
      (gene): [string, Flag[], string] => [`MR gene ${gene}`, [gene], 'adverse'],
    ),
    ['APL t(15;17) is not classified', ['cyto_t15_17'], undefined],
    ['APL even with adverse lesions', ['cyto_t15_17', 'cyto_complex', 'tp53'], undefined],
  ])('%s', (_, flags, expected) => {
    expect(elnRisk2022(patient(...flags))).toBe(expected);
  });
});

describe('elnRisk2022: precedence rules', () => {
  it.each<[string, Flag[], string]>([
    ['NPM1 with adverse cytogenetics is adverse', ['npm1', 'cyto_minus7'], 'adverse'],
    ['NPM1 with complex karyotype is adverse', ['npm1', 'cyto_complex'], 'adverse'],
    ['NPM1 with an MR gene stays favourable', ['npm1', 'runx1', 'asxl1'], 'favourable'],
    ['CEBPA bZIP with an MR gene stays favourable', ['cebpa_bi', 'srsf2'], 'favourable'],
    ['t(8;21) with an MR gene stays favourable', ['cyto_t8_21', 'asxl1'], 'favourable'],
    ['t(8;21) with KIT/FLT3-ITD stays favourable', ['cyto_t8_21', 'kit' as Flag, 'flt3_itd'], 'favourable'],
    ['inv(16) with a complex karyotype stays favourable', ['cyto_inv16', 'cyto_complex'], 'favourable'],
    ['inv(16) with -7 is adverse', ['cyto_inv16', 'cyto_minus7'], 'adverse'],
    ['NPM1 with TP53 is adverse', ['npm1', 'tp53'], 'adverse'],
    ['t(9;11) overrides an adverse gene mutation', ['cyto_t9_11', 'runx1', 'asxl1'], 'intermediate'],
    ['t(9;11) overrides TP53', ['cyto_t9_11', 'tp53'], 'intermediate'],
    ['t(9;11) with a complex karyotype stays intermediate', ['cyto_t9_11', 'cyto_complex'], 'intermediate'],
    ['t(9;11) with -7 is adverse', ['cyto_t9_11', 'cyto_minus7'], 'adverse'],
    ['NPM1 + FLT3-ITD + MR gene is adverse', ['npm1', 'flt3_itd', 'runx1'], 'adverse'],
    ['FLT3-ITD with an adverse lesion is adverse', ['flt3_itd', 'cyto_del5q'], 'adverse'],
  ])('%s', (_, flags, expected) => {
    expect(elnRisk2022(patient(...flags))).toBe(expected);
  });
});

describe('deriveEln2022 over a table', () => {
  it('derives row by row and leaves missing inputs and APL missing', () => {
    const rows: Array<Partial<Record<Flag, number>>> = [
      { npm1: 1 },
      { npm1: 1, flt3_itd: 1 },
      { tp53: 1, cyto_complex: 1 },
      { cyto_t15_17: 1 },
      { npm1: -1 },
    ];
    const columns = ELN2022_INPUTS.map(
      (name) =>
        [
          name,
          codeColumn(
            rows.map((r) => r[name] ?? 0),
            ['0', '1'],
          ),
        ] as const,
    );
    const derived = deriveEln2022(new Table(columns));
    expect(derived.levels).toEqual(['favourable', 'intermediate', 'adverse']);
    expect(Array.from(derived.codes)).toEqual([0, 1, 2, -1, -1]);
  });
});
