/**
 * Harmonisation across centres: units, category labels, date formats and decimal marks, found per
 * centre, proposed as a mapping the user confirms, applied to the cells' text. See
 * docs/interop/harmonise.md.
 */
export { type ApplyResult, applyMapping } from './apply.js';
export { centreColumnOf, centreRows, type HarmoniseOptions, harmoniseCentres } from './centres.js';
export { type CheckOptions, harmoniseFindings } from './check.js';
export {
  type Finding,
  Findings,
  HarmoniseReference,
  type LabelFinding,
  ReferenceColumn,
  type UnitFinding,
} from './findings.js';
export { DATE_FORMATS, type DateFormat, isoDate, parseNumberText } from './formats.js';
export { matchLabel, normaliseLabel } from './labels.js';
export { Mapping, proposeMapping, Transformation } from './mapping.js';
export { compareCentres, harmoniseReport } from './report.js';
export { readTextTable, type TextTable, textTableOf } from './text-table.js';
export { QUANTITIES, quantityOf, unitCandidates } from './units.js';
export { applyHarmonisation, proposeHarmonisation, readMapping } from './workflow.js';
