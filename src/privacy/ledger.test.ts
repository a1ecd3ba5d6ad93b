import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../core/errors.js';
import { BudgetExceededError, PrivacyLedger, type SpendRequest } from './ledger.js';
import { withLedgerLock } from './ledger-lock.js';
import { zcdpEpsilon, zcdpRho } from './zcdp.js';

const DATA_A = `sha256:${'a'.repeat(64)}`;
const DATA_B = `sha256:${'b'.repeat(64)}`;
const clock = () => new Date('2026-01-02T03:04:05.000Z');

function request(epsilon: number, delta = 1e-6): SpendRequest {
  return {
    mechanism: 'discrete Gaussian marginals',
    generator: 'mst',
    rho: zcdpRho(epsilon, delta),
    epsilon,
    delta,
  };
}

let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ledger-'));
  path = join(dir, 'cohort.privacy-ledger.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('privacy ledger', () => {
  it('starts empty when no file exists', () => {
    const ledger = new PrivacyLedger(path);
    expect(ledger.spends(DATA_A)).toEqual([]);
    expect(ledger.total(DATA_A, 1e-6)).toEqual({ spends: 0, rho: 0, epsilon: 0, delta: 1e-6 });
  });

  it('records spends per dataset and composes them in zCDP', () => {
    const ledger = new PrivacyLedger(path, { now: clock });
    ledger.spend(DATA_A, request(1));
    ledger.spend(DATA_A, { ...request(0.5), note: 'second fit' });
    ledger.spend(DATA_B, request(3));
    const rho = zcdpRho(1, 1e-6) + zcdpRho(0.5, 1e-6);
    const total = new PrivacyLedger(path).total(DATA_A, 1e-6);
    expect(total.spends).toBe(2);
    expect(total.rho).toBeCloseTo(rho, 15);
    expect(total.epsilon).toBeCloseTo(zcdpEpsilon(rho, 1e-6), 12);
    // zCDP composition is tighter than adding ε, and never looser than the larger part.
    expect(total.epsilon).toBeLessThan(1.5);
    expect(total.epsilon).toBeGreaterThan(1);
    expect(ledger.spends(DATA_A)[1]).toEqual({
      time: '2026-01-02T03:04:05.000Z',
      mechanism: 'discrete Gaussian marginals',
      generator: 'mst',
      rho: zcdpRho(0.5, 1e-6),
      epsilon: 0.5,
      delta: 1e-6,
      note: 'second fit',
    });
    expect(ledger.total(DATA_B, 1e-6).spends).toBe(1);
  });

  it('spends exactly up to the budget', () => {
    const ledger = new PrivacyLedger(path);
    expect(ledger.spend(DATA_A, request(1), { epsilon: 1, delta: 1e-6 }).epsilon).toBeCloseTo(1, 9);
    expect(ledger.remaining(DATA_A, { epsilon: 1, delta: 1e-6 }).rho).toBe(0);
  });

  it('refuses a spend beyond the budget, records nothing and says what is left', () => {
    const ledger = new PrivacyLedger(path);
    const budget = { epsilon: 2, delta: 1e-6 };
    ledger.spend(DATA_A, request(1), budget);
    const left = ledger.remaining(DATA_A, budget);
    expect(left.rho).toBeCloseTo(zcdpRho(2, 1e-6) - zcdpRho(1, 1e-6), 15);
    let error: unknown;
    try {
      ledger.spend(DATA_A, request(1.8), budget);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BudgetExceededError);
    expect(error).toBeInstanceOf(InputError);
    const message = (error as Error).message;
    expect(message).toContain(`leaving ρ = ${Number(left.rho.toPrecision(3))}`);
    expect(message).toContain(`ε = ${Number(left.epsilon.toPrecision(3))} at δ = 0.000001`);
    expect(message).not.toMatch(/--|\n/);
    expect((error as BudgetExceededError).remaining).toEqual(left);
    expect(ledger.spends(DATA_A)).toHaveLength(1);
    // What is left can still be spent.
    ledger.spend(DATA_A, { ...request(0), rho: left.rho }, budget);
    expect(ledger.remaining(DATA_A, budget).rho).toBe(0);
  });

  it('refuses a budget that is not one, as a usage error naming the budget', () => {
    const ledger = new PrivacyLedger(path);
    expect(() => ledger.spend(DATA_A, request(1), { epsilon: -1, delta: 1e-6 })).toThrow(
      /^budget: ε must be/,
    );
    expect(() => ledger.remaining(DATA_A, { epsilon: 1, delta: 0 })).toThrow(
      /^budget: δ must be in \(0, 1\)/,
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a budget on one dataset does not count spends on another', () => {
    const ledger = new PrivacyLedger(path);
    ledger.spend(DATA_B, request(10));
    expect(() => ledger.spend(DATA_A, request(1), { epsilon: 1, delta: 1e-6 })).not.toThrow();
  });

  it('leaves no temporary or lock files behind, after success and after a refusal', () => {
    const ledger = new PrivacyLedger(path);
    ledger.spend(DATA_A, request(1), { epsilon: 1, delta: 1e-6 });
    expect(() => ledger.spend(DATA_A, request(1), { epsilon: 1, delta: 1e-6 })).toThrow(BudgetExceededError);
    expect(readdirSync(dir)).toEqual(['cohort.privacy-ledger.json']);
    const file = JSON.parse(readFileSync(path, 'utf8'));
    expect(file.format).toBe('synthcohort-privacy-ledger');
    expect(file.version).toBe(1);
  });

  it.each([
    ['not JSON', '{"format": "synthcohort-privacy-ledger", '],
    ['a wrong version', JSON.stringify({ format: 'synthcohort-privacy-ledger', version: 99, datasets: {} })],
    [
      'a negative ρ',
      JSON.stringify({
        format: 'synthcohort-privacy-ledger',
        version: 1,
        datasets: {
          [DATA_A]: {
            spends: [
              {
                time: '2026-01-01T00:00:00Z',
                mechanism: 'm',
                generator: 'mst',
                rho: -1,
                epsilon: 1,
                delta: 1e-6,
                note: '',
              },
            ],
          },
        },
      }),
    ],
    [
      'a key that is not a hash',
      JSON.stringify({ format: 'synthcohort-privacy-ledger', version: 1, datasets: { x: { spends: [] } } }),
    ],
  ])('refuses a damaged ledger (%s) with a clear error, and neither resets nor writes it', (_what, text) => {
    writeFileSync(path, text);
    const ledger = new PrivacyLedger(path);
    expect(() => ledger.spends(DATA_A)).toThrow(/privacy ledger is damaged .*restore it from a backup/);
    expect(() => ledger.spend(DATA_A, request(1))).toThrow(InputError);
    expect(readFileSync(path, 'utf8')).toBe(text);
    expect(readdirSync(dir)).toEqual(['cohort.privacy-ledger.json']);
  });

  it('waits for another writer’s lock, then refuses naming the lock file', () => {
    writeFileSync(`${path}.lock`, JSON.stringify({ pid: 4242, host: 'elsewhere', since: 'then' }));
    const ledger = new PrivacyLedger(path, { lockTimeoutMs: 60 });
    expect(() => ledger.spend(DATA_A, request(1))).toThrow(
      /locked by another writer \(process 4242 on elsewhere/,
    );
    expect(ledger.spends(DATA_A)).toEqual([]);
    rmSync(`${path}.lock`);
    ledger.spend(DATA_A, request(1));
    expect(ledger.spends(DATA_A)).toHaveLength(1);
  });

  it('serialises writers: while one holds the lock, another cannot read-check-write', () => {
    const other = new PrivacyLedger(path, { lockTimeoutMs: 50 });
    withLedgerLock(path, 1000, () => {
      expect(() => other.spend(DATA_A, request(1))).toThrow(/locked by another writer \(process \d+ on /);
    });
    expect(readdirSync(dir)).toEqual([]);
    other.spend(DATA_A, request(1));
    expect(other.spends(DATA_A)).toHaveLength(1);
  });
});
