/**
 * The hub's routes, one fastify plugin per audience: enrolment (token-authorised, unsigned), nodes
 * (signed both ways, `node-auth.ts`) and the coordinator (bearer token, compared as a hash).
 */
import { createHash, createPublicKey, timingSafeEqual } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { publicKeyFromBase64, publicKeyToBase64 } from '../../federation/wire/keys.js';
import {
  activeNodes,
  appendAudit,
  centreReports,
  coordinatorOf,
  enrolNode,
  getJob,
  issueEnrolmentToken,
  recordCentreReport,
  roundsOf,
  type Store,
  submittersOf,
} from '../store/index.js';
import { bodyOf, idParam, RefusedError, sendJson } from './http.js';
import type { JobEngine } from './job-engine.js';
import {
  AddNodeRequest,
  type AddNodeResponse,
  CreateJobRequest,
  EnrolRequest,
  type EnrolResponse,
  type JobStatusResponse,
  PollRequest,
  ReportRequest,
  SubmitRequest,
} from './messages.js';
import { authenticateNodes, type NodeAuthOptions } from './node-auth.js';

export interface RouteContext {
  store: Store;
  engine: JobEngine;
  clock: () => number;
  /** Emits 'work' when a round opens or the hub is closing: wakes long-polls. */
  wake: EventEmitter;
  isClosing: () => boolean;
  maxPollSeconds: number;
  auth: NodeAuthOptions;
  /**
   * SHA-256 of the running hub's local admin token (start-hub.ts): accepted as a coordinator, so
   * that `hub add-node` on the hub's machine works while the hub holds the embedded database.
   */
  localAdminHash?: Uint8Array;
}

/** The label a request authorised by the local admin token acts under. */
export const LOCAL_ADMIN = 'local admin';

export function enrolRoutes(ctx: RouteContext) {
  return async (app: FastifyInstance) => {
    app.post('/v1/enrol', async (request, reply) => {
      const body = bodyOf(request, EnrolRequest);
      const key = await enrolNode(ctx.store, {
        token: body.token,
        publicKey: publicKeyFromBase64(body.publicKey),
        now: new Date(ctx.clock()),
      });
      const answer: EnrolResponse = {
        nodeName: key.nodeName,
        keyId: key.keyId,
        hubPublicKey: publicKeyToBase64(createPublicKey(ctx.auth.signingKey)),
        hubKeyId: ctx.auth.signingKeyId,
      };
      return sendJson(reply, 201, answer);
    });
  };
}

export function nodeRoutes(ctx: RouteContext) {
  return async (app: FastifyInstance) => {
    authenticateNodes(app, ctx.auth);
    const signer = (request: FastifyRequest) => request.signer!;

    app.post('/v1/work', async (request, reply) => {
      const { waitSeconds } = bodyOf(request, PollRequest);
      const until = ctx.clock() + Math.min(waitSeconds, ctx.maxPollSeconds) * 1000;
      for (;;) {
        let woken = false;
        const onWork = () => {
          woken = true;
        };
        ctx.wake.on('work', onWork);
        try {
          const task = await ctx.engine.findTask(signer(request).nodeName);
          if (task) return sendJson(reply, 200, task);
          if (ctx.isClosing() || ctx.clock() >= until) return reply.code(204).send();
          if (!woken) await waitForWork(ctx.wake, until - ctx.clock());
        } finally {
          ctx.wake.off('work', onWork);
        }
      }
    });

    app.post('/v1/jobs/:id/rounds/:round/submit', async (request, reply) => {
      const { payload } = bodyOf(request, SubmitRequest);
      const { nodeName, keyId } = signer(request);
      await ctx.engine.submit(idParam(request, 'id'), idParam(request, 'round'), nodeName, keyId, payload);
      return sendJson(reply, 201, { accepted: true });
    });

    app.post('/v1/jobs/:id/reports', async (request, reply) => {
      const { report } = bodyOf(request, ReportRequest);
      const jobId = idParam(request, 'id');
      const { nodeName } = signer(request);
      const now = new Date(ctx.clock());
      await getJob(ctx.store, jobId);
      await ctx.store.transaction(async (tx) => {
        await recordCentreReport(tx, jobId, nodeName, report, now);
        await appendAudit(
          tx,
          { actor: `node ${nodeName}`, action: 'report.accept', subject: `job ${jobId}` },
          now,
        );
      });
      return sendJson(reply, 201, { accepted: true });
    });
  };
}

export function coordinatorRoutes(ctx: RouteContext) {
  return async (app: FastifyInstance) => {
    app.addHook('preHandler', async (request) => {
      const header = request.headers.authorization;
      const token = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7) : undefined;
      const label = token
        ? isLocalAdmin(ctx, token)
          ? LOCAL_ADMIN
          : await coordinatorOf(ctx.store, token)
        : undefined;
      if (!label) {
        await appendAudit(
          ctx.store,
          {
            actor: 'unidentified caller',
            action: 'coordinator.refused',
            subject: `${request.method} ${request.routeOptions.url ?? 'unknown route'}`,
            detail: { reason: token ? 'unknown token' : 'no bearer token' },
          },
          new Date(ctx.clock()),
        );
        throw new RefusedError(401, 'a coordinator token is required (Authorization: Bearer …)');
      }
      request.coordinator = label;
    });

    /** The enrolled nodes, by name: the sites a coordinator may list in a job. */
    app.get('/v1/nodes', async (_request, reply) =>
      sendJson(reply, 200, { nodes: await activeNodes(ctx.store) }),
    );

    /** A one-time enrolment token for a new node, in clear in this answer only (stored hashed). */
    app.post('/v1/nodes', async (request, reply) => {
      const body = bodyOf(request, AddNodeRequest);
      const now = new Date(ctx.clock());
      const expiresAt = new Date(now.getTime() + body.validSeconds * 1000);
      const token = await issueEnrolmentToken(ctx.store, {
        nodeName: body.name,
        expiresAt,
        actor: `coordinator ${request.coordinator}`,
        bits: ctx.auth.bits.split(`enrolment-token ${body.name} ${now.getTime()}`),
        now,
      });
      const answer: AddNodeResponse = { name: body.name, token, expiresAt: expiresAt.toISOString() };
      return sendJson(reply, 201, answer);
    });

    app.post('/v1/jobs', async (request, reply) => {
      const body = bodyOf(request, CreateJobRequest);
      const parameters = body.roundSeconds
        ? { ...body.parameters, roundSeconds: body.roundSeconds }
        : body.parameters;
      const job = await ctx.engine.create(
        {
          kind: body.kind,
          parameters,
          minNodes: body.minNodes,
          threshold: body.threshold ?? body.minNodes,
          deadline: new Date(ctx.clock() + body.deadlineSeconds * 1000),
        },
        `coordinator ${request.coordinator}`,
      );
      return sendJson(reply, 201, { id: job.id });
    });

    app.get('/v1/jobs/:id', async (request, reply) =>
      sendJson(reply, 200, await jobStatus(ctx.store, idParam(request, 'id'))),
    );

    /** What a finished job released (its kind decides what that is), or 409 until it is done. */
    app.get('/v1/jobs/:id/result', async (request, reply) => {
      const job = await getJob(ctx.store, idParam(request, 'id'));
      if (job.status !== 'done')
        return sendJson(reply, 409, {
          error: 'conflict',
          message: `job ${job.id} is '${job.status}', not done`,
        });
      return sendJson(reply, 200, { id: job.id, result: job.result });
    });

    app.get('/v1/jobs/:id/reports', async (request, reply) => {
      const reports = await centreReports(ctx.store, idParam(request, 'id'));
      return sendJson(reply, 200, { reports: reports.map((r) => ({ node: r.nodeName, report: r.report })) });
    });

    app.post('/v1/jobs/:id/abort', async (request, reply) => {
      const id = idParam(request, 'id');
      const job = await ctx.engine.abort(
        id,
        `coordinator ${request.coordinator}`,
        `aborted by coordinator ${request.coordinator}`,
      );
      return sendJson(reply, 200, { id, status: job.status });
    });
  };
}

/** Status, rounds and who submitted to each: never a payload. */
export async function jobStatus(store: Store, id: number): Promise<JobStatusResponse> {
  const job = await getJob(store, id);
  const rounds = await roundsOf(store, id);
  return {
    id: job.id,
    kind: job.kind,
    status: job.status,
    minNodes: job.minNodes,
    threshold: job.threshold,
    deadline: job.deadline.toISOString(),
    abortReason: job.abortReason,
    rounds: await Promise.all(
      rounds.map(async (r) => ({
        round: r.round,
        purpose: r.purpose,
        status: r.status,
        deadline: r.deadline.toISOString(),
        submitted: await submittersOf(store, id, r.round),
      })),
    ),
  };
}

function isLocalAdmin(ctx: RouteContext, token: string): boolean {
  if (!ctx.localAdminHash) return false;
  const hash = createHash('sha256').update(token, 'utf8').digest();
  return timingSafeEqual(hash, ctx.localAdminHash);
}

function waitForWork(wake: EventEmitter, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      wake.off('work', done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(ms, 0));
    wake.on('work', done);
  });
}
