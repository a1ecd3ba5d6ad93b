/**
 * Any federated protocol run with every party in this process, secure-sum phases through real secure
 * aggregation (Bonawitz et al. 2017, `src/federation/secagg/`): the sites mask, the hub adds masked
 * vectors and unmasks only their sum. For tests, the bench and the demo; the hub's `federated` job
 * kind and the node's handler run the same steps over the network.
 *
 * Every message crosses as JSON text, as it would the wire, and is counted per site (messages and
 * bytes, sent and received); `observeHub` sees every message the hub receives, so tests can search
 * it for a site's plain vector. A secure-sum phase, per site:
 *
 *   advertise-keys → share-keys → masked-input (the site's vector, `protocol.answer`) → unmask
 *
 * Its threshold is the job's t raised to a majority of the phase's sites (n/2 < t ≤ n must hold for
 * each phase, and later phases may have fewer sites). A site that declines (its `answer` throws a
 * DataError) sends no masked input, as a dropped site; with `everyInputOrNothing` the sites answer
 * the unmask request only when it lists every site of the phase, so a sum over fewer of them is
 * never released.
 */
import { DataError, UsageError } from '../../core/errors.js';
import {
  type RingVector,
  SECAGG_VERSION,
  SecAggClient,
  type SecAggJob,
  SecAggServer,
  thresholdProblem,
  type UnmaskRequest,
} from '../../federation/secagg/index.js';
import { ringLength } from '../../federation/secagg/ring.js';
import type { RandomBits } from '../../privacy/random-bits.js';
import {
  combine,
  type FederatedProtocol,
  type JobOutcome,
  type PhasePlan,
  type PhaseRecord,
  siteContext as protocolSiteContext,
  type SiteContext,
  type SiteInput,
} from './protocol.js';

/** The last step a dropping site completes in a secure-sum phase (a shareable phase: it answers nothing). */
export type DropPoint = 'advertise' | 'share-keys' | 'masked-input';

export interface SiteTraffic {
  sentMessages: number;
  sentBytes: number;
  receivedMessages: number;
  receivedBytes: number;
}

export type InProcessSite = SiteInput;

export interface HubObservation {
  readonly phase: string;
  readonly site: string;
  /** The site's index in the phase (1..n, its secure-aggregation node). */
  readonly node: number;
  /** The message as the hub parsed it from the JSON text. */
  readonly message: unknown;
}

export interface InProcessOptions {
  /** Names the job in the secure-aggregation messages (printable ASCII, no spaces). */
  readonly jobId?: string;
  /** t of secure aggregation for the job (default: a majority of its sites); n/2 < t ≤ n. */
  readonly threshold?: number;
  /** Fault injection: a site that goes silent after a step of a named phase. */
  readonly dropouts?: ReadonlyArray<{
    readonly site: string;
    readonly phase: string;
    readonly after: DropPoint;
  }>;
  readonly observeHub?: (observation: HubObservation) => void;
}

/** What crossed the network in one phase: public by construction (sizes, names, counts). */
export interface PhaseTraffic {
  readonly phase: string;
  readonly kind: PhasePlan['kind'];
  readonly sites: readonly string[];
  readonly threshold: number;
  /** secure-sum: ring entries per site (8 bytes each). */
  readonly length?: number;
  /** The sites whose answers the phase's result holds (none when the phase aborted). */
  readonly included: readonly string[];
  /** Sites that declined, with their reason (local: in a deployment it never leaves the site). */
  readonly declined: ReadonlyArray<{ readonly site: string; readonly reason: string }>;
  readonly traffic: Readonly<Record<string, SiteTraffic>>;
}

export type InProcessOutcome<R> = JobOutcome<R> & { readonly traffic: readonly PhaseTraffic[] };

export async function runProtocolInProcess<P, R extends Record<string, unknown>>(
  protocol: FederatedProtocol<P, R>,
  parameters: unknown,
  sites: readonly InProcessSite[],
  random: RandomBits,
  options: InProcessOptions = {},
): Promise<InProcessOutcome<R>> {
  const params = protocol.parameters.parse(parameters);
  const names = sites.map((s) => s.name);
  const t = options.threshold ?? Math.floor(names.length / 2) + 1;
  const problem = thresholdProblem(t, names.length, 'n');
  if (problem) throw new UsageError(problem, 'threshold');
  const run: PhaseRun<P, R> = {
    protocol,
    params,
    sites: new Map(sites.map((s) => [s.name, s])),
    random,
    options,
    jobId: options.jobId ?? protocol.name,
    threshold: t,
  };
  const phases: PhaseRecord[] = [];
  const traffic: PhaseTraffic[] = [];
  try {
    let plan: PhasePlan | { readonly result: R } = protocol.firstPhase(params, names);
    while (!('result' in plan)) {
      const phaseSites = plan.sites ?? tookPart(phases.at(-1)) ?? names;
      const unknown = phaseSites.find((name) => !run.sites.has(name));
      if (unknown !== undefined)
        throw new DataError({}, `phase '${plan.name}' names site '${unknown}', which is not in the job`);
      const outcome =
        plan.kind === 'secure-sum'
          ? await secureSumPhase(run, plan, phaseSites)
          : await shareablePhase(run, plan, phaseSites);
      traffic.push(outcome.traffic);
      if ('reason' in outcome) return { status: 'aborted', reason: outcome.reason, phases, traffic };
      phases.push(outcome.record);
      plan = protocol.next(params, phases);
    }
    return { status: 'done', result: plan.result, phases, traffic };
  } catch (error) {
    if (error instanceof DataError) return { status: 'aborted', reason: error.message, phases, traffic };
    throw error;
  }
}

/** The sites whose answers a phase's result holds: a later phase's sites unless its plan names them. */
export function tookPart(record: PhaseRecord | undefined): readonly string[] | undefined {
  if (!record) return undefined;
  return record.result.kind === 'secure-sum' ? record.result.included : Object.keys(record.result.answers);
}

/** Each site's traffic summed over the phases of a run. */
export function trafficPerSite(phases: readonly PhaseTraffic[]): Record<string, SiteTraffic> {
  const total: Record<string, SiteTraffic> = {};
  for (const phase of phases)
    for (const [site, t] of Object.entries(phase.traffic)) {
      total[site] ??= newTraffic();
      const sum = total[site];
      sum.sentMessages += t.sentMessages;
      sum.sentBytes += t.sentBytes;
      sum.receivedMessages += t.receivedMessages;
      sum.receivedBytes += t.receivedBytes;
    }
  return total;
}

interface PhaseRun<P, R extends Record<string, unknown>> {
  readonly protocol: FederatedProtocol<P, R>;
  readonly params: P;
  readonly sites: ReadonlyMap<string, InProcessSite>;
  readonly random: RandomBits;
  readonly options: InProcessOptions;
  readonly jobId: string;
  readonly threshold: number;
}

type PhaseOutcome =
  | { readonly record: PhaseRecord; readonly traffic: PhaseTraffic }
  | { readonly reason: string; readonly traffic: PhaseTraffic };

/** The job's t raised to a majority of the phase's n sites, never above n. */
export function phaseThreshold(jobThreshold: number, sites: number): number {
  return Math.min(sites, Math.max(jobThreshold, Math.floor(sites / 2) + 1));
}

/** Message passing between the phase's sites and the hub, as JSON text, counted per site. */
function channel(run: PhaseRun<unknown, Record<string, unknown>>, phase: string, names: readonly string[]) {
  const traffic: Record<string, SiteTraffic> = Object.fromEntries(names.map((n) => [n, newTraffic()]));
  const toHub = (site: string, message: unknown): unknown => {
    const text = JSON.stringify(message);
    traffic[site].sentMessages++;
    traffic[site].sentBytes += Buffer.byteLength(text);
    const received = JSON.parse(text) as unknown;
    run.options.observeHub?.({ phase, site, node: names.indexOf(site) + 1, message: received });
    return received;
  };
  const toSite = (site: string, message: unknown): unknown => {
    const text = JSON.stringify(message);
    traffic[site].receivedMessages++;
    traffic[site].receivedBytes += Buffer.byteLength(text);
    return JSON.parse(text) as unknown;
  };
  return { traffic, toHub, toSite };
}

function siteContext(
  run: PhaseRun<unknown, Record<string, unknown>>,
  name: string,
  phase: string,
): SiteContext {
  return protocolSiteContext(run.sites.get(name)!, run.random.split(`site ${name}`).split(`phase ${phase}`));
}

/** The site's answer, or its reason to decline (a DataError from the protocol). */
async function answerOf(
  run: PhaseRun<unknown, Record<string, unknown>>,
  plan: PhasePlan,
  name: string,
): Promise<{ answer: RingVector | Record<string, unknown> } | { declined: string }> {
  try {
    return { answer: await run.protocol.answer(run.params, plan, siteContext(run, name, plan.name)) };
  } catch (error) {
    if (error instanceof DataError) return { declined: error.message };
    throw error;
  }
}

const ORDER: Record<DropPoint, number> = { advertise: 0, 'share-keys': 1, 'masked-input': 2 };

async function secureSumPhase(
  run: PhaseRun<unknown, Record<string, unknown>>,
  plan: PhasePlan,
  names: readonly string[],
): Promise<PhaseOutcome> {
  const n = names.length;
  const threshold = phaseThreshold(run.threshold, n);
  const { traffic, toHub, toSite } = channel(run, plan.name, names);
  const declined: Array<{ site: string; reason: string }> = [];
  const summary = (included: readonly string[]): PhaseTraffic => ({
    phase: plan.name,
    kind: plan.kind,
    sites: names,
    threshold,
    length: plan.length,
    included,
    declined,
    traffic,
  });
  if (n < 2)
    return {
      reason: `phase '${plan.name}' has ${n} site(s); a secure sum needs at least 2, or the sum would be one site's vector`,
      traffic: summary([]),
    };
  const job: SecAggJob = {
    version: SECAGG_VERSION,
    jobId: `${run.jobId}.${plan.name}`,
    participants: n,
    threshold,
    length: plan.length ?? 0,
  };
  const drops = new Map<string, DropPoint>();
  for (const d of run.options.dropouts ?? []) if (d.phase === plan.name) drops.set(d.site, d.after);
  const server = new SecAggServer(job);
  const random = run.random.split(`phase ${plan.name}`);
  const clients = new Map(
    names.map((name, i) => [
      name,
      new SecAggClient({ job, node: i + 1, random: random.split(`node ${i + 1}`) }),
    ]),
  );
  const live = (step: DropPoint) =>
    [...clients].filter(([name]) => !(drops.has(name) && ORDER[drops.get(name)!] <= ORDER[step]));
  const index = (name: string) => names.indexOf(name) + 1;
  const plans = new Map(names.map((name) => [name, toSite(name, plan) as PhasePlan]));

  try {
    for (const [name, client] of clients) server.receiveAdvertisement(toHub(name, client.advertise()));
    const roster = server.keyRoster();
    for (const [name, client] of live('advertise'))
      server.receiveShares(toHub(name, client.shareKeys(toSite(name, roster))));
    for (const [name, client] of live('share-keys')) {
      const inbox = toSite(name, server.shareInbox(index(name)));
      const answered = await answerOf(run, plans.get(name)!, name);
      if ('declined' in answered) {
        declined.push({ site: name, reason: answered.declined });
        continue;
      }
      const vector = answered.answer;
      if (!(vector instanceof Uint32Array) || ringLength(vector) !== plan.length)
        throw new DataError(
          {},
          `site '${name}' answered phase '${plan.name}' with something other than a ring vector of ${plan.length} entries`,
        );
      server.receiveMaskedInput(toHub(name, client.maskedInput(inbox, vector)));
    }
    const request = server.unmaskRequest();
    for (const [name, client] of live('masked-input')) {
      if (!request.survivors.includes(index(name))) continue;
      const seen = toSite(name, request) as UnmaskRequest;
      // The sites' own defence against differencing: no unmasking of a sum short of any site.
      if (plan.everyInputOrNothing && seen.survivors.length !== n) continue;
      server.receiveUnmaskResponse(toHub(name, client.unmask(seen)));
    }
    if (plan.everyInputOrNothing && request.survivors.length !== n) {
      const missing = [...clients.keys()].filter((name) => !request.survivors.includes(index(name)));
      return {
        reason: `phase '${plan.name}': node(s) ${missing.map(index).join(', ')} sent no masked input (${missing.join(', ')}), and every input is required: the sites did not unmask, no sum was released`,
        traffic: summary([]),
      };
    }
    const result = server.result();
    const included = result.included.map((node) => names[node - 1]);
    return {
      record: { plan, sites: names, result: { kind: 'secure-sum', sum: result.sum, included } },
      traffic: summary(included),
    };
  } catch (error) {
    // Too few sites at some step: the secagg hub refuses to go on and names the step.
    if (error instanceof DataError && /threshold/.test(error.message))
      return { reason: `phase '${plan.name}': ${error.message}`, traffic: summary([]) };
    throw error;
  }
}

async function shareablePhase(
  run: PhaseRun<unknown, Record<string, unknown>>,
  plan: PhasePlan,
  names: readonly string[],
): Promise<PhaseOutcome> {
  const threshold = phaseThreshold(run.threshold, names.length);
  const { traffic, toHub, toSite } = channel(run, plan.name, names);
  const declined: Array<{ site: string; reason: string }> = [];
  const silent = new Set(
    (run.options.dropouts ?? []).filter((d) => d.phase === plan.name).map((d) => d.site),
  );
  const answers = new Map<string, Record<string, unknown>>();
  for (const name of names) {
    const seen = toSite(name, plan) as PhasePlan;
    if (silent.has(name)) continue;
    const answered = await answerOf(run, seen, name);
    if ('declined' in answered) {
      declined.push({ site: name, reason: answered.declined });
      continue;
    }
    if (answered.answer instanceof Uint32Array)
      throw new DataError({}, `site '${name}' answered phase '${plan.name}' with a vector; it is shareable`);
    answers.set(name, toHub(name, answered.answer) as Record<string, unknown>);
  }
  const summary = (included: readonly string[]): PhaseTraffic => ({
    phase: plan.name,
    kind: plan.kind,
    sites: names,
    threshold,
    included,
    declined,
    traffic,
  });
  if (answers.size < threshold)
    return {
      reason: `phase '${plan.name}': only ${answers.size} site(s) answered; the threshold is ${threshold}`,
      traffic: summary([]),
    };
  const result = combine(run.protocol, plan, answers);
  return { record: { plan, sites: names, result }, traffic: summary([...answers.keys()]) };
}

function newTraffic(): SiteTraffic {
  return { sentMessages: 0, sentBytes: 0, receivedMessages: 0, receivedBytes: 0 };
}
