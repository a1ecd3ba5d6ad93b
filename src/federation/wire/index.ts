/**
 * The wire between nodes and the hub: signed message envelopes (protocol `synthcohort/1`), the
 * nonce store that refuses replays, Ed25519 keys and their ids, and the hub's own CA. One-time
 * tokens are the hub's alone (`server/store/tokens.ts`): a node only carries its token to the hub.
 * See docs/federation/wire-format.md for the format and the threat model.
 *
 * The hub's CA (`./pki.js`) is imported on its own by the hub: it loads @peculiar/x509, which needs
 * the global `reflect-metadata` polyfill, and a node has no use for it.
 */
export { fromBase64url, toBase64url } from './encoding.js';
export {
  bodySha256,
  canonicalString,
  Envelope,
  type EnvelopeHeaders,
  HEADER,
  type HeaderSource,
  PROTOCOL_VERSION,
  type ReplyTo,
  readEnvelope,
} from './envelope.js';
export {
  BadSignatureError,
  BodyHashMismatchError,
  MalformedEnvelopeError,
  MessageRejectedError,
  type RejectionReason,
  ReplayedNonceError,
  StaleTimestampError,
  UnknownKeyError,
} from './errors.js';
export {
  generateSigningKeyPair,
  keyIdOf,
  privateKeyFromPem,
  privateKeyToPem,
  publicKeyFromBase64,
  publicKeyFromPem,
  publicKeyToBase64,
  publicKeyToPem,
  type SigningKeyPair,
} from './keys.js';
export { MemoryNonceStore, type MemoryNonceStoreOptions, type NonceStore } from './nonce-store.js';
export { newNonce, type SignMessageOptions, signMessage } from './sign.js';
export {
  DEFAULT_MAX_SKEW_MS,
  type KeyLookup,
  type VerifiedMessage,
  type VerifyMessageOptions,
  verifyMessage,
} from './verify.js';
