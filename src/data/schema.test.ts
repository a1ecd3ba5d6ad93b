import { describe, expect, it } from 'vitest';
import { SchemaError } from '../core/errors.js';
import { parseSchema } from './schema.js';

const base = () => ({
  version: 1,
  columns: [
    { name: 'os_days', kind: 'integer', role: 'time', min: 0 },
    { name: 'os_status', kind: 'boolean', role: 'event' },
    { name: 'eln', kind: 'categorical', categories: ['favourable', 'intermediate', 'adverse'] },
  ],
  endpoints: [{ name: 'os', time: 'os_days', event: 'os_status' }],
});

function problem(input: unknown): string {
  try {
    parseSchema(input, 'schema.json');
  } catch (error) {
    expect(error).toBeInstanceOf(SchemaError);
    return (error as Error).message;
  }
  throw new Error('expected a SchemaError');
}

describe('parseSchema', () => {
  it('accepts a valid schema and fills defaults', () => {
    const schema = parseSchema(base());
    expect(schema.columns[2].role).toBe('feature');
    expect(schema.columns[0].nullable).toBe(true);
    expect(schema.endpoints[0].eventValue).toBe('1');
    expect(schema.rules).toEqual([]);
  });

  it('names the column with an unknown kind or role', () => {
    const s = base();
    (s.columns[2] as { kind: string }).kind = 'text';
    expect(problem(s)).toMatch(
      /^schema\.json, column 'eln': columns\.2\.kind: unknown kind; expected one of numeric/,
    );
    const r = base();
    (r.columns[1] as { role: string }).role = 'outcome';
    expect(problem(r)).toMatch(/column 'os_status'.*unknown role/);
  });

  it('rejects duplicates, reversed bounds, stray categories and dangling references', () => {
    const dup = base();
    dup.columns.push({ name: 'eln', kind: 'categorical', categories: ['a'] });
    expect(problem(dup)).toMatch(/column 'eln': column is declared twice/);
    const bounds = base();
    Object.assign(bounds.columns[0], { max: -1 });
    expect(problem(bounds)).toMatch(/min \(0\) is greater than max \(-1\)/);
    const cats = base();
    Object.assign(cats.columns[0], { categories: ['a'] });
    expect(problem(cats)).toMatch(/categories apply to categorical and boolean/);
    const endpoint = { ...base(), endpoints: [{ name: 'os', time: 'os_months', event: 'os_status' }] };
    expect(problem(endpoint)).toMatch(
      /column 'os_months': endpoint 'os' names a column the schema does not declare/,
    );
    const rule = { ...base(), rules: [{ type: 'compare', left: 'rfs_days', op: '<=', right: 'os_days' }] };
    expect(problem(rule)).toMatch(/column 'rfs_days': the compare rule 'rfs_days <= os_days' names a column/);
  });

  it('rejects unknown keys and a wrong version', () => {
    expect(problem({ ...base(), colums: [] })).toMatch(/colums|Unrecognized/i);
    expect(problem({ ...base(), version: 2 })).toMatch(/version/);
    const cond = {
      ...base(),
      rules: [{ type: 'implies', if: [{ column: 'eln' }], then: { column: 'os_days', missing: true } }],
    };
    expect(problem(cond)).toMatch(/exactly one of equals, in, missing/);
  });
});
