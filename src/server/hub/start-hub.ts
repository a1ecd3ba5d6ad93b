/**
 * The hub's server: fastify 5 over HTTPS with the state folder's certificate, state in PostgreSQL
 * (embedded under the folder by default, a server with `database`), migrated before it listens.
 * On start it resumes every unfinished job from the database (`JobEngine.resume`).
 */
import { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { type RandomBits, secureRandomBits } from '../../privacy/random-bits.js';
import type { Store } from '../store/index.js';
import { collectKind } from './collect-kind.js';
import { type DatabaseOption, openHubStore } from './database.js';
import { DatabaseNonceStore } from './database-nonces.js';
import { answerErrors, keepRawBodies } from './http.js';
import { JobEngine } from './job-engine.js';
import type { JobKind } from './job-kind.js';
import { coordinatorRoutes, enrolRoutes, nodeRoutes, type RouteContext } from './routes.js';
import { readHubCredentials } from './state-folder.js';

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
      bits: options.bits ?? secureRandomBits(),
    },
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
  let closed: Promise<void> | undefined;
  return {
    url: `https://${host}:${address.port}`,
    close() {
      closed ??= (async () => {
        closing = true;
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
