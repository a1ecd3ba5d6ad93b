import { describe, expect, it } from 'vitest';
import { seededRandomBits, uniformBelow } from '../../privacy/random-bits.js';
import { SecAggClient } from './client.js';
import { decodeFixedPoint, decodeIntegers, encodeFixedPoint, encodeIntegers } from './encoding.js';
import { type DropPoint, runInProcess } from './in-process.js';
import type { SecAggJob } from './messages.js';
import type { RingVector } from './ring.js';
import { SecAggServer } from './server.js';

const job = (over: Partial<SecAggJob> = {}): SecAggJob => ({
  version: 1,
  jobId: 'job-11',
  participants: 5,
  threshold: 3,
  length: 1000,
  ...over,
});
const BOUND = 1_000_000;
const codec = { bound: BOUND, contributors: 5 };

/** Node u's signed input: uniform in [−BOUND, BOUND]. */
function signedInputs(n: number, length: number, seed: string): Map<number, number[]> {
  const bits = seededRandomBits(seed);
  const inputs = new Map<number, number[]>();
  for (let u = 1; u <= n; u++)
    inputs.set(
      u,
      Array.from({ length }, () => uniformBelow(bits, 2 * BOUND + 1) - BOUND),
    );
  return inputs;
}

function plainSum(inputs: Map<number, number[]>, nodes: number[]): number[] {
  const length = inputs.get(nodes[0])!.length;
  const sum = new Array<number>(length).fill(0);
  for (const u of nodes) {
    const x = inputs.get(u)!;
    for (let i = 0; i < length; i++) sum[i] += x[i];
  }
  return sum;
}

function encoded(inputs: Map<number, number[]>): Map<number, RingVector> {
  return new Map([...inputs].map(([u, x]) => [u, encodeIntegers(x, codec)]));
}

describe('secure aggregation, end to end in process', () => {
  it('returns the exact sum of 5 nodes’ signed 1,000-entry vectors when no node drops', () => {
    const inputs = signedInputs(5, 1000, 'exact');
    const run = runInProcess({ job: job(), inputs: encoded(inputs), random: seededRandomBits('run exact') });
    expect(run.result.included).toEqual([1, 2, 3, 4, 5]);
    expect(run.result.dropped).toEqual([]);
    expect(Array.from(decodeIntegers(run.result.sum, codec))).toEqual(plainSum(inputs, [1, 2, 3, 4, 5]));
  });

  it('sums real values through fixed point within n · 2^−(f+1)', () => {
    const bits = seededRandomBits('reals');
    const fixed = { fractionBits: 24, bound: 100, contributors: 5 };
    const reals = new Map<number, number[]>();
    for (let u = 1; u <= 5; u++)
      reals.set(
        u,
        Array.from({ length: 1000 }, () => (bits.nextUint32() / 2 ** 32 - 0.5) * 200),
      );
    const run = runInProcess({
      job: job(),
      inputs: new Map([...reals].map(([u, x]) => [u, encodeFixedPoint(x, fixed)])),
      random: seededRandomBits('run reals'),
    });
    const decoded = decodeFixedPoint(run.result.sum, fixed);
    const exact = plainSum(reals, [1, 2, 3, 4, 5]);
    const worst = Math.max(...exact.map((x, i) => Math.abs(decoded[i] - x)));
    expect(worst).toBeLessThanOrEqual(5 * 2 ** -25);
  });

  it('with node 2 dropping after ShareKeys and node 4 after its masked input, sums exactly U3 = {1, 3, 4, 5}', () => {
    // Node 4's y_4 reached the hub before it closed round 2, so x_4 is in the sum (its b_4 comes from
    // the shares of 1, 3 and 5); node 2 never sent y_2, so x_2 is not, and its pairwise masks are removed
    // with s_2^SK recovered from 3 shares. Only 3 = t nodes answer the unmask request.
    const inputs = signedInputs(5, 1000, 'dropouts');
    const dropAfter = new Map<number, DropPoint>([
      [2, 'share-keys'],
      [4, 'masked-input'],
    ]);
    const run = runInProcess({
      job: job(),
      inputs: encoded(inputs),
      dropAfter,
      random: seededRandomBits('run drop'),
    });
    expect(run.result.included).toEqual([1, 3, 4, 5]);
    expect(run.result.dropped).toEqual([2]);
    expect(Array.from(decodeIntegers(run.result.sum, codec))).toEqual(plainSum(inputs, [1, 3, 4, 5]));
  });

  it('handles a node that drops before sharing keys: it is outside U2, and nobody masks with it', () => {
    const inputs = signedInputs(5, 200, 'early');
    const run = runInProcess({
      job: job({ length: 200 }),
      inputs: encoded(inputs),
      dropAfter: new Map([[5, 'advertise']]),
      random: seededRandomBits('run early'),
    });
    expect(run.result.included).toEqual([1, 2, 3, 4]);
    expect(Array.from(decodeIntegers(run.result.sum, codec))).toEqual(plainSum(inputs, [1, 2, 3, 4]));
  });

  it('with fewer than t survivors answering, refuses to output anything', () => {
    const inputs = signedInputs(5, 100, 'few');
    const dropAfter = new Map<number, DropPoint>([
      [1, 'masked-input'],
      [2, 'masked-input'],
      [3, 'masked-input'],
    ]);
    expect(() =>
      runInProcess({
        job: job({ length: 100 }),
        inputs: encoded(inputs),
        dropAfter,
        random: seededRandomBits('few'),
      }),
    ).toThrow(
      /only 2 node\(s\) sent unmask responses; the threshold is 3: the job cannot complete and no sum is released/,
    );
    // Fewer than t masked inputs: the hub will not even ask for unmasking.
    const early = new Map<number, DropPoint>([
      [1, 'share-keys'],
      [2, 'share-keys'],
      [3, 'share-keys'],
    ]);
    expect(() =>
      runInProcess({
        job: job({ length: 100 }),
        inputs: encoded(inputs),
        dropAfter: early,
        random: seededRandomBits('few'),
      }),
    ).toThrow(/only 2 node\(s\) sent masked inputs/);
  });
});

/** Drives rounds 0–2 by hand for 5 nodes, so single messages can be tampered with. */
function throughMaskedInputs(skipMasked: number[] = []) {
  const j = job({ length: 10 });
  const server = new SecAggServer(j);
  const random = seededRandomBits('manual');
  const clients = [1, 2, 3, 4, 5].map(
    (node) => new SecAggClient({ job: j, node, random: random.split(String(node)) }),
  );
  for (const c of clients) server.receiveAdvertisement(c.advertise());
  const roster = server.keyRoster();
  for (const c of clients) server.receiveShares(c.shareKeys(roster));
  const inboxes = clients.map((c) => server.shareInbox(c.node));
  const masked = clients.map((c, i) =>
    c.maskedInput(inboxes[i], encodeIntegers(new Array(10).fill(c.node), codec)),
  );
  for (const m of masked) if (!skipMasked.includes(m.node)) server.receiveMaskedInput(m);
  return { j, server, clients, roster, inboxes, masked };
}

describe('refusals', () => {
  it('an honest node refuses to reveal both secrets of the same node, at once or across requests', () => {
    const { clients, server } = throughMaskedInputs();
    const request = server.unmaskRequest();
    const both = { ...request, dropped: [2] };
    expect(() => clients[0].unmask(both)).toThrow(/names node 2 both as a survivor and as dropped: refused/);
    const first = clients[0].unmask(request);
    expect(first.selfMaskShares.map((s) => s.of)).toEqual([1, 2, 3, 4, 5]);
    expect(clients[0].unmask(request)).toEqual(first); // a retry is answered the same
    const turned = { ...request, survivors: [1, 3, 4, 5], dropped: [2] };
    expect(() => clients[0].unmask(turned)).toThrow(
      /already revealed its share of node 2's self-mask seed; revealing the other secret too would unmask its input: refused/,
    );
  });

  it('a node refuses unmask requests with fewer than t survivors or that leave out nodes it shared with', () => {
    const { clients, server } = throughMaskedInputs();
    const request = server.unmaskRequest();
    expect(() => clients[0].unmask({ ...request, survivors: [1, 2], dropped: [3, 4, 5] })).toThrow(
      /lists 2 survivor\(s\); the threshold is 3: refused/,
    );
    expect(() => clients[0].unmask({ ...request, survivors: [1, 2, 3, 4] })).toThrow(
      /accounts for 4 node\(s\), but 5/,
    );
    expect(() => clients[0].unmask({ ...request, jobId: 'other' })).toThrow(
      /for job 'other', expected job 'job-11'/,
    );
  });

  it('the hub refuses a late masked input, a wrong length, a stranger and a repeat', () => {
    const { server, masked } = throughMaskedInputs([5]);
    expect(() => server.receiveMaskedInput(masked[0])).toThrow(/node 1 sent a second masked input/);
    expect(() => server.receiveMaskedInput({ ...masked[4], masked: 'AAAA' })).toThrow(
      /has 3 bytes; expected 10 entries × 8/,
    );
    expect(() => server.receiveMaskedInput({ ...masked[4], node: 9 })).toThrow(
      /node 9 is not in this job of 5 nodes/,
    );
    server.unmaskRequest();
    expect(() => server.receiveMaskedInput(masked[4])).toThrow(
      /came for step 'masked-input', but the job is at step 'unmask'/,
    );
  });

  it('a node refuses a roster without its own keys, a misaddressed inbox and shares that fail to open', () => {
    const { j, roster, inboxes } = throughMaskedInputs();
    const fresh = new SecAggClient({ job: j, node: 1, random: seededRandomBits('fresh') });
    fresh.advertise();
    expect(() => fresh.shareKeys(roster)).toThrow(/does not carry node 1's own public keys/);
    const replayed = {
      ...roster,
      nodes: roster.nodes.map((n) => (n.node === 2 ? { ...roster.nodes[2], node: 2 } : n)),
    };
    expect(() => fresh.shareKeys(replayed)).toThrow(/repeats a public key/);
    // A second run whose client 1 is at round 2: a tampered ciphertext or an inbox for node 2 is refused.
    const again = throughMaskedInputsAtRound2();
    const tampered = structuredClone(again.inbox);
    const c = Buffer.from(tampered.shares[0].ciphertext, 'base64url');
    c[0] ^= 1;
    tampered.shares[0].ciphertext = c.toString('base64url');
    expect(() => again.client.maskedInput(tampered, encodeIntegers(new Array(10).fill(0), codec))).toThrow(
      /shares from node 2 to node 1 fail authentication/,
    );
    expect(() => again.client.maskedInput(inboxes[1], encodeIntegers(new Array(10).fill(0), codec))).toThrow(
      /addressed to node 2, this is node 1/,
    );
  });

  it('rejects a job whose threshold is not above n/2, and malformed messages with the field named', () => {
    expect(() => new SecAggServer(job({ threshold: 2 }))).toThrow(
      /threshold must satisfy n\/2 < t ≤ n; got t = 2 for n = 5/,
    );
    const server = new SecAggServer(job());
    expect(() =>
      server.receiveAdvertisement({ version: 1, kind: 'advertise-keys', jobId: 'job-11', node: 1 }),
    ).toThrow(/advertised keys channelPublicKey/);
  });
});

function throughMaskedInputsAtRound2() {
  const j = job({ length: 10 });
  const server = new SecAggServer(j);
  const random = seededRandomBits('round 2');
  const clients = [1, 2, 3].map(
    (node) => new SecAggClient({ job: j, node, random: random.split(String(node)) }),
  );
  for (const c of clients) server.receiveAdvertisement(c.advertise());
  const roster = server.keyRoster();
  for (const c of clients) server.receiveShares(c.shareKeys(roster));
  return { client: clients[0], inbox: server.shareInbox(1) };
}
