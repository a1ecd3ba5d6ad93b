/** The clinician review library (issue 12): pure functions the review app and the CLI share. */

export {
  cellReader,
  type DisplayColumn,
  type DisplayRecords,
  type DisplayValue,
  displayColumn,
  recordsOf,
} from './records.js';
export { recordStatus, summariseReview } from './summary.js';
export { BUILT_IN_ISSUE_TYPES } from './taxonomy.js';
export * from './types.js';
