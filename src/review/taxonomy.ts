/**
 * The issue types synthcohort ships for "not realistic" findings (issue 12). A coordinator may add
 * more; these stay, so findings from every site use one shared vocabulary and can be summed.
 */
import type { IssueType } from './types.js';

export const BUILT_IN_ISSUE_TYPES: readonly IssueType[] = Object.freeze([
  {
    id: 'implausible-value',
    label: 'Implausible value',
    description:
      'A single value no patient of this kind would have, such as a blast count above 100% or an age of 3 in an adult cohort.',
    builtIn: true,
  },
  {
    id: 'inconsistent-fields',
    label: 'Inconsistent fields',
    description:
      'Two or more values of the same patient contradict each other, such as a transplant recorded after non-intensive treatment only.',
    builtIn: true,
  },
  {
    id: 'impossible-timeline',
    label: 'Impossible timeline',
    description:
      'The dates or durations cannot follow one another, such as a relapse after the last follow-up or death.',
    builtIn: true,
  },
  {
    id: 'unlikely-for-subgroup',
    label: 'Combination unlikely for this subgroup',
    description:
      'Each value is possible alone, but the combination is rare or unseen for this subgroup, such as a favourable-risk patient with a TP53 mutation.',
    builtIn: true,
  },
  {
    id: 'unrealistic-missingness',
    label: 'Unrealistic missingness',
    description:
      'Values are missing (or present) where routine care would record them (or could not), such as a missing diagnosis date with a complete survival follow-up.',
    builtIn: true,
  },
  {
    id: 'looks-real',
    label: 'Looks like a real patient',
    description:
      'The record resembles a patient the reviewer knows so closely that it may disclose a real person.',
    builtIn: true,
  },
  {
    id: 'other',
    label: 'Other',
    description: 'Any other reason the record is not realistic; say what in the comment.',
    builtIn: true,
  },
]);
