/**
 * Runs one benchmark case in its own process, so that its peak memory is its own, and prints
 * `{seconds, peakMiB, ...}` as JSON on stdout.
 */
import { CASES } from './cases.js';

const [name, ...args] = process.argv.slice(2);
const benchCase = CASES[name];
if (!benchCase) {
  process.stderr.write(`unknown case ${name}; known: ${Object.keys(CASES).join(', ')}\n`);
  process.exit(2);
}
const setup = await benchCase.setup?.(args);
const start = process.hrtime.bigint();
const extra = await benchCase.run(args, setup);
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
const peakMiB = process.resourceUsage().maxRSS / 1024;
process.stdout.write(`${JSON.stringify({ seconds, peakMiB, ...extra })}\n`);
