/**
 * The `federated` job kind end to end, run against each database backend (federated-kind.test.ts:
 * the embedded one; federated-kind-server.test.ts: a PostgreSQL server): a hub and three node
 * agents over HTTPS on loopback fit the copula protocol on three AML centres, each node reading its
 * centre from a CSV file in its own folder. Checks the model against the plain reference run on the
 * same tables, dropouts before and after a masked input, a node that never answers (deadline), a
 * hub restarted mid-phase, refusals at creation, that no data file is written, and that no table of
 * the hub's database nor anything it printed holds a site's plain vector.
 */
import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTable, writeTable } from '../../data/io.js';
import { numberColumn, type Table } from '../../data/table.js';
import { ringToBytes } from '../../federation/secagg/ring.js';
import { seededRandomBits } from '../../privacy/random-bits.js';
import { simulate } from '../../simulate/index.js';
import { copulaProtocol } from '../../workflows/federated/copula-protocol.js';
import { type PhasePlan, runProtocolPlain } from '../../workflows/federated/protocol.js';
import { federatedHandler } from '../node/federated-handler.js';
import { runNode, TaskDeclined } from '../node/run-node.js';
import type { DatabaseOption } from './database.js';
import { openHubStore } from './database.js';
import { federatedKind } from './federated-kind.js';
import { startHub } from './start-hub.js';
import {
  coordinator,
  deviation,
  eventually,
  finalStatus,
  type HubFixture,
  hubWithNodes,
} from './test-support.js';

const NAMES = ['alpha', 'bravo', 'charlie'] as const;
const PURPOSES = ['marginals', 'moments'].flatMap((phase) =>
  ['advertise-keys', 'share-keys', 'masked-input', 'unmask'].map((step) => `${phase}-${step}`),
);
const COPULA = { rules: false, survival: 'copula' };

/** Every row of every table of the hub's database as JSON, byte columns as their UTF-8 text. */
async function databaseText(f: HubFixture): Promise<{ names: string[]; dump: string }> {
  const store = await openHubStore(f.hubDir, f.database);
  try {
    const { rows } = await store.query<{ name: string }>(
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
    );
    const names = rows.map((r) => r.name);
    const texts: string[] = [];
    for (const name of names) {
      const content = await store.query<Record<string, unknown>>(`SELECT * FROM "${name}"`);
      texts.push(
        JSON.stringify(content.rows, (_key, value: unknown) => {
          // A Buffer (pg) reaches the replacer already as { type: 'Buffer', data }; PGlite gives a Uint8Array.
          const buffer = value as { type?: unknown; data?: unknown } | null;
          const bytes =
            buffer?.type === 'Buffer' && Array.isArray(buffer.data)
              ? Buffer.from(buffer.data as number[])
              : value instanceof Uint8Array
                ? Buffer.from(value)
                : undefined;
          if (!bytes) return value;
          // Decoded as it was written (a submission's JSON text), outside this JSON's escaping.
          texts.push(bytes.toString('utf8'));
          return `${bytes.length} bytes`;
        }),
      );
    }
    return { names, dump: texts.join('\n') };
  } finally {
    await store.close();
  }
}

export function federatedHubSuite(backend: string, database?: () => DatabaseOption) {
  describe(`the federated copula over the hub (${backend})`, () => {
    const bits = seededRandomBits(`federated-suite ${backend}`);
    const kinds = [federatedKind([copulaProtocol])];
    const { table, schema } = simulate('aml', { patients: 450, centres: 3, seed: 11 });
    const centre = table.codes('centre');
    let f: HubFixture;
    const files: Record<string, string> = {};
    const tables: Record<string, Table> = {};
    const before: Record<string, { bytes: Buffer; mtimeMs: number }> = {};
    const stop = new AbortController();
    let agents: Promise<void>[] = [];
    /** Per job label: the node that goes silent, from which step on. */
    const faults: Record<string, { node: string; from: string }> = {};
    let gate: Promise<void> | undefined;
    const printed: string[] = [];
    const write = { out: process.stdout.write, err: process.stderr.write };

    beforeAll(async () => {
      f = await hubWithNodes(`federated-suite ${backend}`, NAMES, { database: database?.(), kinds });
      for (const [c, name] of NAMES.entries()) {
        const rows = table.filter((row) => centre.codes[row] === c);
        // A distinctive LDH value per site, so that its plain vectors differ visibly from the others'.
        const ldh = rows.numbers('ldh').slice();
        ldh[0] = 19_990 + c;
        files[name] = join(f.nodeDirs[name], '..', `data-${name}.csv`);
        await writeTable(files[name], rows.withColumn('ldh', numberColumn(ldh)), schema);
        tables[name] = (await readTable(files[name], { schema })).table;
        before[name] = { bytes: readFileSync(files[name]), mtimeMs: statSync(files[name]).mtimeMs };
      }
      // Whatever the hub or the nodes print while they run, kept to be searched.
      process.stdout.write = ((chunk: string) => printed.push(String(chunk)) > 0) as never;
      process.stderr.write = ((chunk: string) => printed.push(String(chunk)) > 0) as never;
      agents = NAMES.map((name) => {
        const handler = federatedHandler({
          protocols: [copulaProtocol],
          site: { name, table: async () => (await readTable(files[name], { schema })).table },
          random: bits.split(`secrets ${name}`),
        });
        return runNode({
          dir: f.nodeDirs[name],
          hubUrl: f.hub.url,
          caPem: f.caPem,
          bits: bits.split(`agent ${name}`),
          signal: stop.signal,
          pollSeconds: 1,
          backoffMs: { first: 100, longest: 300 },
          handlers: {
            federated: (task, context) => {
              const fault = faults[String(task.parameters.label)];
              if (fault?.node === name && PURPOSES.indexOf(task.purpose) >= PURPOSES.indexOf(fault.from))
                throw new TaskDeclined('silent for the test');
              // Drop the task fetched from the old hub: the node must fetch it again after the restart.
              if (gate && task.purpose === 'moments-masked-input')
                return gate.then(() => Promise.reject(new Error('the hub restarted')));
              return handler(task, context);
            },
          },
        });
      });
    }, 60_000);

    afterAll(async () => {
      process.stdout.write = write.out;
      process.stderr.write = write.err;
      stop.abort();
      await Promise.all(agents);
      await f?.hub.close().catch(() => {});
      if (f) rmSync(f.root, { recursive: true, force: true });
    });

    const parameters = (label: string, nodes: readonly string[] = NAMES) => ({
      protocol: 'copula',
      nodes: [...nodes],
      label,
      request: { schema, copula: COPULA },
    });

    async function createJob(
      label: string,
      options: { threshold?: number; minNodes?: number; roundSeconds?: number } = {},
    ) {
      const created = await coordinator(f).post('/v1/jobs', {
        kind: 'federated',
        minNodes: options.minNodes ?? 3,
        threshold: options.threshold ?? 2,
        deadlineSeconds: 120,
        roundSeconds: options.roundSeconds ?? 20,
        parameters: parameters(label),
      });
      expect(created.status, created.text).toBe(201);
      return (created.json as { id: number }).id;
    }

    async function outcome(id: number) {
      const client = coordinator(f);
      const status = (await finalStatus(client, id, 60_000)).json as {
        status: string;
        abortReason: string | null;
        rounds: { purpose: string; submitted: string[] }[];
      };
      const result = (await client.get(`/v1/jobs/${id}/result`)).json as { result?: Record<string, unknown> };
      return { status, result: result.result };
    }

    async function plain(names: readonly string[]) {
      const sites = names.map((name) => ({ name, table: tables[name] }));
      const run = await runProtocolPlain(
        copulaProtocol,
        { schema, copula: COPULA },
        sites,
        bits.split('plain'),
      );
      if (run.status !== 'done') throw new Error(run.reason);
      return run;
    }

    it('fits through the hub the model runProtocolPlain fits on the same tables (to 1e-9)', async () => {
      const { status, result } = await outcome(await createJob('whole'));
      expect(status.status, status.abortReason ?? '').toBe('done');
      expect(status.rounds.map((r) => r.purpose)).toEqual(PURPOSES);
      const reference = await plain(NAMES);
      expect(result?.sites).toEqual([...NAMES]);
      expect(result?.rows).toBe(450);
      expect(deviation(result?.model, reference.result.model)).toBeLessThanOrEqual(1e-9);
    }, 90_000);

    it('completes with the others when a node stops before its masked input, and says who took part', async () => {
      faults.early = { node: 'charlie', from: 'marginals-masked-input' };
      const { status, result } = await outcome(await createJob('early', { roundSeconds: 3 }));
      expect(status.status, status.abortReason ?? '').toBe('done');
      expect(status.rounds.find((r) => r.purpose === 'marginals-masked-input')?.submitted).toEqual([
        'alpha',
        'bravo',
      ]);
      expect(result?.sites).toEqual(['alpha', 'bravo']);
      const reference = await plain(['alpha', 'bravo']);
      expect(deviation(result?.model, reference.result.model)).toBeLessThanOrEqual(1e-9);
    }, 90_000);

    it("aborts, naming the node, when one stops after its masked input: 'moments' needs every site", async () => {
      faults.late = { node: 'charlie', from: 'marginals-unmask' };
      const { status } = await outcome(await createJob('late', { roundSeconds: 3 }));
      expect(status.status).toBe('aborted');
      expect(status.abortReason).toMatch(
        /phase 'moments' needs the input of every one of its sites \(alpha, bravo, charlie\), and charlie did not answer/,
      );
      // 'marginals' was summed over all three (charlie's input recovered from the others' shares); nothing more.
      expect(status.rounds.map((r) => r.purpose)).toEqual(PURPOSES.slice(0, 4));
    }, 90_000);

    it('goes on past the deadline without a node that never answers, or aborts when t cannot be met', async () => {
      faults.never = { node: 'charlie', from: 'marginals-advertise-keys' };
      const done = await outcome(await createJob('never', { minNodes: 2, roundSeconds: 2 }));
      expect(done.status.status, done.status.abortReason ?? '').toBe('done');
      expect(done.result?.sites).toEqual(['alpha', 'bravo']);
      faults.quorum = { node: 'charlie', from: 'marginals-advertise-keys' };
      const aborted = await outcome(
        await createJob('quorum', { minNodes: 3, threshold: 3, roundSeconds: 2 }),
      );
      expect(aborted.status.status).toBe('aborted');
      expect(aborted.status.abortReason).toBe('round 0 closed with 2 submission(s); it needed at least 3');
    }, 90_000);

    it('resumes after a hub restart mid-phase and completes with the same model', async () => {
      let open!: () => void;
      gate = new Promise((resolve) => {
        open = resolve;
      });
      const id = await createJob('restart');
      const client = coordinator(f);
      await eventually(
        async () => {
          const rounds = ((await client.get(`/v1/jobs/${id}`)).json as { rounds: { purpose: string }[] })
            .rounds;
          return rounds.some((r) => r.purpose === 'moments-masked-input') ? true : undefined;
        },
        30_000,
        "'moments-masked-input' to open",
      );
      const port = Number(new URL(f.hub.url).port);
      await f.hub.close();
      f.hub = await startHub({
        dir: f.hubDir,
        listen: { host: '127.0.0.1', port },
        database: f.database,
        bits: bits.split('hub again'),
        maxPollSeconds: 5,
        kinds,
      });
      gate = undefined;
      open();
      const { status, result } = await outcome(id);
      expect(status.status, status.abortReason ?? '').toBe('done');
      const reference = await plain(NAMES);
      expect(deviation(result?.model, reference.result.model)).toBeLessThanOrEqual(1e-9);
    }, 90_000);

    it('refuses at creation an unknown protocol and a request its schema rejects (400)', async () => {
      const client = coordinator(f);
      const base = { kind: 'federated', minNodes: 3, threshold: 2, deadlineSeconds: 60 };
      const unknown = await client.post('/v1/jobs', {
        ...base,
        parameters: { ...parameters('x'), protocol: 'gan' },
      });
      expect(unknown.status).toBe(400);
      expect(unknown.text).toContain("this hub runs no federated protocol 'gan'; it runs 'copula'");
      const rules = await client.post('/v1/jobs', {
        ...base,
        parameters: { ...parameters('x'), request: { schema, copula: { survival: 'copula' } } },
      });
      expect(rules.status).toBe(400);
      expect(rules.text).toMatch(/rules: a copula fitted from measurements/);
      const extra = await client.post('/v1/jobs', {
        ...base,
        parameters: { ...parameters('x'), request: { schema, copula: COPULA, rows: 5 } },
      });
      expect(extra.status).toBe(400);
    });

    it("never writes a node's data file", () => {
      for (const name of NAMES) {
        expect(readFileSync(files[name]).equals(before[name].bytes), name).toBe(true);
        expect(statSync(files[name]).mtimeMs, name).toBe(before[name].mtimeMs);
      }
    });

    it("keeps no site's plain vector in any table of the hub's database, nor in anything printed", async () => {
      stop.abort();
      await Promise.all(agents);
      agents = [];
      await f.hub.close();
      const { names, dump } = await databaseText(f);
      expect(names).toEqual(expect.arrayContaining(['submissions', 'round_tasks', 'audit_log', 'jobs']));
      // Positive controls: the dump reaches submissions' decoded payloads, the stored tasks and the result.
      expect(dump).toContain('"kind":"masked-input"');
      expect(dump).toMatch(/"kind": ?"unmask-request"/);
      expect(dump).toContain('synthcohort-model');
      const reference = await plain(NAMES);
      const plans: PhasePlan[] = reference.phases.map((p) => ({ ...p.plan, sites: p.sites }));
      const request = copulaProtocol.parameters.parse({ schema, copula: COPULA });
      let searched = 0;
      const output = printed.join('');
      for (const name of NAMES)
        for (const plan of plans) {
          const vector = (await copulaProtocol.answer(request, plan, {
            name,
            table: tables[name],
            random: bits.split('unused'),
            charge: () => {},
          })) as Uint32Array;
          const bytes = ringToBytes(vector);
          // Chunks at 40 of the entries where this site's vector is not zero, in every encoding.
          const step = 2 * Math.max(1, Math.floor(vector.length / 80));
          for (let i = 0; i < vector.length; i += 2) {
            if (vector[i] === 0 && vector[i + 1] === 0) continue;
            const chunk = Buffer.from(bytes.subarray(4 * i, 4 * i + 24));
            if (chunk.length < 24) continue;
            for (const text of [
              chunk.toString('base64url'),
              chunk.toString('base64'),
              chunk.toString('hex'),
            ]) {
              expect(dump.includes(text) || output.includes(text), `${name} ${plan.name} @${i}`).toBe(false);
              searched++;
            }
            i += step;
          }
        }
      expect(searched).toBeGreaterThan(300);
      // The planted values are the sites' own: the released model may hold the top one as its LDH knot,
      // but no submission and no stored task spells a site's planted value out.
      expect(dump).not.toContain('"ldh":19990');
    }, 90_000);
  });
}
