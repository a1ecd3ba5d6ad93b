/**
 * Enrolling a node: a fresh Ed25519 key pair made in the node's state folder (private half mode
 * 0600, never sent), the hub's CA pinned, the one-time token spent at the hub, the hub's signing key
 * recorded. The token is the only secret the node receives from outside; it is not stored.
 */
import { join } from 'node:path';
import { makeFolder } from '../../core/atomic-write.js';
import { DataError, UsageError } from '../../core/errors.js';
import {
  generateSigningKeyPair,
  keyIdOf,
  privateKeyToPem,
  publicKeyToBase64,
} from '../../federation/wire/keys.js';
import type { RandomBits } from '../../privacy/random-bits.js';
import { isAbsentOrEmpty, writePrivateFile, writeStateFile } from '../hub/private-file.js';
import { createHttpsTransport } from './https-transport.js';
import { NODE_FILES, type NodeManifest } from './state-folder.js';
import type { HubTransport } from './transport.js';

export interface EnrolNodeOptions {
  hubUrl: string;
  /** The hub's CA certificate (PEM), obtained from the coordinator out of band. */
  caPem: string;
  token: string;
  name: string;
  dir: string;
  /** The key's seed: `secureRandomBits()` in production. */
  bits: RandomBits;
  now?: Date;
  /** Another transport than HTTPS (defaults to HTTPS with `caPem` pinned). */
  transport?: HubTransport;
}

export async function enrolNode(options: EnrolNodeOptions): Promise<NodeManifest> {
  const { dir, name } = options;
  if (!isAbsentOrEmpty(dir))
    throw new UsageError(`dir: ${dir} is not empty; a node enrols into a new or empty state folder`, 'dir');
  makeFolder(dir);
  const keys = generateSigningKeyPair(options.bits.split('node-signing-key'));
  writePrivateFile(join(dir, NODE_FILES.key), privateKeyToPem(keys.privateKey));
  writeStateFile(join(dir, NODE_FILES.ca), options.caPem);
  const transport =
    options.transport ??
    createHttpsTransport({
      hubUrl: options.hubUrl,
      caPem: options.caPem,
      bits: options.bits.split('nonces'),
    });
  const answer = await transport.enrol({
    token: options.token,
    name,
    publicKey: publicKeyToBase64(keys.publicKey),
  });
  if (answer.nodeName !== name)
    throw new UsageError(
      `name: the token was issued for node '${answer.nodeName}', not '${name}'; the hub enrolled this key as '${answer.nodeName}'`,
      'name',
    );
  // The node signs with the id it computes itself (the wire's keyIdOf); a hub naming another id for
  // this key would refuse every signed message, so that is caught here, at enrolment.
  const keyId = keyIdOf(keys.publicKey);
  if (answer.keyId !== keyId)
    throw new DataError(
      {},
      `enrolment answer: the hub named this node's key '${answer.keyId}', expected its key id '${keyId}' (base64url of the first 128 bits of SHA-256 over the SPKI DER); the hub runs an incompatible version`,
    );
  const manifest: NodeManifest = {
    format: 'synthcohort-node/1',
    name,
    hubUrl: options.hubUrl,
    keyId,
    hubKeyId: answer.hubKeyId,
    hubPublicKey: answer.hubPublicKey,
    enrolledAt: (options.now ?? new Date()).toISOString(),
  };
  writeStateFile(join(dir, NODE_FILES.manifest), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
