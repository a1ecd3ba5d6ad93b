import { describe, expect, test } from 'vitest';
import { DataError } from '../../core/errors.js';
import { simulateAml } from '../../simulate/index.js';
import { applySelection, parseSelection } from './apply.js';
import { suggestSelection } from './suggest.js';

const { table, schema } = simulateAml({ patients: 200, centres: 2, seed: 5 });

describe('applySelection', () => {
  test('the suggested selection of a clean cohort keeps every column and the schema as it was', () => {
    const selection = suggestSelection(table, schema);
    const applied = applySelection(table, schema, selection.retained);
    expect(applied.table.names).toEqual(table.names);
    expect(applied.schema).toEqual(schema);
    expect(applied.removedRules).toEqual([]);
  });

  test('dropping rfs_days removes its endpoint and the rules that name it, and says it was needed', () => {
    const retained = table.names.filter((n) => n !== 'rfs_days' && n !== 'ldh');
    const applied = applySelection(table, schema, [...retained].reverse());
    // The table's own order, whatever order the user listed the columns in.
    expect(applied.table.names).toEqual(retained);
    expect(applied.dropped).toEqual(['ldh', 'rfs_days']);
    expect(applied.removedEndpoints).toEqual(['rfs']);
    expect(applied.schema.endpoints.map((e) => e.name)).toEqual(['os']);
    expect(applied.droppedNeeded).toEqual([{ column: 'rfs_days', neededAs: 'the time of the rfs endpoint' }]);
    expect(applied.removedRules).toContain('rfs_days <= os_days');
    expect(applied.removedRules).toContain('relapse_days = rfs_days when relapse = 1, else missing');
    for (const rule of applied.schema.rules) expect(JSON.stringify(rule)).not.toMatch(/"rfs_days"/);
    expect(applied.schema.columns.map((c) => c.name)).toEqual(retained);
  });

  test('dropping an input of ELN 2022 removes the derivation rule, not the risk column', () => {
    const applied = applySelection(
      table,
      schema,
      table.names.filter((n) => n !== 'npm1'),
    );
    expect(applied.removedRules).toContain('eln2022 derived by eln2022');
    expect(applied.table.has('eln2022')).toBe(true);
    expect(applied.droppedNeeded[0].neededAs).toMatch(/eln2022 derivation/);
  });

  test('a retained column the data lacks, a repeated one, or none at all: errors naming the column', () => {
    expect(() => applySelection(table, schema, ['age', 'haemoglobin'], 'sel.json')).toThrow(
      /sel\.json, column 'haemoglobin': retained by the selection, but the data holds no such column/,
    );
    expect(() => applySelection(table, schema, ['age', 'age'])).toThrow(/column 'age': retained twice/);
    expect(() => applySelection(table, schema, [])).toThrow(DataError);
  });

  test('parseSelection refuses a file that is not a selection report, naming the field', () => {
    const selection = suggestSelection(table, schema);
    expect(parseSelection(JSON.parse(JSON.stringify(selection)))).toEqual(selection);
    const { retained: _, ...withoutRetained } = selection;
    expect(() => parseSelection(withoutRetained, 'sel.json')).toThrow(
      /sel\.json: not a selection report: retained/,
    );
  });
});
