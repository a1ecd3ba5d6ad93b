/**
 * The node's side of secure aggregation (Bonawitz et al. 2017, Figure 4, without the
 * ConsistencyCheck round: messages are signed by the transport). One client per node per job,
 * driven in order: advertise → shareKeys → maskedInput → unmask. Every method validates what the hub
 * sent and names what is wrong; nothing here touches the network.
 *
 * What leaves the node: two public keys; its shares, encrypted to each peer; y_u, uniform in the
 * ring on its own; and for each peer v either a share of b_v (v survived) or of s_v^SK (v dropped),
 * never both — both would let the hub strip v's masks and read x_v.
 */
import { DataError, UsageError } from '../../core/errors.js';
import type { RandomBits } from '../../privacy/random-bits.js';
import {
  channelKey,
  type KeyPair,
  NONCE_BYTES,
  openFrom,
  pairwiseMaskSeed,
  randomBytesFrom,
  sealFor,
  x25519KeyPair,
} from './keys.js';
import { applyMask, pairwiseSign } from './masks.js';
import {
  type AdvertiseKeys,
  forJob,
  fromBase64url,
  KeyRoster,
  type MaskedInput,
  parseMessage,
  SECAGG_VERSION,
  SecAggJob,
  SHARE_PLAINTEXT_BYTES,
  ShareInbox,
  type ShareKeys,
  toBase64url,
  UnmaskRequest,
  type UnmaskResponse,
} from './messages.js';
import { SEED_BYTES } from './prg.js';
import { type RingVector, ringLength, ringToBytes } from './ring.js';
import { fieldFromBytes, fieldToBytes, SHARE_BYTES, splitSecret } from './shamir.js';

type Phase = 'advertise' | 'share-keys' | 'masked-input' | 'unmask';
type Revealed = 'self-mask' | 'masking-key';

interface PeerKeys {
  readonly channel: Uint8Array;
  readonly masking: Uint8Array;
}

/** The shares this node holds of a peer's secrets: of b_v and of s_v^SK, both at x = this node. */
interface HeldShares {
  readonly selfMask: bigint;
  readonly maskingKey: bigint;
}

export interface SecAggClientOptions {
  readonly job: SecAggJob;
  /** This node's index, 1..n. */
  readonly node: number;
  /** Secrets come from here: `secureRandomBits()` in production, a seeded stream only in tests. */
  readonly random: RandomBits;
}

export class SecAggClient {
  readonly job: SecAggJob;
  readonly node: number;
  private readonly random: RandomBits;
  private phase: Phase = 'advertise';
  private readonly channel: KeyPair;
  private readonly masking: KeyPair;
  private roster = new Map<number, PeerKeys>();
  private held = new Map<number, HeldShares>();
  /** U2 as this node saw it: the peers whose shares reached it, and itself. */
  private sharedKeys = new Set<number>();
  private revealed = new Map<number, Revealed>();
  /** b_u: drawn in round 1, wiped once y_u is computed. */
  private selfMaskSeed: Uint8Array | undefined;

  constructor(options: SecAggClientOptions) {
    this.job = parseMessage(SecAggJob, options.job, 'the secure-aggregation job');
    if (!Number.isInteger(options.node) || options.node < 1 || options.node > this.job.participants)
      throw new UsageError(
        `node must be an index in 1..${this.job.participants}, got ${options.node}`,
        'node',
      );
    this.node = options.node;
    this.random = options.random;
    // Fresh key pairs per job (round AdvertiseKeys), so nothing derived here outlives the job.
    this.channel = x25519KeyPair(this.random);
    this.masking = x25519KeyPair(this.random);
  }

  /** Round 0: the two public keys, for the hub to forward to every node. */
  advertise(): AdvertiseKeys {
    this.expect('advertise');
    this.phase = 'share-keys';
    return {
      version: SECAGG_VERSION,
      kind: 'advertise-keys',
      jobId: this.job.jobId,
      node: this.node,
      channelPublicKey: toBase64url(this.channel.publicKey),
      maskingPublicKey: toBase64url(this.masking.publicKey),
    };
  }

  /** Round 1: shares of b_u and s_u^SK for every peer in the roster, each sealed to that peer. */
  shareKeys(input: unknown): ShareKeys {
    const roster = forJob(parseMessage(KeyRoster, input, 'the key roster'), this.job, 'the key roster');
    this.expect('share-keys');
    this.roster = this.checkRoster(roster);
    this.phase = 'masked-input';
    const selfMaskSeed = randomBytesFrom(this.random, SEED_BYTES);
    const n = this.job.participants;
    const selfMaskShares = splitSecret(fieldFromBytes(selfMaskSeed), this.job.threshold, n, this.random);
    const maskingKeyShares = splitSecret(
      fieldFromBytes(this.masking.privateKey),
      this.job.threshold,
      n,
      this.random,
    );
    this.selfMaskSeed = selfMaskSeed;
    const shares: ShareKeys['shares'] = [];
    for (const [peer, keys] of this.roster) {
      const plaintext = new Uint8Array(SHARE_PLAINTEXT_BYTES);
      const view = new DataView(plaintext.buffer);
      view.setUint32(0, this.node);
      view.setUint32(4, peer);
      plaintext.set(fieldToBytes(selfMaskShares[peer - 1].y), 8);
      plaintext.set(fieldToBytes(maskingKeyShares[peer - 1].y), 8 + SHARE_BYTES);
      if (peer === this.node) {
        this.held.set(peer, {
          selfMask: selfMaskShares[peer - 1].y,
          maskingKey: maskingKeyShares[peer - 1].y,
        });
        continue;
      }
      const key = channelKey(this.channel.privateKey, keys.channel, this.job.jobId, this.node, peer, peer);
      const nonce = randomBytesFrom(this.random, NONCE_BYTES);
      const sealed = sealFor(key, nonce, plaintext, this.job.jobId, this.node, peer);
      shares.push({ to: peer, nonce: toBase64url(nonce), ciphertext: toBase64url(sealed) });
    }
    return { version: SECAGG_VERSION, kind: 'share-keys', jobId: this.job.jobId, node: this.node, shares };
  }

  /**
   * Round 2: y_u. The peers whose shares arrived form U2 (with this node); the pairwise masks run
   * over U2 only, because a peer that sent no shares could not have its masks removed if it dropped.
   */
  maskedInput(input: unknown, values: RingVector): MaskedInput {
    const inbox = forJob(parseMessage(ShareInbox, input, 'the share inbox'), this.job, 'the share inbox');
    if (inbox.node !== this.node)
      throw new DataError(
        {},
        `the share inbox is addressed to node ${inbox.node}, this is node ${this.node}`,
      );
    if (ringLength(values) !== this.job.length)
      throw new UsageError(
        `the input has ${ringLength(values)} entries; the job expects ${this.job.length}`,
        'values',
      );
    this.expect('masked-input');
    this.openInbox(inbox);
    if (this.sharedKeys.size < this.job.threshold)
      throw new DataError(
        {},
        `only ${this.sharedKeys.size} node(s) shared keys (this one included); the threshold is ${this.job.threshold}: refusing to send a masked input`,
      );
    const masked = values.slice();
    applyMask(masked, this.selfMaskSeed!, 1);
    for (const peer of this.sharedKeys) {
      if (peer === this.node) continue;
      const seed = pairwiseMaskSeed(
        this.masking.privateKey,
        this.roster.get(peer)!.masking,
        this.job.jobId,
        this.node,
        peer,
      );
      applyMask(masked, seed, pairwiseSign(this.node, peer));
    }
    // The secrets are in the peers' shares now; this node needs neither again.
    this.selfMaskSeed!.fill(0);
    this.selfMaskSeed = undefined;
    this.phase = 'unmask';
    return {
      version: SECAGG_VERSION,
      kind: 'masked-input',
      jobId: this.job.jobId,
      node: this.node,
      masked: toBase64url(ringToBytes(masked)),
    };
  }

  /**
   * Round 3: shares of b_v for every survivor v and of s_v^SK for every dropped v. Refuses a request
   * inconsistent with this node's U2, one with fewer than t survivors, and any request that would
   * reveal the other kind of secret for a node it already answered about (a repeat of the same
   * answer is allowed, so a transport may retry).
   */
  unmask(input: unknown): UnmaskResponse {
    const request = forJob(
      parseMessage(UnmaskRequest, input, 'the unmask request'),
      this.job,
      'the unmask request',
    );
    this.expect('unmask');
    const kinds = this.checkUnmaskRequest(request);
    const response: UnmaskResponse = {
      version: SECAGG_VERSION,
      kind: 'unmask-response',
      jobId: this.job.jobId,
      node: this.node,
      selfMaskShares: [],
      maskingKeyShares: [],
    };
    for (const [peer, kind] of kinds) {
      this.revealed.set(peer, kind);
      const held = this.held.get(peer)!;
      if (kind === 'self-mask')
        response.selfMaskShares.push({ of: peer, share: toBase64url(fieldToBytes(held.selfMask)) });
      else response.maskingKeyShares.push({ of: peer, share: toBase64url(fieldToBytes(held.maskingKey)) });
    }
    return response;
  }

  private checkRoster(roster: KeyRoster): Map<number, PeerKeys> {
    const peers = new Map<number, PeerKeys>();
    const keys = new Set<string>();
    for (const entry of roster.nodes) {
      if (entry.jobId !== this.job.jobId || entry.node > this.job.participants)
        throw new DataError(
          {},
          `the key roster lists node ${entry.node} of job '${entry.jobId}', not of this job`,
        );
      if (peers.has(entry.node)) throw new DataError({}, `the key roster lists node ${entry.node} twice`);
      // Distinct keys, as the paper requires: a hub that replays one node's keys as another's is caught.
      for (const key of [entry.channelPublicKey, entry.maskingPublicKey]) {
        if (keys.has(key))
          throw new DataError({}, `the key roster repeats a public key (node ${entry.node})`);
        keys.add(key);
      }
      peers.set(entry.node, {
        channel: fromBase64url(entry.channelPublicKey),
        masking: fromBase64url(entry.maskingPublicKey),
      });
    }
    const own = peers.get(this.node);
    if (
      !own ||
      toBase64url(own.channel) !== toBase64url(this.channel.publicKey) ||
      toBase64url(own.masking) !== toBase64url(this.masking.publicKey)
    )
      throw new DataError({}, `the key roster does not carry node ${this.node}'s own public keys`);
    if (peers.size < this.job.threshold)
      throw new DataError(
        {},
        `the key roster has ${peers.size} node(s); the threshold is ${this.job.threshold}`,
      );
    return peers;
  }

  private openInbox(inbox: ShareInbox): void {
    this.sharedKeys = new Set([this.node]);
    for (const sealed of inbox.shares) {
      const peer = sealed.from;
      const keys = this.roster.get(peer);
      if (!keys || peer === this.node)
        throw new DataError(
          {},
          `the share inbox holds shares from node ${peer}, which is not a peer in the key roster`,
        );
      if (this.sharedKeys.has(peer))
        throw new DataError({}, `the share inbox holds node ${peer}'s shares twice`);
      const key = channelKey(this.channel.privateKey, keys.channel, this.job.jobId, peer, this.node, peer);
      const plaintext = openFrom(
        key,
        fromBase64url(sealed.nonce),
        fromBase64url(sealed.ciphertext),
        this.job.jobId,
        peer,
        this.node,
      );
      const view = new DataView(plaintext.buffer, plaintext.byteOffset, plaintext.byteLength);
      if (view.getUint32(0) !== peer || view.getUint32(4) !== this.node)
        throw new DataError({}, `the shares from node ${peer} name another sender or receiver`);
      this.held.set(peer, {
        selfMask: fieldFromBytes(plaintext.subarray(8, 8 + SHARE_BYTES)),
        maskingKey: fieldFromBytes(plaintext.subarray(8 + SHARE_BYTES)),
      });
      this.sharedKeys.add(peer);
    }
  }

  private checkUnmaskRequest(request: UnmaskRequest): Map<number, Revealed> {
    const kinds = new Map<number, Revealed>();
    const ask = (peer: number, kind: Revealed) => {
      if (kinds.has(peer))
        throw new DataError(
          {},
          `the unmask request names node ${peer} both as a survivor and as dropped: refused`,
        );
      if (!this.sharedKeys.has(peer))
        throw new DataError(
          {},
          `the unmask request names node ${peer}, which did not share keys with node ${this.node}`,
        );
      const before = this.revealed.get(peer);
      if (before !== undefined && before !== kind)
        throw new DataError(
          {},
          `node ${this.node} already revealed its share of node ${peer}'s ${before === 'self-mask' ? 'self-mask seed' : 'masking key'}; ` +
            'revealing the other secret too would unmask its input: refused',
        );
      kinds.set(peer, kind);
    };
    for (const peer of request.survivors) ask(peer, 'self-mask');
    for (const peer of request.dropped) ask(peer, 'masking-key');
    if (kinds.size !== this.sharedKeys.size)
      throw new DataError(
        {},
        `the unmask request accounts for ${kinds.size} node(s), but ${this.sharedKeys.size} shared keys with node ${this.node}`,
      );
    if (!request.survivors.includes(this.node))
      throw new DataError({}, `the unmask request does not list node ${this.node} among the survivors`);
    if (request.survivors.length < this.job.threshold)
      throw new DataError(
        {},
        `the unmask request lists ${request.survivors.length} survivor(s); the threshold is ${this.job.threshold}: refused`,
      );
    return kinds;
  }

  private expect(step: Phase): void {
    if (this.phase !== step)
      throw new UsageError(`node ${this.node} cannot run '${step}' now: its next step is '${this.phase}'`);
  }
}
