/**
 * Gene names that head mutation-flag columns in myeloid and common solid-tumour panels: the
 * genes of the ELN 2022 AML classification (Döhner et al., Blood 2022;140:1345–77) and of the
 * usual targeted myeloid NGS panels, plus frequent solid-tumour drivers. Lower case; a column name
 * matches on its whole normalised name or on the part before the first underscore (`flt3_itd`).
 */
const ELN_AND_MYELOID_PANEL = `npm1 flt3 flt3_itd flt3_tkd cebpa cebpa_bzip cebpa_dm dnmt3a tp53 runx1 asxl1 bcor
  ezh2 sf3b1 srsf2 stag2 u2af1 zrsr2 idh1 idh2 tet2 nras kras kit wt1 ptpn11 cbl jak2 calr mpl gata2 phf6
  bcorl1 setbp1 csf3r ppm1d etv6 nf1 kmt2a kmt2a_ptd mll mll_ptd rad21 smc1a smc3 cux1 ikzf1 notch1 sh2b3`;
const SOLID_TUMOUR_DRIVERS = `brca1 brca2 egfr braf pik3ca pten apc alk erbb2 her2 ros1 ret met atm arid1a cdkn2a
  rb1 smad4 ctnnb1 fgfr2 fgfr3 vhl hras`;

const KNOWN_GENES: ReadonlySet<string> = new Set(
  `${ELN_AND_MYELOID_PANEL} ${SOLID_TUMOUR_DRIVERS}`.split(/\s+/).filter(Boolean),
);

const AFFIXES = /^(?:mut_|mutation_)|(?:_mut|_mutated|_mutation|_mutant)$/g;

/** The column name with `mut_`/`_mut`-style affixes removed, in lower case. */
function normaliseGeneName(name: string): string {
  return name.toLowerCase().replace(AFFIXES, '');
}

export function isKnownGene(name: string): boolean {
  const normal = normaliseGeneName(name);
  return KNOWN_GENES.has(normal) || KNOWN_GENES.has(normal.split('_')[0]);
}

/** HGNC-style symbols are upper-case letters and digits (`ASXL1`, `BCOR`, `FLT3_ITD`). */
export function looksLikeGene(name: string): boolean {
  return /^[A-Z][A-Z0-9]{1,9}(?:[_-][A-Za-z0-9]+)?$/.test(name);
}
