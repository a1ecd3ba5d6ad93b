/**
 * What every `federate` command does first: read the CA file, make the coordinator's client, and
 * show a job's progress (rounds opening and closing, who submitted) as progress lines on stderr.
 */
import { readFileSync } from 'node:fs';
import { UsageError } from '../../core/errors.js';
import {
  type CoordinatorClient,
  createCoordinatorClient,
  type WaitOptions,
} from '../../server/coordinator/index.js';
import type { JobStatusResponse } from '../../server/hub/index.js';
import type { CommandContext } from '../io.js';

export function clientOf(options: Record<string, unknown>): CoordinatorClient {
  const caPem = readFileSync(options.ca as string, 'utf8');
  if (!caPem.includes('-----BEGIN CERTIFICATE-----'))
    throw new UsageError(`--ca: ${options.ca} is not a PEM certificate; give the hub's ca.pem`);
  return createCoordinatorClient({
    hubUrl: options.hub as string,
    caPem,
    token: options.token as string,
  });
}

/** One progress line per change of a job's rounds: "job 3: phase 1 moments open, 2/3 sites answered". */
export function showProgress(
  context: CommandContext,
  what: string,
): WaitOptions & { onStart: (s: { id: number; nodes: string[] }) => void } {
  let sites = 0;
  return {
    onStart: ({ id, nodes }) => {
      sites = nodes.length;
      context.progress.step(`${what}: job ${id} on ${nodes.length} sites (${nodes.join(', ')})`);
    },
    onStatus: (status: JobStatusResponse) => {
      const round = status.rounds.at(-1);
      if (!round) return;
      context.progress.step(
        `job ${status.id}: round ${round.round} ${round.purpose} ${round.status}, ${round.submitted.length}/${sites || '?'} sites answered`,
      );
    },
  };
}

/** The job-level options of a federated job, from the command's flags. */
export function jobOptions(options: Record<string, unknown>) {
  return {
    ...(options.nodes ? { nodes: options.nodes as string[] } : {}),
    ...(options.minNodes ? { minNodes: options.minNodes as number } : {}),
    ...(options.deadline ? { deadlineSeconds: options.deadline as number } : {}),
    ...(options.roundSeconds ? { roundSeconds: options.roundSeconds as number } : {}),
  };
}
