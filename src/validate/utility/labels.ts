/**
 * Names for people, as a paper writes them: "ELN2022 adverse vs favourable", "Age (per 10 years)",
 * "HSCT". A column name's words are capitalised; a word with no vowel or with a digit (hsct, wbc,
 * flt3) is an abbreviation and written in capitals.
 */
import type { Schema } from '../../data/schema.js';

export function columnLabel(name: string): string {
  const words = name.split(/[_\s]+/).filter(Boolean);
  return words
    .map((w, i) => {
      if (/\d/.test(w) || !/[aeiouy]/i.test(w)) return w.toUpperCase();
      return i === 0 ? w[0].toUpperCase() + w.slice(1) : w;
    })
    .join(' ');
}

/** A level's label: a boolean's 1/0 reads yes/no. */
export function levelLabel(level: string): string {
  if (level === '1' || level === 'true') return 'yes';
  if (level === '0' || level === 'false') return 'no';
  return level.replace(/_/g, '-');
}

/** How many units a numeric term's hazard ratio is given per: 10 years for age, else 1. */
export function perUnits(column: string, schema: Schema): { per: number; unit: string } {
  const spec = schema.columns.find((c) => c.name === column);
  const unit = spec?.unit?.trim() ?? '';
  if (/(^|_)age($|_)/i.test(column) && (unit === '' || /^y(ea)?rs?$/i.test(unit)))
    return { per: 10, unit: 'years' };
  return { per: 1, unit };
}

export function numericTermLabel(column: string, per: number, unit: string): string {
  return `${columnLabel(column)} (per ${per === 1 ? '' : `${per} `}${unit || 'unit'})`;
}
