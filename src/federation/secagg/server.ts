/**
 * The hub's side of secure aggregation (Bonawitz et al. 2017, Figure 4, server steps). It collects
 * public keys and forwards them (U1), routes the sealed shares it cannot read (U2), adds the masked
 * inputs as they arrive (U3), asks the survivors to unmask, and recovers
 *
 *   Σ_{u ∈ U3} x_u = Σ_{u ∈ U3} y_u − Σ_{u ∈ U3} PRG(b_u) − Σ_{v ∈ U2\U3} Σ_{u ∈ U3} ±PRG(s_uv).
 *
 * The inputs counted are exactly those of U3, the nodes whose masked input arrived before the hub
 * closed round 2, including a node that then went silent in round 3 (its b_u comes from the others'
 * shares). A node that dropped before sending y_u is not counted; its pairwise masks are removed.
 *
 * What the hub keeps: the running Σ y_u (never a single y_u), the public keys, the sealed shares
 * until routed, and the revealed shares (of b_v for survivors, of s_v^SK for dropped nodes only).
 * It accepts no masked input once it has announced who dropped: a late y_v together with s_v^SK
 * would leave only the self mask between the hub and x_v.
 */
import type * as z from 'zod';
import { DataError, UsageError } from '../../core/errors.js';
import { pairwiseMaskSeed, x25519PublicKey } from './keys.js';
import { applyMask, pairwiseSign } from './masks.js';
import {
  AdvertiseKeys,
  forJob,
  fromBase64url,
  type KeyRoster,
  MaskedInput,
  parseMessage,
  SECAGG_VERSION,
  SecAggJob,
  type ShareInbox,
  ShareKeys,
  toBase64url,
  type UnmaskRequest,
  UnmaskResponse,
} from './messages.js';
import { ELEMENT_BYTES, type RingVector, ringAddInto, ringFromBytes, ringZeros } from './ring.js';
import { fieldFromBytes, fieldToBytes, recoverSecret, type Share } from './shamir.js';

type Phase = 'advertise' | 'share-keys' | 'masked-input' | 'unmask' | 'done';

export interface SecAggResult {
  /** Σ_{u ∈ included} x_u in Z_{2^64}; decode with encoding.ts. */
  readonly sum: RingVector;
  /** U3: the nodes whose inputs the sum holds, ascending. */
  readonly included: number[];
  /** U2 \ U3: nodes that shared keys but whose inputs are not in the sum. */
  readonly dropped: number[];
}

export class SecAggServer {
  readonly job: SecAggJob;
  private phase: Phase = 'advertise';
  private readonly advertised = new Map<number, AdvertiseKeys>();
  /** The advertised s_u^PK, decoded once: the hub uses each for every dropped node. */
  private readonly maskingKeys = new Map<number, Uint8Array>();
  private readonly sealed = new Map<number, ShareKeys['shares']>();
  private readonly maskedFrom = new Set<number>();
  private readonly maskedSum: RingVector;
  private readonly responses = new Map<number, UnmaskResponse>();
  private request: UnmaskRequest | undefined;

  constructor(job: SecAggJob) {
    this.job = parseMessage(SecAggJob, job, 'the secure-aggregation job');
    this.maskedSum = ringZeros(this.job.length);
  }

  /** The step the hub is waiting for. */
  get step(): Phase {
    return this.phase;
  }

  /** Round 0: a node's public keys. A verbatim repeat is accepted (a retry); a change is refused. */
  receiveAdvertisement(input: unknown): void {
    const message = this.parse(AdvertiseKeys, input, 'advertised keys');
    this.expect('advertise', message.node);
    const before = this.advertised.get(message.node);
    if (before && JSON.stringify(before) !== JSON.stringify(message))
      throw new DataError({}, `node ${message.node} advertised different keys twice`);
    this.advertised.set(message.node, message);
    this.maskingKeys.set(message.node, fromBase64url(message.maskingPublicKey));
  }

  /** Closes round 0: U1, the nodes whose keys arrived, sent to each of them. */
  keyRoster(): KeyRoster {
    if (this.phase === 'advertise') {
      this.quorum(this.advertised.size, 'advertised keys');
      this.phase = 'share-keys';
    }
    const nodes = [...this.advertised.values()].sort((a, b) => a.node - b.node);
    return { version: SECAGG_VERSION, kind: 'key-roster', jobId: this.job.jobId, nodes };
  }

  /** Round 1: one sealed bundle for every other node of U1, as the hub routes them unopened. */
  receiveShares(input: unknown): void {
    const message = this.parse(ShareKeys, input, 'shared keys');
    this.expect('share-keys', message.node);
    const from = message.node;
    if (!this.advertised.has(from)) throw new DataError({}, `node ${from} shares keys but advertised none`);
    const to = new Set(message.shares.map((s) => s.to));
    const expected = [...this.advertised.keys()].filter((v) => v !== from);
    if (to.size !== message.shares.length || to.size !== expected.length || expected.some((v) => !to.has(v)))
      throw new DataError(
        {},
        `node ${from} must send exactly one sealed bundle to each of nodes ${expected.join(', ')}; it sent to ${message.shares.map((s) => s.to).join(', ')}`,
      );
    this.sealed.set(from, message.shares);
  }

  /** Closes round 1 (U2, the nodes whose shares arrived) and gives `node` the bundles sealed to it. */
  shareInbox(node: number): ShareInbox {
    if (this.phase === 'share-keys') {
      this.quorum(this.sealed.size, 'shared keys');
      this.phase = 'masked-input';
    }
    if (!this.sealed.has(node))
      throw new DataError({}, `node ${node} sent no shares, so it has no share inbox`);
    const shares: ShareInbox['shares'] = [];
    for (const [from, bundles] of [...this.sealed].sort((a, b) => a[0] - b[0])) {
      if (from === node) continue;
      const bundle = bundles.find((s) => s.to === node)!;
      shares.push({ from, nonce: bundle.nonce, ciphertext: bundle.ciphertext });
    }
    return { version: SECAGG_VERSION, kind: 'share-inbox', jobId: this.job.jobId, node, shares };
  }

  /** Round 2: y_u, added at once into the running sum; the hub never keeps a single node's y_u. */
  receiveMaskedInput(input: unknown): void {
    const message = this.parse(MaskedInput, input, 'a masked input');
    this.expect('masked-input', message.node);
    if (!this.sealed.has(message.node))
      throw new DataError({}, `node ${message.node} sent a masked input but did not share keys`);
    if (this.maskedFrom.has(message.node))
      throw new DataError({}, `node ${message.node} sent a second masked input`);
    const bytes = fromBase64url(message.masked);
    if (bytes.length !== this.job.length * ELEMENT_BYTES)
      throw new DataError(
        {},
        `node ${message.node}'s masked input has ${bytes.length} bytes; expected ${this.job.length} entries × ${ELEMENT_BYTES}`,
      );
    ringAddInto(this.maskedSum, ringFromBytes(bytes));
    this.maskedFrom.add(message.node);
  }

  /** Closes round 2: U3 and U2 \ U3, announced to every survivor. Later masked inputs are refused. */
  unmaskRequest(): UnmaskRequest {
    if (this.phase === 'masked-input') {
      this.quorum(this.maskedFrom.size, 'masked inputs');
      this.phase = 'unmask';
      const survivors = [...this.maskedFrom].sort((a, b) => a - b);
      const dropped = [...this.sealed.keys()].filter((v) => !this.maskedFrom.has(v)).sort((a, b) => a - b);
      this.request = {
        version: SECAGG_VERSION,
        kind: 'unmask-request',
        jobId: this.job.jobId,
        survivors,
        dropped,
      };
    }
    if (!this.request)
      throw new UsageError(`the hub cannot announce survivors now: its next step is '${this.phase}'`);
    return this.request;
  }

  /** Round 3: a survivor's shares, checked to be of the kind announced for each node. */
  receiveUnmaskResponse(input: unknown): void {
    const message = this.parse(UnmaskResponse, input, 'an unmask response');
    this.expect('unmask', message.node);
    const request = this.request!;
    if (!request.survivors.includes(message.node))
      throw new DataError({}, `node ${message.node} answered the unmask request but is not a survivor`);
    sameNodes(message.selfMaskShares, request.survivors, message.node, 'self-mask seed shares');
    sameNodes(message.maskingKeyShares, request.dropped, message.node, 'masking-key shares');
    this.responses.set(message.node, message);
  }

  /** Closes round 3: the sum of U3's inputs, or a DataError when fewer than t survivors answered. */
  result(): SecAggResult {
    this.expect('unmask');
    const request = this.request!;
    this.quorum(this.responses.size, 'unmask responses');
    const sum = this.maskedSum.slice();
    for (const v of request.survivors) {
      const seed = fieldToBytes(this.recover(v, 'selfMaskShares')).subarray(-16);
      applyMask(sum, seed, -1);
    }
    for (const v of request.dropped) this.removePairwiseMasks(sum, v, request.survivors);
    this.phase = 'done';
    return { sum, included: [...request.survivors], dropped: [...request.dropped] };
  }

  /** A dropped v's masks with every survivor u entered y_u with sign ±; subtract them again. */
  private removePairwiseMasks(sum: RingVector, v: number, survivors: readonly number[]): void {
    const privateKey = fieldToBytes(this.recover(v, 'maskingKeyShares')).subarray(-32);
    const advertised = this.advertised.get(v)!;
    if (toBase64url(x25519PublicKey(privateKey)) !== advertised.maskingPublicKey)
      throw new DataError(
        {},
        `the masking key recovered for node ${v} does not match its advertised public key`,
      );
    for (const u of survivors) {
      const seed = pairwiseMaskSeed(privateKey, this.maskingKeys.get(u)!, this.job.jobId, v, u);
      applyMask(sum, seed, pairwiseSign(u, v) === 1 ? -1 : 1);
    }
  }

  private recover(of: number, kind: 'selfMaskShares' | 'maskingKeyShares'): bigint {
    const shares: Share[] = [];
    for (const [holder, response] of this.responses) {
      const revealed = response[kind].find((s) => s.of === of)!;
      shares.push({ x: holder, y: fieldFromBytes(fromBase64url(revealed.share)) });
    }
    const secret = recoverSecret(shares, this.job.threshold);
    const bytes = kind === 'selfMaskShares' ? 16 : 32;
    if (secret >= 1n << BigInt(8 * bytes))
      throw new DataError(
        {},
        `the shares of node ${of}'s secret recover a value too large to be one: a share is corrupt`,
      );
    return secret;
  }

  private parse<T extends { jobId: string }>(schema: z.ZodType<T>, input: unknown, what: string): T {
    return forJob(parseMessage(schema, input, what), this.job, what);
  }

  private expect(step: Phase, node?: number): void {
    if (node !== undefined && node > this.job.participants)
      throw new DataError({}, `node ${node} is not in this job of ${this.job.participants} nodes`);
    if (this.phase !== step)
      throw new DataError(
        {},
        `${node === undefined ? 'the hub' : `a message from node ${node}`} came for step '${step}', but the job is at step '${this.phase}'`,
      );
  }

  private quorum(count: number, what: string): void {
    if (count < this.job.threshold)
      throw new DataError(
        {},
        `only ${count} node(s) sent ${what}; the threshold is ${this.job.threshold}: the job cannot complete and no sum is released`,
      );
  }
}

function sameNodes(
  shares: ReadonlyArray<{ of: number }>,
  nodes: readonly number[],
  from: number,
  what: string,
): void {
  const of = new Set(shares.map((s) => s.of));
  if (of.size !== shares.length || of.size !== nodes.length || nodes.some((v) => !of.has(v)))
    throw new DataError(
      {},
      `node ${from} sent ${what} for nodes ${[...of].join(', ')}; expected nodes ${nodes.join(', ')}`,
    );
}
