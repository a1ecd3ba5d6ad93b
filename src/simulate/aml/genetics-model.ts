/**
 * The AML genetics as a sequential conditional model: a mutually exclusive primary rearrangement,
 * then each karyotype flag and gene in a fixed order, drawn from a logistic model on age and the
 * flags drawn before it. A parent's coefficient starts as the log of the published pairwise odds
 * ratio (AMLSG, `AML_COMUTATION_TARGETS`) and was adjusted by hand, where a gene has several
 * correlated parents, so that the *marginal* odds ratios land near the published ones (checked in
 * `genetics.test.ts`). Intercepts are not written here: they are calibrated so that every marginal
 * frequency equals its target (see `genetics.ts`).
 */
import { AML_CYTOGENETIC_TARGETS, AML_MUTATION_TARGETS } from './targets.js';

export interface GeneticNode {
  name: string;
  /** Marginal frequency to calibrate to. */
  target: number;
  /** Log-odds per year of age above 60. */
  age?: number;
  /** Log odds ratios given earlier flags; `any_primary` is set for any primary rearrangement. */
  parents?: Readonly<Record<string, number>>;
}

const t = AML_MUTATION_TARGETS;
const c = AML_CYTOGENETIC_TARGETS;
const ln = Math.log;

/**
 * Age slopes: TP53-mutated patients are older (AMLSG median 57.5 vs 49), and older cohorts carry
 * more ASXL1, SRSF2, RUNX1 and U2AF1 (`domain/aml.md`); the slopes are our choice of size.
 */
export const AML_GENETIC_NODES: readonly GeneticNode[] = [
  { name: 'tp53', target: t.tp53, age: 0.05, parents: { any_primary: -2.5 } },
  { name: 'cyto_complex', target: c.cyto_complex, parents: { tp53: 4.0, any_primary: -2.0 } },
  { name: 'cyto_del5q', target: c.cyto_del5q, parents: { cyto_complex: 3.3, tp53: 2.0 } },
  { name: 'cyto_del17p', target: c.cyto_del17p, parents: { cyto_complex: 2.8, tp53: 2.0 } },
  { name: 'cyto_minus7', target: c.cyto_minus7, parents: { cyto_complex: 2.0, cyto_inv3: 2.5 } },
  { name: 'cyto_plus8', target: c.cyto_plus8, parents: { cyto_complex: 1.0 } },
  {
    name: 'npm1',
    target: t.npm1,
    parents: { any_primary: -4, tp53: -1.6, cyto_complex: ln(0.06) },
  },
  { name: 'dnmt3a', target: t.dnmt3a, age: 0.01, parents: { npm1: 2.0, any_primary: -1.5 } },
  {
    name: 'flt3_itd',
    target: t.flt3_itd,
    parents: { npm1: 1.1, dnmt3a: 0.45, tp53: -1.5, cyto_t6_9: 2.5, cyto_t15_17: 0.8 },
  },
  { name: 'flt3_tkd', target: t.flt3_tkd },
  { name: 'nras', target: t.nras, parents: { flt3_itd: ln(0.26), cyto_inv16: ln(6.6) } },
  { name: 'kras', target: t.kras },
  { name: 'idh1', target: t.idh1, parents: { npm1: 0.8, dnmt3a: 0.9 } },
  { name: 'idh2', target: t.idh2, parents: { dnmt3a: ln(3.1) } },
  { name: 'tet2', target: t.tet2, age: 0.02, parents: { idh2: ln(0.07), idh1: ln(0.3) } },
  { name: 'runx1', target: t.runx1, age: 0.03, parents: { npm1: -2.75, any_primary: -2 } },
  { name: 'asxl1', target: t.asxl1, age: 0.04, parents: { npm1: ln(0.13), runx1: 1.1 } },
  { name: 'srsf2', target: t.srsf2, age: 0.03, parents: { runx1: 1.85, asxl1: 1.1 } },
  { name: 'stag2', target: t.stag2, parents: { srsf2: ln(5.9) } },
  { name: 'cebpa', target: t.cebpa, parents: { npm1: -3.05, any_primary: -2 } },
  // Drawn within CEBPA-mutated patients only: see `cebpaBiallelicGivenAny`.
  { name: 'cebpa_bi', target: t.cebpa_bi },
  { name: 'gata2', target: t.gata2, parents: { cebpa_bi: ln(20) } },
  { name: 'kit', target: t.kit, parents: { cyto_t8_21: 3.3, cyto_inv16: 2.3 } },
  { name: 'wt1', target: t.wt1, parents: { flt3_itd: ln(2.2) } },
  { name: 'ptpn11', target: t.ptpn11, parents: { npm1: ln(3.7) } },
  { name: 'kmt2a_ptd', target: t.kmt2a_ptd },
  { name: 'ezh2', target: t.ezh2 },
  { name: 'rad21', target: t.rad21 },
  { name: 'sf3b1', target: t.sf3b1 },
  { name: 'bcor', target: t.bcor },
  { name: 'u2af1', target: t.u2af1, age: 0.03 },
  { name: 'nf1', target: t.nf1 },
  { name: 'phf6', target: t.phf6 },
  { name: 'cbl', target: t.cbl },
  { name: 'etv6', target: t.etv6 },
  { name: 'zrsr2', target: t.zrsr2 },
];

/** AMLSG: biallelic CEBPA 4.7 % of 8.4 % with any CEBPA mutation. */
export const cebpaBiallelicGivenAny = t.cebpa_bi / t.cebpa;
