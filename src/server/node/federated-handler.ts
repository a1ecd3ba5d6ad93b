/**
 * The node's side of a `federated` job (src/server/hub/federated-kind.ts): per job and phase a
 * `SecAggClient` held in memory only, the site's vector computed by the protocol's `answer` when the
 * masked-input step comes, shareable answers as the protocol makes them. The node's secrets never
 * touch disk, so a node restarted mid-phase declines the rest of that phase.
 *
 * The node declines (TaskDeclined: it skips the round, the hub counts it as dropped, the reason
 * stays in the node's own events) when:
 * - the job's schema describes a column it reads otherwise than the node's own schema does
 *   (schema-pin.ts: kind, role, categories, bounds), when the node has one;
 * - the protocol's `answer` throws a DataError (its data do not fit the job's schema, …);
 * - the job would exceed the node's privacy budget (its ledger, in its state folder, is charged
 *   before any noised value leaves; a node without a ledger takes no job that spends budget);
 * - it lost the phase's session (restarted), or it already answered the phase (a hub that runs a
 *   phase again would get fresh noise to average away; a charge for one job and phase is refused
 *   a second time, from the ledger file, so even a restarted node never answers it twice);
 * - the phase's plan does not list this node where the secure aggregation places it, or lists a
 *   different number of sites than take part (a site sizes its noise share by them);
 * - its masked input fails after a charge (e.g. a peer's share does not decrypt): declined, not
 *   retried, so a faulty peer cannot make it charge again;
 * - in a phase that needs every input, the unmask request shows a site that sent none.
 *
 * The node reads its table through `site.table` (and its cells' text through `site.text`, for a
 * harmonisation check) and never writes its data files; it writes only its ledger and, through the
 * protocol, files under `outputDir`. A table that does not read against the schema (`site.table`
 * throws an InputError) declines every job that needs it, with the reason, while a job that reads
 * only the text (a harmonising heterogeneity check) is still answered: that check is how the
 * centre learns what to fix.
 */
import { join } from 'node:path';
import { InputError } from '../../core/errors.js';
import type { Schema } from '../../data/schema.js';
import type { Table } from '../../data/table.js';
import { SecAggClient } from '../../federation/secagg/client.js';
import { UnmaskRequest } from '../../federation/secagg/messages.js';
import { ringLength } from '../../federation/secagg/ring.js';
import { datasetKey } from '../../privacy/dataset-key.js';
import { type PrivacyBudget, PrivacyLedger } from '../../privacy/ledger.js';
import { type RandomBits, secureRandomBits } from '../../privacy/random-bits.js';
import { zcdpEpsilon } from '../../privacy/zcdp.js';
import type { SiteContext, WithSchema } from '../../workflows/federated/protocol.js';
import {
  type AnyProtocol,
  FederatedJobParameters,
  FederatedTask,
  type TaskPlan,
} from '../hub/federated-kind.js';
import type { Task } from '../hub/messages.js';
import { TaskDeclined, type TaskHandler } from './run-node.js';
import { schemaMismatch } from './schema-pin.js';

/** The node's privacy ledger file, in its state folder. */
export const NODE_LEDGER_FILE = 'privacy-ledger.json';

export function nodeLedgerPath(stateDir: string): string {
  return join(stateDir, NODE_LEDGER_FILE);
}

export interface FederatedHandlerOptions {
  readonly protocols: readonly AnyProtocol[];
  readonly site: {
    readonly name: string;
    readonly table: () => Table | Promise<Table>;
    /** The cells' text of a text data file (see `SiteContext.text`). */
    readonly text?: () => Table | undefined;
    /** The node's own schema: a job whose schema differs from it on a column it reads is declined (schema-pin.ts). */
    readonly schema?: Schema;
  };
  /** The node's ledger (`nodeLedgerPath(stateDir)`) and the total it allows on the site's data. */
  readonly ledger?: { readonly path: string; readonly budget: PrivacyBudget };
  /** Where the protocol may write files for the site's staff (per-centre reports). */
  readonly outputDir?: string;
  /** The node's secrets and noise: `secureRandomBits()` unless a test fixes them. */
  readonly random?: RandomBits;
}

interface Session {
  readonly client: SecAggClient;
  readonly plan: TaskPlan;
  /** The last answer, resent if the hub offers the same round again (a lost submit). */
  last?: { round: number; payload: unknown };
}

export function federatedHandler(options: FederatedHandlerOptions): TaskHandler {
  const random = options.random ?? secureRandomBits();
  const protocols = new Map(options.protocols.map((p) => [p.name, p]));
  const sessions = new Map<string, Session>();
  /** Phases (job/phase) this process has answered: never answered again. */
  const finished = new Set<string>();
  const ledger = options.ledger && new PrivacyLedger(options.ledger.path);

  return async (task) => {
    const parsed = FederatedTask.safeParse(task.input);
    if (!parsed.success) throw new TaskDeclined(`job ${task.jobId}: the task is not a federated step`);
    const input = parsed.data;
    if (input.step === 'pass') return { pass: true };
    const where = `job ${task.jobId} phase '${input.phase}'`;
    const { protocol, request } = protocolOf(task, where);
    const key = `${task.jobId}/${input.phase}`;
    if (input.step === 'shareable') {
      const answer = await answered(protocol, request, input.plan, task, where);
      if (answer instanceof Uint32Array)
        throw new TaskDeclined(`${where}: the protocol answered a shareable phase with a vector`);
      return { answer };
    }
    if (input.step === 'advertise-keys' && !sessions.has(key)) {
      if (finished.has(key)) throw new TaskDeclined(`${where}: this node has answered the phase already`);
      const { sites } = input.plan;
      if (input.plan.name !== input.phase)
        throw new TaskDeclined(
          `${where}: the task names phase '${input.phase}' for a plan of phase '${input.plan.name}'`,
        );
      if (sites.length !== input.secagg.participants || sites[input.node - 1] !== options.site.name)
        throw new TaskDeclined(
          `${where}: the phase lists ${sites.length} site(s) with '${sites[input.node - 1] ?? '(none)'}' at this node's place ${input.node}, but ${input.secagg.participants} take part and this node is '${options.site.name}'`,
        );
      const client = new SecAggClient({
        job: input.secagg,
        node: input.node,
        random: random.split(`job ${task.jobId}`).split(`phase ${input.phase} secrets`),
      });
      sessions.set(key, { client, plan: input.plan });
    }
    const session = sessions.get(key);
    if (!session)
      throw new TaskDeclined(`${where}: this node holds no secrets for the phase (restarted mid-job)`);
    if (session.last?.round === task.round) return session.last.payload;
    const payload = await step(session, input, protocol, request, task, where);
    session.last = { round: task.round, payload };
    if (input.step === 'unmask') {
      sessions.delete(key);
      finished.add(key);
    }
    return payload;
  };

  function protocolOf(task: Task, where: string): { protocol: AnyProtocol; request: unknown } {
    const parameters = FederatedJobParameters.safeParse(task.parameters);
    const protocol = parameters.success ? protocols.get(parameters.data.protocol) : undefined;
    if (!parameters.success || !protocol)
      throw new TaskDeclined(`${where}: this node runs no such federated protocol`);
    const request = protocol.parameters.safeParse(parameters.data.request);
    if (!request.success)
      throw new TaskDeclined(
        `${where}: the job's request does not parse: ${request.error.issues[0].message}`,
      );
    const jobSchema = (request.data as Partial<WithSchema>).schema;
    const mismatch = options.site.schema && jobSchema && schemaMismatch(options.site.schema, jobSchema);
    if (mismatch) throw new TaskDeclined(`${where}: the job's schema differs from this node's: ${mismatch}`);
    return { protocol, request: request.data };
  }

  async function step(
    session: Session,
    input: FederatedTask,
    protocol: AnyProtocol,
    request: unknown,
    task: Task,
    where: string,
  ): Promise<unknown> {
    const { client, plan } = session;
    switch (input.step) {
      case 'advertise-keys':
        return client.advertise();
      case 'share-keys':
        return client.shareKeys(input.message);
      case 'masked-input': {
        const vector = await answered(protocol, request, plan, task, where);
        if (!(vector instanceof Uint32Array) || ringLength(vector) !== plan.length)
          throw new TaskDeclined(
            `${where}: the protocol's answer is not a ring vector of ${plan.length} entries`,
          );
        try {
          return client.maskedInput(input.message, vector);
        } catch (error) {
          // The answer may have been charged: decline the phase rather than retry it.
          throw new TaskDeclined(
            `${where}: the masked input failed (${error instanceof Error ? error.message : String(error)})`,
          );
        }
      }
      case 'unmask': {
        const unmask = UnmaskRequest.safeParse(input.message);
        // The site's own defence against differencing: no share for a sum short of any site.
        if (
          plan.everyInputOrNothing &&
          (!unmask.success || unmask.data.survivors.length !== plan.sites.length)
        )
          throw new TaskDeclined(
            `${where}: the phase needs every site's masked input, and the hub reports fewer: not unmasking`,
          );
        return client.unmask(input.message);
      }
      default:
        throw new TaskDeclined(`${where}: unexpected step '${input.step}'`);
    }
  }

  /** The protocol's answer for this site, or a TaskDeclined with the reason it gave. */
  async function answered(
    protocol: AnyProtocol,
    request: unknown,
    plan: TaskPlan,
    task: Task,
    where: string,
  ) {
    let table: Table | undefined;
    let unreadable: InputError | undefined;
    try {
      table = await options.site.table();
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      unreadable = error;
    }
    const typed = (): Table => {
      if (table === undefined) throw unreadable;
      return table;
    };
    const text = options.site.text?.();
    const context: SiteContext = {
      name: options.site.name,
      // Read only by a protocol that needs it: a harmonising check answers from the text alone.
      get table() {
        return typed();
      },
      ...(text === undefined ? {} : { text }),
      random: random.split(`job ${task.jobId}`).split(`phase ${plan.name}`),
      charge: (rho, purpose) =>
        charge(typed(), rho, `federated ${protocol.name} job ${task.jobId}: ${purpose}`, protocol.name),
      outputDir: options.outputDir,
    };
    try {
      return await protocol.answer(request, plan, context);
    } catch (error) {
      if (error instanceof InputError) throw new TaskDeclined(`${where}: ${error.message}`);
      throw error;
    }
  }

  function charge(table: Table, rho: number, mechanism: string, generator: string): void {
    if (!ledger || !options.ledger)
      throw new TaskDeclined(
        'this node keeps no privacy ledger, so it takes no job that spends privacy budget',
      );
    const { budget } = options.ledger;
    if (ledger.spends(datasetKey(table)).some((s) => s.mechanism === mechanism))
      throw new TaskDeclined(`${mechanism}: charged already; a phase is answered once`);
    ledger.spend(
      datasetKey(table),
      { mechanism, generator, rho, epsilon: zcdpEpsilon(rho, budget.delta), delta: budget.delta },
      budget,
    );
  }
}
