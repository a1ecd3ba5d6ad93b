import { createHash, verify } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../core/errors.js';
import { seededRandomBits } from '../../privacy/random-bits.js';
import { canonicalString, type EnvelopeHeaders, HEADER } from './envelope.js';
import {
  BadSignatureError,
  BodyHashMismatchError,
  MalformedEnvelopeError,
  type MessageRejectedError,
  ReplayedNonceError,
  StaleTimestampError,
  UnknownKeyError,
} from './errors.js';
import { generateSigningKeyPair, keyIdOf } from './keys.js';
import { MemoryNonceStore } from './nonce-store.js';
import { newNonce, signMessage } from './sign.js';
import { type VerifyMessageOptions, verifyMessage } from './verify.js';

const NOW = 1_700_000_000_000;
const WINDOW = 60_000;
const nodeA = generateSigningKeyPair(seededRandomBits('node-a'));
const nodeB = generateSigningKeyPair(seededRandomBits('node-b'));
const hub = generateSigningKeyPair(seededRandomBits('hub'));
const idA = keyIdOf(nodeA.publicKey);
const idB = keyIdOf(nodeB.publicKey);
const idHub = keyIdOf(hub.publicKey);
const BODY = new TextEncoder().encode('{"round":3,"masked":[17,42]}');

/** The hub's view of enrolled keys; `revoke` removes one. */
function registry() {
  const keys = new Map([
    [idA, nodeA.publicKey],
    [idB, nodeB.publicKey],
  ]);
  return { lookupKey: async (id: string) => keys.get(id), revoke: (id: string) => keys.delete(id) };
}

function signedByA(
  overrides: { path?: string; method?: string; body?: Uint8Array; now?: number; seed?: string } = {},
) {
  return signMessage({
    privateKey: nodeA.privateKey,
    keyId: idA,
    method: overrides.method ?? 'POST',
    path: overrides.path ?? '/jobs/1/submit',
    body: overrides.body ?? BODY,
    now: overrides.now ?? NOW,
    nonce: newNonce(seededRandomBits(overrides.seed ?? 'nonce-1')),
  });
}

function receive(headers: EnvelopeHeaders | Headers, overrides: Partial<VerifyMessageOptions> = {}) {
  return verifyMessage({
    headers,
    method: 'POST',
    path: '/jobs/1/submit',
    body: BODY,
    lookupKey: registry().lookupKey,
    nonces: new MemoryNonceStore({ now: () => NOW }),
    now: NOW,
    maxSkewMs: WINDOW,
    ...overrides,
  });
}

async function rejection(promise: Promise<unknown>): Promise<MessageRejectedError> {
  try {
    await promise;
  } catch (error) {
    return error as MessageRejectedError;
  }
  throw new Error('expected the message to be refused');
}

describe('signMessage / verifyMessage', () => {
  it('accepts a message as signed and returns the sender key id', async () => {
    const headers = signedByA();
    expect(await receive(headers)).toEqual({ keyId: idA, timestamp: NOW, nonce: headers[HEADER.nonce] });
  });

  it('signs exactly the documented canonical string', () => {
    const headers = signedByA();
    const expected = [
      'synthcohort/1',
      'request',
      'POST',
      '/jobs/1/submit',
      idA,
      '1700000000000',
      headers[HEADER.nonce],
      createHash('sha256').update(BODY).digest('base64url'),
    ].join('\n');
    expect(headers[HEADER.bodySha256]).toBe(createHash('sha256').update(BODY).digest('base64url'));
    const signature = Buffer.from(headers[HEADER.signature], 'base64url');
    expect(verify(null, Buffer.from(expected), nodeA.publicKey, signature)).toBe(true);
  });

  it('reads fetch Headers as well as node request headers', async () => {
    expect((await receive(new Headers(signedByA()))).keyId).toBe(idA);
  });

  it('refuses a message signed for /jobs/1/submit on /jobs/2/submit, or under another method', async () => {
    expect(await rejection(receive(signedByA(), { path: '/jobs/2/submit' }))).toBeInstanceOf(
      BadSignatureError,
    );
    expect(await rejection(receive(signedByA(), { method: 'PUT' }))).toBeInstanceOf(BadSignatureError);
    expect(await rejection(receive(signedByA(), { path: '/jobs/1/submit?x=1' }))).toBeInstanceOf(
      BadSignatureError,
    );
  });

  it('refuses a body changed by one byte, whether or not the attacker also rewrites the hash header', async () => {
    const altered = BODY.slice();
    altered[10] ^= 1;
    expect(await rejection(receive(signedByA(), { body: altered }))).toBeInstanceOf(BodyHashMismatchError);
    const rehashed = {
      ...signedByA(),
      [HEADER.bodySha256]: createHash('sha256').update(altered).digest('base64url'),
    };
    expect(await rejection(receive(rehashed, { body: altered }))).toBeInstanceOf(BadSignatureError);
    expect(await rejection(receive(signedByA(), { body: BODY.subarray(0, -1) }))).toBeInstanceOf(
      BodyHashMismatchError,
    );
  });

  it('refuses a replay of an accepted message, and accepts exactly one of two concurrent copies', async () => {
    const nonces = new MemoryNonceStore({ now: () => NOW });
    const headers = signedByA();
    await receive(headers, { nonces });
    const replay = await rejection(receive(headers, { nonces }));
    expect(replay).toBeInstanceOf(ReplayedNonceError);
    expect(replay.reason).toBe('replayed-nonce');

    const fresh = new MemoryNonceStore({ now: () => NOW });
    const outcomes = await Promise.allSettled([
      receive(headers, { nonces: fresh }),
      receive(headers, { nonces: fresh }),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
  });

  it('does not let a forged message burn the nonce of a genuine one', async () => {
    const nonces = new MemoryNonceStore({ now: () => NOW });
    const genuine = signedByA();
    const forged = { ...genuine, [HEADER.signature]: signedByA({ path: '/elsewhere' })[HEADER.signature] };
    expect(await rejection(receive(forged, { nonces }))).toBeInstanceOf(BadSignatureError);
    expect((await receive(genuine, { nonces })).keyId).toBe(idA);
  });

  it('accepts timestamps up to the window edge and refuses them beyond, either way', async () => {
    expect((await receive(signedByA({ now: NOW - WINDOW }))).keyId).toBe(idA);
    expect((await receive(signedByA({ now: NOW + WINDOW }))).keyId).toBe(idA);
    const old = await rejection(receive(signedByA({ now: NOW - WINDOW - 1 })));
    expect(old).toBeInstanceOf(StaleTimestampError);
    expect(old.message).toMatch(/60001 ms old, expected within 60000 ms/);
    const future = await rejection(receive(signedByA({ now: NOW + WINDOW + 1 })));
    expect(future.message).toMatch(/60001 ms in the future/);
  });

  it('refuses a replay after the window by its timestamp, once the store has forgotten the nonce', async () => {
    let clock = NOW;
    const nonces = new MemoryNonceStore({ now: () => clock });
    const headers = signedByA();
    await receive(headers, { nonces, now: clock });
    clock = NOW + WINDOW + 2000;
    await nonces.remember('sweep', 'trigger', clock + 1);
    expect(nonces.size).toBe(1);
    expect(await rejection(receive(headers, { nonces, now: clock }))).toBeInstanceOf(StaleTimestampError);
  });

  it('refuses an unknown key, a revoked key, and a key id claimed by a message another key signed', async () => {
    const stranger = generateSigningKeyPair(seededRandomBits('stranger'));
    const headers = signMessage({
      privateKey: stranger.privateKey,
      keyId: keyIdOf(stranger.publicKey),
      method: 'POST',
      path: '/jobs/1/submit',
      body: BODY,
      now: NOW,
      nonce: newNonce(seededRandomBits('n')),
    });
    const unknown = await rejection(receive(headers));
    expect(unknown).toBeInstanceOf(UnknownKeyError);
    expect(unknown.message).toContain(keyIdOf(stranger.publicKey));

    const keys = registry();
    keys.revoke(idA);
    expect(await rejection(receive(signedByA(), { lookupKey: keys.lookupKey }))).toBeInstanceOf(
      UnknownKeyError,
    );

    const impersonation = { ...headers, [HEADER.keyId]: idB };
    expect(await rejection(receive(impersonation))).toBeInstanceOf(BadSignatureError);
  });

  it('refuses altered timestamp, nonce or key id headers by the signature', async () => {
    const headers = signedByA();
    const changes = {
      [HEADER.timestamp]: String(NOW + 1),
      [HEADER.nonce]: newNonce(seededRandomBits('other')),
    };
    for (const [name, value] of Object.entries(changes))
      expect(await rejection(receive({ ...headers, [name]: value }))).toBeInstanceOf(BadSignatureError);
  });

  it('names malformed envelopes, each problem listed', async () => {
    const headers = signedByA();
    const cases: [Record<string, string | string[]>, RegExp][] = [
      [{ ...headers, [HEADER.version]: 'synthcohort/2' }, /expected protocol version 'synthcohort\/1'/],
      [{ ...headers, [HEADER.timestamp]: '1.7e12' }, /timestamp: expected milliseconds/],
      [{ ...headers, [HEADER.nonce]: `${headers[HEADER.nonce].slice(0, 21)}B` }, /nonce: not canonical/],
      [{ ...headers, [HEADER.signature]: 'abc' }, /signature: expected 86 base64url characters/],
      [
        { ...headers, [HEADER.nonce]: [headers[HEADER.nonce], headers[HEADER.nonce]] },
        /'synthcohort-nonce' repeated/,
      ],
    ];
    for (const [bad, message] of cases) {
      const error = await rejection(receive(bad as EnvelopeHeaders));
      expect(error).toBeInstanceOf(MalformedEnvelopeError);
      expect(error.message).toMatch(message);
    }
    const { [HEADER.signature]: _, [HEADER.keyId]: __, ...missing } = headers;
    const error = (await rejection(receive(missing as EnvelopeHeaders))) as MalformedEnvelopeError;
    expect(error.issues).toEqual([
      "header 'synthcohort-key-id' missing",
      "header 'synthcohort-signature' missing",
    ]);
  });

  it('refuses, as a usage error, to sign with a bad path, method, key or nonce', () => {
    const base = {
      privateKey: nodeA.privateKey,
      keyId: idA,
      method: 'POST',
      path: '/x',
      body: BODY,
      now: NOW,
    };
    const nonce = newNonce(seededRandomBits(0));
    expect(() => signMessage({ ...base, nonce, path: '/a b' })).toThrow(UsageError);
    expect(() => signMessage({ ...base, nonce, path: '/a\nb' })).toThrow(/path: expected the request target/);
    expect(() => signMessage({ ...base, nonce, method: 'post' })).toThrow(/upper-case HTTP method/);
    expect(() => signMessage({ ...base, nonce, privateKey: nodeA.publicKey })).toThrow(/Ed25519 private key/);
    expect(() => signMessage({ ...base, nonce: 'short' })).toThrow(/nonce: expected 22 base64url characters/);
  });
});

describe('signed responses', () => {
  const requestNonce = newNonce(seededRandomBits('request'));
  const hubKeys = async (id: string) => (id === idHub ? hub.publicKey : undefined);
  const response = (status = 200) =>
    signMessage({
      privateKey: hub.privateKey,
      keyId: idHub,
      method: 'POST',
      path: '/jobs/1/submit',
      body: BODY,
      now: NOW,
      nonce: newNonce(seededRandomBits('response')),
      replyTo: { nonce: requestNonce, status },
    });

  it('verifies against the request it answers and nothing else', async () => {
    const options = { lookupKey: hubKeys, replyTo: { nonce: requestNonce, status: 200 } };
    expect((await receive(response(), options)).keyId).toBe(idHub);
    const otherRequest = { ...options, replyTo: { nonce: newNonce(seededRandomBits('x')), status: 200 } };
    expect(await rejection(receive(response(), otherRequest))).toBeInstanceOf(BadSignatureError);
    expect(await rejection(receive(response(409), options))).toBeInstanceOf(BadSignatureError);
    // A response can never pass as a request, even to a receiver that knows the hub's key.
    expect(await rejection(receive(response(), { lookupKey: hubKeys }))).toBeInstanceOf(BadSignatureError);
  });
});

describe('any single-bit change is refused', () => {
  it('in the body or in any header', async () => {
    const headers = signedByA();
    const names = Object.values(HEADER).filter((name) => name !== HEADER.version);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: names.length }),
        fc.nat(),
        fc.integer({ min: 0, max: 7 }),
        async (which, position, bit) => {
          let body = BODY;
          let altered: Record<string, string> = headers;
          if (which === names.length) {
            body = BODY.slice();
            body[position % body.length] ^= 1 << bit;
          } else {
            const value = headers[names[which] as keyof EnvelopeHeaders];
            const at = position % value.length;
            const changed = String.fromCharCode(value.charCodeAt(at) ^ (1 << (bit % 7)));
            altered = { ...headers, [names[which]]: value.slice(0, at) + changed + value.slice(at + 1) };
          }
          await expect(receive(altered as EnvelopeHeaders, { body })).rejects.toThrow();
        },
      ),
      { numRuns: 300, seed: 11 },
    );
  });
});

it('canonical strings of distinct messages differ (no field can carry the separator)', () => {
  const base = { method: 'POST', path: '/a', keyId: idA, timestamp: 1, nonce: 'n', bodySha256: 'h' };
  expect(canonicalString(base)).not.toBe(canonicalString({ ...base, path: '/a\nPOST' }));
  expect(canonicalString(base).split('\n')).toHaveLength(8);
});
