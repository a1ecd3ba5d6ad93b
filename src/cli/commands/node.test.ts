/** What a node reads of its data file: the typed table, and the text a harmonisation check may read. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SchemaError } from '../../core/errors.js';
import type { Schema } from '../../data/schema.js';
import { tempFolder } from '../../interop/harmonise/test-support/cohorts.js';
import { readNodeData } from './node.js';
import { csvReadOptions } from './shared.js';

const schema: Schema = {
  version: 1,
  endpoints: [],
  columns: [
    { name: 'patient_id', kind: 'categorical', role: 'id', nullable: false },
    { name: 'sex', kind: 'categorical', role: 'feature', categories: ['female', 'male'], nullable: false },
  ],
  rules: [],
};

function file(text: string): string {
  const path = join(tempFolder(), 'site.csv');
  writeFileSync(path, text);
  return path;
}

describe("a node's data", () => {
  it('gives the check only the columns its own schema declares, identifiers left out', async () => {
    // A column the schema does not declare (a surname) makes the typed read fail; the node keeps the
    // reason, and its text holds sex only: no job's schema can reach the surname or the identifier.
    const data = file('patient_id,sex,surname\nP1,M,Smith\nP2,female,Jones\n');
    const read = await readNodeData(data, csvReadOptions({}), schema);
    expect(read.table).toBeUndefined();
    expect(read.unreadable).toBeInstanceOf(SchemaError);
    expect(read.text?.names).toEqual(['sex']);
  });

  it('reads a table that fits as before, with its text beside it', async () => {
    const data = file('patient_id,sex\nP1,male\nP2,female\n');
    const read = await readNodeData(data, csvReadOptions({}), schema);
    expect(read.table?.nRows).toBe(2);
    expect(read.unreadable).toBeUndefined();
    expect(read.text?.names).toEqual(['sex']);
  });

  it('a file that does not read even as text stops the node, naming the row', async () => {
    // A record short of the header's fields: no reading of it is possible, so nothing is served.
    const data = file('a,b\n1\n');
    await expect(readNodeData(data, csvReadOptions({}), schema)).rejects.toThrow(
      /site\.csv, row 1: has 1 fields, expected 2/,
    );
  });
});
