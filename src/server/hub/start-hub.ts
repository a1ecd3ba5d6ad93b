/**
 * The hub's server: fastify 5 over HTTPS with the state folder's certificate, state in PostgreSQL
 * (embedded under the folder by default, a server with `database`), migrated before it listens.
 * On start it resumes every unfinished job from the database (`JobEngine.resume`).
 */
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import Fastify from 'fastify';
import { type RandomBits, secureRandomBits } from '../../privacy/random-bits.js';
import { reviewPlugin } from '../review/plugin.js';
import type { Store } from '../store/index.js';
import { collectKind } from './collect-kind.js';
import { type DatabaseOption, openHubStore } from './database.js';
import { DatabaseNonceStore } from './database-nonces.js';
import { answerErrors, keepRawBodies } from './http.js';
import { JobEngine } from './job-engine.js';
import type { JobKind } from './job-kind.js';
import { writePrivateFile } from './private-file.js';
import { coordinatorRoutes, enrolRoutes, nodeRoutes, type RouteContext } from './routes.js';
import { readHubCredentials } from './state-folder.js';

/**
 * Written into the state folder (0600) while the hub runs, removed when it stops: the address and a
 * token, valid for this run only, that the routes accept as a coordinator's. It lets `hub add-node`
 * on the hub's machine issue enrolment tokens while the hub holds the embedded database (PGlite
 * admits one process). Whoever can read the state folder holds the CA key already, so the file
 * grants nothing new.
 */
export const LOCAL_ADMIN_FILE = 'admin.json';

export interface StartHubOptions {
  dir: string;
  listen: { host: string; port: number };
  /** A PostgreSQL server instead of the folder's embedded database. */
  database?: DatabaseOption;
  /** The job kinds this hub runs (default: the generic `collect`). */
  kinds?: readonly JobKind[];
  /** Longest a node's long-poll is held, in seconds (default 25, under common proxies' 30 s). */
  maxPollSeconds?: number;
  /** Nonces of the hub's signatures; `secureRandomBits()` unless a test fixes them. */
  bits?: RandomBits;
  clock?: () => number;
  /** Write the local admin file (`LOCAL_ADMIN_FILE`) while running (default true). */
  localAdmin?: boolean;
}

export interface RunningHub {
  /** https://host:port */
  url: string;
  /** Stops accepting, releases long-polls, waits for requests in flight, closes the database. */
  close(): Promise<void>;
}

const NONCE_SWEEP_MS = 60_000;

export async function startHub(options: StartHubOptions): Promise<RunningHub> {
  const credentials = readHubCredentials(options.dir);
  const clock = options.clock ?? Date.now;
  const store: Store = await openHubStore(options.dir, options.database);
  const wake = new EventEmitter();
  wake.setMaxListeners(0);
  let closing = false;
  const engine = new JobEngine({
    store,
    kinds: options.kinds ?? [collectKind],
    clock,
    onWork: () => wake.emit('work'),
  });
  const nonces = new DatabaseNonceStore(store, clock);
  const bits = options.bits ?? secureRandomBits();
  const localAdmin = options.localAdmin === false ? undefined : localAdminToken(bits.split('local-admin'));
  const ctx: RouteContext = {
    store,
    engine,
    clock,
    wake,
    isClosing: () => closing,
    maxPollSeconds: options.maxPollSeconds ?? 25,
    auth: {
      store,
      nonces,
      clock,
      signingKey: credentials.signingKey,
      signingKeyId: credentials.signingKeyId,
      bits,
    },
    ...(localAdmin ? { localAdminHash: createHash('sha256').update(localAdmin, 'utf8').digest() } : {}),
  };
  // No request logging: a log line must never carry a body, and the audit log records what matters.
  const app = Fastify({
    logger: false,
    https: { key: credentials.tlsKeyPem, cert: credentials.tlsCertificatePem },
    bodyLimit: 64 * 1024 * 1024,
  });
  keepRawBodies(app);
  answerErrors(app);
  await app.register(enrolRoutes(ctx));
  await app.register(nodeRoutes(ctx));
  await app.register(coordinatorRoutes(ctx));
  // The clinician review app: same server, same database (issue 12).
  await app.register(reviewPlugin({ store, clock, bits: bits.split('review'), https: true }));
  const sweep = setInterval(() => void nonces.forgetExpired().catch(() => {}), NONCE_SWEEP_MS);
  sweep.unref();
  try {
    await engine.resume();
    await app.listen({ host: options.listen.host, port: options.listen.port });
  } catch (error) {
    clearInterval(sweep);
    engine.stop();
    await app.close().catch(() => {});
    await store.close();
    throw error;
  }
  const address = app.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `https://${host}:${address.port}`;
  const adminFile = join(options.dir, LOCAL_ADMIN_FILE);
  if (localAdmin)
    writePrivateFile(
      adminFile,
      `${JSON.stringify({ url: loopbackUrl(address), token: localAdmin, pid: process.pid })}\n`,
    );
  let closed: Promise<void> | undefined;
  return {
    url,
    close() {
      closed ??= (async () => {
        closing = true;
        if (localAdmin) rmSync(adminFile, { force: true });
        wake.emit('work');
        clearInterval(sweep);
        engine.stop();
        await app.close();
        await store.close();
      })();
      return closed;
    },
  };
}

function localAdminToken(bits: RandomBits): string {
  const bytes = Buffer.alloc(32);
  for (let i = 0; i < 32; i += 4) bytes.writeUInt32LE(bits.nextUint32(), i);
  return `sca_${bytes.toString('base64url')}`;
}

/** The address a process on this machine reaches the hub at (a wildcard listen is reached on loopback). */
function loopbackUrl(address: AddressInfo): string {
  const wildcard = address.address === '0.0.0.0' || address.address === '::';
  // A wildcard on IPv6 (::) accepts IPv4 too on dual-stack hosts, and the certificate names 127.0.0.1.
  const host = wildcard ? '127.0.0.1' : address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `https://${host}:${address.port}`;
}
