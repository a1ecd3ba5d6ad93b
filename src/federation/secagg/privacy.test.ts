/**
 * What the hub sees of one node is uniform noise. The χ² critical values are those of scipy's
 * chi2.ppf(0.999, 255) = 330.52; every run is seeded, so a pass or fail is reproducible, and each
 * statistic is also shown to reject a vector that is not uniform (the tests have power).
 */
import { describe, expect, it } from 'vitest';
import { seededRandomBits } from '../../privacy/random-bits.js';
import { SecAggClient } from './client.js';
import { encodeIntegers } from './encoding.js';
import { fromBase64url, type MaskedInput, type SecAggJob } from './messages.js';
import { expandMask } from './prg.js';
import { type RingVector, ringAddInto, ringFromBytes, ringToBytes } from './ring.js';
import { SecAggServer } from './server.js';

const CRITICAL_255 = 330.52;
const LENGTH = 20_000;
const job: SecAggJob = { version: 1, jobId: 'privacy', participants: 5, threshold: 3, length: LENGTH };
const codec = { bound: 2 ** 50, contributors: 5 };
/** A marker no mask would produce by chance: 2^50 − 12345, in every entry of node 1's input. */
const MARKER = 2 ** 50 - 12345;

/** Rounds 0–2 with the given inputs; returns every masked input as the hub received it. */
function maskedInputs(inputs: RingVector[], seed: string): MaskedInput[] {
  const server = new SecAggServer(job);
  const random = seededRandomBits(seed);
  const clients = inputs.map(
    (_, i) => new SecAggClient({ job, node: i + 1, random: random.split(String(i)) }),
  );
  for (const c of clients) server.receiveAdvertisement(c.advertise());
  const roster = server.keyRoster();
  for (const c of clients) server.receiveShares(c.shareKeys(roster));
  return clients.map((c, i) => {
    const m = c.maskedInput(server.shareInbox(c.node), inputs[i]);
    server.receiveMaskedInput(m);
    return m;
  });
}

function byteChiSquare(bytes: Uint8Array): number {
  const counts = new Float64Array(256);
  for (const b of bytes) counts[b]++;
  const expected = bytes.length / 256;
  return counts.reduce((acc, c) => acc + (c - expected) ** 2 / expected, 0);
}

/** χ² of the most significant byte of each ring element: where a 32-bit shortcut would show. */
function topByteChiSquare(vector: RingVector): number {
  const counts = new Float64Array(256);
  for (let i = 1; i < vector.length; i += 2) counts[vector[i] >>> 24]++;
  const expected = vector.length / 2 / 256;
  return counts.reduce((acc, c) => acc + (c - expected) ** 2 / expected, 0);
}

/** Two-sample χ² test of homogeneity on byte frequencies (255 df). */
function twoSampleChiSquare(a: Uint8Array, b: Uint8Array): number {
  const ca = new Float64Array(256);
  const cb = new Float64Array(256);
  for (const x of a) ca[x]++;
  for (const x of b) cb[x]++;
  let chi2 = 0;
  for (let k = 0; k < 256; k++) {
    const total = ca[k] + cb[k];
    const ea = (total * a.length) / (a.length + b.length);
    const eb = (total * b.length) / (a.length + b.length);
    if (total > 0) chi2 += (ca[k] - ea) ** 2 / ea + (cb[k] - eb) ** 2 / eb;
  }
  return chi2;
}

const zeros = () => encodeIntegers(new Array(LENGTH).fill(0), codec);
const planted = () => encodeIntegers(new Array(LENGTH).fill(MARKER), codec);

describe('what the hub stores per node', () => {
  const quiet = maskedInputs([zeros(), zeros(), zeros(), zeros(), zeros()], 'all zeros');
  const marked = maskedInputs([planted(), zeros(), zeros(), zeros(), zeros()], 'planted');

  it('is uniform bytes for an all-zero input and for a planted constant (χ² < 330.5, 255 df)', () => {
    for (const m of [quiet[0], quiet[3], marked[0]]) {
      const bytes = fromBase64url(m.masked);
      expect(byteChiSquare(bytes)).toBeLessThan(CRITICAL_255);
      expect(topByteChiSquare(ringFromBytes(bytes))).toBeLessThan(CRITICAL_255);
    }
    // Power: the unmasked planted input is rejected by orders of magnitude.
    expect(byteChiSquare(ringToBytes(planted()))).toBeGreaterThan(100 * CRITICAL_255);
  });

  it('does not tell an all-zero input from the planted one (two-sample χ² < 330.5; mean within 4 s.e.)', () => {
    const a = fromBase64url(quiet[0].masked);
    const b = fromBase64url(marked[0].masked);
    expect(twoSampleChiSquare(a, b)).toBeLessThan(CRITICAL_255);
    for (const bytes of [a, b]) {
      const mean = bytes.reduce((s, x) => s + x, 0) / bytes.length;
      const standardError = Math.sqrt((256 * 256 - 1) / 12 / bytes.length);
      expect(Math.abs(mean - 127.5)).toBeLessThan(4 * standardError);
    }
  });

  it('never holds the planted marker: its 8-byte encoding occurs in x_1 but in no masked input', () => {
    const marker = Buffer.from(ringToBytes(encodeIntegers([MARKER], codec)));
    expect(Buffer.from(ringToBytes(planted())).indexOf(marker)).toBe(0);
    for (const m of marked) expect(Buffer.from(fromBase64url(m.masked)).indexOf(marker)).toBe(-1);
  });

  it('a 32-bit mask (the shortcut the design forbids) would leak the high words: the top-byte test catches it', () => {
    // x_1 + a mask whose high words are zero: the high words of x pass through unmasked.
    const mask = expandMask(new Uint8Array(16).fill(3), LENGTH);
    for (let i = 1; i < mask.length; i += 2) mask[i] = 0;
    const leaky = ringAddInto(planted(), mask);
    expect(byteChiSquare(ringToBytes(leaky))).toBeGreaterThan(CRITICAL_255);
    expect(topByteChiSquare(leaky)).toBeGreaterThan(100 * CRITICAL_255);
  });
});
