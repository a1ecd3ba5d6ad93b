import { describe, expect, it } from 'vitest';
import { SchemaError } from '../core/errors.js';
import { ELN2022_INPUTS, ELN2022_LEVELS } from '../domain/aml/eln2022.js';
import type { DerivationSignature } from '../domain/derivations.js';
import { parseSchema, Schema, SchemaIssuesError, safeParseSchema } from './schema.js';
import { schemaIssues } from './schema-checks.js';

const columns = () => [
  { name: 'age', kind: 'integer', min: 18, max: 120 },
  { name: 'sex', kind: 'categorical', categories: ['female', 'male'] },
  { name: 'wbc', kind: 'numeric', min: 0 },
  { name: 'cr_days', kind: 'integer', min: 0 },
  { name: 'rfs_days', kind: 'integer', min: 0 },
  { name: 'os_days', kind: 'integer', min: 0, nullable: false },
  { name: 'diagnosed', kind: 'date' },
  { name: 'last_seen', kind: 'date' },
  { name: 'relapse', kind: 'boolean', categories: ['0', '1'] },
  { name: 'response', kind: 'categorical', categories: ['CR', 'PR', 'resistant'] },
];

function issuesOf(rules: unknown[], extra: unknown[] = []) {
  const result = safeParseSchema({ version: 1, columns: [...columns(), ...extra], rules });
  return result.success ? [] : result.issues;
}

/** The single problem a schema with these rules has: its code, column and message. */
function only(rules: unknown[], extra: unknown[] = []) {
  const issues = issuesOf(rules, extra);
  expect(issues, JSON.stringify(issues)).toHaveLength(1);
  return issues[0];
}

const compare = (left: string, op: string, right: string | number, when?: unknown[]) => ({
  type: 'compare',
  left,
  op,
  right,
  ...(when ? { when } : {}),
});

describe('schema checks: rules name columns of kinds they can use', () => {
  it('refuses a comparison between a category and a number, naming the category', () => {
    expect(only([compare('sex', '<', 'age')])).toMatchObject({
      code: 'incompatible_kind',
      path: ['rules', 0, 'left'],
      column: 'sex',
      message: expect.stringMatching(/'sex < age' orders values, but sex is categorical/),
    });
    expect(only([compare('age', '>', 'relapse')])).toMatchObject({ column: 'relapse' });
  });

  it('refuses a constant compared with a category', () => {
    expect(only([compare('response', '==', 1)])).toMatchObject({
      code: 'incompatible_kind',
      column: 'response',
    });
  });

  it('refuses a column compared with itself', () => {
    expect(only([compare('age', '<', 'age')])).toMatchObject({
      code: 'self_comparison',
      column: 'age',
      message: expect.stringMatching(/compares the column with itself/),
    });
  });

  it('refuses a date compared with a number or a number column', () => {
    expect(only([compare('diagnosed', '<', 'os_days')])).toMatchObject({ code: 'incompatible_kind' });
    expect(only([compare('diagnosed', '>', 18000)]).message).toMatch(/min\/max \(ISO dates\)/);
    expect(issuesOf([compare('diagnosed', '<=', 'last_seen')])).toEqual([]);
  });

  it('needs condition values among the declared categories, and numbers for number columns', () => {
    const implies = (ifs: unknown[], then: unknown) => ({ type: 'implies', if: ifs, then });
    expect(
      only([implies([{ column: 'response', equals: 'complete' }], { column: 'relapse', equals: '0' })]),
    ).toMatchObject({
      code: 'unknown_value',
      path: ['rules', 0, 'if', 0, 'equals'],
      column: 'response',
      message: expect.stringMatching(/'complete', which is not one of the column's categories \('CR', 'PR'/),
    });
    expect(
      only([implies([{ column: 'response', in: ['CR', 'PR'] }], { column: 'relapse', equals: 'yes' })]),
    ).toMatchObject({ column: 'relapse', path: ['rules', 0, 'then', 'equals'] });
    expect(only([compare('os_days', '<=', 42, [{ column: 'age', equals: 'old' }])])).toMatchObject({
      code: 'incompatible_kind',
      column: 'age',
      message: expect.stringMatching(/tests for 'old', but age is integer: its values are numbers/),
    });
    expect(
      issuesOf([implies([{ column: 'relapse', equals: 1 }], { column: 'rfs_days', missing: false })]),
    ).toEqual([]);
    expect(
      only([implies([{ column: 'relapse', equals: '0' }], { column: 'os_days', missing: true })]),
    ).toMatchObject({
      code: 'unsatisfiable',
      column: 'os_days',
      message: expect.stringMatching(/nullable: false/),
    });
  });
});

describe('schema checks: derived columns', () => {
  const genetics = ELN2022_INPUTS.map((name) => ({ name, kind: 'boolean', categories: ['0', '1'] }));
  const risk = { name: 'risk', kind: 'categorical', categories: [...ELN2022_LEVELS] };
  const derived = (column: string, derivation = 'eln2022') => ({ type: 'derived', column, derivation });

  it('accepts a derived column with its inputs and levels', () => {
    expect(issuesOf([derived('risk')], [...genetics, risk])).toEqual([]);
    expect(issuesOf([derived('risk')], [...genetics, { name: 'risk', kind: 'categorical' }])).toEqual([]);
  });

  it('refuses a derived rule that points at an input column', () => {
    expect(only([derived('npm1')], [...genetics, risk])).toMatchObject({
      code: 'derived_input',
      column: 'npm1',
      message: expect.stringMatching(/would overwrite an input of the eln2022 derivation with its result/),
    });
  });

  it('names every input the schema does not declare', () => {
    const issues = issuesOf(
      [derived('risk')],
      [...genetics.filter((g) => !/^(npm1|tp53)$/.test(g.name)), risk],
    );
    expect(issues.map((i) => [i.code, i.column])).toEqual([
      ['unknown_column', 'npm1'],
      ['unknown_column', 'tp53'],
    ]);
    expect(issues[0].message).toMatch(/the eln2022 derivation of column 'risk' reads this column/);
  });

  it('needs boolean inputs and a categorical result with the derivation levels', () => {
    const numeric = genetics.map((g) => (g.name === 'npm1' ? { name: 'npm1', kind: 'integer' } : g));
    expect(only([derived('risk')], [...numeric, risk])).toMatchObject({
      code: 'incompatible_kind',
      column: 'npm1',
    });
    expect(only([derived('risk')], [...genetics, { name: 'risk', kind: 'integer' }]).message).toMatch(
      /must be categorical, not integer/,
    );
    const wrongLevels = { name: 'risk', kind: 'categorical', categories: ['low', 'high'] };
    expect(only([derived('risk')], [...genetics, wrongLevels])).toMatchObject({ code: 'unknown_value' });
  });

  it('refuses an unknown derivation and a column derived twice', () => {
    expect(only([derived('risk', 'eln2017')], [...genetics, risk]).message).toMatch(
      /unknown derivation 'eln2017'; known: eln2022/,
    );
    expect(only([derived('risk'), derived('risk')], [...genetics, risk])).toMatchObject({
      code: 'derived_cycle',
      message: 'the column is derived twice',
    });
  });

  it('refuses derived columns that derive each other', () => {
    const catalogue: DerivationSignature[] = [
      { name: 'from_b', inputs: ['b'], inputKind: 'boolean', levels: ['0', '1'] },
      { name: 'from_a', inputs: ['a'], inputKind: 'boolean', levels: ['0', '1'] },
    ];
    const schema = Schema.parse({
      version: 1,
      columns: [
        { name: 'a', kind: 'categorical' },
        { name: 'b', kind: 'categorical' },
      ],
      rules: [derived('a', 'from_b'), derived('b', 'from_a')],
    });
    const cycles = schemaIssues(schema, catalogue).filter((i) => i.code === 'derived_cycle');
    expect(cycles).toHaveLength(1);
    expect(cycles[0].message).toMatch(/cycle \(a ← b ← a\)/);
  });
});

describe('schema checks: rules that cannot hold on their face', () => {
  it('refuses a condition that lists no value (it allowed nothing, and crashed the satisfiability check)', () => {
    const empty = {
      type: 'implies',
      if: [{ column: 'age', missing: false }],
      then: { column: 'sex', in: [] },
    };
    expect(only([empty])).toMatchObject({ path: ['rules', 0, 'then', 'in'] });
    expect(() => parseSchema({ version: 1, columns: columns(), rules: [empty] })).toThrow(SchemaError);
  });

  it('refuses a comparison with a constant outside the bounds', () => {
    expect(only([compare('age', '>', 200)])).toMatchObject({
      code: 'unsatisfiable',
      path: ['rules', 0],
      column: 'age',
      message: "the compare rule 'age > 200' can never hold: age's max is 120",
    });
    expect(only([compare('age', '<', 18)]).message).toMatch(/'age < 18' can never hold: age's min is 18/);
    expect(
      only([compare('os_days', '<=', 42, [{ column: 'response', equals: 'CR' }]), compare('wbc', '<', 0)]),
    ).toMatchObject({ column: 'wbc' });
    expect(issuesOf([compare('age', '<=', 18), compare('wbc', '>=', 0), compare('age', '==', 120)])).toEqual([
      expect.objectContaining({
        path: ['rules', 2],
        message: expect.stringMatching(/'age == 120' can never hold together with the rule 'age <= 18'/),
      }),
    ]);
  });

  it('refuses constant comparisons that together leave no value, counting whole numbers', () => {
    expect(only([compare('wbc', '>', 50), compare('wbc', '<', 40)])).toMatchObject({ path: ['rules', 1] });
    expect(only([compare('age', '>', 30), compare('age', '<', 31)]).message).toBe(
      "the compare rule 'age < 31' can never hold together with the rule 'age > 30' (age is a whole number)",
    );
    expect(issuesOf([compare('wbc', '>', 30), compare('wbc', '<', 31)])).toEqual([]);
    // A conditional rule narrows nothing for the others: its condition may never be met.
    expect(
      issuesOf([compare('wbc', '>', 50, [{ column: 'sex', equals: 'male' }]), compare('wbc', '<', 40)]),
    ).toEqual([]);
  });

  it('refuses orderings in a cycle with a strict step, and accepts one without', () => {
    expect(only([compare('rfs_days', '<', 'os_days'), compare('os_days', '<', 'rfs_days')])).toMatchObject({
      code: 'unsatisfiable',
      message: expect.stringMatching(
        /the rules 'rfs_days < os_days' and 'os_days < rfs_days' cannot all hold: together they put rfs_days before itself/,
      ),
    });
    const chain = [
      compare('cr_days', '<', 'rfs_days'),
      compare('rfs_days', '<=', 'os_days'),
      compare('cr_days', '>=', 'os_days'),
    ];
    expect(only(chain).message).toMatch(
      /'cr_days < rfs_days' and 'rfs_days <= os_days' and 'cr_days >= os_days'/,
    );
    expect(issuesOf([compare('rfs_days', '<=', 'os_days'), compare('os_days', '<=', 'rfs_days')])).toEqual(
      [],
    );
    expect(
      issuesOf([
        compare('rfs_days', '<', 'os_days'),
        compare('os_days', '<', 'rfs_days', [{ column: 'sex', equals: 'male' }]),
      ]),
    ).toEqual([]);
  });

  it('refuses a column comparison the bounds rule out', () => {
    const extra = [
      { name: 'early', kind: 'integer', min: 0, max: 30 },
      { name: 'late', kind: 'integer', min: 30 },
    ];
    expect(only([compare('late', '<', 'early')], extra).message).toMatch(
      /late's min 30 is not below early's max 30/,
    );
    expect(issuesOf([compare('late', '<=', 'early')], extra)).toEqual([]);
  });

  it('refuses implications with the same premise and conclusions that exclude each other', () => {
    const implies = (ifs: unknown[], then: unknown) => ({ type: 'implies', if: ifs, then });
    const cr = { column: 'response', equals: 'CR' };
    const male = { column: 'sex', equals: 'male' };
    expect(
      only([
        implies([cr, male], { column: 'relapse', equals: '0' }),
        implies([male, cr], { column: 'relapse', equals: '1' }),
      ]),
    ).toMatchObject({ code: 'unsatisfiable', column: 'relapse', path: ['rules', 1] });
    expect(
      only([
        implies([cr], { column: 'rfs_days', missing: true }),
        implies([cr], { column: 'rfs_days', missing: false }),
      ]).message,
    ).toMatch(/the same premise asks for different values of rfs_days/);
    expect(
      only([
        implies([cr], { column: 'response', in: ['CR', 'PR'] }),
        implies([cr], { column: 'response', in: ['PR', 'resistant'] }),
        implies([cr], { column: 'response', in: ['CR', 'resistant'] }),
      ]),
    ).toMatchObject({ path: ['rules', 2] });
    expect(
      issuesOf([
        implies([cr], { column: 'relapse', equals: '0' }),
        implies([male], { column: 'relapse', equals: '1' }),
        implies([cr], { column: 'rfs_days', missing: false }),
        implies([cr], { column: 'rfs_days', equals: 3 }),
      ]),
    ).toEqual([]);
  });
});

describe('parseSchema reports every problem', () => {
  it('says a bound that is not finite must be a finite number, naming the column', () => {
    const input = JSON.parse(
      '{"version":1,"columns":[{"name":"age","kind":"integer","min":1e999},{"name":"wbc","kind":"numeric","max":-1e999}]}',
    );
    const result = safeParseSchema(input);
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.issues).toEqual([
      {
        code: 'invalid_input',
        path: ['columns', 0, 'min'],
        column: 'age',
        message: 'columns.0.min: must be a finite number',
      },
      {
        code: 'invalid_input',
        path: ['columns', 1, 'max'],
        column: 'wbc',
        message: 'columns.1.max: must be a finite number',
      },
    ]);
    expect(() => parseSchema(input, 's.json')).toThrow(
      "s.json, column 'age': columns.0.min: must be a finite number (and 1 more problem)",
    );
  });

  it('names the column of a rule zod refuses', () => {
    const input = { version: 1, columns: columns(), rules: [compare('age', '<', JSON.parse('1e999'))] };
    expect(() => parseSchema(input, 's.json')).toThrow(
      "s.json, column 'age': rules.0.right: must be a finite number",
    );
  });

  it('throws one error that holds every problem and says how many more there are', () => {
    let error: unknown;
    try {
      parseSchema(
        {
          version: 1,
          columns: columns(),
          rules: [compare('sex', '<', 'age'), compare('age', '<', 'age'), compare('x', '<', 1)],
        },
        'schema.json',
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SchemaError);
    expect(error).toBeInstanceOf(SchemaIssuesError);
    expect((error as Error).message).toMatch(/^schema\.json, column 'sex': .* \(and 2 more problems\)$/);
    expect((error as SchemaIssuesError).issues.map((i) => i.code)).toEqual([
      'incompatible_kind',
      'self_comparison',
      'unknown_column',
    ]);
  });
});
