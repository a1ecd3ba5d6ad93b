/** The schema of the simulated SCD cohort: columns, the death endpoint and the stroke rules. */
import { type ColumnSpec, parseSchema, type Schema } from '../../data/schema.js';
import { SCD_GENOTYPES } from './targets.js';

const BOOL = ['0', '1'];

function columns(): ColumnSpec[] {
  const flag = (name: string, description: string): ColumnSpec => ({
    name,
    kind: 'boolean',
    role: 'feature',
    categories: BOOL,
    nullable: false,
    description,
  });
  const count = (name: string, description: string): ColumnSpec => ({
    name,
    kind: 'integer',
    role: 'feature',
    min: 0,
    nullable: false,
    description,
  });
  return [
    { name: 'patient_id', kind: 'categorical', role: 'id', nullable: false },
    { name: 'centre', kind: 'categorical', role: 'centre', nullable: false },
    { name: 'age', kind: 'numeric', unit: 'years', min: 0, max: 100, role: 'feature', nullable: false },
    { name: 'sex', kind: 'categorical', categories: ['female', 'male'], role: 'feature', nullable: false },
    {
      name: 'genotype',
      kind: 'categorical',
      categories: [...SCD_GENOTYPES],
      role: 'feature',
      nullable: false,
    },
    { name: 'hbf', kind: 'numeric', unit: '%', min: 0, max: 100, role: 'feature', nullable: true },
    { name: 'hb', kind: 'numeric', unit: 'g/dL', min: 3, max: 18, role: 'feature', nullable: false },
    { name: 'retic', kind: 'numeric', unit: '%', min: 0, max: 50, role: 'feature', nullable: true },
    { name: 'ldh', kind: 'numeric', unit: 'U/L', min: 0, role: 'feature', nullable: true },
    flag('hydroxyurea', 'on hydroxyurea at enrolment'),
    count('pain_crises_3y', 'vaso-occlusive pain crises needing care in the 3 years before enrolment'),
    count('acs_3y', 'acute chest syndrome episodes in the 3 years before enrolment'),
    flag('stroke', 'overt stroke before enrolment'),
    {
      name: 'stroke_age',
      kind: 'numeric',
      unit: 'years',
      min: 0,
      max: 100,
      role: 'feature',
      nullable: true,
      description: 'age at first stroke (stroke only)',
    },
    flag('chronic_transfusion', 'on a chronic transfusion programme'),
    {
      name: 'fu_days',
      kind: 'integer',
      unit: 'days',
      min: 0,
      role: 'time',
      nullable: false,
      description: 'days from enrolment to death or last follow-up',
    },
    { name: 'death', kind: 'boolean', categories: BOOL, role: 'event', nullable: false },
  ];
}

export function scdSchema(): Schema {
  return parseSchema({
    version: 1,
    name: 'synthcohort simulated SCD cohort',
    columns: columns(),
    endpoints: [{ name: 'survival', time: 'fu_days', event: 'death', eventValue: '1' }],
    rules: [
      { type: 'compare', left: 'stroke_age', op: '<=', right: 'age' },
      {
        type: 'implies',
        if: [{ column: 'stroke', equals: '1' }],
        then: { column: 'stroke_age', missing: false },
      },
      {
        type: 'implies',
        if: [{ column: 'stroke', equals: '0' }],
        then: { column: 'stroke_age', missing: true },
      },
    ],
  });
}
