/**
 * The generic "collect" job: one round (or `parameters.rounds` rounds); every node answers with a
 * payload computed by its handler; the job releases the payloads of the last round.
 *
 * What the release shows: the multiset of payloads, sorted by their JSON text, not by node, so the
 * result does not say which node sent which. That hides nothing when the values themselves identify
 * their sender; collect is therefore meant for payloads that are shareable or masked by
 * construction (secure aggregation's masked vectors are uniform on their own). A kind that should
 * release only a sum is written as its own JobKind.
 */
import type { JobKind, RoundSubmission } from './job-kind.js';

export const collectKind: JobKind = {
  kind: 'collect',
  firstPurpose: 'collect',
  tasksFor(_nodeName, job, round) {
    return { round, rounds: roundsOf(job.parameters) };
  },
  onRoundClosed(job, round, submissions) {
    if (round + 1 < roundsOf(job.parameters)) return { next: { purpose: 'collect' } };
    return { result: { contributors: submissions.length, payloads: unattributed(submissions) } };
  },
};

function roundsOf(parameters: Record<string, unknown>): number {
  const rounds = parameters.rounds;
  return typeof rounds === 'number' && Number.isInteger(rounds) && rounds >= 1 ? rounds : 1;
}

function unattributed(submissions: readonly RoundSubmission[]): unknown[] {
  return submissions
    .map((s) => JSON.stringify(s.payload))
    .sort()
    .map((text) => JSON.parse(text) as unknown);
}
