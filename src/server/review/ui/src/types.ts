/**
 * The API's shapes as the browser sees them: inferred from the server's zod schemas through
 * type-only imports, so the contract is declared once and no server code reaches the bundle.
 */
import type * as z from 'zod';
import type {
  BlindedScore,
  IssueType,
  ReviewStatus,
  ReviewSummary,
  RuleProposal,
} from '../../../../review/types.js';
import type {
  AuditList,
  BlindedDeck,
  CohortList,
  CohortSummary,
  FindingList,
  IssueTypeList,
  Overview,
  ProposalList,
  RecordColumn,
  Records,
  Report,
  Role,
  Session,
  UserList,
} from '../../api.js';

export type {
  BlindedDeck,
  BlindedScore,
  CohortSummary,
  FindingList,
  IssueType,
  Overview,
  RecordColumn,
  Records,
  Report,
  ReviewStatus,
  ReviewSummary,
  Role,
  RuleProposal,
  Session,
};
export type CohortListBody = z.infer<typeof CohortList>;
export type UserListBody = z.infer<typeof UserList>;
export type IssueTypeListBody = z.infer<typeof IssueTypeList>;
export type ProposalListBody = z.infer<typeof ProposalList>;
export type AuditListBody = z.infer<typeof AuditList>;
export type Finding = FindingList['findings'][number];
export type AuditEntry = AuditListBody['entries'][number];
export type UserEntry = UserListBody['users'][number];
