import { describe, expect, it } from 'vitest';
import { inferRules } from '../../data/infer-rules.js';
import { ruleCounts } from '../../data/rule-counts.js';
import { parseSchema, type Rule, type Schema } from '../../data/schema.js';
import { numberColumn, type Table } from '../../data/table.js';
import { seededRandomBits } from '../../privacy/random-bits.js';
import { simulate } from '../../simulate/index.js';
import { runProtocolInProcess } from './in-process.js';
import { type JobOutcome, runProtocolPlain } from './protocol.js';
import { type RulesJobResult, rulesProtocol, withRules } from './rules-protocol.js';

const { table: pooled, schema: declared } = simulate('aml', { patients: 2500, centres: 5, seed: 1 });
/** The consortium schema before any rule is known: the columns as declared, no rules. */
const bare: Schema = { ...declared, rules: [] };
const centre = pooled.codes('centre');
const sites = centre.levels.map((name, c) => ({
  name,
  table: pooled.filter((row) => centre.codes[row] === c),
}));

const NO_TRANSPLANT: Rule = {
  type: 'implies',
  if: [{ column: 'treatment', equals: 'non_intensive' }],
  then: { column: 'hsct', equals: '0' },
  inferred: true,
};

function done(outcome: JobOutcome<RulesJobResult>): RulesJobResult {
  if (outcome.status !== 'done') throw new Error(`aborted: ${outcome.reason}`);
  return outcome.result;
}

describe('rules inferred across 5 simulated AML centres', () => {
  const local = inferRules(pooled, bare);

  it('are the rules inferRules finds on the pooled table (plain runner)', async () => {
    const result = done(
      await runProtocolPlain(rulesProtocol, { schema: bare }, sites, seededRandomBits('r')),
    );
    expect(result.rules).toEqual(local.rules);
    expect(result.notes).toEqual(local.notes);
    expect(result.rows).toBe(2500);
    expect(result.sites).toEqual(centre.levels);
    expect(result.rules).toContainEqual(NO_TRANSPLANT);
    expect(parseSchema(result.schema).rules).toEqual(local.rules);
  });

  it('are the same through secure aggregation, and the hub sees no site’s counts', async () => {
    const own = ruleCounts(sites[0].table, bare);
    const seen: string[] = [];
    const outcome = await runProtocolInProcess(
      rulesProtocol,
      { schema: bare },
      sites,
      seededRandomBits('s'),
      {
        observeHub: (o) => seen.push(JSON.stringify(o.message)),
      },
    );
    const result = done(outcome);
    expect(result.rules).toEqual(local.rules);
    expect(outcome.traffic.map((t) => [t.phase, t.included.length, t.length])).toEqual([
      ['rule-counts', 5, own.length],
    ]);
    // A run of the first site's counts long enough to be its own, in the decimal JSON the hub parses.
    const run = Array.from(own.subarray(1, 9)).join(',');
    expect(seen.some((text) => text.includes(run))).toBe(false);
  });

  it('add to the schema only what it does not state: declared rules are not repeated', async () => {
    const result = done(
      await runProtocolPlain(rulesProtocol, { schema: declared }, sites, seededRandomBits('d')),
    );
    const relapseCopies = result.schema.rules.filter(
      (r) => r.type === 'derived' && r.column === 'relapse_days',
    );
    expect(relapseCopies.length).toBeLessThanOrEqual(1);
    expect(result.schema.rules.slice(0, declared.rules.length)).toEqual(declared.rules);
    const keys = result.schema.rules.map((r) => JSON.stringify({ ...r, inferred: undefined }));
    expect(new Set(keys).size).toBe(keys.length);
    expect(withRules(result.schema, result.rules)).toEqual(result.schema);
  });

  it('honour the thresholds of the request: a support above every premise finds nothing', async () => {
    const result = done(
      await runProtocolPlain(
        rulesProtocol,
        { schema: bare, options: { minSupport: 5000 } },
        sites,
        seededRandomBits('t'),
      ),
    );
    expect(result.rules).toEqual([]);
    expect(result.schema.rules).toEqual([]);
  });

  it('abort when a site’s table does not fit the schema (that site declines), and refuse one site', async () => {
    const bad: Table = sites[1].table.withColumn(
      'treatment',
      numberColumn(new Float64Array(sites[1].table.nRows)),
    );
    const outcome = await runProtocolPlain(
      rulesProtocol,
      { schema: bare },
      [sites[0], { name: sites[1].name, table: bad }],
      seededRandomBits('b'),
    );
    expect(outcome).toMatchObject({
      status: 'aborted',
      reason: expect.stringContaining("does not fit the job's schema"),
    });
    await expect(
      runProtocolPlain(rulesProtocol, { schema: bare }, [sites[0]], seededRandomBits('o')),
    ).rejects.toThrow('needs at least 2 sites');
  });
});
