/**
 * One federated job from the coordinator's side: choose the sites (the hub's enrolled nodes unless
 * named), create a `federated` job for a protocol with its request, and wait for what it releases.
 * The sites, quorum and threshold are the secure aggregation's (docs/federation/secure-aggregation.md):
 * a majority threshold n/2 < t ≤ minNodes, so a minority of dropouts does not stop a job.
 */
import { UsageError } from '../../core/errors.js';
import type { CoordinatorClient, WaitOptions } from './client.js';

/** The job kind the hub runs every federated protocol under (src/server/hub/federated-kind.ts). */
export const FEDERATED_KIND = 'federated';

export interface FederatedJobRequest {
  /** The protocol's name ('copula', 'mst', 'validate', 'heterogeneity'). */
  protocol: string;
  /** The protocol's parameters (its `parameters` schema checks them at the hub). */
  request: Record<string, unknown>;
  /** The sites, by node name (default: every node enrolled at the hub). */
  nodes?: readonly string[];
  /** Sites that must answer the first phase (default: all of them). */
  minNodes?: number;
  /** Sites that must remain in every later phase (default: a majority of minNodes). */
  threshold?: number;
  /** Until the job must be done (default 1 hour). */
  deadlineSeconds?: number;
  /** Longest a phase stays open (default: until the job's deadline). */
  roundSeconds?: number;
}

export interface StartedJob {
  id: number;
  nodes: string[];
}

export async function startFederatedJob(
  client: CoordinatorClient,
  job: FederatedJobRequest,
): Promise<StartedJob> {
  const nodes = await resolveNodes(client, job.nodes);
  const minNodes = job.minNodes ?? nodes.length;
  if (minNodes < 2 || minNodes > nodes.length)
    throw new UsageError(
      `minNodes expects a number from 2 to the ${nodes.length} sites of the job, got ${minNodes}`,
      'minNodes',
    );
  const threshold = job.threshold ?? Math.max(2, Math.floor(minNodes / 2) + 1);
  const id = await client.createJob({
    kind: FEDERATED_KIND,
    parameters: { protocol: job.protocol, nodes, request: job.request },
    minNodes,
    threshold,
    deadlineSeconds: job.deadlineSeconds ?? 3600,
    ...(job.roundSeconds ? { roundSeconds: job.roundSeconds } : {}),
  });
  return { id, nodes };
}

/** The job's sites: `nodes` checked against the hub's enrolled nodes, or all of these. */
export async function resolveNodes(client: CoordinatorClient, wanted?: readonly string[]): Promise<string[]> {
  const enrolled = await client.nodes();
  const nodes = wanted ? [...wanted] : enrolled;
  const unknown = nodes.filter((n) => !enrolled.includes(n));
  if (unknown.length)
    throw new UsageError(
      `nodes: ${unknown.map((n) => `'${n}'`).join(', ')} not enrolled at the hub; enrolled: ${enrolled.join(', ') || 'none'}`,
      'nodes',
    );
  if (new Set(nodes).size !== nodes.length) throw new UsageError('nodes names a node twice', 'nodes');
  if (nodes.length < 2)
    throw new UsageError(
      `nodes: a federated job needs at least 2 sites, the hub has ${nodes.length} (${nodes.join(', ') || 'none'}); enrol more nodes`,
      'nodes',
    );
  return nodes;
}

/** Starts the job and waits for its result (throws `JobAbortedError` when it is aborted). */
export async function runFederatedJob(
  client: CoordinatorClient,
  job: FederatedJobRequest,
  wait: WaitOptions & { onStart?: (started: StartedJob) => void } = {},
): Promise<{ id: number; nodes: string[]; result: Record<string, unknown> }> {
  const started = await startFederatedJob(client, job);
  wait.onStart?.(started);
  const result = await client.waitForResult(started.id, wait);
  return { ...started, result };
}
