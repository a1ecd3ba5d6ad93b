/**
 * The JSON bodies exchanged between the hub and its nodes and coordinators, as zod schemas: the one
 * definition both ends parse with. Signing is not here (headers, `federation/wire/`); these are the
 * bodies the signatures cover.
 *
 * What each body may carry is part of the privacy design: a task names a job, a round and the
 * coordinator's parameters, never data; a submission's payload is opaque to this layer and must be
 * masked or shareable by construction (secure aggregation, shareable reports) before it is sent.
 */
import * as z from 'zod';

const NodeName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'a node name');
const JsonObject = z.record(z.string(), z.unknown());

/** POST /v1/enrol: unsigned (the node has no enrolled key yet); the one-time token authorises it. */
export const EnrolRequest = z
  .object({
    token: z.string().min(1).max(200),
    name: NodeName,
    /** The node's Ed25519 public key, base64 of its SPKI DER. */
    publicKey: z.string().min(1).max(200),
  })
  .strict();
export type EnrolRequest = z.infer<typeof EnrolRequest>;

export const EnrolResponse = z
  .object({
    nodeName: NodeName,
    /** The id the node signs with (envelope header `synthcohort-key-id`). */
    keyId: z.string(),
    /** The hub's Ed25519 public key (base64 SPKI DER) and its id: what the node checks replies with. */
    hubPublicKey: z.string(),
    hubKeyId: z.string(),
  })
  .strict();
export type EnrolResponse = z.infer<typeof EnrolResponse>;

/** POST /v1/work: how long the node is willing to wait for a task. */
export const PollRequest = z.object({ waitSeconds: z.number().min(0).max(120).default(25) }).strict();
export type PollRequest = z.input<typeof PollRequest>;

/** One unit of work for one node: answer round `round` of job `jobId` before `deadline`. */
export const Task = z
  .object({
    jobId: z.number().int().positive(),
    round: z.number().int().min(0),
    kind: z.string(),
    purpose: z.string(),
    parameters: JsonObject,
    /** What the job kind tells this node for this round (e.g. the keys advertised by the others). */
    input: z.unknown(),
    deadline: z.string(),
  })
  .strict();
export type Task = z.infer<typeof Task>;

/** POST /v1/jobs/:id/rounds/:round/submit */
export const SubmitRequest = z.object({ payload: z.unknown() }).strict();

/** POST /v1/jobs/:id/reports: a centre's shareable report (checked by the node before upload). */
export const ReportRequest = z.object({ report: JsonObject }).strict();

/** POST /v1/jobs (coordinator). */
export const CreateJobRequest = z
  .object({
    kind: z.string().regex(/^[a-z][a-z0-9-]{0,63}$/),
    parameters: JsonObject.default({}),
    minNodes: z.number().int().min(2),
    /** Nodes that must remain in later rounds (Shamir threshold t); defaults to minNodes. */
    threshold: z.number().int().min(2).optional(),
    /** Seconds from now until the job must be finished. */
    deadlineSeconds: z
      .number()
      .positive()
      .max(30 * 24 * 3600),
    /** Seconds each round stays open at most (never past the job's deadline); default: until it. */
    roundSeconds: z.number().positive().optional(),
  })
  .strict();
export type CreateJobRequest = z.input<typeof CreateJobRequest>;

/** GET /v1/jobs/:id: who took part in what, never what anyone sent. */
export const JobStatusResponse = z
  .object({
    id: z.number(),
    kind: z.string(),
    status: z.string(),
    minNodes: z.number(),
    threshold: z.number(),
    deadline: z.string(),
    abortReason: z.string().nullable(),
    rounds: z.array(
      z.object({
        round: z.number(),
        purpose: z.string(),
        status: z.string(),
        deadline: z.string(),
        submitted: z.array(z.string()),
      }),
    ),
  })
  .strict();
export type JobStatusResponse = z.infer<typeof JobStatusResponse>;

export const ErrorResponse = z.object({ error: z.string(), message: z.string() });

/** POST /v1/nodes (coordinator): a one-time enrolment token for node `name`. */
export const AddNodeRequest = z
  .object({
    name: NodeName,
    /** How long the token enrols (default 7 days, at most 30). */
    validSeconds: z
      .number()
      .int()
      .positive()
      .max(30 * 24 * 3600)
      .default(7 * 24 * 3600),
  })
  .strict();
export type AddNodeRequest = z.input<typeof AddNodeRequest>;

export const AddNodeResponse = z
  .object({ name: NodeName, token: z.string(), expiresAt: z.string() })
  .strict();
export type AddNodeResponse = z.infer<typeof AddNodeResponse>;

/** GET /v1/nodes (coordinator): the enrolled, unrevoked nodes by name. */
export const NodeListResponse = z.object({ nodes: z.array(NodeName) }).strict();
export type NodeListResponse = z.infer<typeof NodeListResponse>;
