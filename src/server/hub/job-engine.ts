/**
 * The hub's job engine: moves each job through its rounds as submissions arrive and deadlines pass,
 * with every step read from and written to the database, so a restarted hub picks up where the last
 * one stopped (`resume`). One function, `settle`, looks at a job's stored state and takes the next
 * step; it runs after a job is created, after each accepted submission, when a deadline timer fires
 * and at start-up, one call at a time per job.
 *
 * A round is open until every participant submitted or its deadline passed. Participants of round 0
 * are the enrolled nodes the kind gives a task when it is settled; of round r > 0, the nodes that
 * submitted to round r − 1 (both re-derivable from the database). A round closes with its quorum —
 * minNodes for round 0, the threshold t afterwards — or the job aborts, naming how many answered of
 * how many needed.
 */
import { UsageError } from '../../core/errors.js';
import {
  activeNodes,
  appendAudit,
  closeRound,
  createJob,
  getJob,
  HubStateError,
  type Job,
  openRound,
  type Round,
  recordRoundTasks,
  recordSubmission,
  roundsOf,
  roundTaskOf,
  type Store,
  submissionsOf,
  submittersOf,
  transitionJob,
  unfinishedJobs,
} from '../store/index.js';
import type { JobKind, RoundOutcome, RoundSubmission } from './job-kind.js';
import type { Task } from './messages.js';

const ACTOR = 'hub';
/** Node's setTimeout holds at most 2^31 − 1 ms; longer waits are re-armed. */
const MAX_TIMER_MS = 2 ** 31 - 1;
const RETRY_MS = 1000;

export interface JobEngineOptions {
  store: Store;
  kinds: readonly JobKind[];
  clock: () => number;
  /** Called when new work may be available (a round opened), to wake long-polls. */
  onWork: () => void;
}

export interface NewJob {
  kind: string;
  parameters: Record<string, unknown>;
  minNodes: number;
  threshold: number;
  deadline: Date;
}

export class JobEngine {
  private readonly store: Store;
  private readonly kinds: Map<string, JobKind>;
  private readonly clock: () => number;
  private readonly onWork: () => void;
  private readonly timers = new Map<number, NodeJS.Timeout>();
  private readonly queues = new Map<number, Promise<void>>();
  private stopped = false;

  constructor(options: JobEngineOptions) {
    this.store = options.store;
    this.kinds = new Map(options.kinds.map((k) => [k.kind, k]));
    this.clock = options.clock;
    this.onWork = options.onWork;
  }

  knows(kind: string): boolean {
    return this.kinds.has(kind);
  }

  /** Settles every unfinished job: what a hub does when it starts. */
  async resume(): Promise<void> {
    for (const job of await unfinishedJobs(this.store)) await this.settle(job.id);
  }

  async create(request: NewJob, actor: string): Promise<Job> {
    if (!this.kinds.has(request.kind))
      throw new UsageError(
        `kind: this hub runs no job of kind '${request.kind}'; it runs ${[...this.kinds.keys()].map((k) => `'${k}'`).join(', ')}`,
        'kind',
      );
    this.kinds.get(request.kind)!.checkRequest?.(request);
    const job = await createJob(this.store, request, actor, this.now());
    await this.settle(job.id);
    return job;
  }

  async abort(jobId: number, actor: string, reason: string): Promise<Job> {
    const job = await this.serialised(jobId, () =>
      transitionJob(this.store, jobId, { to: 'aborted', actor, reason, now: this.now() }),
    );
    this.clearTimer(jobId);
    return job;
  }

  /** The nodes asked to answer round `round` of `job`. */
  async participants(job: Job, round: number): Promise<string[]> {
    if (round > 0) return submittersOf(this.store, job.id, round - 1);
    // Only the nodes the kind gives a task: one it leaves out (not listed in the job) would never
    // answer, and hold round 0 open until its deadline.
    const kind = this.kindOf(job);
    return (await activeNodes(this.store)).filter((name) => {
      try {
        return kind.tasksFor(name, job, 0) !== undefined;
      } catch {
        // A job the kind cannot read aborts at its first close, with the kind's own reason.
        return true;
      }
    });
  }

  /** The first open round, of any collecting job, that `nodeName` still has to answer. */
  async findTask(nodeName: string): Promise<Task | undefined> {
    for (const job of await unfinishedJobs(this.store)) {
      if (job.status !== 'collecting') continue;
      const open = (await roundsOf(this.store, job.id)).find((r) => r.status === 'open');
      if (!open || open.deadline.getTime() <= this.clock()) continue;
      if (!(await this.participants(job, open.round)).includes(nodeName)) continue;
      if ((await submittersOf(this.store, job.id, open.round)).includes(nodeName)) continue;
      const stored = await roundTaskOf(this.store, job.id, open.round, nodeName);
      const input = this.kindOf(job).tasksFor(nodeName, job, open.round, stored);
      if (input === undefined) continue;
      return {
        jobId: job.id,
        round: open.round,
        kind: job.kind,
        purpose: open.purpose,
        parameters: job.parameters,
        input,
        deadline: open.deadline.toISOString(),
      };
    }
    return undefined;
  }

  /** Stores a node's payload for a round it takes part in, then lets the job move on. */
  async submit(
    jobId: number,
    round: number,
    nodeName: string,
    keyId: string,
    payload: unknown,
  ): Promise<void> {
    const job = await getJob(this.store, jobId);
    if (!(await this.participants(job, round)).includes(nodeName))
      throw new HubStateError(
        'conflict',
        `node ${nodeName} is not a participant of job ${jobId} round ${round}`,
      );
    const bytes = new TextEncoder().encode(JSON.stringify(payload ?? null));
    const now = this.now();
    await this.store.transaction(async (tx) => {
      await recordSubmission(tx, { jobId, round, nodeName, keyId, payload: bytes, now });
      // The size only: an entry never holds a payload's bytes.
      await appendAudit(
        tx,
        {
          actor: `node ${nodeName}`,
          action: 'submission.accept',
          subject: `job ${jobId}`,
          detail: { round, bytes: bytes.length },
        },
        now,
      );
    });
    await this.settle(jobId);
  }

  /** Takes the next step of job `jobId` (see the file comment); one call at a time per job. */
  settle(jobId: number): Promise<void> {
    return this.serialised(jobId, () => this.step(jobId)).catch((error: unknown) => {
      // The database may be briefly unreachable: try again rather than leave the job stalled.
      if (!this.stopped) this.arm(jobId, this.clock() + RETRY_MS);
      throw error;
    });
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private async step(jobId: number): Promise<void> {
    let job = await getJob(this.store, jobId);
    if (job.status === 'created') {
      job = await transitionJob(this.store, jobId, { to: 'collecting', actor: ACTOR, now: this.now() });
    }
    if (job.status === 'done' || job.status === 'aborted') return this.clearTimer(jobId);
    const rounds = await roundsOf(this.store, jobId);
    const last = rounds.at(-1);
    if (job.status === 'collecting' && !last) {
      const first = this.kindOf(job).firstPurpose;
      return this.open(job, 0, typeof first === 'string' ? first : first(job));
    }
    if (!last) throw new HubStateError('schema', `job ${jobId} is '${job.status}' without any round`);
    if (last.status === 'aborted') return this.clearTimer(jobId);
    if (last.status === 'open') {
      if (!(await this.roundComplete(job, last))) return this.arm(jobId, last.deadline.getTime());
      await this.store.transaction(async (tx) => {
        await closeRound(tx, jobId, last.round, 'closed', this.now());
        await appendAudit(
          tx,
          { actor: ACTOR, action: 'round.close', subject: `job ${jobId}`, detail: { round: last.round } },
          this.now(),
        );
      });
    }
    await this.afterClose(job, last.round);
  }

  private async roundComplete(job: Job, round: Round): Promise<boolean> {
    if (round.deadline.getTime() <= this.clock()) return true;
    const submitted = new Set(await submittersOf(this.store, job.id, round.round));
    return (await this.participants(job, round.round)).every((name) => submitted.has(name));
  }

  private async afterClose(job: Job, round: number): Promise<void> {
    const stored = await submissionsOf(this.store, job.id, round);
    const quorum = round === 0 ? job.minNodes : job.threshold;
    if (stored.length < quorum)
      return void (await this.abortJob(
        job,
        `round ${round} closed with ${stored.length} submission(s); it needed at least ${quorum}`,
      ));
    const earlier: RoundSubmission[][] = [];
    for (let r = 0; r < round; r++) earlier.push(await this.submissionsOf(job.id, r));
    let outcome: RoundOutcome;
    try {
      outcome = this.kindOf(job).onRoundClosed(job, round, await this.submissionsOf(job.id, round), earlier);
    } catch (error) {
      // The kind cannot go on (e.g. a malformed protocol message): no later step could either.
      const message = error instanceof Error ? error.message : String(error);
      return void (await this.abortJob(job, `round ${round} could not close: ${message}`));
    }
    if ('next' in outcome) return this.open(job, round + 1, outcome.next.purpose, outcome.next.tasks);
    if (job.status === 'collecting')
      await transitionJob(this.store, job.id, { to: 'aggregating', actor: ACTOR, now: this.now() });
    await transitionJob(this.store, job.id, {
      to: 'done',
      actor: ACTOR,
      result: outcome.result,
      now: this.now(),
    });
    this.clearTimer(job.id);
  }

  private async submissionsOf(jobId: number, round: number): Promise<RoundSubmission[]> {
    return (await submissionsOf(this.store, jobId, round)).map((s) => ({
      nodeName: s.nodeName,
      payload: JSON.parse(new TextDecoder().decode(s.payload)) as unknown,
    }));
  }

  private async open(
    job: Job,
    round: number,
    purpose: string,
    tasks?: Readonly<Record<string, unknown>>,
  ): Promise<void> {
    const roundSeconds = job.parameters.roundSeconds;
    const byRound =
      typeof roundSeconds === 'number' && roundSeconds > 0 ? this.clock() + roundSeconds * 1000 : Infinity;
    const deadline = new Date(Math.min(job.deadline.getTime(), byRound));
    if (deadline.getTime() <= this.clock())
      return void (await this.abortJob(
        job,
        `the job's deadline ${job.deadline.toISOString()} passed before round ${round} opened`,
      ));
    await this.store.transaction(async (tx) => {
      await openRound(tx, job.id, { round, purpose, deadline, now: this.now() });
      if (tasks) await recordRoundTasks(tx, job.id, round, tasks);
      await appendAudit(
        tx,
        { actor: ACTOR, action: 'round.open', subject: `job ${job.id}`, detail: { round, purpose } },
        this.now(),
      );
    });
    this.arm(job.id, deadline.getTime());
    this.onWork();
  }

  private async abortJob(job: Job, reason: string): Promise<void> {
    await transitionJob(this.store, job.id, { to: 'aborted', actor: ACTOR, reason, now: this.now() });
    this.clearTimer(job.id);
  }

  private arm(jobId: number, at: number): void {
    this.clearTimer(jobId);
    if (this.stopped) return;
    const delay = Math.min(Math.max(at - this.clock(), 0) + 5, MAX_TIMER_MS);
    const timer = setTimeout(() => {
      this.timers.delete(jobId);
      this.settle(jobId).catch(() => {});
    }, delay);
    timer.unref();
    this.timers.set(jobId, timer);
  }

  private clearTimer(jobId: number): void {
    const timer = this.timers.get(jobId);
    if (timer) clearTimeout(timer);
    this.timers.delete(jobId);
  }

  private serialised<T>(jobId: number, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(jobId) ?? Promise.resolve();
    const result = previous.then(work, work);
    const tail = result.then(
      () => {},
      () => {},
    );
    this.queues.set(jobId, tail);
    void tail.then(() => {
      if (this.queues.get(jobId) === tail) this.queues.delete(jobId);
    });
    return result;
  }

  private kindOf(job: Job): JobKind {
    const kind = this.kinds.get(job.kind);
    if (!kind)
      throw new HubStateError(
        'schema',
        `job ${job.id} is of kind '${job.kind}', which this hub does not run`,
      );
    return kind;
  }

  private now(): Date {
    return new Date(this.clock());
  }
}
