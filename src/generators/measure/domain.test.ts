import { describe, expect, it } from 'vitest';
import { SchemaError } from '../../core/errors.js';
import { parseSchema, Schema, type SchemaInput } from '../../data/schema.js';
import { domainFromSchema } from './domain.js';

// Checked by zod only: the derived rule's inputs (ELN genetics) are beside the point here.
const base: SchemaInput = {
  version: 1,
  columns: [
    { name: 'id', kind: 'categorical', role: 'id', nullable: false },
    { name: 'sex', kind: 'categorical', categories: ['female', 'male'], nullable: false },
    { name: 'flt3', kind: 'boolean', role: 'mutation' },
    { name: 'ecog', kind: 'integer', min: 0, max: 4 },
    { name: 'hb', kind: 'numeric', min: 3, max: 20, nullable: false },
    { name: 'os_days', kind: 'integer', role: 'time', min: 0, max: 3650, nullable: false },
    { name: 'risk', kind: 'categorical', categories: ['low', 'high'] },
  ],
  rules: [{ type: 'derived', column: 'risk', derivation: 'eln2022' }],
};

describe('domainFromSchema', () => {
  const domain = domainFromSchema(Schema.parse(base), { bins: 8 });

  it('leaves out identifiers and derived columns', () => {
    expect(domain.attributes.map((a) => a.name)).toEqual(['sex', 'flt3', 'ecog', 'hb', 'os_days']);
  });

  it('sizes: declared categories, two boolean states, bins, and a missing state when nullable', () => {
    expect(domain.attributes.map((a) => a.size)).toEqual([2, 3, 6, 8, domain.attributes[4].size]);
    const os = domain.attributes[4];
    expect(os.type === 'binned' && os.bins.edges.length - 1).toBe(os.size);
  });

  it('survival times are log-spaced by default, other columns linear', () => {
    const os = domain.attributes[4];
    const hb = domain.attributes[3];
    if (os.type !== 'binned' || hb.type !== 'binned') throw new Error('binned expected');
    expect(os.bins.edges[1] - os.bins.edges[0]).toBeLessThan(3650 / 8 / 10);
    expect(hb.bins.edges[1] - hb.bins.edges[0]).toBeCloseTo(17 / 8, 12);
  });

  it('is the same for the same schema and options (one hash at every site) and changes with the binning', () => {
    expect(domainFromSchema(Schema.parse(base), { bins: 8 }).hash).toBe(domain.hash);
    expect(domainFromSchema(Schema.parse(base), { bins: 9 }).hash).not.toBe(domain.hash);
    expect(
      domainFromSchema(Schema.parse(base), { bins: 8, columns: { hb: { scale: 'log' } } }).hash,
    ).not.toBe(domain.hash);
  });

  it('refuses a numeric column without declared bounds, naming it', () => {
    const schema = parseSchema({ version: 1, columns: [{ name: 'ldh', kind: 'numeric', min: 0 }] });
    expect(() => domainFromSchema(schema)).toThrow(SchemaError);
    expect(() => domainFromSchema(schema)).toThrow(/column 'ldh': declare its max/);
  });

  it('refuses a categorical column without declared categories', () => {
    const schema = parseSchema({ version: 1, columns: [{ name: 'centre', kind: 'categorical' }] });
    expect(() => domainFromSchema(schema)).toThrow(/column 'centre': declare its categories/);
  });

  it('reads date bounds as ISO dates', () => {
    const schema = parseSchema({
      version: 1,
      columns: [{ name: 'dx', kind: 'date', min: '2020-01-01', max: '2020-01-10', nullable: false }],
    });
    const [dx] = domainFromSchema(schema).attributes;
    expect(dx.type === 'binned' && dx.bins.edges).toEqual([
      18262, 18263, 18264, 18265, 18266, 18267, 18268, 18269, 18270, 18271, 18272,
    ]);
  });
});
