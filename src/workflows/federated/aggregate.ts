/**
 * One secure aggregation (Bonawitz et al. 2017, as `src/federation/secagg/` implements it) among
 * in-process sites, messages crossing as JSON text as they would the wire. It differs from
 * `secagg/in-process.ts` in three ways the copula workflow needs:
 *
 * - a site's vector is computed only when the site reaches its masked-input step;
 * - every message the hub receives is shown to `observeHub` (tests search it for plain vectors);
 * - with `everyInputOrNothing`, a site answers the unmask request only when the hub reports the
 *   masked input of every participant. That is the sites' own defence against differencing: in
 *   round 2 of the copula a sum over fewer sites than round 1 would let the hub subtract it from
 *   round 1's counts and read the missing site's counts (see docs/federation/federated-copula.md).
 *   Without t answers the hub recovers no self mask and learns nothing of the round's inputs.
 */
import { DataError } from '../../core/errors.js';
import {
  type RingVector,
  SecAggClient,
  type SecAggJob,
  type SecAggResult,
  SecAggServer,
} from '../../federation/secagg/index.js';
import type { RandomBits } from '../../privacy/random-bits.js';

/** The last step a dropping site completes (as `secagg/in-process.ts`). */
export type DropPoint = 'advertise' | 'share-keys' | 'masked-input';

export interface SiteTraffic {
  sentMessages: number;
  sentBytes: number;
  receivedMessages: number;
  receivedBytes: number;
}

export interface AggregationInput {
  readonly job: SecAggJob;
  /** Node index (1..n) → the site's plain vector, computed when the site needs it. */
  readonly vector: (node: number) => RingVector;
  readonly dropAfter?: ReadonlyMap<number, DropPoint>;
  readonly everyInputOrNothing?: boolean;
  readonly observeHub?: (node: number, message: unknown) => void;
  readonly random: RandomBits;
}

export type AggregationOutcome =
  | { readonly status: 'summed'; readonly result: SecAggResult; readonly traffic: Map<number, SiteTraffic> }
  | { readonly status: 'aborted'; readonly reason: string; readonly traffic: Map<number, SiteTraffic> };

const ORDER: Record<DropPoint, number> = { advertise: 0, 'share-keys': 1, 'masked-input': 2 };

export function aggregateInProcess(input: AggregationInput): AggregationOutcome {
  const { job } = input;
  const drops = input.dropAfter ?? new Map<number, DropPoint>();
  const server = new SecAggServer(job);
  const traffic = new Map<number, SiteTraffic>();
  const clients = new Map<number, SecAggClient>();
  for (let node = 1; node <= job.participants; node++) {
    clients.set(node, new SecAggClient({ job, node, random: input.random.split(`node ${node}`) }));
    traffic.set(node, { sentMessages: 0, sentBytes: 0, receivedMessages: 0, receivedBytes: 0 });
  }
  const toHub = (node: number, message: unknown): unknown => {
    const text = JSON.stringify(message);
    const t = traffic.get(node)!;
    t.sentMessages++;
    t.sentBytes += Buffer.byteLength(text);
    const received = JSON.parse(text);
    input.observeHub?.(node, received);
    return received;
  };
  const toSite = (node: number, message: unknown): unknown => {
    const text = JSON.stringify(message);
    const t = traffic.get(node)!;
    t.receivedMessages++;
    t.receivedBytes += Buffer.byteLength(text);
    return JSON.parse(text);
  };
  /** Sites still answering once `step` is over. */
  const after = (step: DropPoint) =>
    [...clients].filter(([node]) => !(drops.has(node) && ORDER[drops.get(node)!] <= ORDER[step]));

  try {
    for (const [node, client] of clients) server.receiveAdvertisement(toHub(node, client.advertise()));
    const roster = server.keyRoster();
    for (const [node, client] of after('advertise'))
      server.receiveShares(toHub(node, client.shareKeys(toSite(node, roster))));
    for (const [node, client] of after('share-keys')) {
      const inbox = toSite(node, server.shareInbox(node));
      server.receiveMaskedInput(toHub(node, client.maskedInput(inbox, input.vector(node))));
    }
    const request = server.unmaskRequest();
    for (const [node, client] of after('masked-input')) {
      const seen = toSite(node, request) as typeof request;
      if (input.everyInputOrNothing && seen.survivors.length !== job.participants) continue;
      server.receiveUnmaskResponse(toHub(node, client.unmask(seen)));
    }
    if (input.everyInputOrNothing && request.survivors.length !== job.participants) {
      const missing = [...clients.keys()].filter((v) => !request.survivors.includes(v));
      return {
        status: 'aborted',
        reason: `node(s) ${missing.join(', ')} sent no masked input, and every input is required: the sites did not unmask, no sum was released`,
        traffic,
      };
    }
    return { status: 'summed', result: server.result(), traffic };
  } catch (error) {
    // Too few sites at some step: the secagg hub refuses to go on and names the step.
    if (error instanceof DataError && /threshold/.test(error.message))
      return { status: 'aborted', reason: error.message, traffic };
    throw error;
  }
}
