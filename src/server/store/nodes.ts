/**
 * Hospital nodes and their Ed25519 public keys. A node enrols with a one-time token (`tokens.ts`):
 * the token names the node, the node brings its public key; the hub keeps the public key only.
 * Exactly one enrolment succeeds per token, also when several arrive at once: the token's row is
 * locked (`SELECT … FOR UPDATE`) before it is checked, so a second enrolment waits, then reads it
 * as used. A node that enrols again (its state folder was lost) gets its new key and the old one
 * is revoked in the same transaction; messages signed with the old key are refused from then on.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { keyIdOf } from '../../federation/wire/keys.js';
import { appendAudit } from './audit.js';
import {
  EnrolmentRefusedError,
  HubStateError,
  sqlState,
  type TokenRefusal,
  UNIQUE_VIOLATION,
} from './errors.js';
import { bytesOf, type Queryable, type Store } from './store.js';
import { hashToken, tokenMatches } from './tokens.js';

export interface NodeKey {
  readonly nodeName: string;
  /**
   * The wire's `keyIdOf(publicKey)` (base64url of the first 128 bits of SHA-256 over the SPKI DER):
   * the id a node computes for itself and signs with, so the hub looks it up as sent.
   */
  readonly keyId: string;
  /** The node's Ed25519 public key (stored as its 44-byte SPKI DER). */
  readonly publicKey: KeyObject;
  readonly enrolledAt: Date;
}

export interface Enrolment {
  token: string;
  /** The node's Ed25519 public key; the hub parses what the node sent (`publicKeyFromBase64`). */
  publicKey: KeyObject;
  now?: Date;
}

type Outcome = { key: NodeKey } | { refused: TokenRefusal };

/** Enrols the node the token was issued for, or throws `EnrolmentRefusedError` (and audits why). */
export async function enrolNode(store: Store, enrolment: Enrolment): Promise<NodeKey> {
  const { publicKey } = enrolment;
  const now = enrolment.now ?? new Date();
  if (publicKey?.type !== 'public' || publicKey.asymmetricKeyType !== 'ed25519')
    throw new HubStateError(
      'invalid',
      `a node enrols with an Ed25519 public key, got ${describeKey(publicKey)}`,
    );
  const keyId = keyIdOf(publicKey);
  const spki = publicKey.export({ format: 'der', type: 'spki' });
  let outcome: Outcome;
  try {
    outcome = await store.transaction(async (tx): Promise<Outcome> => {
      const tokenHash = hashToken('enrolment', enrolment.token);
      const { rows } = await tx.query<{
        node_name: string;
        used_at: Date | null;
        expires_at: Date;
        issued_at: Date;
        token_hash: unknown;
      }>(
        'SELECT node_name, used_at, expires_at, issued_at, token_hash FROM enrolment_tokens WHERE token_hash = $1 FOR UPDATE',
        [tokenHash],
      );
      // The index found the row by hash; the match that authorises is confirmed in constant time.
      const found = rows[0];
      const token =
        found && tokenMatches('enrolment', enrolment.token, bytesOf(found.token_hash)) ? found : undefined;
      // The node's row is locked too, so a concurrent revokeNode either comes first (and is seen
      // here) or waits and then revokes the key added here as well.
      const revokedAt = token && (await nodeRevokedAt(tx, token.node_name));
      const refusal: TokenRefusal | undefined = !token
        ? 'unknown'
        : token.used_at
          ? 'used'
          : token.expires_at <= now || (revokedAt && token.issued_at <= revokedAt)
            ? // Revoking a node voids the tokens issued before it: otherwise a spare token would
              // silently re-admit a node the coordinator removed (ON CONFLICT below clears revoked_at).
              'expired'
            : undefined;
      if (refusal || !token) {
        const reason = refusal ?? 'unknown';
        await appendAudit(
          tx,
          {
            actor: `key ${keyId}`,
            action: 'node.enrol-refused',
            subject: token ? `node ${token.node_name}` : undefined,
            detail: { reason },
          },
          now,
        );
        return { refused: reason };
      }
      const key = await addKey(tx, token.node_name, publicKey, spki, keyId, now);
      await tx.query('UPDATE enrolment_tokens SET used_at = $2, used_by_key = $3 WHERE token_hash = $1', [
        tokenHash,
        now,
        keyId,
      ]);
      return { key };
    });
  } catch (error) {
    if (sqlState(error) === UNIQUE_VIOLATION)
      throw new HubStateError(
        'conflict',
        `public key ${keyId} is already enrolled: a node enrols with a new key pair of its own`,
        { cause: error },
      );
    throw error;
  }
  if ('refused' in outcome) throw new EnrolmentRefusedError(outcome.refused);
  return outcome.key;
}

/** When the node was revoked (row locked), or undefined if it is active or never enrolled. */
async function nodeRevokedAt(tx: Queryable, nodeName: string): Promise<Date | undefined> {
  const { rows } = await tx.query<{ revoked_at: Date | null }>(
    'SELECT revoked_at FROM nodes WHERE name = $1 FOR UPDATE',
    [nodeName],
  );
  return rows[0]?.revoked_at ?? undefined;
}

async function addKey(
  tx: Queryable,
  nodeName: string,
  publicKey: KeyObject,
  spki: Uint8Array,
  keyId: string,
  now: Date,
): Promise<NodeKey> {
  // Issuing a token for a revoked node is the coordinator admitting it again.
  await tx.query(
    `INSERT INTO nodes (name, enrolled_at) VALUES ($1, $2)
     ON CONFLICT (name) DO UPDATE SET revoked_at = NULL`,
    [nodeName, now],
  );
  const replaced = await tx.query<{ key_id: string }>(
    'UPDATE node_keys SET revoked_at = $2 WHERE node_name = $1 AND revoked_at IS NULL RETURNING key_id',
    [nodeName, now],
  );
  await tx.query(
    'INSERT INTO node_keys (key_id, node_name, public_key, enrolled_at) VALUES ($1, $2, $3, $4)',
    [keyId, nodeName, spki, now],
  );
  await appendAudit(
    tx,
    {
      actor: `node ${nodeName}`,
      action: 'node.enrol',
      subject: `node ${nodeName}`,
      detail: { keyId, replacedKey: replaced.rows[0]?.key_id ?? null },
    },
    now,
  );
  return { nodeName, keyId, publicKey, enrolledAt: now };
}

/** The key that verifies messages signed as `keyId`, if it and its node are not revoked. */
export async function activeKey(db: Queryable, keyId: string): Promise<NodeKey | undefined> {
  const { rows } = await db.query<{ node_name: string; public_key: unknown; enrolled_at: Date }>(
    `SELECT k.node_name, k.public_key, k.enrolled_at FROM node_keys k JOIN nodes n ON n.name = k.node_name
     WHERE k.key_id = $1 AND k.revoked_at IS NULL AND n.revoked_at IS NULL`,
    [keyId],
  );
  const row = rows[0];
  return (
    row && {
      nodeName: row.node_name,
      keyId,
      publicKey: createPublicKey({ key: Buffer.from(bytesOf(row.public_key)), format: 'der', type: 'spki' }),
      enrolledAt: row.enrolled_at,
    }
  );
}

/** Every node not revoked, by name. */
export async function activeNodes(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    'SELECT name FROM nodes WHERE revoked_at IS NULL ORDER BY name',
  );
  return rows.map((r) => r.name);
}

/** Removes a node from the consortium: it and its key stop being accepted. */
export async function revokeNode(
  store: Store,
  nodeName: string,
  actor: string,
  now = new Date(),
): Promise<void> {
  await store.transaction(async (tx) => {
    const { rowCount } = await tx.query(
      'UPDATE nodes SET revoked_at = $2 WHERE name = $1 AND revoked_at IS NULL',
      [nodeName, now],
    );
    if (rowCount === 0)
      throw new HubStateError('not-found', `no enrolled, unrevoked node named '${nodeName}'`);
    await tx.query('UPDATE node_keys SET revoked_at = $2 WHERE node_name = $1 AND revoked_at IS NULL', [
      nodeName,
      now,
    ]);
    await appendAudit(tx, { actor, action: 'node.revoke', subject: `node ${nodeName}` }, now);
  });
}

function describeKey(key: unknown): string {
  const object = key as Partial<KeyObject> | undefined;
  if (object && typeof object === 'object' && typeof object.type === 'string')
    return `a ${object.type} ${object.asymmetricKeyType ?? 'secret'} key`;
  return key instanceof Uint8Array ? `${key.length} raw bytes` : typeof key;
}
