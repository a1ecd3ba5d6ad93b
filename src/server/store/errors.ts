/**
 * What the hub's state refuses, as typed errors the hub maps to HTTP answers. Each carries a
 * stable `problem` besides the project's error `code`; messages name what was wrong and what was
 * expected, never a token, a key's secret half or a submission's bytes.
 */
import { SynthcohortError } from '../../core/errors.js';

export type HubStateProblem =
  /** Not there (a job, a round, a node): HTTP 404. */
  | 'not-found'
  /** A state the request does not fit (a used token, a closed round, a duplicate upload): 409. */
  | 'conflict'
  /** A value the schema refuses (a malformed key, a threshold above the quorum): 400. */
  | 'invalid'
  /** The database cannot be reached or opened: 503. */
  | 'unavailable'
  /** The database was written by a different set of migrations than this version knows. */
  | 'schema';

export class HubStateError extends SynthcohortError {
  constructor(
    readonly problem: HubStateProblem,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(problem === 'unavailable' || problem === 'schema' ? 'IO' : 'USAGE', message, options);
  }
}

/** Why a one-time enrolment token did not enrol anyone; the same words go to the audit log. */
export type TokenRefusal = 'unknown' | 'used' | 'expired';

export class EnrolmentRefusedError extends HubStateError {
  constructor(readonly reason: TokenRefusal) {
    super(
      reason === 'unknown' ? 'not-found' : 'conflict',
      reason === 'unknown'
        ? 'enrolment token not recognised: ask the coordinator for a token issued for this node'
        : reason === 'used'
          ? 'enrolment token already used: a token enrols one node once; ask the coordinator for a new one'
          : 'enrolment token expired: ask the coordinator for a new one',
    );
  }
}

export class IllegalTransitionError extends HubStateError {
  constructor(
    readonly what: string,
    readonly from: string,
    readonly to: string,
    allowed: readonly string[],
  ) {
    super(
      'conflict',
      `${what} cannot go from '${from}' to '${to}'; from '${from}' it may go to ` +
        (allowed.length ? allowed.map((s) => `'${s}'`).join(' or ') : 'nothing (it is final)'),
    );
  }
}

/** PostgreSQL's SQLSTATE of an error from either driver (both set `code`), or undefined. */
export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

export const UNIQUE_VIOLATION = '23505';
export const FOREIGN_KEY_VIOLATION = '23503';
export const CHECK_VIOLATION = '23514';
