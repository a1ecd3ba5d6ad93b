import { describe, expect, it } from 'vitest';
import { SchemaError } from '../../core/errors.js';
import { simulateAml, simulateScd } from '../../simulate/index.js';
import { exportCohort } from './export.js';
import {
  loadMapping,
  mappedColumns,
  parseMapping,
  SHIPPED_MAPPINGS,
  sourceKey,
  usedConcepts,
} from './mapping.js';

const COHORTS = {
  aml: simulateAml({ patients: 40, centres: 2, seed: 1 }),
  scd: simulateScd({ patients: 40, centres: 2, seed: 1 }),
};

describe.each(SHIPPED_MAPPINGS)('the shipped %s mapping', (name) => {
  const mapping = loadMapping(name);
  const cohort = COHORTS[name as 'aml' | 'scd'];

  it('covers every column of the simulated cohort, each once', () => {
    const mapped = mappedColumns(mapping);
    expect([...mapped].sort()).toEqual([...cohort.table.names].sort());
  });

  it('lists every concept it uses, with a name, vocabulary and code', () => {
    const listed = new Map(mapping.concepts.map((c) => [c.concept_id, c]));
    for (const { id } of usedConcepts(mapping)) {
      const concept = listed.get(id);
      expect(concept, `concept ${id}`).toBeDefined();
      expect(concept!.concept_name.length).toBeGreaterThan(0);
      expect(concept!.concept_code.length).toBeGreaterThan(0);
    }
    expect(new Set(mapping.concepts.map((c) => c.concept_id)).size).toBe(mapping.concepts.length);
  });

  it('writes every concept its rows use into the concept table', () => {
    const rows = exportCohort(cohort.table, cohort.schema, mapping, { seed: 1 });
    const inConceptTable = new Map(rows.concept!.map((c) => [c.concept_id, c.concept_name]));
    const written = new Set<number>();
    for (const [table, list] of Object.entries(rows)) {
      if (table === 'concept' || table === 'cdm_source') continue;
      for (const row of list)
        for (const [column, value] of Object.entries(row))
          if (column.endsWith('concept_id') && typeof value === 'number' && value !== 0) written.add(value);
    }
    for (const id of written) expect(inConceptTable.get(id), `concept ${id}`).toBeTruthy();
  });

  it('has no two columns reading the same source', () => {
    const keys = mapping.columns.map(sourceKey);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('uses local ids only in the CDM site-local range, and says how every standard id was checked', () => {
    for (const c of mapping.concepts) {
      if (c.verified === 'local') expect(c.concept_id).toBeGreaterThan(2_000_000_000);
      else expect(c.concept_id).toBeLessThan(2_000_000_000);
    }
  });
});

describe('a mapping with a mistake', () => {
  const good = JSON.parse(JSON.stringify(loadMapping('aml')));

  it('is refused when a concept it uses is not listed', () => {
    const bad = {
      ...good,
      concepts: good.concepts.filter((c: { concept_id: number }) => c.concept_id !== 3000963),
    };
    expect(() => parseMapping(bad, 'bad.json')).toThrow(
      /concept 3000963 \(measurement:3000963\) is not listed/,
    );
  });

  it('is refused when two columns claim the same source', () => {
    const hb = good.columns.find((c: { column?: string }) => c.column === 'hb');
    const bad = { ...good, columns: [...good.columns, { ...hb, column: 'hb_again' }] };
    expect(() => parseMapping(bad)).toThrow(SchemaError);
    expect(() => parseMapping(bad)).toThrow(/'hb' and 'hb_again' both read measurement:3000963/);
  });
});
