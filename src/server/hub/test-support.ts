/**
 * Shared by the hub's tests (embedded and server backends): a hub with three enrolled nodes on
 * loopback, a coordinator client and a waiting helper. Seeded randomness: test keys only.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededRandomBits } from '../../privacy/random-bits.js';
import { enrolNode } from '../node/enrol.js';
import type { DatabaseOption } from './database.js';
import type { JobKind } from './job-kind.js';
import { type RunningHub, startHub } from './start-hub.js';
import { addNode, initHub } from './state-folder.js';

export const NODE_NAMES = ['alpha', 'bravo-1', 'charlie-two'] as const;

export interface HubFixture {
  root: string;
  hubDir: string;
  caPem: string;
  coordinatorToken: string;
  /** The review app's first coordinator account (hub init). */
  reviewCoordinator: { name: string; password: string };
  hub: RunningHub;
  nodeDirs: Record<string, string>;
  /** The enrolment tokens, already spent. */
  spentTokens: Record<string, string>;
  database?: DatabaseOption;
}

export function hubWithThreeNodes(seed: string, database?: DatabaseOption): Promise<HubFixture> {
  return hubWithNodes(seed, NODE_NAMES, { database });
}

/** A hub with `names` enrolled, running `kinds` (default: collect). */
export async function hubWithNodes(
  seed: string,
  names: readonly string[],
  options: { database?: DatabaseOption; kinds?: readonly JobKind[] } = {},
): Promise<HubFixture> {
  const { database } = options;
  const root = mkdtempSync(join(tmpdir(), 'synthcohort-hub-'));
  const hubDir = join(root, 'hub');
  const bits = seededRandomBits(seed);
  const now = new Date();
  const init = await initHub({
    dir: hubDir,
    hostnames: ['localhost', '127.0.0.1'],
    now,
    bits: bits.split('init'),
    database,
  });
  const spentTokens: Record<string, string> = {};
  for (const name of names)
    spentTokens[name] = await addNode({
      dir: hubDir,
      database,
      name,
      now,
      bits: bits.split(`token-${name}`),
    });
  const hub = await startHub({
    dir: hubDir,
    listen: { host: '127.0.0.1', port: 0 },
    database,
    bits: bits.split('hub'),
    maxPollSeconds: 5,
    kinds: options.kinds,
  });
  const caPem = readFileSync(init.caCertificatePath, 'utf8');
  const nodeDirs: Record<string, string> = {};
  for (const name of names) {
    nodeDirs[name] = join(root, `node-${name}`);
    await enrolNode({
      hubUrl: hub.url,
      caPem,
      token: spentTokens[name],
      name,
      dir: nodeDirs[name],
      bits: bits.split(`node-${name}`),
    });
  }
  return {
    root,
    hubDir,
    caPem,
    coordinatorToken: init.coordinatorToken,
    reviewCoordinator: init.reviewCoordinator,
    hub,
    nodeDirs,
    spentTokens,
    database,
  };
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: unknown;
}

/** One HTTPS call to the hub, pinned to its CA; `headers` replace the defaults. */
export function call(
  hubUrl: string,
  caPem: string,
  method: string,
  path: string,
  options: { body?: string | Buffer; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const url = new URL(hubUrl);
  const body = options.body ?? '';
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path,
        ca: caPem,
        agent: false,
        headers: { ...(body.length ? { 'content-type': 'application/json' } : {}), ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export function coordinator(fixture: { hub: RunningHub; caPem: string; coordinatorToken: string }) {
  const headers = { authorization: `Bearer ${fixture.coordinatorToken}` };
  return {
    post: (path: string, json: unknown) =>
      call(fixture.hub.url, fixture.caPem, 'POST', path, { body: JSON.stringify(json), headers }),
    get: (path: string) => call(fixture.hub.url, fixture.caPem, 'GET', path, { headers }),
  };
}

/** Polls `check` every 50 ms until it returns a value, or fails after `ms`. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  ms: number,
  what: string,
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits until job `id` is final; returns its status body. */
export function finalStatus(client: ReturnType<typeof coordinator>, id: number, ms = 15_000) {
  return eventually(
    async () => {
      const answer = await client.get(`/v1/jobs/${id}`);
      const status = (answer.json as { status: string }).status;
      return status === 'done' || status === 'aborted' ? answer : undefined;
    },
    ms,
    `job ${id} to finish`,
  );
}

/** Largest |a − b| over two JSON values of the same shape (Infinity when the shapes differ). */
export function deviation(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a === b ? 0 : Math.abs(a - b);
  if (Array.isArray(a) && Array.isArray(b))
    return a.length !== b.length ? Infinity : Math.max(0, ...a.map((x, i) => deviation(x, b[i])));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = Object.keys(a).sort();
    if (keys.join() !== Object.keys(b).sort().join()) return Infinity;
    return Math.max(
      0,
      ...keys.map((k) => deviation((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])),
    );
  }
  return a === b ? 0 : Infinity;
}
