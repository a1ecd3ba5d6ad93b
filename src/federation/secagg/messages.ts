/**
 * The secure-aggregation messages, as they cross the wire: versioned JSON, bytes as base64url, one
 * zod schema per message with the TypeScript type inferred from it. Nodes are named by their index
 * 1..n in the job (their Shamir evaluation point); mapping indices to enrolled hospitals is the
 * transport's business. Signing, timestamps and replay protection are added by the transport layer.
 *
 * What each message shows an observer of the hub (see docs/federation/secure-aggregation.md):
 * public keys, ciphertexts it cannot open, masked vectors that are uniform on their own, shares of
 * secrets that are revealed only for one kind per node, and the sum.
 */
import * as z from 'zod';
import { DataError } from '../../core/errors.js';
import { KEY_BYTES, NONCE_BYTES, TAG_BYTES } from './keys.js';
import { MAX_MASK_LENGTH } from './prg.js';
import { SHARE_BYTES } from './shamir.js';

export const SECAGG_VERSION = 1;
/** Beyond a few hundred nodes the O(n²) pairwise cost calls for the sparse-graph variant (left out). */
export const MAX_PARTICIPANTS = 1000;
/** Sender index, receiver index, then a share of b_u and a share of s_u^SK. */
export const SHARE_PLAINTEXT_BYTES = 8 + 2 * SHARE_BYTES;
export const SHARE_CIPHERTEXT_BYTES = SHARE_PLAINTEXT_BYTES + TAG_BYTES;

const Version = z.literal(SECAGG_VERSION);
const NodeIndex = z.number().int().min(1).max(MAX_PARTICIPANTS);
/** Printable ASCII without NUL, so that key-derivation `info` stays unambiguous and short. */
const JobId = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\x21-\x7e]+$/, 'expected 1–128 printable ASCII characters without spaces');
const base64url = (bytes?: number) =>
  z
    .string()
    .regex(/^[A-Za-z0-9_-]*$/, 'expected base64url without padding')
    .refine((s) => bytes === undefined || Buffer.from(s, 'base64url').length === bytes, {
      message: `expected ${bytes} bytes`,
    });

/**
 * Why a threshold t cannot run among n nodes, or undefined when it can: t ≤ n, or a job started with
 * n nodes could never finish; 2t > n, or a hub that told two halves of the nodes different dropout
 * stories could collect t shares of b_v from one half and t shares of s_v^SK from the other, and
 * unmask v's input alone (see the docs). `n` names n in the message (e.g. 'minNodes').
 */
export function thresholdProblem(threshold: number, nodes: number, n: string): string | undefined {
  if (2 * threshold > nodes && threshold <= nodes) return undefined;
  return `threshold must satisfy ${n}/2 < t ≤ ${n}; got t = ${threshold} for ${n} = ${nodes}`;
}

export const SecAggJob = z
  .object({
    version: Version,
    jobId: JobId,
    /** n: nodes are numbered 1..n. */
    participants: NodeIndex.min(2),
    /** t: shares needed to recover a secret, and the fewest nodes a round may continue with. */
    threshold: z.number().int().min(1),
    /** d: entries in each node's vector. */
    length: z.number().int().min(1).max(MAX_MASK_LENGTH),
  })
  .strict()
  .superRefine((job, ctx) => {
    const problem = thresholdProblem(job.threshold, job.participants, 'n');
    if (problem) ctx.addIssue({ code: 'custom', path: ['threshold'], message: problem });
  });

export const AdvertiseKeys = z
  .object({
    version: Version,
    kind: z.literal('advertise-keys'),
    jobId: JobId,
    node: NodeIndex,
    channelPublicKey: base64url(KEY_BYTES),
    maskingPublicKey: base64url(KEY_BYTES),
  })
  .strict();

export const KeyRoster = z
  .object({ version: Version, kind: z.literal('key-roster'), jobId: JobId, nodes: z.array(AdvertiseKeys) })
  .strict();

const SealedShares = {
  nonce: base64url(NONCE_BYTES),
  ciphertext: base64url(SHARE_CIPHERTEXT_BYTES),
};

export const ShareKeys = z
  .object({
    version: Version,
    kind: z.literal('share-keys'),
    jobId: JobId,
    node: NodeIndex,
    shares: z.array(z.object({ to: NodeIndex, ...SealedShares }).strict()),
  })
  .strict();

export const ShareInbox = z
  .object({
    version: Version,
    kind: z.literal('share-inbox'),
    jobId: JobId,
    node: NodeIndex,
    shares: z.array(z.object({ from: NodeIndex, ...SealedShares }).strict()),
  })
  .strict();

export const MaskedInput = z
  .object({
    version: Version,
    kind: z.literal('masked-input'),
    jobId: JobId,
    node: NodeIndex,
    /** y_u: 8 bytes per entry, little-endian, in Z_{2^64}. */
    masked: base64url(),
  })
  .strict();

export const UnmaskRequest = z
  .object({
    version: Version,
    kind: z.literal('unmask-request'),
    jobId: JobId,
    /** U3: the nodes whose masked input the hub holds; their self-mask seeds are asked for. */
    survivors: z.array(NodeIndex),
    /** U2 \ U3: nodes that shared keys but sent no masked input; their masking keys are asked for. */
    dropped: z.array(NodeIndex),
  })
  .strict();

const RevealedShare = z.object({ of: NodeIndex, share: base64url(SHARE_BYTES) }).strict();

export const UnmaskResponse = z
  .object({
    version: Version,
    kind: z.literal('unmask-response'),
    jobId: JobId,
    node: NodeIndex,
    selfMaskShares: z.array(RevealedShare),
    maskingKeyShares: z.array(RevealedShare),
  })
  .strict();

export type SecAggJob = z.infer<typeof SecAggJob>;
export type AdvertiseKeys = z.infer<typeof AdvertiseKeys>;
export type KeyRoster = z.infer<typeof KeyRoster>;
export type ShareKeys = z.infer<typeof ShareKeys>;
export type ShareInbox = z.infer<typeof ShareInbox>;
export type MaskedInput = z.infer<typeof MaskedInput>;
export type UnmaskRequest = z.infer<typeof UnmaskRequest>;
export type UnmaskResponse = z.infer<typeof UnmaskResponse>;

/** Parses `input` as `what`, or throws a DataError naming the first problem and how many there are. */
export function parseMessage<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const [first] = parsed.error.issues;
  const more = parsed.error.issues.length > 1 ? ` (and ${parsed.error.issues.length - 1} more)` : '';
  const path = first.path.length ? ` ${first.path.join('.')}` : '';
  throw new DataError({}, `${what}${path}: ${first.message}${more}`);
}

/** A message of job `job`, or a DataError when it belongs to another job. */
export function forJob<T extends { jobId: string }>(message: T, job: SecAggJob, what: string): T {
  if (message.jobId !== job.jobId)
    throw new DataError({}, `${what} is for job '${message.jobId}', expected job '${job.jobId}'`);
  return message;
}

export function toBase64url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
}

export function fromBase64url(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'base64url'));
}
