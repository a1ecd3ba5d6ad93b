/**
 * Runs a command on hostile input and says what broke the promise of the CLI contract: exit 0 or 2
 * (never 1), exactly one line on stderr on exit 2, every input byte-identical afterwards, and no
 * temporary file left behind.
 */
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from './run-cli.js';

/** Every regular file under `folders`, with its bytes. */
function snapshot(folders: readonly string[]): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const visit = (path: string) => {
    const stats = lstatSync(path);
    if (stats.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
    else if (stats.isFile()) files.set(path, readFileSync(path));
  };
  for (const folder of folders) if (existsSync(folder)) visit(folder);
  return files;
}

function litter(folders: readonly string[]): string[] {
  const found: string[] = [];
  const visit = (path: string) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const child = join(path, entry.name);
      if (entry.isDirectory()) visit(child);
      else if (entry.name.endsWith('.tmp')) found.push(child);
    }
  };
  for (const folder of folders) if (existsSync(folder) && lstatSync(folder).isDirectory()) visit(folder);
  return found;
}

export interface HostileOutcome {
  code: number;
  stderr: string;
  /** What broke the contract, one line each; empty when the run kept it. */
  problems: string[];
}

/**
 * Runs `argv` in-process; `inputs` are the folders holding its inputs (checked byte for byte),
 * `outputs` the folders it may write to (checked for litter, with the inputs' folders).
 */
export async function runHostile(
  argv: readonly string[],
  inputs: readonly string[],
  outputs: readonly string[] = [],
): Promise<HostileOutcome> {
  const before = snapshot(inputs);
  const run = await runCli(...argv);
  const problems: string[] = [];
  const shown = `synthcohort ${argv.join(' ').slice(0, 300)}`;
  const lines = run.stderr.trimEnd().split('\n');
  if (run.code !== 0 && run.code !== 2)
    problems.push(`${shown}: exit ${run.code}: ${run.stderr.trim().split('\n')[0]}`);
  if (run.code === 2 && (lines.length !== 1 || lines[0] === ''))
    problems.push(`${shown}: exit 2 with ${lines.length} stderr lines: ${run.stderr.slice(0, 300)}`);
  const after = snapshot(inputs);
  for (const [path, bytes] of before)
    if (!after.get(path)?.equals(bytes)) problems.push(`${shown}: input ${path} changed`);
  for (const path of litter([...inputs, ...outputs])) problems.push(`${shown}: left ${path}`);
  return { code: run.code, stderr: run.stderr, problems };
}
