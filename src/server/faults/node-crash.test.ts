/**
 * Nodes killed with SIGKILL around a federated copula job, all in real processes: a hub
 * (`synthcohort hub start`, embedded database) and five `synthcohort node`s, each holding one centre
 * of a simulated AML cohort. A node is killed before it polls the job, right after its last upload,
 * right after its masked input of the last phase (the others unmask it: its data stay in the sum),
 * and right after its masked input of the first phase when too few remain (the job aborts naming
 * the round). Each job ends, done with the model the plain reference fits on the sites that count,
 * or aborted with the reason; no data file is written; and the hub's database and output hold no
 * site's own vector nor its planted value.
 *
 * A node prints `job J round R: answered` once the hub stored its round-R submission: the test kills
 * it on that line, before it can fetch its next task. Rounds of the copula job: 0–3 the 'marginals'
 * secure sum (advertise-keys, share-keys, masked-input, unmask), 4–7 the 'moments' one.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobStatusResponse } from '../hub/messages.js';
import { killChildren, liveChildren, processExists } from './children.js';
import {
  changedDataFiles,
  createCopulaJob,
  type Federation,
  finalOutcome,
  plantedLdh,
  startFederation,
} from './federation.js';
import { deviation, dumpHubDatabase, plainCopula, siteVectorPieces } from './reference.js';

const NAMES = ['alpha', 'bravo', 'charlie', 'delta', 'echo'] as const;
const ROUND_SECONDS = 5;
let f: Federation;
const pids: number[] = [];

beforeAll(async () => {
  f = await startFederation({ names: NAMES, patientsPerSite: 60, seed: 23 });
  pids.push(f.hub.pid, ...NAMES.map((name) => f.nodes[name].pid));
}, 120_000);

afterAll(async () => {
  await killChildren();
  if (f) rmSync(f.root, { recursive: true, force: true });
  expect(liveChildren()).toEqual([]);
  for (const pid of pids) expect(processExists(pid), `process ${pid}`).toBe(false);
});

/** Kills node `name` (SIGKILL) as soon as it reports its submission to `round` of job `id`. */
async function killAfter(name: string, id: number, round: number) {
  await f.nodes[name].waitFor(new RegExp(`job ${id} round ${round}: answered`), 60_000);
  return f.nodes[name].kill('SIGKILL');
}

/** The plain reference per set of sites, fitted once: the last test searches the first two jobs' sites again. */
const references = new Map<string, ReturnType<typeof plainCopula>>();
function reference(sites: readonly string[]) {
  const key = sites.join(',');
  const known = references.get(key);
  if (known) return known;
  const fitted = plainCopula(f, sites);
  references.set(key, fitted);
  return fitted;
}

const rowsOf = (names: readonly string[]) => names.reduce((n, name) => n + f.tables[name].nRows, 0);

/** Who submitted to step `step` of phase `phase` (rounds are named '<phase>-<step>'). */
const submittedTo = (status: JobStatusResponse, phase: string, step: string) =>
  status.rounds.find((r) => r.purpose === `${phase}-${step}`)?.submitted;

describe('nodes killed around a federated copula job (child processes)', () => {
  it('one killed before it polls the job, one right after its last upload: done by the four, exact', async () => {
    expect(await f.nodes.echo.kill('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
    const id = await createCopulaJob(f, {
      nodes: NAMES,
      minNodes: 4,
      threshold: 3,
      roundSeconds: ROUND_SECONDS,
    });
    const deltaKilled = killAfter('delta', id, 7);
    const { status, result } = await finalOutcome(f, id);
    expect(await deltaKilled).toEqual({ code: null, signal: 'SIGKILL' });
    expect(status.status, status.abortReason ?? '').toBe('done');
    expect(submittedTo(status, 'marginals', 'advertise-keys')).toEqual([
      'alpha',
      'bravo',
      'charlie',
      'delta',
    ]);
    expect(submittedTo(status, 'moments', 'unmask')).toEqual(['alpha', 'bravo', 'charlie', 'delta']);
    const four = NAMES.slice(0, 4);
    expect(result?.sites).toEqual(four);
    expect(result?.rows).toBe(rowsOf(four));
    expect(deviation(result?.model, (await reference(four)).result.model)).toBeLessThanOrEqual(1e-9);
    expect(changedDataFiles(f)).toEqual([]);
  }, 90_000);

  it('one killed right after its masked input of the last phase: the others unmask it, done with its data', async () => {
    const three = ['alpha', 'bravo', 'charlie'] as const;
    const id = await createCopulaJob(f, {
      nodes: three,
      minNodes: 3,
      threshold: 2,
      roundSeconds: ROUND_SECONDS,
    });
    const charlieKilled = killAfter('charlie', id, 6);
    const { status, result } = await finalOutcome(f, id);
    expect((await charlieKilled).signal).toBe('SIGKILL');
    expect(status.status, status.abortReason ?? '').toBe('done');
    expect(submittedTo(status, 'moments', 'masked-input')).toEqual([...three]);
    expect(submittedTo(status, 'moments', 'unmask')).toEqual(['alpha', 'bravo']);
    // Charlie's rows are in the model: its masks were removed with the others' shares of its seed.
    expect(result?.sites).toEqual([...three]);
    expect(result?.rows).toBe(rowsOf(three));
    expect(deviation(result?.model, (await reference(three)).result.model)).toBeLessThanOrEqual(1e-9);
    expect(changedDataFiles(f)).toEqual([]);
  }, 90_000);

  it('one killed right after its masked input of the first phase, leaving fewer than t: aborted, naming the round', async () => {
    const id = await createCopulaJob(f, {
      nodes: ['alpha', 'bravo'],
      minNodes: 2,
      threshold: 2,
      roundSeconds: ROUND_SECONDS,
    });
    const bravoKilled = killAfter('bravo', id, 2);
    const { status, result } = await finalOutcome(f, id);
    expect((await bravoKilled).signal).toBe('SIGKILL');
    expect(status.status).toBe('aborted');
    expect(status.abortReason).toBe('round 3 closed with 1 submission(s); it needed at least 2');
    expect(status.rounds.map((r) => r.purpose)).toEqual([
      'marginals-advertise-keys',
      'marginals-share-keys',
      'marginals-masked-input',
      'marginals-unmask',
    ]);
    expect(result).toBeUndefined();
    // Nothing was released: the hub answers the result of an aborted job with its reason.
    await expect(f.client.waitForResult(id)).rejects.toThrow(/round 3 closed with 1 submission/);
    expect(changedDataFiles(f)).toEqual([]);
  }, 90_000);

  it("the hub's database and output hold no site's own vector nor its planted value", async () => {
    // A clean stop (SIGTERM) releases the embedded database for this process to read.
    expect(await f.hub.kill('SIGTERM')).toEqual({ code: 0, signal: null });
    const { dump, byTable } = await dumpHubDatabase(f.hubDir);
    expect(Object.keys(byTable)).toEqual(
      expect.arrayContaining(['submissions', 'round_tasks', 'audit_log', 'jobs']),
    );
    // Positive controls: the dump reaches the decoded payloads, the stored tasks and the result.
    expect(dump).toContain('"kind":"masked-input"');
    expect(dump).toMatch(/"kind": ?"unmask-request"/);
    expect(dump).toContain('synthcohort-model');
    const printed = f.hubs.map((hub) => hub.stdout() + hub.stderr()).join('\n');
    let searched = 0;
    const found: string[] = [];
    for (const sites of [NAMES.slice(0, 4), ['alpha', 'bravo', 'charlie']]) {
      const fitted = await reference(sites);
      for (const name of sites)
        for (const piece of await siteVectorPieces(f, fitted, name)) {
          if (dump.includes(piece) || printed.includes(piece)) found.push(`${name}: ${piece}`);
          searched++;
        }
    }
    expect(found).toEqual([]);
    expect(searched).toBeGreaterThan(500);
    // The planted LDH values as numbers (not inside base64 or hex) in what the nodes sent and what the
    // hub logged. (The copula's released marginals keep the largest values as knots, so the result
    // and the next phase's plan, stored with the tasks, may hold a site's top value: that is the
    // protocol's release, not an upload.)
    const sent = byTable.submissions + byTable.audit_log;
    expect(sent).toContain('"kind":"masked-input"');
    for (const [c] of NAMES.entries()) {
      const planted = new RegExp(`(^|[^0-9A-Za-z+/_=-])${plantedLdh(c)}($|[^0-9A-Za-z+/_=-])`);
      expect(planted.test(sent), `${plantedLdh(c)} in a submission or the audit log`).toBe(false);
      expect(planted.test(printed), `${plantedLdh(c)} in the hub's output`).toBe(false);
    }
  }, 90_000);
});
