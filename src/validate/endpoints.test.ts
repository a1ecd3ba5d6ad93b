import { describe, expect, it } from 'vitest';
import { parseSchema } from '../data/schema.js';
import { codeColumnFromStrings, numberColumn, Table } from '../data/table.js';
import { endpointsFor, parseSurvivalOption } from './endpoints.js';

const columns = [
  { name: 'time', kind: 'integer' },
  { name: 'status', kind: 'integer' },
  { name: 'dead', kind: 'boolean', categories: ['no', 'yes'] },
] as const;

function table(status: number[]): Table {
  return new Table([
    ['time', numberColumn(status.map((_, i) => 10 * (i + 1)))],
    ['status', numberColumn(status)],
    ['dead', codeColumnFromStrings(status.map((s) => (s === 2 ? 'yes' : 'no')))],
  ]);
}

describe('the survival option and the event value', () => {
  it('takes an explicit event value as given', () => {
    const schema = parseSchema({ version: 1, columns });
    expect(endpointsFor(schema, [parseSurvivalOption('time:status:1')], table([1, 2, 2]))[0].eventValue).toBe(
      '1',
    );
  });

  it('refuses an explicit event value the real table never holds, listing what it holds', () => {
    const schema = parseSchema({ version: 1, columns });
    expect(() => endpointsFor(schema, [parseSurvivalOption('time:status:9')], table([1, 2, 2]))).toThrow(
      "survival: event value '9' never occurs in column 'status' of the real table, which holds 1, 2",
    );
  });

  it("reads 1/2 status codes as R's Surv does (2 = event) when no value is given, as analyze does", () => {
    const schema = parseSchema({ version: 1, columns });
    expect(
      endpointsFor(schema, [parseSurvivalOption('time:status')], table([1, 2, 2, 1]))[0].eventValue,
    ).toBe('2');
    expect(endpointsFor(schema, [parseSurvivalOption('time:status')], table([0, 1, 1]))[0].eventValue).toBe(
      '1',
    );
  });

  it("uses the schema's event value for the same columns, and a boolean's true label", () => {
    const schema = parseSchema({
      version: 1,
      columns,
      endpoints: [{ name: 'os', time: 'time', event: 'status', eventValue: '1' }],
    });
    const data = table([1, 2, 2]);
    expect(endpointsFor(schema, [parseSurvivalOption('time:status')], data)[0].eventValue).toBe('1');
    expect(endpointsFor(schema, [parseSurvivalOption('time:dead')], data)[0].eventValue).toBe('yes');
  });

  it('refuses an empty event value', () => {
    expect(() => parseSurvivalOption('time:status:')).toThrow(/^survival expects TIME:EVENT/);
  });
});
