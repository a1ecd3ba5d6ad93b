/** The clinician review library (issue 12): pure functions the review app and the CLI share. */

export { type BlindedDeck, type BlindedDeckInput, dealBlindedDeck, scoreBlinded } from './blinded.js';
export { type CardInput, generationCard } from './card.js';
export { findingsCsv } from './export.js';
export { breakingRows, MAX_PROPOSALS, type ProposalInput, proposeRules } from './proposals.js';
export { type RealSummaryOptions, summariseRealData } from './real-summary.js';
export {
  cellReader,
  type DisplayColumn,
  type DisplayRecords,
  type DisplayValue,
  displayColumn,
  recordsOf,
} from './records.js';
export { type DigestEntry, type ReportDigest, reportDigest, reportHtml } from './report-digest.js';
export { describeRule, ruleKey } from './rule-words.js';
export { recordStatus, summariseReview } from './summary.js';
export { BUILT_IN_ISSUE_TYPES } from './taxonomy.js';
export * from './types.js';
