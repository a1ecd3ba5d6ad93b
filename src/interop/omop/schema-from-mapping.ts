/**
 * A schema read off a mapping, for imports with neither a shipped cohort nor a schema file: each
 * column's kind follows what the mapping reads (a measured number, a flag, a category, a count, days).
 */
import type { ColumnSpec, SchemaInput } from '../../data/schema.js';
import type { OmopMapping } from './mapping.js';

const BOOL = ['0', '1'];

export function schemaFromMapping(mapping: OmopMapping, centres: string[]): SchemaInput {
  const days = (name: string, nullable: boolean): ColumnSpec => ({
    name,
    kind: 'integer',
    role: 'time',
    unit: 'days',
    min: 0,
    nullable,
  });
  const columns: ColumnSpec[] = [
    { name: mapping.id.column, kind: 'categorical', role: 'id', nullable: false },
    { name: mapping.person.centre, kind: 'categorical', role: 'centre', categories: centres, nullable: true },
    {
      name: mapping.person.age.column,
      kind: mapping.person.age.decimals === undefined ? 'integer' : 'numeric',
      role: 'feature',
      unit: 'years',
      nullable: false,
    },
    {
      name: mapping.person.sex.column,
      kind: 'categorical',
      role: 'feature',
      categories: Object.keys(mapping.person.sex.levels),
      nullable: true,
    },
  ];
  for (const c of mapping.columns) {
    if (c.kind === 'number')
      columns.push({ name: c.column, kind: 'numeric', role: 'feature', nullable: true });
    else if (c.kind === 'flag')
      columns.push({ name: c.column, kind: 'boolean', role: 'feature', categories: BOOL, nullable: true });
    else if (c.kind === 'category')
      columns.push({
        name: c.column,
        kind: 'categorical',
        role: 'feature',
        categories: Object.keys(c.levels),
        nullable: true,
      });
    else if (c.kind === 'count')
      columns.push({ name: c.column, kind: 'integer', role: 'feature', min: 0, nullable: false });
    else {
      if (c.flag)
        columns.push({ name: c.flag, kind: 'boolean', role: 'feature', categories: BOOL, nullable: false });
      if (c.days) columns.push(days(c.days, true));
      if (c.ageYears)
        columns.push({
          name: c.ageYears.column,
          kind: 'numeric',
          role: 'feature',
          unit: 'years',
          nullable: true,
        });
    }
  }
  columns.push(days(mapping.survival.time, false), {
    name: mapping.survival.status,
    kind: 'boolean',
    role: 'event',
    categories: BOOL,
    nullable: false,
  });
  const endpoints = [
    { name: 'os', time: mapping.survival.time, event: mapping.survival.status, eventValue: '1' },
  ];
  if (mapping.relapseFree) {
    const rfs = mapping.relapseFree;
    columns.push(days(rfs.time, true), {
      name: rfs.status,
      kind: 'boolean',
      role: 'event',
      categories: BOOL,
      nullable: true,
    });
    endpoints.push({ name: 'rfs', time: rfs.time, event: rfs.status, eventValue: '1' });
  }
  return { version: 1, name: `imported ${mapping.name} cohort`, columns, endpoints };
}
