/**
 * The standalone review app (`synthcohort review`): one site's reviewers on one machine, without a
 * hub. State in the folder `dir` (the embedded PostgreSQL under dir/database, or a server with
 * `database`); plain HTTP on loopback only, since its cookies then travel unencrypted: a review
 * app reachable over a network belongs on the hub, behind its HTTPS.
 */
import { chmodSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { UsageError } from '../../core/errors.js';
import { type RandomBits, secureRandomBits } from '../../privacy/random-bits.js';
import { type DatabaseOption, openHubStore } from '../hub/database.js';
import { answerErrors, keepRawBodies } from '../hub/http.js';
import type { Store } from '../store/index.js';
import { ensureCohort, type NewCohort } from './cohorts.js';
import type { ReviewContext, SiteData } from './context.js';
import { reviewPlugin } from './plugin.js';
import { ensureCoordinator, FIRST_COORDINATOR } from './users.js';

export interface StartReviewOptions {
  dir: string;
  listen: { host: string; port: number };
  database?: DatabaseOption;
  /** The site's real data (blinded mode, real-data summary); kept in memory only. */
  site?: SiteData;
  /** The cohort to review, created on first start and reopened (with its findings) afterwards. */
  cohort?: NewCohort;
  bits?: RandomBits;
  clock?: () => number;
  /** The built UI's folder (default: the package's dist/review-ui). */
  uiFolder?: string;
}

export interface RunningReviewApp {
  /** http://host:port (the UI is at url + '/review/'). */
  url: string;
  cohortId: number | null;
  /** The first coordinator, with its password, only on the start that created it. */
  coordinator: { name: string; password: string } | null;
  /** Stops accepting, waits for requests in flight, closes the database. */
  close(): Promise<void>;
}

/**
 * The hub's limit (start-hub.ts), which a cohort upload (CSV text, a model, a report) fits; the
 * upload route sets the same for itself. The sign-in routes take 4 KiB at most (auth.ts).
 */
export const STANDALONE_BODY_LIMIT = 64 * 1024 * 1024;

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127(\.[0-9]{1,3}){3}$/.test(host);
}

export async function startReviewApp(options: StartReviewOptions): Promise<RunningReviewApp> {
  if (!isLoopbackHost(options.listen.host))
    throw new UsageError(
      `listen: the standalone review app serves plain HTTP on this machine only (127.0.0.1, ::1 or localhost), not ${options.listen.host}; ` +
        "to reach reviewers over a network, run it on the hub, behind the hub's HTTPS (synthcohort hub start)",
      'listen',
    );
  mkdirSync(options.dir, { recursive: true, mode: 0o700 });
  // Owner only: the folder holds password hashes, findings and, with --data, the real data's aggregates.
  chmodSync(options.dir, 0o700);
  const store: Store = await openHubStore(options.dir, options.database);
  const ctx: ReviewContext = {
    store,
    clock: options.clock ?? Date.now,
    bits: options.bits ?? secureRandomBits(),
    https: false,
    ...(options.site ? { site: options.site } : {}),
  };
  // No request logging: a log line must never carry a body (passwords, findings).
  const app = Fastify({ logger: false, bodyLimit: STANDALONE_BODY_LIMIT });
  try {
    keepRawBodies(app);
    answerErrors(app);
    await app.register(reviewPlugin(ctx, options.uiFolder ? { uiFolder: options.uiFolder } : {}));
    const coordinator = await ensureCoordinator(ctx, FIRST_COORDINATOR);
    const cohort = options.cohort ? await ensureCohort(ctx, options.cohort, 'review-app') : null;
    await app.listen({ host: options.listen.host, port: options.listen.port });
    const address = app.server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    let closed: Promise<void> | undefined;
    return {
      url: `http://${host}:${address.port}`,
      cohortId: cohort?.id ?? null,
      coordinator,
      close() {
        closed ??= (async () => {
          try {
            await app.close();
          } finally {
            await store.close();
          }
        })();
        return closed;
      },
    };
  } catch (error) {
    await app.close().catch(() => {});
    await store.close();
    throw error;
  }
}
