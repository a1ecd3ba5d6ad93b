/**
 * The pipeline's refusals shared by every generator (an impossible rule, bad input, damaged model
 * files), and a check that every registered generator has its conformance suite
 * (`conformance-<name>.test.ts`, from test-support/conformance-suite.ts).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError, ModelError } from '../core/errors.js';
import type { Schema } from '../data/schema.js';
import { codeColumn, numberColumn } from '../data/table.js';
import { loadModel } from './load.js';
import { fitModel, modelFileOf, sampleModel } from './pipeline.js';
import { GENERATORS } from './registry.js';
import { CASES, real, schema } from './test-support/conformance-suite.js';

describe('the conformance suite', () => {
  it('runs for every registered generator, with its tolerances declared', () => {
    for (const { name } of GENERATORS) {
      expect(CASES[name], name).toBeDefined();
      expect(existsSync(join(import.meta.dirname, `conformance-${name}.test.ts`)), name).toBe(true);
    }
  });
});

describe('sampling: a rule no model can satisfy', () => {
  it('ends with an error naming the rule instead of running forever', () => {
    const impossible: Schema = {
      ...schema,
      rules: [...schema.rules, { type: 'compare', left: 'age', op: '>', right: 200 }],
    };
    const model = fitModel(real.take(Uint32Array.from({ length: 300 }, (_, i) => i)), impossible, 'copula', {
      seed: 1,
    });
    expect(() => sampleModel(model, { rows: 5, seed: 1 })).toThrow(
      /only 0 of 5 rows could be drawn in \d+ attempts; most rejections \(\d+\) break "age > 200"/,
    );
  });
});

describe('fitting: bad input', () => {
  const tiny = real.take(Uint32Array.from({ length: 9 }, (_, i) => i));
  const small = real.take(Uint32Array.from({ length: 40 }, (_, i) => i));

  it('refuses fewer than 10 rows', () => {
    expect(() => fitModel(tiny, schema, 'copula', { seed: 1, file: 'tiny.csv' })).toThrow(
      /tiny\.csv: 9 rows; a generator needs at least 10/,
    );
  });

  it('refuses a column whose every value is missing, naming it', () => {
    const blank = small.withColumn('ldh', numberColumn(new Float64Array(40).fill(Number.NaN)));
    expect(() => fitModel(blank, schema, 'cart', { seed: 1 })).toThrow(DataError);
    expect(() => fitModel(blank, schema, 'cart', { seed: 1 })).toThrow(
      /column 'ldh': every value is missing/,
    );
  });

  it('refuses a categorical with more categories than rows', () => {
    const levels = Array.from({ length: 41 }, (_, i) => `C${i}`);
    const wide = small.withColumn(
      'centre',
      codeColumn(
        Int32Array.from({ length: 40 }, (_, i) => i),
        levels,
      ),
    );
    const wideSchema: Schema = {
      ...schema,
      columns: schema.columns.map((c) => (c.name === 'centre' ? { ...c, categories: levels } : c)),
    };
    expect(() => fitModel(wide, wideSchema, 'copula', { seed: 1 })).toThrow(
      /column 'centre': 41 categories but only 40 rows/,
    );
  });

  it('refuses an unknown model name, listing the known ones', () => {
    expect(() => fitModel(small, schema, 'ctgan', { seed: 1 })).toThrow(
      /unknown model 'ctgan'; expected one of copula, cart/,
    );
  });
});

describe('model files: damage is refused', () => {
  const model = fitModel(real.take(Uint32Array.from({ length: 200 }, (_, i) => i)), schema, 'copula', {
    seed: 1,
  });
  const text = JSON.stringify(modelFileOf(model));

  it('refuses a truncated file', () => {
    expect(() => loadModel(text.slice(0, text.length / 2), 'm.json')).toThrow(
      /m\.json: not a complete JSON model file/,
    );
  });

  it('refuses a file edited by hand', () => {
    const edited = JSON.parse(text);
    edited.trainingRows = 5;
    expect(() => loadModel(JSON.stringify(edited), 'm.json')).toThrow(/checksum does not match/);
  });

  it('refuses a model written by another version', () => {
    const other = JSON.parse(text);
    other.libraryVersion = '0.0.1';
    expect(() => loadModel(JSON.stringify(other), 'm.json')).toThrow(ModelError);
    expect(() => loadModel(JSON.stringify(other), 'm.json')).toThrow(/written by synthcohort 0\.0\.1/);
  });

  it('refuses a model whose schema does not match its hash', () => {
    const other = JSON.parse(text);
    other.schemaHash = '0000000000000000';
    expect(() => loadModel(JSON.stringify(other), 'm.json')).toThrow(/checksum does not match|schema/);
  });
});
