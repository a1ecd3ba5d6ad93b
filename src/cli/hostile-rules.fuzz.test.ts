/**
 * Schema rules that the schema check accepts must never crash a command that uses them (issue #8,
 * items 3 and 6): random compare and implies rules over the base cohort's columns, each schema that
 * parses run through fit, generate (both generators) and validate — exit 0 or 2, never 1. The seed
 * is fixed; set FUZZ_SEED to explore others.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { safeParseSchema } from '../data/schema.js';
import { BASE_CSV, validSchema } from './test-support/hostile-inputs.js';
import { runHostile } from './test-support/hostile-run.js';
import { tempDir } from './test-support/run-cli.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_206);
const RUNS = Number(process.env.FUZZ_RUNS ?? 25);

const NUMBERS = ['age', 'os_days'];
const CATEGORIES: Record<string, string[]> = { sex: ['f', 'm'], arm: ['a', 'b'], os_status: ['0', '1'] };

const condition = fc.oneof(
  fc
    .constantFrom(...Object.keys(CATEGORIES))
    .chain((column) =>
      fc.record({ column: fc.constant(column), equals: fc.constantFrom(...CATEGORIES[column]) }),
    ),
  fc.record({ column: fc.constantFrom(...NUMBERS), equals: fc.integer({ min: 0, max: 1000 }) }),
  fc.record({ column: fc.constantFrom(...NUMBERS, ...Object.keys(CATEGORIES)), missing: fc.boolean() }),
);

const rule = fc.oneof(
  fc.record(
    {
      type: fc.constant('compare'),
      left: fc.constantFrom(...NUMBERS),
      op: fc.constantFrom('<', '<=', '>', '>=', '=='),
      right: fc.oneof(fc.constantFrom(...NUMBERS), fc.integer({ min: -10, max: 1000 })),
      when: fc.option(fc.array(condition, { minLength: 1, maxLength: 2 }), { nil: undefined }),
    },
    { requiredKeys: ['type', 'left', 'op', 'right'] },
  ),
  fc.record({
    type: fc.constant('implies'),
    if: fc.array(condition, { minLength: 1, maxLength: 2 }),
    then: condition,
  }),
);

describe('rules the schema check accepts, through every command that uses them', () => {
  const folder = tempDir();
  const data = join(folder, 'data.csv');
  beforeAll(() => writeFileSync(data, BASE_CSV));

  it('never end in an internal error', async () => {
    let tried = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(rule, { minLength: 1, maxLength: 4 }), async (rules) => {
        const schema = { ...validSchema(), rules };
        if (!safeParseSchema(schema).success) return;
        tried++;
        const path = join(folder, `schema-${tried}.json`);
        writeFileSync(path, JSON.stringify(schema));
        const out = tempDir();
        const problems: string[] = [];
        for (const argv of [
          ['fit', data, '--model', 'cart', '--schema', path, '--out', join(out, 'm.json')],
          [
            'generate',
            data,
            '--model',
            'copula',
            '--rows',
            '20',
            '--schema',
            path,
            '--out',
            join(out, 's.csv'),
          ],
          [
            'generate',
            data,
            '--model',
            'cart',
            '--rows',
            '20',
            '--schema',
            path,
            '--out',
            join(out, 't.csv'),
          ],
          ['validate', '--real', data, '--synthetic', data, '--schema', path, '--out', join(out, 'r')],
        ])
          problems.push(...(await runHostile(argv, [folder], [out])).problems);
        expect(problems).toEqual([]);
      }),
      { seed: SEED, numRuns: RUNS },
    );
    expect(tried).toBeGreaterThan(0);
  });
});
