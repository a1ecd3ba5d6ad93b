/**
 * The task handlers a synthcohort node runs: `synthcohort node` and the demo's in-process nodes
 * share them, so both answer jobs the same way. (They sit with the coordinator's code only because
 * the demo, which lives here, needs them too; they use nothing of the coordinator.)
 *
 * One `federatedHandler` per job, so that each job writes the centre's own reports into its own
 * folder (`<dir>/reports/job-<id>/`): a second validation does not overwrite the first.
 */
import { join } from 'node:path';
import type { Schema } from '../../data/schema.js';
import type { Table } from '../../data/table.js';
import type { PrivacyBudget } from '../../privacy/ledger.js';
import { type RandomBits, secureRandomBits } from '../../privacy/random-bits.js';
import { FEDERATED_PROTOCOLS } from '../../workflows/federated/protocols.js';
import { FEDERATED } from '../hub/federated-kind.js';
import { federatedHandler, nodeLedgerPath } from '../node/federated-handler.js';
import type { TaskHandler } from '../node/index.js';

export interface NodeSite {
  /** The node's enrolled name: its name in every job. */
  name: string;
  /** The node's state folder: its privacy ledger and the centre's reports live there. */
  dir: string;
  /** Its table, or how to get it when a job starts (the demo's centres harmonise theirs between jobs). */
  table: Table | (() => Table);
  /** The cells' text of its data file, when it is text (for a harmonisation check). */
  text?: Table | (() => Table | undefined);
  /** Its own schema: jobs whose schema differs from it on a column they read are declined. */
  schema?: Schema;
  /** The node's own privacy budget over its table; a job beyond it is declined. */
  budget: PrivacyBudget;
  /** The node's secrets and noise (default: the system's secure generator). */
  random?: RandomBits;
}

/** The folder under a node's state folder where jobs write the centre's own reports. */
export const NODE_REPORTS = 'reports';

export function siteHandlers(site: NodeSite): Record<string, TaskHandler> {
  const random = site.random ?? secureRandomBits();
  const perJob = new Map<number, TaskHandler>();
  const federated: TaskHandler = (task, context) => {
    let handler = perJob.get(task.jobId);
    if (!handler) {
      handler = federatedHandler({
        protocols: FEDERATED_PROTOCOLS,
        site: {
          name: site.name,
          table: typeof site.table === 'function' ? site.table : () => site.table as Table,
          text: typeof site.text === 'function' ? site.text : () => site.text as Table | undefined,
          ...(site.schema ? { schema: site.schema } : {}),
        },
        ledger: { path: nodeLedgerPath(site.dir), budget: site.budget },
        outputDir: join(site.dir, NODE_REPORTS, `job-${task.jobId}`),
        random: random.split(`job ${task.jobId}`),
      });
      perJob.set(task.jobId, handler);
    }
    return handler(task, context);
  };
  return { [FEDERATED]: federated };
}
