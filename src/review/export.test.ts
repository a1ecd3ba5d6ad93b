import { describe, expect, it } from 'vitest';
import { findingsCsv } from './export.js';
import type { Finding } from './types.js';

const base: Finding = {
  record: 12,
  reviewer: 'ana',
  status: 'not-realistic',
  columns: ['relapse_days', 'os_days'],
  issues: ['impossible-timeline'],
  comment: 'relapse after death',
  at: '2025-03-01T10:00:00.000Z',
};

describe('findingsCsv', () => {
  it('writes a header and one row per finding, lists joined by ;', () => {
    expect(
      findingsCsv([
        base,
        { ...base, record: 3, reviewer: 'ben', status: 'realistic', columns: [], issues: [], comment: '' },
      ]),
    ).toBe(
      'record,reviewer,status,columns,issues,comment,at\r\n' +
        '12,ana,not-realistic,"relapse_days;os_days",impossible-timeline,relapse after death,2025-03-01T10:00:00.000Z\r\n' +
        '3,ben,realistic,,,,2025-03-01T10:00:00.000Z\r\n',
    );
  });

  it('quotes commas, quotes and line breaks as RFC 4180 says', () => {
    const csv = findingsCsv([{ ...base, comment: 'says "CR", then\nrelapse' }]);
    expect(csv).toContain(',"says ""CR"", then\nrelapse",');
  });

  it('makes formula-like text inert for spreadsheets', () => {
    const csv = findingsCsv([{ ...base, reviewer: '=HYPERLINK("x")', comment: '@SUM(A1)' }]);
    expect(csv).toContain(`,"'=HYPERLINK(""x"")",`);
    expect(csv).toContain(",'@SUM(A1),");
    expect(csv).not.toMatch(/(^|,)[=@]/m);
  });

  it('is only the header without findings', () => {
    expect(findingsCsv([])).toBe('record,reviewer,status,columns,issues,comment,at\r\n');
  });
});
