/**
 * A federated protocol: what a consortium's job asks of every site, phase by phase, and what the hub
 * makes of the answers. One protocol per workflow (the copula fit, the distributed-DP mst fit,
 * federated validation); one runner per setting: `runProtocolPlain` below (no masking: the reference
 * of what the secure runs must compute), the in-process secure runner (tests, bench, demo) and the
 * hub's `federated` job kind with the node's handler (the network). A protocol never sees a
 * transport, a round number or a key: the runners own those.
 *
 * Two kinds of phase:
 * - `secure-sum`: every site answers a ring vector of `length` entries; the hub learns only their
 *   sum, by secure aggregation (Bonawitz et al. 2017). What a site puts in its vector must already
 *   be what the protocol may release as part of a sum (noised by the site's share of distributed DP
 *   noise where a private generator runs).
 * - `shareable`: every site answers a JSON object the hub keeps as it is, so it must hold no value
 *   of a single patient (a shareable validation report, a heterogeneity finding, selected edges
 *   released under the site's own DP budget). The protocol's `shareable` schema checks it at the hub.
 *
 * Privacy of a phase's sites: a secure-sum phase over a subset of an earlier phase's sites could be
 * set against that phase's sum to isolate the missing site. `everyInputOrNothing` makes the sites
 * refuse to unmask unless every site of the phase sent its masked input.
 */
import type * as z from 'zod';
import { DataError } from '../../core/errors.js';
import type { Schema } from '../../data/schema.js';
import type { Table } from '../../data/table.js';
import { type RingVector, ringAddInto, ringLength, ringZeros } from '../../federation/secagg/ring.js';
import type { RandomBits } from '../../privacy/random-bits.js';

export interface PhasePlan {
  /** Lower-case, unique within a job (e.g. 'marginals', 'moments', 'one-way', 'validate'). */
  readonly name: string;
  readonly kind: 'secure-sum' | 'shareable';
  /** The public input every site of the phase gets (JSON; the same for every site). */
  readonly input: unknown;
  /** secure-sum: entries of each site's ring vector. */
  readonly length?: number;
  /** secure-sum: refuse to unmask unless every site of the phase sent its masked input. */
  readonly everyInputOrNothing?: boolean;
  /**
   * The sites of the phase, by name; by default the sites that took part in the previous phase's
   * result (for the first phase: every site of the job). A runner never adds a site to this list.
   */
  readonly sites?: readonly string[];
}

export type PhaseResult =
  | {
      readonly kind: 'secure-sum';
      readonly sum: RingVector;
      /** The sites whose vectors the sum holds (U3 of the protocol). */
      readonly included: readonly string[];
    }
  | {
      readonly kind: 'shareable';
      /** Site name → its answer, as the protocol's `shareable` schema parsed it. */
      readonly answers: Readonly<Record<string, Record<string, unknown>>>;
    };

export interface PhaseRecord {
  readonly plan: PhasePlan;
  /** The phase's sites, resolved (the plan's `sites`, or the previous phase's). */
  readonly sites: readonly string[];
  readonly result: PhaseResult;
}

/** What a site works with: its own rows, never sent, and its own keys to its privacy budget. */
export interface SiteContext {
  /** The site's name in the job (a centre code). */
  readonly name: string;
  readonly table: Table;
  /**
   * The cells of the site's data file as written (every column a code column of the texts), when
   * the file is text: what a harmonisation check reads (`3,5`, `31/01/2024`, `Male `), which the
   * typed table has already parsed or refused. Only the columns the site's own schema declares,
   * identifiers left out (the node decides, not the job). Never sent; absent for a typed source.
   */
  readonly text?: Table;
  /** Secrets and noise of the site: independent per site and per phase (the runner splits it). */
  readonly random: RandomBits;
  /**
   * Charges the site's own privacy ledger with `rho` (zCDP) for `purpose`, before any noised value
   * leaves the site; throws (and the site declines the job) when it would exceed the site's budget.
   * A runner without a ledger passes a function that records the charges.
   */
  readonly charge: (rho: number, purpose: string) => void | Promise<void>;
  /** Where the site may write files for its own staff (per-centre reports); never its data files. */
  readonly outputDir?: string;
}

export type JobOutcome<R> =
  | { readonly status: 'done'; readonly result: R; readonly phases: readonly PhaseRecord[] }
  | { readonly status: 'aborted'; readonly reason: string; readonly phases: readonly PhaseRecord[] };

export interface FederatedProtocol<P = unknown, R extends Record<string, unknown> = Record<string, unknown>> {
  /** The job's protocol name ('copula', 'mst', 'validate'). */
  readonly name: string;
  /** The job's public parameters (the coordinator's request; every site sees them). */
  readonly parameters: z.ZodType<P>;
  /** What a site may answer in a shareable phase (checked at the hub before it is stored). */
  readonly shareable?: z.ZodType<Record<string, unknown>>;
  /** Hub: the first phase, for the job's sites (in the job's order). */
  firstPhase(parameters: P, sites: readonly string[]): PhasePlan;
  /**
   * Hub: after each phase, the next one or the job's released result (public by construction: it
   * is what the coordinator downloads). May throw a DataError to abort the job with its message.
   */
  next(parameters: P, phases: readonly PhaseRecord[]): PhasePlan | { readonly result: R };
  /**
   * Site: the answer to a phase — its ring vector of `plan.length` entries (secure-sum) or its
   * shareable object. Throws a DataError to decline (e.g. its data do not fit the job's schema, or
   * the job would exceed its budget); the site then drops out of the job. A site keeps no state
   * between phases: each phase's input carries what the site needs from earlier ones.
   */
  answer(
    parameters: P,
    plan: PhasePlan,
    site: SiteContext,
  ): RingVector | Record<string, unknown> | Promise<RingVector | Record<string, unknown>>;
}

/** The schema every protocol's parameters share: the consortium schema the sites' tables conform to. */
export interface WithSchema {
  readonly schema: Schema;
}

/**
 * The reference runner: every site answers every phase and the hub adds the vectors in the clear.
 * It is what a secure run computes (tests compare the two) and never what a deployment should use:
 * the hub here sees every site's vector.
 */
export async function runProtocolPlain<P, R extends Record<string, unknown>>(
  protocol: FederatedProtocol<P, R>,
  parameters: unknown,
  sites: ReadonlyArray<SiteInput>,
  random: RandomBits,
): Promise<JobOutcome<R>> {
  const params = protocol.parameters.parse(parameters);
  const byName = new Map(sites.map((s) => [s.name, s]));
  const phases: PhaseRecord[] = [];
  let plan: PhasePlan | { readonly result: R } = protocol.firstPhase(
    params,
    sites.map((s) => s.name),
  );
  try {
    while (!('result' in plan)) {
      const names = plan.sites ?? phases.at(-1)?.sites ?? sites.map((s) => s.name);
      const answers = new Map<string, RingVector | Record<string, unknown>>();
      for (const name of names) {
        const site = byName.get(name);
        if (!site)
          throw new DataError({}, `phase '${plan.name}' names site '${name}', which is not in the job`);
        const context = siteContext(site, random.split(`site ${name}`).split(`phase ${plan.name}`));
        answers.set(name, await protocol.answer(params, plan, context));
      }
      phases.push({ plan, sites: names, result: combine(protocol, plan, answers) });
      plan = protocol.next(params, phases);
    }
  } catch (error) {
    if (error instanceof DataError) return { status: 'aborted', reason: error.message, phases };
    throw error;
  }
  return { status: 'done', result: plan.result, phases };
}

/** What a runner is given of a site: its context but the runner's noise, and a charge by default. */
export type SiteInput = Omit<SiteContext, 'random' | 'charge'> & Partial<Pick<SiteContext, 'charge'>>;

/**
 * The site's context in a phase. Its properties are copied as they are, getters included, not
 * read: a site whose typed table does not read (a getter that throws) still answers a protocol
 * that reads only its text.
 */
export function siteContext(site: SiteInput, random: RandomBits): SiteContext {
  const context = Object.defineProperties({}, Object.getOwnPropertyDescriptors(site)) as SiteInput;
  return Object.assign(context, { charge: site.charge ?? (() => {}), random });
}

/** A phase's result from every site's answer, as the secure runners must also produce it. */
export function combine(
  protocol: Pick<FederatedProtocol, 'shareable'>,
  plan: PhasePlan,
  answers: ReadonlyMap<string, RingVector | Record<string, unknown>>,
): PhaseResult {
  if (plan.kind === 'shareable') {
    const parsed: Record<string, Record<string, unknown>> = {};
    for (const [name, answer] of answers) {
      if (answer instanceof Uint32Array)
        throw new DataError(
          {},
          `site '${name}' answered phase '${plan.name}' with a vector; it is shareable`,
        );
      parsed[name] = protocol.shareable ? protocol.shareable.parse(answer) : answer;
    }
    return { kind: 'shareable', answers: parsed };
  }
  const sum = ringZeros(plan.length ?? 0);
  for (const [name, answer] of answers) {
    if (!(answer instanceof Uint32Array) || ringLength(answer) !== plan.length)
      throw new DataError(
        {},
        `site '${name}' answered phase '${plan.name}' with something other than a ring vector of ${plan.length} entries`,
      );
    ringAddInto(sum, answer);
  }
  return { kind: 'secure-sum', sum, included: [...answers.keys()] };
}
