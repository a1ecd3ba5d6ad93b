/**
 * Authentication of node routes, both ways: every request must carry a valid signature of an
 * enrolled, unrevoked key (`verifyMessage`: envelope, clock window, body hash, key, signature,
 * nonce), and every response is signed by the hub, bound to the request's nonce and its status,
 * so a node can tell a task really came from its hub and answers the request it sent.
 *
 * A refusal is answered 401 and written to the audit log with its reason and the key id the
 * message claimed (a claim, not an identity: the signature did not verify). No body bytes are
 * logged.
 */
import type { KeyObject } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HEADER } from '../../federation/wire/envelope.js';
import { MessageRejectedError } from '../../federation/wire/errors.js';
import { newNonce, signMessage } from '../../federation/wire/sign.js';
import { DEFAULT_MAX_SKEW_MS, verifyMessage } from '../../federation/wire/verify.js';
import type { RandomBits } from '../../privacy/random-bits.js';
import { activeKey, appendAudit, type Store } from '../store/index.js';
import type { DatabaseNonceStore } from './database-nonces.js';

export interface NodeAuthOptions {
  store: Store;
  nonces: DatabaseNonceStore;
  clock: () => number;
  signingKey: KeyObject;
  signingKeyId: string;
  bits: RandomBits;
  maxSkewMs?: number;
}

const NONCE = /^[A-Za-z0-9_-]{22}$/;
const KEY_ID = /^[A-Za-z0-9_-]{22}$/;

/** Adds the two hooks to `app` (call inside the plugin that holds the node routes). */
export function authenticateNodes(app: FastifyInstance, options: NodeAuthOptions): void {
  const { store, nonces, clock } = options;
  const maxSkewMs = options.maxSkewMs ?? DEFAULT_MAX_SKEW_MS;

  app.addHook('preHandler', async (request: FastifyRequest) => {
    let signer: FastifyRequest['signer'];
    try {
      await verifyMessage({
        headers: request.headers,
        method: request.method,
        path: request.url,
        body: request.rawBody ?? Buffer.alloc(0),
        lookupKey: async (keyId) => {
          // The envelope's key id is the wire's keyIdOf, the same string the store keys rows by.
          const found = await activeKey(store, keyId);
          signer = found && { nodeName: found.nodeName, keyId: found.keyId };
          return found?.publicKey;
        },
        nonces,
        now: clock(),
        maxSkewMs,
      });
    } catch (error) {
      if (error instanceof MessageRejectedError) {
        const claimed = request.headers[HEADER.keyId];
        await appendAudit(
          store,
          {
            actor:
              typeof claimed === 'string' && KEY_ID.test(claimed) ? `key ${claimed}` : 'unidentified sender',
            action: 'message.refused',
            subject: `${request.method} ${request.routeOptions.url ?? 'unknown route'}`,
            detail: { reason: error.reason },
          },
          new Date(clock()),
        );
      }
      throw error;
    }
    request.signer = signer;
  });

  app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const requestNonce = request.headers[HEADER.nonce];
    // Only a well-formed nonce can be answered to; a node checks replies against the nonce it sent.
    if (typeof requestNonce !== 'string' || !NONCE.test(requestNonce)) return payload;
    const body = bytesOf(payload);
    reply.headers(
      signMessage({
        privateKey: options.signingKey,
        keyId: options.signingKeyId,
        method: request.method,
        path: request.url,
        body,
        now: clock(),
        nonce: newNonce(options.bits),
        replyTo: { nonce: requestNonce, status: reply.statusCode },
      }),
    );
    return payload;
  });
}

function bytesOf(payload: unknown): Uint8Array {
  if (payload === undefined || payload === null) return new Uint8Array(0);
  if (typeof payload === 'string') return Buffer.from(payload, 'utf8');
  if (payload instanceof Uint8Array) return payload;
  throw new TypeError('node routes answer with a string or bytes, not a stream');
}
