/**
 * The `federated` job: any `FederatedProtocol` (src/workflows/federated/protocol.ts) over the hub's
 * rounds. A secure-sum phase takes four rounds, exactly as `secagg-sum` (secagg-kind.ts):
 *
 *   <phase>-advertise-keys  task: the phase's plan, its secagg job, the node's index → public keys
 *   <phase>-share-keys      task: the key roster (U1)                             → sealed shares
 *   <phase>-masked-input    task: the node's share inbox                          → y_u (its vector, masked)
 *   <phase>-unmask          task: survivors and dropped                           → shares of b_v or s_v^SK
 *
 * and a shareable phase one (`<phase>-shareable`: the plan → the site's shareable answer). A round's
 * purpose is stored as `[a-z][a-z0-9-]*` (the store's check), hence the dash. Indices
 * are positions in the phase's site list. A node of the job that is not a site of the phase gets a
 * `pass` task and answers `{ pass: true }`, so that it stays a participant of later rounds.
 *
 * The hub keeps no protocol state in memory: each close replays the job's stored submissions from
 * the first phase on (the protocol's `firstPhase` and `next` are pure), rebuilding every finished
 * phase's result and the current phase's `SecAggServer`, so a restarted hub resumes where the last
 * one stopped. The next phase's plan is stored in the tasks of the round that opens it.
 *
 * What the hub stores: the public plans, keys, sealed shares, masked vectors (uniform on their own),
 * unmasking shares and shareable answers — never a site's plain vector; the result it releases is
 * the protocol's result. A phase that needs every input (`everyInputOrNothing`) aborts the job as
 * soon as one of its sites is missing, before any unmasking is asked for.
 */
import * as z from 'zod';
import { DataError } from '../../core/errors.js';
import { SECAGG_VERSION, SecAggJob, SecAggServer, thresholdProblem } from '../../federation/secagg/index.js';
import { phaseThreshold, tookPart } from '../../workflows/federated/in-process.js';
import {
  combine,
  type FederatedProtocol,
  type PhasePlan,
  type PhaseRecord,
} from '../../workflows/federated/protocol.js';
import { HubStateError, type Job } from '../store/index.js';
import type { JobKind, RoundOutcome, RoundSubmission } from './job-kind.js';

export const FEDERATED = 'federated';

// biome-ignore lint/suspicious/noExplicitAny: a registry holds protocols of every parameter type.
export type AnyProtocol = FederatedProtocol<any, any>;

/** What the coordinator gives: the protocol, its sites (in index order) and its own parameters. */
export const FederatedJobParameters = z.object({
  protocol: z.string().min(1),
  nodes: z
    .array(z.string().min(1))
    .min(2)
    .refine((names) => new Set(names).size === names.length, 'expected distinct node names'),
  request: z.unknown(),
  roundSeconds: z.number().positive().optional(),
});
export type FederatedJobParameters = z.infer<typeof FederatedJobParameters>;

/** A phase's plan as the node gets it: the protocol's plan with its sites resolved. */
export const TaskPlan = z.object({
  name: z.string().min(1),
  kind: z.enum(['secure-sum', 'shareable']),
  input: z.unknown(),
  length: z.number().int().min(1).optional(),
  everyInputOrNothing: z.boolean().optional(),
  sites: z.array(z.string()),
});
export type TaskPlan = z.infer<typeof TaskPlan> & PhasePlan;

/** The input of a node's task in a `federated` job. */
export const FederatedTask = z.discriminatedUnion('step', [
  z.object({
    step: z.literal('advertise-keys'),
    phase: z.string(),
    plan: TaskPlan,
    secagg: SecAggJob,
    node: z.number().int().min(1),
  }),
  z.object({ step: z.literal('share-keys'), phase: z.string(), message: z.unknown() }),
  z.object({ step: z.literal('masked-input'), phase: z.string(), message: z.unknown() }),
  z.object({ step: z.literal('unmask'), phase: z.string(), message: z.unknown() }),
  z.object({ step: z.literal('shareable'), phase: z.string(), plan: TaskPlan }),
  z.object({ step: z.literal('pass'), phase: z.string() }),
]);
export type FederatedTask = z.infer<typeof FederatedTask>;

const SECURE_STEPS = ['advertise-keys', 'share-keys', 'masked-input', 'unmask'] as const;

interface Resolved {
  readonly job: Pick<Job, 'id' | 'threshold'>;
  readonly parameters: FederatedJobParameters;
  readonly protocol: AnyProtocol;
  readonly request: unknown;
}

export function federatedKind(protocols: readonly AnyProtocol[]): JobKind {
  const byName = new Map(protocols.map((p) => [p.name, p]));
  const resolve = (job: Pick<Job, 'id' | 'threshold' | 'parameters'>): Resolved => {
    const parsed = FederatedJobParameters.safeParse(job.parameters);
    if (!parsed.success)
      throw new DataError(
        {},
        `the parameters of federated job ${job.id}: ${parsed.error.issues[0].path.join('.') || 'top level'}: ${parsed.error.issues[0].message}`,
      );
    const protocol = byName.get(parsed.data.protocol);
    if (!protocol)
      throw new DataError(
        {},
        `protocol: this hub runs no federated protocol '${parsed.data.protocol}'; it runs ${[...byName.keys()].map((k) => `'${k}'`).join(', ')}`,
      );
    const request = protocol.parameters.safeParse(parsed.data.request);
    if (!request.success) {
      const issue = request.error.issues[0];
      throw new DataError(
        {},
        `request${issue.path.length ? `.${issue.path.join('.')}` : ''}: ${issue.message} (protocol '${protocol.name}')`,
      );
    }
    return { job, parameters: parsed.data, protocol, request: request.data };
  };

  return {
    kind: FEDERATED,
    firstPurpose(job) {
      try {
        const { parameters, protocol, request } = resolve(job);
        return purposeOf(protocol.firstPhase(request, parameters.nodes), 0);
      } catch {
        // The job aborts at its first close; the round's name cannot be more exact than this.
        return 'advertise-keys';
      }
    },
    checkRequest({ parameters, minNodes, threshold }) {
      try {
        const resolved = resolve({ id: 0, threshold, parameters });
        const n = resolved.parameters.nodes.length;
        const problem = thresholdProblem(threshold, n, 'the number of listed nodes');
        if (problem) throw new DataError({}, problem);
        if (minNodes > n)
          throw new DataError(
            {},
            `minNodes is ${minNodes}, but only ${n} node(s) are listed in parameters.nodes`,
          );
        // The first phase must be plannable now (e.g. a row bound the packing allows).
        resolved.protocol.firstPhase(resolved.request, resolved.parameters.nodes);
      } catch (error) {
        throw new HubStateError('invalid', error instanceof Error ? error.message : String(error));
      }
    },
    tasksFor(nodeName, job, round, stored) {
      if (round > 0) return stored;
      const resolved = resolve(job);
      if (!resolved.parameters.nodes.includes(nodeName)) return undefined;
      const plan = resolvePlan(
        resolved.protocol.firstPhase(resolved.request, resolved.parameters.nodes),
        [],
        resolved,
      );
      return openingTasks(resolved, plan, [nodeName])[nodeName];
    },
    onRoundClosed(job, round, submissions, earlier): RoundOutcome {
      const resolved = resolve(job);
      const rounds = [...earlier, submissions];
      const position = replay(resolved, rounds);
      if ('result' in position) return { result: position.result };
      const { plan, start } = position;
      const step = round + 1 - start;
      const participants = submissions.map((s) => s.nodeName);
      const tasks =
        step === 0
          ? openingTasks(resolved, plan, participants)
          : secureSumTasks(resolved, plan, rounds.slice(start), participants);
      return { next: { purpose: purposeOf(plan, step), tasks } };
    },
  };
}

function purposeOf(plan: PhasePlan, step: number): string {
  return `${plan.name}-${plan.kind === 'shareable' ? 'shareable' : SECURE_STEPS[step]}`;
}

/** The plan with its sites resolved: its own list, or the sites of the previous phase's result. */
function resolvePlan(plan: PhasePlan, phases: readonly PhaseRecord[], resolved: Resolved): TaskPlan {
  const sites = [...(plan.sites ?? tookPart(phases.at(-1)) ?? resolved.parameters.nodes)];
  const unknown = sites.find((name) => !resolved.parameters.nodes.includes(name));
  if (unknown !== undefined)
    throw new DataError({}, `phase '${plan.name}' names site '${unknown}', which is not in the job`);
  return { ...plan, sites };
}

type Position =
  | { readonly phases: PhaseRecord[]; readonly plan: TaskPlan; readonly start: number }
  | { readonly phases: PhaseRecord[]; readonly result: Record<string, unknown> };

/** Every finished phase rebuilt from the stored rounds, and the phase under way (or the result). */
function replay(resolved: Resolved, rounds: readonly (readonly RoundSubmission[])[]): Position {
  const { protocol, request, parameters } = resolved;
  const phases: PhaseRecord[] = [];
  let next: PhasePlan | { readonly result: Record<string, unknown> } = protocol.firstPhase(
    request,
    parameters.nodes,
  );
  let start = 0;
  for (;;) {
    if ('result' in next) return { phases, result: next.result };
    const plan = resolvePlan(next, phases, resolved);
    const span = plan.kind === 'secure-sum' ? SECURE_STEPS.length : 1;
    if (start + span > rounds.length) return { phases, plan, start };
    const phaseRounds = rounds.slice(start, start + span);
    const result =
      plan.kind === 'secure-sum'
        ? { kind: 'secure-sum' as const, ...secureSumResult(resolved, plan, phaseRounds) }
        : combine(protocol, plan, shareableAnswers(plan, phaseRounds[0]));
    // The record keeps the plan as the protocol made it, as the other runners do.
    phases.push({ plan: next, sites: plan.sites, result });
    next = protocol.next(request, phases);
    start += span;
  }
}

/** Tasks of a phase's first round: the plan to its sites, a pass to every other participant. */
function openingTasks(
  resolved: Resolved,
  plan: TaskPlan,
  participants: readonly string[],
): Record<string, FederatedTask> {
  const missing = plan.sites.filter((name) => !participants.includes(name));
  if (plan.everyInputOrNothing && missing.length > 0)
    throw new DataError(
      {},
      `phase '${plan.name}' needs the input of every one of its sites (${plan.sites.join(', ')}), and ${missing.join(', ')} did not answer the previous round: the job stops here, no sum of '${plan.name}' is asked for or released`,
    );
  const tasks: Record<string, FederatedTask> = {};
  if (plan.kind === 'secure-sum') {
    const secagg = secaggJobOf(resolved, plan);
    for (const name of participants)
      tasks[name] = plan.sites.includes(name)
        ? { step: 'advertise-keys', phase: plan.name, plan, secagg, node: plan.sites.indexOf(name) + 1 }
        : { step: 'pass', phase: plan.name };
    return tasks;
  }
  for (const name of participants)
    tasks[name] = plan.sites.includes(name)
      ? { step: 'shareable', phase: plan.name, plan }
      : { step: 'pass', phase: plan.name };
  return tasks;
}

/** The phase's secure-aggregation job: n = its sites, t = the job's raised to a majority of them. */
function secaggJobOf(resolved: Resolved, plan: TaskPlan): SecAggJob {
  const n = plan.sites.length;
  if (n < 2)
    throw new DataError(
      {},
      `phase '${plan.name}' has ${n} site(s); a secure sum needs at least 2, or the sum would be one site's vector`,
    );
  return SecAggJob.parse({
    version: SECAGG_VERSION,
    jobId: `hub-job-${resolved.job.id}.${plan.name}`,
    participants: n,
    threshold: phaseThreshold(resolved.job.threshold, n),
    length: plan.length,
  });
}

/** A secure-sum phase's server, fed the stored rounds in order up to `upTo` (exclusive). */
function rebuild(resolved: Resolved, plan: TaskPlan, rounds: readonly (readonly RoundSubmission[])[]) {
  const server = new SecAggServer(secaggJobOf(resolved, plan));
  const ofSites = rounds.map((subs) => siteSubmissions(plan, subs));
  const indexOf = (name: string) => plan.sites.indexOf(name) + 1;
  const steps = [
    () => {
      for (const s of ofSites[0]) server.receiveAdvertisement(s.payload);
      return server.keyRoster();
    },
    () => {
      for (const s of ofSites[1]) server.receiveShares(s.payload);
      return new Map(ofSites[1].map((s) => [s.nodeName, server.shareInbox(indexOf(s.nodeName))]));
    },
    () => {
      for (const s of ofSites[2]) server.receiveMaskedInput(s.payload);
      return server.unmaskRequest();
    },
    () => {
      for (const s of ofSites[3]) server.receiveUnmaskResponse(s.payload);
      return server.result();
    },
  ];
  const outputs = steps.slice(0, rounds.length).map((step) => step());
  return { server, outputs, ofSites };
}

function secureSumResult(
  resolved: Resolved,
  plan: TaskPlan,
  rounds: readonly (readonly RoundSubmission[])[],
) {
  const { outputs } = rebuild(resolved, plan, rounds);
  const result = outputs[3] as ReturnType<SecAggServer['result']>;
  return { sum: result.sum, included: result.included.map((node) => plan.sites[node - 1]) };
}

/** Tasks of rounds 1–3 of a secure-sum phase, from its stored rounds so far. */
function secureSumTasks(
  resolved: Resolved,
  plan: TaskPlan,
  rounds: readonly (readonly RoundSubmission[])[],
  participants: readonly string[],
): Record<string, FederatedTask> {
  const { outputs, ofSites } = rebuild(resolved, plan, rounds);
  const step = rounds.length;
  const answering = new Set(ofSites[step - 1].map((s) => s.nodeName));
  const message = (name: string): unknown => {
    if (step === 1) return outputs[0];
    if (step === 2) return (outputs[1] as Map<string, unknown>).get(name);
    return outputs[2];
  };
  if (step === 3 && plan.everyInputOrNothing) {
    const request = outputs[2] as { survivors: number[] };
    const missing = plan.sites.filter((_, i) => !request.survivors.includes(i + 1));
    if (missing.length > 0)
      throw new DataError(
        {},
        `phase '${plan.name}' needs the masked input of every one of its sites, and ${missing.join(', ')} sent none: the sites would refuse to unmask, no sum of '${plan.name}' is released`,
      );
  }
  const tasks: Record<string, FederatedTask> = {};
  for (const name of participants)
    tasks[name] = answering.has(name)
      ? ({ step: SECURE_STEPS[step], phase: plan.name, message: message(name) } as FederatedTask)
      : { step: 'pass', phase: plan.name };
  return tasks;
}

/** The round's submissions from the phase's sites (not passes), in name order, each for its own index. */
function siteSubmissions(plan: TaskPlan, submissions: readonly RoundSubmission[]): RoundSubmission[] {
  const ofSites = submissions
    .filter((s) => plan.sites.includes(s.nodeName) && !isPass(s.payload))
    .sort((a, b) => (a.nodeName < b.nodeName ? -1 : a.nodeName > b.nodeName ? 1 : 0));
  if (plan.kind === 'secure-sum')
    for (const s of ofSites) {
      const claimed = (s.payload as { node?: unknown } | null)?.node;
      const index = plan.sites.indexOf(s.nodeName) + 1;
      if (claimed !== index)
        throw new DataError(
          {},
          `node ${s.nodeName} sent a message for index ${String(claimed)} in phase '${plan.name}'; it is index ${index}`,
        );
    }
  return ofSites;
}

function shareableAnswers(plan: TaskPlan, submissions: readonly RoundSubmission[]) {
  const answers = new Map<string, Record<string, unknown>>();
  for (const s of siteSubmissions(plan, submissions)) {
    const answer = (s.payload as { answer?: unknown } | null)?.answer;
    if (answer === null || typeof answer !== 'object' || Array.isArray(answer))
      throw new DataError({}, `node ${s.nodeName} answered phase '${plan.name}' without a shareable object`);
    answers.set(s.nodeName, answer as Record<string, unknown>);
  }
  return answers;
}

function isPass(payload: unknown): boolean {
  return (payload as { pass?: unknown } | null)?.pass === true;
}
