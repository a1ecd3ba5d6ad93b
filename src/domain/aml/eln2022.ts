/**
 * ELN 2022 genetic risk classification of AML (Döhner et al., Blood 2022;140:1345, table 6),
 * derived from karyotype flags and gene mutation flags.
 *
 * Reading of the table and its footnotes used here, in order of precedence:
 *  1. t(15;17) (APL) is outside the ELN 2022 classification: no risk (missing).
 *  2. Favourable lesions — t(8;21), inv(16)/t(16;16), NPM1 without FLT3-ITD, in-frame bZIP CEBPA —
 *     are not made adverse by myelodysplasia-related gene mutations (footnote ††) nor by KIT/FLT3
 *     (footnote †); they *are* made adverse by an adverse cytogenetic lesion (footnote ‡, stated for
 *     NPM1, applied to every favourable lesion) or by mutated TP53 (no exemption is stated).
 *  3. t(9;11) is intermediate; it takes precedence over concurrent adverse-risk gene mutations
 *     (footnote ||), TP53 included, but not over an adverse cytogenetic lesion.
 *  4. A complex karyotype counts only without a class-defining recurrent abnormality (footnote #):
 *     t(8;21), inv(16), t(15;17), t(9;11), t(6;9), other KMT2A rearrangement, t(9;22), inv(3).
 *  5. Otherwise: adverse cytogenetics, TP53 or an MR gene mutation → adverse; NPM1 without ITD or
 *     bZIP CEBPA → favourable; everything else (NPM1 with ITD, ITD alone, …) → intermediate.
 *     The MR-gene exemption applies to favourable subtypes only, so NPM1 + ITD + RUNX1 is adverse.
 * The FLT3-ITD allelic ratio no longer counts (ELN 2022). Monosomal karyotype and t(8;16) have no
 * input column; biallelic CEBPA stands in for in-frame bZIP CEBPA (they overlap largely).
 */
import { type CodeColumn, codeColumn, type Table } from '../../data/table.js';

export const ELN2022_DERIVATION = 'eln2022';
export const ELN2022_LEVELS = ['favourable', 'intermediate', 'adverse'] as const;
export type Eln2022Risk = (typeof ELN2022_LEVELS)[number];

/** Adverse cytogenetic lesions other than a complex karyotype. */
export const ELN2022_ADVERSE_CYTOGENETICS = [
  'cyto_t6_9',
  'cyto_kmt2a_other',
  'cyto_t9_22',
  'cyto_inv3',
  'cyto_del5q',
  'cyto_minus7',
  'cyto_del17p',
] as const;

/** Myelodysplasia-related gene mutations that are adverse in ELN 2022. */
export const ELN2022_MR_GENES = [
  'asxl1',
  'bcor',
  'ezh2',
  'runx1',
  'sf3b1',
  'srsf2',
  'stag2',
  'u2af1',
  'zrsr2',
] as const;

/** Every column the derivation reads: boolean flags (code 1 = present). */
export const ELN2022_INPUTS = [
  'cyto_t15_17',
  'cyto_t8_21',
  'cyto_inv16',
  'cyto_t9_11',
  'cyto_complex',
  ...ELN2022_ADVERSE_CYTOGENETICS,
  'npm1',
  'flt3_itd',
  'cebpa_bi',
  'tp53',
  ...ELN2022_MR_GENES,
] as const;

export type Eln2022Input = Record<(typeof ELN2022_INPUTS)[number], boolean>;

const CLASS_DEFINING = [
  'cyto_t8_21',
  'cyto_inv16',
  'cyto_t15_17',
  'cyto_t9_11',
  'cyto_t6_9',
  'cyto_kmt2a_other',
  'cyto_t9_22',
  'cyto_inv3',
] as const;

/** ELN 2022 risk of one patient; `undefined` for APL, which ELN 2022 does not classify. */
export function elnRisk2022(p: Eln2022Input): Eln2022Risk | undefined {
  if (p.cyto_t15_17) return undefined;
  const adverseCytoSimple = ELN2022_ADVERSE_CYTOGENETICS.some((c) => p[c]);
  const complexCounts = p.cyto_complex && !CLASS_DEFINING.some((c) => p[c]);
  const adverseCyto = adverseCytoSimple || complexCounts;
  const mrGene = ELN2022_MR_GENES.some((g) => p[g]);
  if (p.cyto_t8_21 || p.cyto_inv16) return adverseCyto || p.tp53 ? 'adverse' : 'favourable';
  if (p.cyto_t9_11) return adverseCytoSimple ? 'adverse' : 'intermediate';
  if (adverseCyto || p.tp53) return 'adverse';
  if ((p.npm1 && !p.flt3_itd) || p.cebpa_bi) return 'favourable';
  if (mrGene) return 'adverse';
  return 'intermediate';
}

/**
 * ELN 2022 risk for every row of a table holding the `ELN2022_INPUTS` flags. A row with a missing
 * input gets a missing risk, as does APL.
 */
export function deriveEln2022(table: Table): CodeColumn {
  const inputs = ELN2022_INPUTS.map((name) => [name, table.codes(name).codes] as const);
  const out = new Int32Array(table.nRows);
  const patient = Object.fromEntries(ELN2022_INPUTS.map((name) => [name, false])) as Eln2022Input;
  for (let row = 0; row < table.nRows; row++) {
    let missing = false;
    for (const [name, codes] of inputs) {
      const code = codes[row];
      if (code < 0) missing = true;
      patient[name] = code === 1;
    }
    const risk = missing ? undefined : elnRisk2022(patient);
    out[row] = risk === undefined ? -1 : ELN2022_LEVELS.indexOf(risk);
  }
  return codeColumn(out, ELN2022_LEVELS);
}

/** The same derivation under the name the derivation registry (`domain/derivations.ts`) uses. */
export const eln2022Column = deriveEln2022;
