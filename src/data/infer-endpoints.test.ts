import { describe, expect, it } from 'vitest';
import { readCsvRaw } from './csv/read.js';
import { inferSchema } from './infer-schema.js';
import { temporaryFile } from './test-support/tables.js';

const infer = (header: string, rows: string[]) => {
  const raw = readCsvRaw(temporaryFile('t.csv', `${header}\n${rows.join('\n')}\n`), { file: 't.csv' });
  return inferSchema(raw, { rules: false });
};

/** `n` rows of a time (1, 2, …) and a cycling event code. */
const rows = (n: number, event: (i: number) => string, extra: (i: number) => string = () => '') =>
  Array.from({ length: n }, (_, i) => `${i + 1},${event(i)}${extra(i)}`);

describe('survival endpoints by name stems and data', () => {
  it.each([
    ['dtime,death', 'death'],
    ['rtime,recur', 'recur'],
    ['rfstime,status', 'rfs'],
    ['futime,death', 'death'],
    ['time,status', 'survival'],
    ['os_days,os_status', 'os'],
    ['pfs.months,pfs.event', 'pfs'],
  ])('pairs %s into endpoint %s', (header, name) => {
    const [time, event] = header.split(',');
    const { schema } = infer(
      header,
      rows(12, (i) => String(i % 2)),
    );
    expect(schema.endpoints).toEqual([{ name, time, event, eventValue: '1' }]);
    expect(schema.columns[0]).toMatchObject({ role: 'time', min: 0 });
    expect(schema.columns[1]).toMatchObject({ role: 'event' });
  });

  it('reads the event codings: R 1/2, TRUE/FALSE, yes/no, dead/alive, and 0/1/2 with a warning', () => {
    const value = (codes: string[]) =>
      infer(
        'time,status',
        rows(12, (i) => codes[i % codes.length]),
      );
    expect(value(['1', '2']).schema.endpoints[0].eventValue).toBe('2');
    expect(value(['FALSE', 'TRUE']).schema.endpoints[0].eventValue).toBe('TRUE');
    expect(value(['no', 'yes']).schema.endpoints[0].eventValue).toBe('yes');
    expect(value(['alive', 'dead']).schema.endpoints[0].eventValue).toBe('dead');
    const pbc = value(['0', '1', '2']);
    expect(pbc.schema.endpoints[0].eventValue).toBe('2');
    expect(pbc.warnings).toEqual([expect.stringMatching(/^status: three values \(0, 1, 2\)/)]);
    expect(value(['0', '1', '2', '3']).schema.endpoints).toEqual([]);
  });

  it('pairs two endpoints of one table: mgus2 (ptime/pstat, futime/death) and rotterdam', () => {
    const mgus2 = infer(
      'ptime,pstat,futime,death',
      rows(
        12,
        (i) => String(i % 2),
        (i) => `,${i + 5},${(i >> 1) % 2}`,
      ),
    ).schema;
    expect(mgus2.endpoints.map((e) => [e.name, e.time, e.event])).toEqual([
      ['pstat', 'ptime', 'pstat'],
      ['death', 'futime', 'death'],
    ]);
    const rotterdam = infer(
      'rtime,recur,dtime,death',
      rows(
        12,
        (i) => String(i % 2),
        (i) => `,${i + 5},${(i >> 1) % 2}`,
      ),
    ).schema;
    expect(rotterdam.endpoints.map((e) => `${e.time}/${e.event}`)).toEqual(['rtime/recur', 'dtime/death']);
  });

  it('prefers time to a lab named like one (pbc protime), and leaves a glued stem alone', () => {
    const { schema } = infer(
      'time,status,protime',
      rows(
        12,
        (i) => String(i % 2),
        (i) => `,${10 + (i % 3)}`,
      ),
    );
    expect(schema.endpoints).toEqual([{ name: 'survival', time: 'time', event: 'status', eventValue: '1' }]);
    expect(schema.columns[2].role).toBe('feature');
  });

  it('reports an ambiguous pairing instead of guessing', () => {
    const { schema, warnings } = infer(
      'time,status,death',
      rows(
        12,
        (i) => String(i % 2),
        (i) => `,${(i >> 1) % 2}`,
      ),
    );
    expect(schema.endpoints).toEqual([]);
    expect(warnings).toEqual([
      expect.stringMatching(/^time: ambiguous survival endpoint \(time\/status, time\/death\)/),
    ]);
  });

  it('needs the time wherever the event is, and a non-negative time', () => {
    const partial = infer(
      'relapse_days,relapse',
      rows(12, (i) => String(i % 2)).map((r, i) => (i % 2 ? r : r.replace(/^\d+/, ''))),
    );
    expect(partial.schema.endpoints).toEqual([]);
    expect(partial.schema.columns[0]).toMatchObject({ role: 'time', min: 0 });
    expect(infer('time,status', ['-1,0', '2,1', '3,0']).schema.endpoints).toEqual([]);
  });

  it('does not take age in years for a time', () => {
    expect(
      infer(
        'age_years,status',
        rows(12, (i) => String(i % 2)),
      ).schema.columns[0].role,
    ).toBe('feature');
  });
});
