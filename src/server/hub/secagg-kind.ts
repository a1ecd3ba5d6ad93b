/**
 * The `secagg-sum` job: the hub learns the sum of the listed nodes' integer vectors and nothing else,
 * by secure aggregation (Bonawitz et al. 2017; src/federation/secagg/). Four rounds:
 *
 *   0 advertise-keys  task: {job, node index}   → each node's two public keys
 *   1 share-keys      task: the key roster (U1) → shares sealed to each peer
 *   2 masked-input    task: the node's inbox    → y_u, uniform in Z_{2^64}^d on its own
 *   3 unmask          task: survivors/dropped   → shares of b_v (survivors) or s_v^SK (dropped)
 *
 * then the result: the decoded Σ_{u ∈ U3} x_u, with the names of U3 and of U2 \ U3.
 *
 * The hub keeps no protocol state in memory between rounds: each close rebuilds a `SecAggServer` by
 * replaying the job's stored submissions, round by round in node-name order, so a restarted hub
 * reaches the same state. A round's close (U1, U2, U3) is decided once, from the submissions stored
 * when it closed, and the next round's tasks are stored with that round, never recomputed.
 *
 * Node names map to the protocol's indices 1..n by their position in `parameters.nodes`, fixed when
 * the job is created; a submission whose message names another index is refused (the job aborts).
 */
import * as z from 'zod';
import { DataError } from '../../core/errors.js';
import { decodeIntegers } from '../../federation/secagg/encoding.js';
import { parseMessage, SECAGG_VERSION, SecAggJob } from '../../federation/secagg/messages.js';
import { SecAggServer } from '../../federation/secagg/server.js';
import { HubStateError, type Job } from '../store/index.js';
import type { JobKind, RoundSubmission } from './job-kind.js';

export const SECAGG_SUM = 'secagg-sum';

/** What the coordinator gives: who takes part (in index order), d, and B with |each entry| ≤ B. */
export const SecAggSumParameters = z
  .object({
    nodes: z
      .array(z.string().min(1))
      .min(2)
      .refine((names) => new Set(names).size === names.length, 'expected distinct node names'),
    length: z.number().int().min(1),
    bound: z.number().int().min(1),
  })
  .passthrough();
export type SecAggSumParameters = z.infer<typeof SecAggSumParameters>;

/** Round 0's input: the protocol job and the node's index in it. */
export interface SecAggSumStart {
  readonly job: SecAggJob;
  readonly node: number;
  readonly bound: number;
}

const PURPOSES = ['advertise-keys', 'share-keys', 'masked-input', 'unmask'] as const;

export function secaggParametersOf(job: Pick<Job, 'id' | 'parameters'>): SecAggSumParameters {
  return parseMessage(SecAggSumParameters, job.parameters, `the parameters of ${SECAGG_SUM} job ${job.id}`);
}

/** The protocol's view of hub job `job`: n = the listed nodes, t = the job's threshold. */
export function secaggJobOf(job: Pick<Job, 'id' | 'parameters' | 'threshold'>): SecAggJob {
  const parameters = secaggParametersOf(job);
  return parseMessage(
    SecAggJob,
    {
      version: SECAGG_VERSION,
      jobId: `hub-job-${job.id}`,
      participants: parameters.nodes.length,
      threshold: job.threshold,
      length: parameters.length,
    },
    `the secure-aggregation job of hub job ${job.id}`,
  );
}

export const secaggSumKind: JobKind = {
  kind: SECAGG_SUM,
  firstPurpose: PURPOSES[0],
  checkRequest({ parameters, minNodes, threshold }) {
    try {
      const nodes = secaggParametersOf({ id: 0, parameters }).nodes.length;
      secaggJobOf({ id: 0, parameters, threshold });
      if (minNodes > nodes)
        throw new DataError(
          {},
          `minNodes is ${minNodes}, but only ${nodes} node(s) are listed in parameters.nodes`,
        );
    } catch (error) {
      throw new HubStateError('invalid', error instanceof Error ? error.message : String(error));
    }
  },
  tasksFor(nodeName, job, round, stored) {
    if (round > 0) return stored;
    const parameters = secaggParametersOf(job);
    const index = parameters.nodes.indexOf(nodeName);
    if (index < 0) return undefined;
    const start: SecAggSumStart = { job: secaggJobOf(job), node: index + 1, bound: parameters.bound };
    return start;
  },
  onRoundClosed(job, round, submissions, earlier) {
    const parameters = secaggParametersOf(job);
    const protocol = secaggJobOf(job);
    const indexOf = (name: string) => parameters.nodes.indexOf(name) + 1;
    const rounds = [...earlier, submissions].map((subs) => inOrder(subs, indexOf));
    const server = new SecAggServer(protocol);
    const byName = (build: (index: number) => unknown) =>
      Object.fromEntries(rounds[round].map((s) => [s.nodeName, build(indexOf(s.nodeName))]));

    for (const s of rounds[0]) server.receiveAdvertisement(s.payload);
    if (round === 0) {
      const roster = server.keyRoster();
      return { next: { purpose: PURPOSES[1], tasks: byName(() => roster) } };
    }
    server.keyRoster();
    for (const s of rounds[1]) server.receiveShares(s.payload);
    // shareInbox closes U2 on its first call; every member of U2 gets its own inbox.
    const inboxes = new Map(rounds[1].map((s) => [s.nodeName, server.shareInbox(indexOf(s.nodeName))]));
    if (round === 1) return { next: { purpose: PURPOSES[2], tasks: byName((i) => inboxes.get(nameOf(i))) } };
    for (const s of rounds[2]) server.receiveMaskedInput(s.payload);
    const request = server.unmaskRequest();
    if (round === 2) return { next: { purpose: PURPOSES[3], tasks: byName(() => request) } };
    for (const s of rounds[3]) server.receiveUnmaskResponse(s.payload);
    const result = server.result();
    const sum = decodeIntegers(result.sum, { bound: parameters.bound, contributors: protocol.participants });
    return {
      result: {
        sum: Array.from(sum),
        included: result.included.map(nameOf),
        dropped: result.dropped.map(nameOf),
      },
    };

    function nameOf(index: number): string {
      return parameters.nodes[index - 1];
    }
  },
};

/** A round's submissions in node-name order, each checked to speak for its sender's own index. */
function inOrder(
  submissions: readonly RoundSubmission[],
  indexOf: (name: string) => number,
): RoundSubmission[] {
  const sorted = [...submissions].sort((a, b) =>
    a.nodeName < b.nodeName ? -1 : a.nodeName > b.nodeName ? 1 : 0,
  );
  for (const s of sorted) {
    const claimed = (s.payload as { node?: unknown } | null)?.node;
    if (indexOf(s.nodeName) < 1 || claimed !== indexOf(s.nodeName))
      throw new DataError(
        {},
        `node ${s.nodeName} sent a message for index ${String(claimed)}; it is index ${indexOf(s.nodeName)} of this job (0: not listed)`,
      );
  }
  return sorted;
}
