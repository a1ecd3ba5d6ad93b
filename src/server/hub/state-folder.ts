/**
 * The hub's state folder, made once by `initHub`:
 *
 *   hub.json          what the folder is: hostnames, the hub's signing key id, when it was made
 *   ca.pem            the CA certificate nodes pin (public: hand it to every node)
 *   ca-key.pem        the CA's private key (0600): signs the hub's TLS certificate, nothing else
 *   tls-cert.pem      the hub's TLS certificate, issued by the CA for `hostnames`
 *   tls-key.pem       its private key (0600)
 *   signing-key.pem   the hub's Ed25519 key (0600): signs every response to a node
 *   database/         the embedded PostgreSQL (PGlite), unless the hub uses a server
 *
 * The coordinator token is in the database as a hash only; `initHub` returns it in clear once.
 */

import type { KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { makeFolder } from '../../core/atomic-write.js';
import { UsageError } from '../../core/errors.js';
import {
  generateSigningKeyPair,
  keyIdOf,
  privateKeyFromPem,
  privateKeyToPem,
} from '../../federation/wire/keys.js';
import {
  CA_DAYS,
  createCertificateAuthority,
  issueServerCertificate,
  SERVER_CERTIFICATE_DAYS,
} from '../../federation/wire/pki.js';
import type { RandomBits } from '../../privacy/random-bits.js';
import { ensureCoordinator } from '../review/users.js';
import { issueCoordinatorToken, issueEnrolmentToken, type Store } from '../store/index.js';
import { type DatabaseOption, openHubStore } from './database.js';
import { isAbsentOrEmpty, writePrivateFile, writeStateFile } from './private-file.js';

export const HUB_FILES = {
  manifest: 'hub.json',
  caCertificate: 'ca.pem',
  caKey: 'ca-key.pem',
  tlsCertificate: 'tls-cert.pem',
  tlsKey: 'tls-key.pem',
  signingKey: 'signing-key.pem',
} as const;

const HubManifest = z
  .object({
    format: z.literal('synthcohort-hub/1'),
    hostnames: z.array(z.string()).min(1),
    signingKeyId: z.string(),
    createdAt: z.string(),
  })
  .strict();

export interface InitHubOptions {
  dir: string;
  /** DNS names and IP addresses nodes reach the hub at (the TLS certificate's names). */
  hostnames: readonly string[];
  now: Date;
  /** `secureRandomBits()` in production: keys, serial numbers and the coordinator token come from it. */
  bits: RandomBits;
  /** A PostgreSQL server instead of the embedded database. */
  database?: DatabaseOption;
}

export interface InitializedHub {
  /** The coordinator's bearer token, in clear this once: the caller shows it and forgets it. */
  coordinatorToken: string;
  /** The CA certificate to give every node, which pins it. */
  caCertificatePath: string;
  /** The review app's first coordinator account, its password in clear this once. */
  reviewCoordinator: { name: string; password: string };
}

export async function initHub(options: InitHubOptions): Promise<InitializedHub> {
  const { dir, hostnames, now, bits } = options;
  if (!isAbsentOrEmpty(dir))
    throw new UsageError(
      `dir: ${dir} is not empty; a hub's state folder is made in a new or empty folder`,
      'dir',
    );
  makeFolder(dir);
  const ca = await createCertificateAuthority({
    commonName: `synthcohort hub CA (${hostnames[0] ?? 'hub'})`,
    days: CA_DAYS,
    now,
    bits: bits.split('ca'),
  });
  const tls = await issueServerCertificate(ca, {
    hostnames,
    days: SERVER_CERTIFICATE_DAYS,
    now,
    bits: bits.split('tls'),
  });
  const signing = generateSigningKeyPair(bits.split('signing-key'));
  writePrivateFile(join(dir, HUB_FILES.caKey), ca.privateKeyPem);
  writeStateFile(join(dir, HUB_FILES.caCertificate), ca.certificatePem);
  writePrivateFile(join(dir, HUB_FILES.tlsKey), tls.privateKeyPem);
  writeStateFile(join(dir, HUB_FILES.tlsCertificate), tls.certificatePem);
  writePrivateFile(join(dir, HUB_FILES.signingKey), privateKeyToPem(signing.privateKey));
  const store = await openHubStore(dir, options.database);
  let coordinatorToken: string;
  let reviewCoordinator: { name: string; password: string } | null;
  try {
    coordinatorToken = await issueCoordinatorToken(store, {
      label: 'coordinator',
      actor: 'hub',
      bits: bits.split('coordinator-token'),
      now,
    });
    reviewCoordinator = await ensureCoordinator({
      store,
      clock: () => now.getTime(),
      bits: bits.split('review-coordinator'),
      https: true,
    });
  } finally {
    await store.close();
  }
  // Written last: a folder with a manifest is a complete hub.
  const manifest = {
    format: 'synthcohort-hub/1' as const,
    hostnames: [...hostnames],
    signingKeyId: keyIdOf(signing.publicKey),
    createdAt: now.toISOString(),
  };
  writeStateFile(join(dir, HUB_FILES.manifest), `${JSON.stringify(manifest, null, 2)}\n`);
  // A new database has no coordinator yet; a shared server database may (another hub's schema is separate).
  if (!reviewCoordinator)
    throw new UsageError(
      'the database holds a review coordinator already: give this hub a database of its own',
    );
  return { coordinatorToken, caCertificatePath: join(dir, HUB_FILES.caCertificate), reviewCoordinator };
}

/** What a running hub reads from its folder. */
export interface HubCredentials {
  tlsKeyPem: string;
  tlsCertificatePem: string;
  caCertificatePem: string;
  signingKey: KeyObject;
  signingKeyId: string;
}

export function readHubCredentials(dir: string): HubCredentials {
  let manifestText: string;
  try {
    manifestText = readFileSync(join(dir, HUB_FILES.manifest), 'utf8');
  } catch {
    throw new UsageError(
      `dir: ${dir} is not a hub state folder (no ${HUB_FILES.manifest}); run initHub first`,
      'dir',
    );
  }
  const manifest = HubManifest.parse(JSON.parse(manifestText));
  const read = (name: string) => readFileSync(join(dir, name), 'utf8');
  const signingKey = privateKeyFromPem(read(HUB_FILES.signingKey));
  return {
    tlsKeyPem: read(HUB_FILES.tlsKey),
    tlsCertificatePem: read(HUB_FILES.tlsCertificate),
    caCertificatePem: read(HUB_FILES.caCertificate),
    signingKey,
    signingKeyId: manifest.signingKeyId,
  };
}

export interface AddNodeOptions {
  /** The hub's folder (its embedded database, or `database`), or an open store. */
  dir?: string;
  database?: DatabaseOption;
  store?: Store;
  name: string;
  now: Date;
  bits: RandomBits;
  /** How long the token enrols (default 7 days). */
  validSeconds?: number;
  actor?: string;
}

/** A one-time enrolment token for node `name`, in clear this once (stored hashed, expiring). */
export async function addNode(options: AddNodeOptions): Promise<string> {
  const { name, now, bits } = options;
  const validSeconds = options.validSeconds ?? 7 * 24 * 3600;
  const request = {
    nodeName: name,
    expiresAt: new Date(now.getTime() + validSeconds * 1000),
    actor: options.actor ?? 'coordinator',
    bits,
    now,
  };
  if (options.store) return issueEnrolmentToken(options.store, request);
  if (options.dir === undefined) throw new UsageError('addNode needs the hub folder (dir) or a store', 'dir');
  readHubCredentials(options.dir);
  const store = await openHubStore(options.dir, options.database);
  try {
    return await issueEnrolmentToken(store, request);
  } finally {
    await store.close();
  }
}
