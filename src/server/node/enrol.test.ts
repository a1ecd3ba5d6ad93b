import { createHash, createPublicKey } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  generateSigningKeyPair,
  keyIdOf,
  publicKeyFromBase64,
  publicKeyToBase64,
} from '../../federation/wire/keys.js';
import { seededRandomBits } from '../../privacy/random-bits.js';
import type { EnrolRequest, EnrolResponse } from '../hub/messages.js';
import { enrolNode } from './enrol.js';
import { readNodeIdentity } from './state-folder.js';
import type { HubTransport } from './transport.js';

const hub = generateSigningKeyPair(seededRandomBits('hub'));
const folders: string[] = [];
afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A hub stand-in that answers enrolment with the key id `idFor` gives the node's key. */
function hubAnswering(idFor: (request: EnrolRequest) => string): HubTransport {
  const refuse = () => Promise.reject(new Error('not used in this test'));
  return {
    enrol: async (request): Promise<EnrolResponse> => ({
      nodeName: request.name,
      keyId: idFor(request),
      hubPublicKey: publicKeyToBase64(hub.publicKey),
      hubKeyId: keyIdOf(hub.publicKey),
    }),
    poll: refuse,
    submit: refuse,
    report: refuse,
  };
}

function enrol(transport: HubTransport) {
  const dir = join(mkdtempSync(join(tmpdir(), 'node-enrol-')), 'state');
  folders.push(dir);
  return {
    dir,
    done: enrolNode({
      hubUrl: 'https://hub.invalid',
      caPem: 'unused: the transport is given',
      token: 'sce_test',
      name: 'alpha',
      dir,
      bits: seededRandomBits('node alpha'),
      transport,
    }),
  };
}

describe('node enrolment', () => {
  it("signs with the wire's keyIdOf of its own key, which the hub names back", async () => {
    const { dir, done } = enrol(hubAnswering((r) => keyIdOf(publicKeyFromBase64(r.publicKey))));
    const manifest = await done;
    const identity = readNodeIdentity(dir);
    expect(manifest.keyId).toBe(keyIdOf(createPublicKey(identity.privateKey)));
    expect(manifest.keyId).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('refuses a hub that names its key by another id (the retired hex spelling)', async () => {
    // SHA-256 of the raw 32-byte key (the SPKI DER after its 12-byte header), hex: the old store id.
    const hex = (r: EnrolRequest) =>
      createHash('sha256').update(Buffer.from(r.publicKey, 'base64').subarray(12)).digest('hex').slice(0, 32);
    const { done } = enrol(hubAnswering(hex));
    await expect(done).rejects.toThrow(/the hub named this node's key '[0-9a-f]{32}', expected its key id/);
  });
});
