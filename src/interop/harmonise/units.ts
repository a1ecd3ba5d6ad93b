/**
 * Laboratory quantities and the units centres report them in, as factors against one base unit:
 * a value of `perBase` in `unit` is 1 in the base unit. A centre whose median is near
 * perBase(its unit) / perBase(the consortium's unit) times the others' likely writes its unit.
 *
 * Factors from the SI conversion tables: Young DS, "Implementation of SI units for clinical
 * laboratory data", Ann Intern Med 1987;106:114–129, and the AMA Manual of Style, 11th ed.,
 * §18.5 (SI conversion table). Molar masses used: haemoglobin monomer 16 114.5 g/mol, glucose
 * 180.16, creatinine 113.12, urea 60.06 and urea nitrogen 28.01, bilirubin 584.7; 1 µkat = 60 U.
 *
 * Per quantity, so that a column's name picks the right conversions for a shared unit such as
 * mg/dL (glucose ×0.0555, creatinine ×88.4, urea nitrogen ×0.357 to mmol/L or µmol/L). The
 * federated heterogeneity report sets its centres' median ratios against the same candidates.
 */

export interface QuantityUnit {
  readonly unit: string;
  /** The value in this unit of 1 in the quantity's base unit. */
  readonly perBase: number;
}

export interface Quantity {
  readonly name: string;
  /** Column names that denote it (matched on the normalised name, see `normaliseName`). */
  readonly names: RegExp;
  /** Base unit first. */
  readonly units: readonly QuantityUnit[];
}

export const QUANTITIES: readonly Quantity[] = [
  {
    name: 'haemoglobin',
    names: /^(hb|hgb|haemoglobin|hemoglobin)$/,
    units: [
      { unit: 'g/dL', perBase: 1 },
      { unit: 'g/L', perBase: 10 },
      // Of the monomer, as Dutch laboratories report it.
      { unit: 'mmol/L', perBase: 0.6206 },
    ],
  },
  {
    name: 'albumin or total protein',
    names: /^(alb|albumin|tp|total ?protein|protein)$/,
    units: [
      { unit: 'g/dL', perBase: 1 },
      { unit: 'g/L', perBase: 10 },
    ],
  },
  {
    name: 'glucose',
    names: /^(glu|glucose|blood ?glucose|fasting ?glucose)$/,
    units: [
      { unit: 'mg/dL', perBase: 1 },
      { unit: 'mmol/L', perBase: 0.05551 },
    ],
  },
  {
    name: 'creatinine',
    names: /^(cr|crea|creat|creatinine|serum ?creatinine)$/,
    units: [
      { unit: 'mg/dL', perBase: 1 },
      { unit: 'µmol/L', perBase: 88.42 },
    ],
  },
  {
    name: 'urea',
    names: /^(bun|urea|urea ?nitrogen|blood ?urea ?nitrogen)$/,
    units: [
      // Urea nitrogen (BUN) in mg/dL, as US laboratories report it.
      { unit: 'mg/dL', perBase: 1 },
      { unit: 'mmol/L', perBase: 0.357 },
      // Urea itself (not its nitrogen) in mg/dL: 60.06 / 28.01.
      { unit: 'mg/dL urea', perBase: 2.144 },
    ],
  },
  {
    name: 'bilirubin',
    names: /^(bili|bilirubin|total ?bilirubin|tbil)$/,
    units: [
      { unit: 'mg/dL', perBase: 1 },
      { unit: 'µmol/L', perBase: 17.1 },
    ],
  },
  {
    name: 'cell count',
    names: /^(wbc|leukocytes|leucocytes|white ?cells?|plt|platelets?|anc|neutrophils?|alc|lymphocytes?)$/,
    units: [
      { unit: '10^9/L', perBase: 1 },
      // 1 × 10⁹/L = 1 000/µL = 1 000/mm³.
      { unit: '/µL', perBase: 1000 },
      { unit: '10^6/L', perBase: 1000 },
    ],
  },
  {
    name: 'lactate dehydrogenase',
    names: /^(ldh|ld|lactate ?dehydrogenase)$/,
    units: [
      { unit: 'U/L', perBase: 1 },
      { unit: 'µkat/L', perBase: 1 / 60 },
    ],
  },
  {
    name: 'age',
    names: /^(age|age at (diagnosis|dx|inclusion))$/,
    units: [
      { unit: 'years', perBase: 1 },
      // Paediatric registries count age in months.
      { unit: 'months', perBase: 12 },
    ],
  },
  {
    name: 'duration',
    names: /(^| )(days|weeks|months|years|time|duration)$/,
    units: [
      { unit: 'days', perBase: 1 },
      { unit: 'weeks', perBase: 1 / 7 },
      // Mean Gregorian month and year.
      { unit: 'months', perBase: 1 / 30.4375 },
      { unit: 'years', perBase: 1 / 365.25 },
    ],
  },
  {
    name: 'percentage',
    names: /(blasts?|percent|pct|hba1c|hbf|hbs|haematocrit|hematocrit|hct)$/,
    units: [
      { unit: '%', perBase: 1 },
      // Haematocrit in L/L, blast shares as fractions.
      { unit: 'fraction', perBase: 0.01 },
    ],
  },
];

/** Bare powers of ten, for a wrong decimal prefix in a column no quantity names. */
export const PREFIX_FACTORS: readonly number[] = [10, 100, 1000];

/** Ratios this close to 1 are never a unit: 10³/µL and 10⁹/L are the same number. */
const SAME_NUMBER = 1.5;

/** Spellings of one unit written differently: µ, u and mc; ⁹ and ^9; G/L for 10^9/L. */
export function normaliseUnit(unit: string): string {
  return unit
    .trim()
    .replace(/\s+/g, '')
    .replace(/^(?:x|×)/i, '')
    .replace(/(^|\/)(u|μ|mc)(mol|kat|g|l)/gi, '$1µ$3')
    .replace(/⁹/g, '^9')
    .replace(/⁶/g, '^6')
    .replace(/^10e(\d)/i, '10^$1')
    .replace(/^G\/L$/i, '10^9/L')
    .replace(/\/mm3$|\/mm³$/i, '/µL')
    .replace(/^10\^3\/µL$/i, '10^9/L')
    .toLowerCase();
}

/** A column name for matching: lower case, words separated by one space. */
export function normaliseName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[\s_\-.]+/g, ' ')
    .trim();
}

/** The quantity a column holds: by its name, else the one quantity whose units include the declared unit. */
export function quantityOf(column: string, declared?: string): Quantity | undefined {
  const name = normaliseName(column);
  const byName = QUANTITIES.filter((q) => q.names.test(name));
  if (byName.length > 0) return byName[0];
  if (declared === undefined) return undefined;
  const byUnit = QUANTITIES.filter((q) =>
    q.units.some((u) => normaliseUnit(u.unit) === normaliseUnit(declared)),
  );
  return byUnit.length === 1 ? byUnit[0] : undefined;
}

/** A ratio a centre's median may stand in to the reference's, and what it would mean. */
export interface UnitCandidate {
  /** centre median ≈ factor × reference median. */
  readonly factor: number;
  /** The unit the centre likely writes, when a quantity names it. */
  readonly likely?: string;
  /** The reference's (declared) unit, when known. */
  readonly declared?: string;
  readonly quantity?: string;
}

/** A conversion a consortium adds to the quantities': a value in `other` is `factor` × the same in `unit`. */
export interface UnitConversion {
  readonly unit: string;
  readonly other: string;
  readonly factor: number;
}

export interface CandidateOptions {
  /** Conversions beyond the quantities', checked against the declared unit. */
  readonly conversions?: readonly UnitConversion[];
  /** Bare factors of a wrong prefix (default `PREFIX_FACTORS`). */
  readonly prefixFactors?: readonly number[];
}

/**
 * The quantities a column may hold: the one its name denotes, else every quantity with the
 * declared unit among its units (g/dL is haemoglobin's and albumin's: both sets of conversions
 * apply, and neither quantity is named).
 */
function quantitiesOf(column: string, declared?: string): { quantities: Quantity[]; named: boolean } {
  const byName = quantityOf(column);
  if (byName) return { quantities: [byName], named: true };
  if (declared === undefined) return { quantities: [], named: false };
  const unit = normaliseUnit(declared);
  const byUnit = QUANTITIES.filter((q) => q.units.some((u) => normaliseUnit(u.unit) === unit));
  return { quantities: byUnit, named: byUnit.length === 1 };
}

/** Within ×/÷ 1.05 of each other: one candidate, not two. */
function near(a: number, b: number): boolean {
  return Math.abs(Math.log(a / b)) < Math.log(1.05);
}

/**
 * Every ratio a unit mistake could make in this column: the quantity's units against the declared
 * one (or against each other, when no unit is declared), the given conversions, then bare prefixes.
 */
export function unitCandidates(
  column: string,
  declared?: string,
  options: CandidateOptions = {},
): UnitCandidate[] {
  const { quantities, named } = quantitiesOf(column, declared);
  const candidates: UnitCandidate[] = [];
  const add = (candidate: UnitCandidate) => {
    if (!candidates.some((c) => c.likely === candidate.likely && near(c.factor, candidate.factor)))
      candidates.push(candidate);
  };
  const base = declared === undefined ? undefined : normaliseUnit(declared);
  for (const quantity of quantities) {
    const references = quantity.units.filter((u) => base === undefined || normaliseUnit(u.unit) === base);
    for (const reference of references)
      for (const unit of quantity.units) {
        const factor = unit.perBase / reference.perBase;
        if (unit === reference || Math.abs(Math.log(factor)) < Math.log(SAME_NUMBER)) continue;
        add({
          factor,
          likely: unit.unit,
          declared: reference.unit,
          ...(named ? { quantity: quantity.name } : {}),
        });
      }
  }
  if (declared !== undefined)
    for (const c of options.conversions ?? []) {
      if (normaliseUnit(c.unit) === base) add({ factor: c.factor, likely: c.other, declared });
      if (normaliseUnit(c.other) === base) add({ factor: 1 / c.factor, likely: c.unit, declared });
    }
  for (const f of options.prefixFactors ?? PREFIX_FACTORS)
    for (const factor of [f, 1 / f])
      if (!candidates.some((c) => near(c.factor, factor)))
        candidates.push({ factor, ...(declared === undefined ? {} : { declared }) });
  return candidates;
}

export interface UnitMatch extends UnitCandidate {
  /** |log(ratio / factor)|: 0 for an exact factor. */
  readonly distance: number;
}

/** The candidate nearest to `ratio` within ×/÷ `tolerance`, or undefined. */
export function matchUnit(
  ratio: number,
  candidates: readonly UnitCandidate[],
  tolerance: number,
): UnitMatch | undefined {
  if (!(ratio > 0 && Number.isFinite(ratio))) return undefined;
  let best: UnitMatch | undefined;
  for (const candidate of candidates) {
    const distance = Math.abs(Math.log(ratio / candidate.factor));
    if (distance <= Math.log(tolerance) && (best === undefined || distance < best.distance))
      best = { ...candidate, distance };
  }
  return best;
}
