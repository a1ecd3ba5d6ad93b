/**
 * The browser's client for /review/api: same-origin cookies, the CSRF header on every write, and
 * an ApiError carrying the server's own message (and status) on any failure.
 */
import type {
  AuditListBody,
  BlindedDeck,
  BlindedScore,
  CohortListBody,
  CohortSummary,
  FindingList,
  IssueType,
  IssueTypeListBody,
  Overview,
  ProposalListBody,
  Records,
  Report,
  ReviewStatus,
  ReviewSummary,
  Role,
  Session,
  UserListBody,
} from './types.js';

export const API = '/review/api';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrfToken = '';
let onSignedOut: (() => void) | null = null;

export function setCsrf(token: string): void {
  csrfToken = token;
}

/** Called when any request answers 401 (the session ended): the app shows the sign-in page. */
export function whenSignedOut(listener: (() => void) | null): void {
  onSignedOut = listener;
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(API + path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'The review server cannot be reached. Check the connection and try again.');
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let json: unknown = null;
  try {
    json = text === '' ? null : JSON.parse(text);
  } catch {
    json = null;
  }
  if (!response.ok) {
    const message =
      json && typeof json === 'object' && 'error' in json && typeof json.error === 'string'
        ? json.error
        : `${response.status} ${response.statusText}`;
    if (response.status === 401 && path !== '/login' && path !== '/session') onSignedOut?.();
    throw new ApiError(response.status, message);
  }
  return json as T;
}

const cohort = (id: number): string => `/cohorts/${id}`;

export const api = {
  session: () => request<Session>('GET', '/session'),
  login: (name: string, password: string) => request<Session>('POST', '/login', { name, password }),
  logout: () => request<void>('POST', '/logout'),
  changePassword: (current: string, next: string) => request<void>('POST', '/password', { current, next }),

  cohorts: () => request<CohortListBody>('GET', '/cohorts'),
  createCohort: (body: {
    name: string;
    purpose: string;
    syntheticCsv: string;
    model?: string;
    report?: string;
  }) => request<CohortSummary>('POST', '/cohorts', body),
  setPurpose: (id: number, purpose: string) => request<void>('PUT', `${cohort(id)}/purpose`, { purpose }),
  assign: (id: number, reviewer: string) => request<void>('POST', `${cohort(id)}/assignments`, { reviewer }),
  unassign: (id: number, reviewer: string) =>
    request<void>('DELETE', `${cohort(id)}/assignments/${encodeURIComponent(reviewer)}`),

  overview: (id: number) => request<Overview>('GET', `${cohort(id)}/overview`),
  report: (id: number) => request<Report>('GET', `${cohort(id)}/report`),
  records: (id: number) => request<Records>('GET', `${cohort(id)}/records`),
  findings: (id: number) => request<FindingList>('GET', `${cohort(id)}/findings`),
  saveFinding: (
    id: number,
    body: { records: number[]; status: ReviewStatus; columns: string[]; issues: string[]; comment: string },
  ) => request<{ saved: number }>('POST', `${cohort(id)}/findings`, body),
  summary: (id: number) => request<ReviewSummary>('GET', `${cohort(id)}/summary`),
  rate: (id: number, score: number, comment: string) =>
    request<void>('POST', `${cohort(id)}/rating`, { score, comment }),

  proposals: (id: number) => request<ProposalListBody>('GET', `${cohort(id)}/proposals`),
  decide: (id: number, key: string, decision: 'accepted' | 'rejected' | 'pending') =>
    request<void>('POST', `${cohort(id)}/proposals/${encodeURIComponent(key)}`, { decision }),
  regenerate: (id: number, seed = 1) => request<CohortSummary>('POST', `${cohort(id)}/regenerate`, { seed }),

  blindedDeck: (id: number, size: number) => request<BlindedDeck>('POST', `${cohort(id)}/blinded`, { size }),
  guess: (deck: string, item: number, guess: 'real' | 'synthetic') =>
    request<{ recorded: boolean }>('POST', `/blinded/${encodeURIComponent(deck)}/guesses`, { item, guess }),
  blindedScore: (id: number) => request<BlindedScore>('GET', `${cohort(id)}/blinded/score`),

  issueTypes: () => request<IssueTypeListBody>('GET', '/issue-types'),
  addIssueType: (body: { id: string; label: string; description: string }) =>
    request<IssueType>('POST', '/issue-types', body),
  users: () => request<UserListBody>('GET', '/users'),
  createUser: (name: string, role: Role, password: string) =>
    request<{ name: string; role: Role }>('POST', '/users', { name, role, password }),
  audit: () => request<AuditListBody>('GET', '/audit'),
};

export const exportUrl = (id: number, format: 'json' | 'csv'): string =>
  `${API}${cohort(id)}/export.${format}`;
export const reportHtmlUrl = (id: number): string => `${API}${cohort(id)}/report.html`;
