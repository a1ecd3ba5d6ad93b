/**
 * The node's state folder, made by `enrolNode`:
 *
 *   node-key.pem   the node's Ed25519 private key (0600); it never leaves the folder
 *   ca.pem         the hub's CA certificate, pinned: the only authority the node trusts for the hub
 *   node.json      name, hub address, the key id the hub gave, the hub's public signing key
 *
 * Nothing in it is data: the node's patient files live wherever its operator keeps them, and this
 * layer never opens them (task handlers do).
 */

import type { KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { UsageError } from '../../core/errors.js';
import { privateKeyFromPem, publicKeyFromBase64 } from '../../federation/wire/keys.js';

export const NODE_FILES = { key: 'node-key.pem', ca: 'ca.pem', manifest: 'node.json' } as const;

export const NodeManifest = z
  .object({
    format: z.literal('synthcohort-node/1'),
    name: z.string(),
    hubUrl: z.string(),
    keyId: z.string(),
    hubKeyId: z.string(),
    hubPublicKey: z.string(),
    enrolledAt: z.string(),
  })
  .strict();
export type NodeManifest = z.infer<typeof NodeManifest>;

export interface NodeIdentity {
  manifest: NodeManifest;
  privateKey: KeyObject;
  hubKey: KeyObject;
  caPem: string;
}

export function readNodeIdentity(dir: string): NodeIdentity {
  let text: string;
  try {
    text = readFileSync(join(dir, NODE_FILES.manifest), 'utf8');
  } catch {
    throw new UsageError(
      `dir: ${dir} holds no enrolled node (no ${NODE_FILES.manifest}); enrol the node first`,
      'dir',
    );
  }
  const manifest = NodeManifest.parse(JSON.parse(text));
  return {
    manifest,
    privateKey: privateKeyFromPem(readFileSync(join(dir, NODE_FILES.key), 'utf8')),
    hubKey: publicKeyFromBase64(manifest.hubPublicKey),
    caPem: readFileSync(join(dir, NODE_FILES.ca), 'utf8'),
  };
}
