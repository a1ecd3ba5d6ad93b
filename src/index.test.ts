import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as synthcohort from './index.js';

describe('the package entry point', () => {
  it('is built from a source file (package.json main and exports point at it)', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
    for (const target of [pkg.main, pkg.exports['.']])
      expect(existsSync(target.replace(/^(\.\/)?dist\//, 'src/').replace(/\.js$/, '.ts'))).toBe(true);
  });

  it('offers the main steps', () => {
    const { simulate, readTable, inferSchema, analyze, fitModel, sampleModel, validate } = synthcohort;
    for (const step of [simulate, readTable, inferSchema, analyze, fitModel, sampleModel, validate])
      expect(typeof step).toBe('function');
  });
});
