/**
 * Secure aggregation timing (issue 11, item 7): one full protocol run, hub and nodes in this process
 * with every message serialised as JSON, for 10 nodes × 100,000 entries, with no dropout and with
 * two dropouts (one after ShareKeys, one after its masked input). Target: under 2 s per run.
 * Prints seconds and, per node, messages and bytes sent and received. Never part of `npm test`.
 *
 *   npx tsc -p bench/tsconfig.json && node .bench-build/bench/secagg.js
 */
import { cpus } from 'node:os';
import { pathToFileURL } from 'node:url';
import { decodeIntegers, encodeIntegers } from '../src/federation/secagg/encoding.js';
import { type DropPoint, runInProcess } from '../src/federation/secagg/in-process.js';
import type { RingVector } from '../src/federation/secagg/ring.js';
import { secureRandomBits, seededRandomBits, uniformBelow } from '../src/privacy/random-bits.js';

const NODES = 10;
const LENGTH = 100_000;
const BOUND = 1_000_000;
const REPEATS = 3;

export interface SecAggTiming {
  readonly scenario: string;
  readonly seconds: number[];
  readonly exact: boolean;
  readonly sentMessagesPerNode: number;
  readonly sentBytesPerNode: number;
  readonly receivedBytesPerNode: number;
}

export async function main(): Promise<SecAggTiming[]> {
  const codec = { bound: BOUND, contributors: NODES };
  const bits = seededRandomBits('bench secagg inputs');
  const plain = new Map<number, Int32Array>();
  const inputs = new Map<number, RingVector>();
  for (let u = 1; u <= NODES; u++) {
    const x = Int32Array.from({ length: LENGTH }, () => uniformBelow(bits, 2 * BOUND + 1) - BOUND);
    plain.set(u, x);
    inputs.set(u, encodeIntegers(x, codec));
  }
  const job = { version: 1 as const, jobId: 'bench', participants: NODES, threshold: 6, length: LENGTH };
  const scenarios: Array<[string, Map<number, DropPoint>]> = [
    ['no dropout', new Map()],
    [
      '2 dropouts',
      new Map<number, DropPoint>([
        [3, 'share-keys'],
        [7, 'masked-input'],
      ]),
    ],
  ];
  const timings: SecAggTiming[] = [];
  for (const [scenario, dropAfter] of scenarios) {
    const seconds: number[] = [];
    let run: ReturnType<typeof runInProcess> | undefined;
    for (let r = 0; r < REPEATS; r++) {
      const started = process.hrtime.bigint();
      run = runInProcess({ job, inputs, dropAfter, random: secureRandomBits() });
      seconds.push(Number(process.hrtime.bigint() - started) / 1e9);
    }
    const result = run!.result;
    const sum = decodeIntegers(result.sum, codec);
    let exact = true;
    for (let i = 0; i < LENGTH && exact; i++) {
      let expected = 0;
      for (const u of result.included) expected += plain.get(u)![i];
      exact = sum[i] === expected;
    }
    const full = [...run!.traffic].filter(([u]) => !dropAfter.has(u)).map(([, t]) => t);
    const mean = (f: (t: (typeof full)[number]) => number) =>
      full.reduce((a, t) => a + f(t), 0) / full.length;
    timings.push({
      scenario,
      seconds,
      exact,
      sentMessagesPerNode: mean((t) => t.sentMessages),
      sentBytesPerNode: mean((t) => t.sentBytes),
      receivedBytesPerNode: mean((t) => t.receivedBytes),
    });
  }
  process.stdout.write(
    `secure aggregation, ${NODES} nodes × ${LENGTH} entries, t = 6, ${cpus()[0]?.model ?? ''}\n`,
  );
  for (const t of timings)
    process.stdout.write(
      `${t.scenario}: ${t.seconds.map((s) => s.toFixed(2)).join(' / ')} s (${REPEATS} runs), exact: ${t.exact}; ` +
        `per completing node ${t.sentMessagesPerNode} messages sent, ${(t.sentBytesPerNode / 1e6).toFixed(3)} MB sent, ` +
        `${(t.receivedBytesPerNode / 1e3).toFixed(1)} kB received\n`,
    );
  return timings;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
