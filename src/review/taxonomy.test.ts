import { describe, expect, it } from 'vitest';
import { BUILT_IN_ISSUE_TYPES } from './taxonomy.js';
import { IssueType } from './types.js';

describe('BUILT_IN_ISSUE_TYPES', () => {
  it('ships the seven issue types of issue 12, in order, each valid and built in', () => {
    expect(BUILT_IN_ISSUE_TYPES.map((t) => t.id)).toEqual([
      'implausible-value',
      'inconsistent-fields',
      'impossible-timeline',
      'unlikely-for-subgroup',
      'unrealistic-missingness',
      'looks-real',
      'other',
    ]);
    for (const type of BUILT_IN_ISSUE_TYPES) {
      expect(IssueType.parse(type)).toEqual(type);
      expect(type.builtIn).toBe(true);
      // one sentence a clinician reads
      expect(type.description).toMatch(/^[A-Z].*\.$/);
    }
  });

  it('has distinct labels', () => {
    expect(new Set(BUILT_IN_ISSUE_TYPES.map((t) => t.label)).size).toBe(BUILT_IN_ISSUE_TYPES.length);
  });
});
