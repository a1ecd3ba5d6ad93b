/**
 * `synthcohort hub init|start|add-node`: the coordinator's server. The work is the library's
 * (src/server/hub); this file parses options and prints.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import * as z from 'zod';
import { UsageError } from '../../core/errors.js';
import { secureRandomBits } from '../../privacy/random-bits.js';
import { createCoordinatorClient } from '../../server/coordinator/index.js';
import { addNode as addNodeToStore, HUB_FILES, initHub, startHub } from '../../server/hub/index.js';
import { LOCAL_ADMIN_FILE } from '../../server/hub/start-hub.js';
import type { CommandContext } from '../io.js';
import { databaseOf, defaultHostnames, hubKinds, listenOf } from './federate-kinds.js';
import { aborted, untilStopped } from './federate-signals.js';

export async function init(_args: string[], options: Record<string, unknown>, context: CommandContext) {
  const dir = options.state as string;
  const hostnames = (options.hostname as string[] | undefined) ?? defaultHostnames();
  const made = await initHub({
    dir,
    hostnames,
    now: new Date(),
    bits: secureRandomBits(),
    database: databaseOf(options),
  });
  context.io.stderr(
    [
      `hub state folder: ${dir} (certificate for ${hostnames.join(', ')})`,
      `CA certificate (give it to every node and coordinator): ${made.caCertificatePath}`,
      `review app: https://HOST:PORT/review/ once the hub runs; account '${made.reviewCoordinator.name}', password ${made.reviewCoordinator.password} (shown this once, stored hashed)`,
      'coordinator token, shown this once and stored hashed (on stdout):',
      '',
    ].join('\n'),
  );
  context.io.stdout(`${made.coordinatorToken}\n`);
}

export async function start(_args: string[], options: Record<string, unknown>, context: CommandContext) {
  const dir = options.state as string;
  const listen = listenOf(options.listen as string);
  const stop = untilStopped();
  try {
    const hub = await startHub({ dir, listen, database: databaseOf(options), kinds: hubKinds() }).catch(
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'EADDRINUSE' || error.code === 'EADDRNOTAVAIL' || error.code === 'EACCES')
          throw new UsageError(
            `--listen: cannot listen on ${options.listen}: ${error.code === 'EADDRINUSE' ? 'the port is in use (another hub?)' : error.code === 'EACCES' ? 'permission denied (ports below 1024 need privileges)' : 'no such address on this machine'}`,
          );
        throw error;
      },
    );
    context.io.stdout(
      [`hub listening at ${hub.url}`, `CA certificate: ${join(dir, HUB_FILES.caCertificate)}`, ''].join('\n'),
    );
    context.progress.step('serving until interrupted (Ctrl-C)');
    await aborted(stop.signal);
    await hub.close();
    context.io.stderr('hub stopped\n');
  } finally {
    stop.dispose();
  }
}

const LocalAdmin = z.object({ url: z.string(), token: z.string(), pid: z.number() });

export async function addNode(args: string[], options: Record<string, unknown>, context: CommandContext) {
  const dir = options.state as string;
  const name = args[0];
  const validSeconds = (options.validDays as number) * 24 * 3600;
  const running = runningHub(dir);
  let token: string;
  let expiresAt: string;
  if (running) {
    // The hub holds its embedded database: ask it, with the token it left for this machine.
    const client = createCoordinatorClient({
      hubUrl: running.url,
      caPem: readFileSync(join(dir, HUB_FILES.caCertificate), 'utf8'),
      token: running.token,
      servername: certificateName(dir),
    });
    ({ token, expiresAt } = await client.addNode(name, validSeconds));
  } else {
    const now = new Date();
    token = await addNodeToStore({
      dir,
      database: databaseOf(options),
      name,
      now,
      bits: secureRandomBits(),
      validSeconds,
    });
    expiresAt = new Date(now.getTime() + validSeconds * 1000).toISOString();
  }
  context.io.stderr(
    `one-time enrolment token for node '${name}', valid until ${expiresAt} (on stdout); on the node:\n` +
      `  synthcohort node --hub URL --ca ca.pem --enrol TOKEN --name ${name} --data DATA.csv --state DIR\n`,
  );
  context.io.stdout(`${token}\n`);
}

/** The running hub's local admin file, if a live process on this machine wrote it. */
function runningHub(dir: string): z.infer<typeof LocalAdmin> | undefined {
  const path = join(dir, LOCAL_ADMIN_FILE);
  if (!existsSync(path)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    json = undefined;
  }
  const parsed = LocalAdmin.safeParse(json);
  if (!parsed.success)
    throw new UsageError(`${path}: not a hub's local admin file; stop the hub or remove it`);
  try {
    process.kill(parsed.data.pid, 0);
  } catch (error) {
    // ESRCH: the hub that wrote it is gone (killed): the database is free again.
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return undefined;
  }
  return parsed.data;
}

/** A DNS name the hub's certificate holds (SNI does not take an IP address); none if it has only IPs. */
function certificateName(dir: string): string | undefined {
  const manifest = JSON.parse(readFileSync(join(dir, HUB_FILES.manifest), 'utf8')) as { hostnames?: unknown };
  const names = Array.isArray(manifest.hostnames)
    ? manifest.hostnames.filter((h) => typeof h === 'string')
    : [];
  if (names.includes('127.0.0.1')) return undefined;
  return names.find((h: string) => isIP(h) === 0);
}
