/**
 * The node's federated handler without a hub: it charges its own privacy ledger before answering,
 * declines a job that would exceed its budget (or any spend without a ledger) and one whose data do
 * not fit, and a restarted node declines the rest of a phase. The declines reach the node's events.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { DataError } from '../../core/errors.js';
import { numberColumn, Table } from '../../data/table.js';
import { rewriteCentre } from '../../interop/harmonise/test-support/cohorts.js';
import { textTableOf } from '../../interop/harmonise/text-table.js';
import { seededRandomBits } from '../../privacy/random-bits.js';
import { zcdpRho } from '../../privacy/zcdp.js';
import { simulate } from '../../simulate/index.js';
import { heterogeneityProtocol } from '../../workflows/federated/heterogeneity.js';
import type { ShiftAnswer } from '../../workflows/federated/heterogeneity-report.js';
import { type FederatedProtocol, runProtocolPlain } from '../../workflows/federated/protocol.js';
import type { Task } from '../hub/messages.js';
import { federatedHandler, nodeLedgerPath } from './federated-handler.js';
import { TaskDeclined } from './run-node.js';

const dir = mkdtempSync(join(tmpdir(), 'synthcohort-federated-handler-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** One shareable phase whose answer spends `rho` of the site's budget first. */
const noisy: FederatedProtocol<{ rho: number }> = {
  name: 'noisy',
  parameters: z.object({ rho: z.number() }).strict(),
  firstPhase: () => ({ name: 'count', kind: 'shareable', input: {} }),
  next: (_p, phases) => ({ result: { phases: phases.length } }),
  async answer(parameters, _plan, site) {
    if (site.table.numbers('x').some((v) => v < 0)) throw new DataError({ column: 'x' }, 'a negative value');
    await site.charge(parameters.rho, 'noisy count');
    return { rows: site.table.nRows };
  },
};

let jobs = 0;
function task(rho: number, input: unknown = shareable()): Task {
  jobs += 1;
  return {
    jobId: jobs,
    round: 0,
    kind: 'federated',
    purpose: 'count-shareable',
    parameters: { protocol: 'noisy', nodes: ['alpha', 'bravo'], request: { rho } },
    input,
    deadline: new Date(Date.now() + 60_000).toISOString(),
  };
}
function shareable() {
  return {
    step: 'shareable',
    phase: 'count',
    plan: { name: 'count', kind: 'shareable', input: {}, sites: ['alpha', 'bravo'] },
  };
}
const signal = new AbortController().signal;
const table = (values: number[]) => new Table([['x', numberColumn(values)]]);

describe('federatedHandler', () => {
  const ledger = { path: nodeLedgerPath(dir), budget: { epsilon: 1, delta: 1e-6 } };
  const allowed = zcdpRho(1, 1e-6);

  it("charges the node's ledger in its state folder, then declines the job that would exceed the budget", async () => {
    const handler = federatedHandler({
      protocols: [noisy],
      site: { name: 'alpha', table: () => table([1, 2, 3]) },
      ledger,
      random: seededRandomBits('handler'),
    });
    expect(await handler(task(0.6 * allowed), { signal })).toEqual({ answer: { rows: 3 } });
    const written = JSON.parse(readFileSync(ledger.path, 'utf8'));
    const spends = Object.values(
      written.datasets as Record<string, { spends: { rho: number; mechanism: string }[] }>,
    );
    expect(spends).toHaveLength(1);
    expect(spends[0].spends.map((s) => s.rho)).toEqual([0.6 * allowed]);
    expect(spends[0].spends[0].mechanism).toBe('federated noisy job 1: noisy count');
    const refused = await Promise.resolve(handler(task(0.6 * allowed), { signal })).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(TaskDeclined);
    expect((refused as TaskDeclined).reason).toMatch(
      /^job 2 phase 'count': .*privacy budget exceeded for this dataset/,
    );
    // Nothing was recorded for the refused job.
    expect(JSON.parse(readFileSync(ledger.path, 'utf8'))).toEqual(written);
  });

  it('declines any spend when the node keeps no ledger, and writes none', async () => {
    const bare = mkdtempSync(join(dir, 'bare-'));
    const handler = federatedHandler({
      protocols: [noisy],
      site: { name: 'alpha', table: () => table([1]) },
    });
    await expect(handler(task(0.01), { signal })).rejects.toThrow(/keeps no privacy ledger/);
    expect(existsSync(nodeLedgerPath(bare))).toBe(false);
  });

  it('declines when its data do not fit, naming the column; and when the protocol is unknown', async () => {
    const handler = federatedHandler({
      protocols: [noisy],
      site: { name: 'alpha', table: () => table([-1]) },
      ledger,
    });
    await expect(handler(task(0), { signal })).rejects.toThrow(/column 'x': a negative value/);
    const other = { ...task(0), parameters: { protocol: 'mst', nodes: ['alpha', 'bravo'], request: {} } };
    await expect(handler(other, { signal })).rejects.toThrow(/runs no such federated protocol/);
  });

  it('answers a pass with a pass, and declines a later secure-sum step it holds no secrets for (restart)', async () => {
    const handler = federatedHandler({
      protocols: [noisy],
      site: { name: 'alpha', table: () => table([1]) },
      ledger,
    });
    expect(await handler(task(0, { step: 'pass', phase: 'count' }), { signal })).toEqual({ pass: true });
    const later = task(0, { step: 'masked-input', phase: 'sum', message: {} });
    await expect(handler({ ...later, round: 2 }, { signal })).rejects.toThrow(
      /holds no secrets for the phase \(restarted mid-job\)/,
    );
  });

  it('never answers one job and phase twice: the second charge is refused, even after a restart', async () => {
    const own = { path: nodeLedgerPath(mkdtempSync(join(dir, 'once-'))), budget: ledger.budget };
    const make = () =>
      federatedHandler({
        protocols: [noisy],
        site: { name: 'alpha', table: () => table([1, 2]) },
        ledger: own,
        random: seededRandomBits('once'),
      });
    const first = task(0.1 * allowed);
    expect(await make()(first, { signal })).toEqual({ answer: { rows: 2 } });
    // The hub offers the same job's phase again (a hostile hub averaging fresh noise away), to this
    // process and to a restarted one: both decline, and the ledger holds the one charge.
    for (const handler of [make(), make()])
      await expect(handler({ ...first, round: 5 }, { signal })).rejects.toThrow(
        /federated noisy job \d+: noisy count: charged already; a phase is answered once/,
      );
    const written = JSON.parse(readFileSync(own.path, 'utf8'));
    const spends = Object.values(written.datasets as Record<string, { spends: unknown[] }>)[0].spends;
    expect(spends).toHaveLength(1);
  });

  it('declines a secure-sum phase whose plan misplaces this node or miscounts its sites', async () => {
    const handler = federatedHandler({
      protocols: [noisy],
      site: { name: 'alpha', table: () => table([1]) },
      ledger,
    });
    const advertise = (sites: string[], node: number, participants: number, phase = 'sum') =>
      task(0, {
        step: 'advertise-keys',
        phase,
        plan: { name: 'sum', kind: 'secure-sum', input: {}, length: 1, sites },
        secagg: { version: 1, jobId: 'j', participants, threshold: 2, length: 1 },
        node,
      });
    // 1,000 names make each real site's share of noise a thousandth: the node counts the sites itself.
    const many = ['alpha', ...Array.from({ length: 999 }, (_, i) => `sybil-${i}`)];
    await expect(handler(advertise(many, 1, 3), { signal })).rejects.toThrow(/lists 1000 site\(s\)/);
    await expect(handler(advertise(['bravo', 'alpha', 'charlie'], 1, 3), { signal })).rejects.toThrow(
      /'bravo' at this node's place 1/,
    );
    await expect(
      handler(advertise(['alpha', 'bravo', 'charlie'], 1, 3, 'other'), { signal }),
    ).rejects.toThrow(/names phase 'other' for a plan of phase 'sum'/);
    expect(await handler(advertise(['alpha', 'bravo', 'charlie'], 1, 3), { signal })).toHaveProperty(
      'node',
      1,
    );
  });
});

describe("a node whose table does not read against the schema (C02 writes sex as 'M'/'F')", () => {
  const { table: pooled, schema } = simulate('aml', { patients: 150, centres: 3, seed: 11 });
  const exported = rewriteCentre(pooled, 'sex', 'C02', (t) => ({ male: 'M', female: 'F' })[t] ?? t);
  const names = ['C01', 'C02', 'C03'];
  const rowsOf = (t: Table, name: string) => t.filter((row) => t.cell('centre', row) === name);
  // What `node --schema` reports when the typed read refuses C02's file.
  const unreadable = new DataError(
    { file: 'C02.csv', row: 2, column: 'sex' },
    "'M' is not one of the categories female, male",
  );
  const c02 = federatedHandler({
    protocols: [heterogeneityProtocol],
    site: {
      name: 'C02',
      table: () => {
        throw unreadable;
      },
      text: () => textTableOf(rowsOf(exported, 'C02')),
    },
  });

  /** The shifts phase's plan as the hub sends it, after the pooled phase of the three sites. */
  async function shiftsPlan(harmonise: boolean, sites: Parameters<typeof runProtocolPlain>[2]) {
    const outcome = await runProtocolPlain(
      heterogeneityProtocol,
      { schema, harmonise },
      sites,
      seededRandomBits(`plan ${harmonise}`),
    );
    if (outcome.status !== 'done') throw new Error(`aborted: ${outcome.reason}`);
    const { plan, sites: took } = outcome.phases[1];
    return { ...plan, sites: [...took] };
  }

  function shiftsTask(harmonise: boolean, plan: unknown): Task {
    jobs += 1;
    return {
      jobId: jobs,
      round: 2,
      kind: 'federated',
      purpose: 'heterogeneity-shifts',
      parameters: { protocol: 'heterogeneity', nodes: names, request: { schema, harmonise } },
      input: { step: 'shareable', phase: 'shifts', plan },
      deadline: new Date(Date.now() + 60_000).toISOString(),
    };
  }

  it('answers the harmonising check from the cells’ text, with its label finding', async () => {
    // Every site as its node has it: the text, and no typed table to read.
    const plan = await shiftsPlan(
      true,
      names.map((name) => ({
        name,
        text: textTableOf(rowsOf(exported, name)),
        get table(): Table {
          throw unreadable;
        },
      })),
    );
    expect(plan.sites).toEqual(names);
    // The answer itself shows the protocol never read the typed table: that read throws.
    const { answer } = (await c02(shiftsTask(true, plan), { signal })) as { answer: ShiftAnswer };
    expect(answer.rows % 10).toBe(0);
    expect(answer.findings?.map((f) => [f.kind, f.centre, f.column])).toEqual([['labels', 'C02', 'sex']]);
    const sex = answer.findings?.[0];
    if (sex?.kind !== 'labels') throw new Error('no label finding');
    expect(sex.labels.map((l) => [l.label, l.to])).toEqual(
      expect.arrayContaining([
        ['M', 'male'],
        ['F', 'female'],
      ]),
    );
  });

  it('declines, with the read error, a step that needs the typed table (the plain check)', async () => {
    const plan = await shiftsPlan(
      false,
      names.map((name) => ({ name, table: rowsOf(pooled, name) })),
    );
    const refused = await Promise.resolve(c02(shiftsTask(false, plan), { signal })).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(TaskDeclined);
    expect((refused as TaskDeclined).reason).toBe(`job ${jobs} phase 'shifts': ${unreadable.message}`);
  });
});

describe("a node's own schema", () => {
  const { table, schema } = simulate('aml', { patients: 60, centres: 3, seed: 5 });
  const site = { name: 'alpha', table: () => table, schema };
  function heterogeneityTask(request: unknown): Task {
    jobs += 1;
    return {
      jobId: jobs,
      round: 0,
      kind: 'federated',
      purpose: 'shifts-shareable',
      parameters: { protocol: 'heterogeneity', nodes: ['alpha', 'bravo', 'charlie'], request },
      input: {
        step: 'shareable',
        phase: 'shifts',
        plan: {
          name: 'shifts',
          kind: 'shareable',
          input: { pooled: [] },
          sites: ['alpha', 'bravo', 'charlie'],
        },
      },
      deadline: new Date(Date.now() + 60_000).toISOString(),
    };
  }
  const handler = federatedHandler({
    protocols: [heterogeneityProtocol],
    site,
    random: seededRandomBits('pin'),
  });
  const probe = (change: (c: (typeof schema.columns)[number]) => object, column: string) => ({
    schema: {
      ...schema,
      columns: schema.columns.map((c) => (c.name === column ? { ...c, ...change(c) } : c)),
    },
  });

  it('declines a job that makes the identifier a feature with a guessed value, naming the column', async () => {
    const guess = table.cell('patient_id', 0);
    const request = probe(
      () => ({ kind: 'categorical', role: 'feature', categories: [guess, 'nobody'] }),
      'patient_id',
    );
    await expect(handler(heterogeneityTask(request), {} as never)).rejects.toThrow(
      /the job's schema differs from this node's: column 'patient_id': the job's role is feature, this node's id/,
    );
  });

  it('declines bounds a hair apart, other categories, and a column the node does not declare', async () => {
    await expect(
      handler(heterogeneityTask(probe(() => ({ min: 61.3, max: 61.4 }), 'age')), {} as never),
    ).rejects.toThrow(/column 'age': the job's bounds \[61\.3, 61\.4\] are not this node's \[18, /);
    await expect(
      handler(heterogeneityTask(probe(() => ({ categories: ['male', 'other'] }), 'sex')), {} as never),
    ).rejects.toThrow(/column 'sex': the job's categories are not this node's schema's/);
    const extra = {
      schema: {
        ...schema,
        columns: [
          ...schema.columns,
          { name: 'surname', kind: 'categorical', role: 'feature', nullable: true },
        ],
      },
    };
    await expect(handler(heterogeneityTask(extra), {} as never)).rejects.toThrow(
      /column 'surname' is not in this node's schema/,
    );
  });

  it('takes the same schema with its categories reordered, rules added and fewer columns', async () => {
    const reordered = probe((c) => ({ categories: [...(c.categories ?? [])].reverse() }), 'sex');
    const fewer = { ...reordered.schema, columns: reordered.schema.columns.filter((c) => c.name !== 'ldh') };
    // Past the schema check, the shifts step fails on the empty pooled counts this test sends: the
    // decline is the protocol's own, not the pin's.
    await expect(handler(heterogeneityTask({ schema: fewer }), {} as never)).rejects.toThrow(
      /pooled counts the hub sent do not hold this site's own/,
    );
  });
});
