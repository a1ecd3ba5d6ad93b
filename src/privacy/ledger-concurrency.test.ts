import { spawn } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LedgerFile } from './ledger-file.js';

// Several processes spend on one ledger at once: the budget check and the write happen under the
// lock, so exactly as many spends are recorded as the budget allows, and none is lost.

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const WRITERS = 6;
const ATTEMPTS = 6;
const RHO = 0.001;
// ε = 1, δ = 1e-6 is ρ = 0.024356: 24 spends of 0.001 fit, the 25th does not.
const ALLOWED = 24;

let root: string;

/** The ledger's modules transpiled to plain JavaScript, so that child processes can run them. */
function transpileLedger(into: string): void {
  for (const folder of ['privacy', 'core']) {
    mkdirSync(join(into, folder), { recursive: true });
    for (const name of readdirSync(join(SRC, folder))) {
      if (!name.endsWith('.ts') || name.endsWith('.test.ts')) continue;
      const source = readFileSync(join(SRC, folder, name), 'utf8');
      const { outputText } = ts.transpileModule(source, {
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
      });
      writeFileSync(join(into, folder, name.replace(/\.ts$/, '.js')), outputText);
    }
  }
  writeFileSync(join(into, 'package.json'), '{"type": "module"}');
  // zod resolves from the project's node_modules.
  symlinkSync(resolve(SRC, '..', 'node_modules'), join(into, 'node_modules'));
}

const writer = `
import { PrivacyLedger, BudgetExceededError } from './privacy/ledger.js';
const [path, key] = process.argv.slice(2);
const ledger = new PrivacyLedger(path, { lockTimeoutMs: 30000 });
let recorded = 0, refused = 0;
for (let i = 0; i < ${ATTEMPTS}; i++) {
  try {
    ledger.spend(key, { mechanism: 'test', generator: 'writer ' + process.pid, rho: ${RHO}, epsilon: 0.1, delta: 1e-6 },
      { epsilon: 1, delta: 1e-6 });
    recorded++;
  } catch (error) {
    if (!(error instanceof BudgetExceededError)) throw error;
    refused++;
  }
}
process.stdout.write(JSON.stringify({ recorded, refused }));
`;

function run(script: string, args: string[]): Promise<{ recorded: number; refused: number }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.stderr.on('data', (chunk) => {
      err += chunk;
    });
    child.on('error', fail);
    child.on('close', (code) =>
      code === 0 ? done(JSON.parse(out)) : fail(new Error(`writer failed: ${err}`)),
    );
  });
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'ledger-writers-'));
  transpileLedger(join(root, 'lib'));
  writeFileSync(join(root, 'lib', 'writer.js'), writer);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('privacy ledger with concurrent writers', () => {
  it(`${WRITERS} processes × ${ATTEMPTS} spends: exactly the ${ALLOWED} the budget allows are recorded`, async () => {
    const data = join(root, 'data');
    mkdirSync(data);
    const path = join(data, 'ledger.json');
    const key = `sha256:${'c'.repeat(64)}`;
    const script = join(root, 'lib', 'writer.js');
    const results = await Promise.all(Array.from({ length: WRITERS }, () => run(script, [path, key])));
    const recorded = results.reduce((sum, r) => sum + r.recorded, 0);
    const refused = results.reduce((sum, r) => sum + r.refused, 0);
    expect(recorded).toBe(ALLOWED);
    expect(refused).toBe(WRITERS * ATTEMPTS - ALLOWED);
    const file = LedgerFile.parse(JSON.parse(readFileSync(path, 'utf8')));
    expect(file.datasets[key].spends).toHaveLength(ALLOWED);
    expect(new Set(file.datasets[key].spends.map((s) => s.generator)).size).toBeGreaterThan(1);
    expect(readdirSync(data)).toEqual(['ledger.json']);
  });
});
