import { describe, expect, it } from 'vitest';
import { expectBadInput, runCli, tempFile } from '../cli/test-support/run-cli.js';

describe('synthcohort analyze: right or refused', () => {
  it('refuses an event coded 0/1/2 without --event-value (R would drop the zeros)', async () => {
    await expectBadInput(
      /^synthcohort: datasets\/pbc\.csv, column 'status': holds more than two values \(0, 1, 2\): give the event value/,
      'analyze',
      'datasets/pbc.csv',
      '--time',
      'time',
      '--event',
      'status',
    );
    const run = await runCli(
      'analyze',
      'datasets/pbc.csv',
      '--time',
      'time',
      '--event',
      'status',
      '--event-value',
      '1',
    );
    expect(run.code).toBe(0);
    // survfit(Surv(time, status == 1) ~ 1, pbc): n 418, 25 events (transplant), median NA.
    expect(JSON.parse(run.stdout)).toMatchObject({ n: 418, events: 25, km: [{ median: null }] });
  });

  it('refuses a time column of dates, naming the file and the column', async () => {
    const data = tempFile(
      'dates.csv',
      'start,end,dead\n2020-01-01,2020-01-31,1\n2020-02-01,2020-05-01,0\n2020-03-01,2021-03-01,1\n2020-04-01,2020-04-11,1\n',
    );
    await expectBadInput(
      /dates\.csv, column 'end': holds dates, not follow-up times/,
      'analyze',
      data,
      '--time',
      'end',
      '--event',
      'dead',
    );
  });

  it('counts days from --origin, a date column or an ISO date', async () => {
    const data = tempFile(
      'dates.csv',
      'start,end,dead\n2020-01-01,2020-01-31,1\n2020-02-01,2020-05-01,0\n2020-03-01,2021-03-01,1\n2020-04-01,2020-04-11,1\n',
    );
    const byColumn = await runCli('analyze', data, '--time', 'end', '--event', 'dead', '--origin', 'start');
    expect(byColumn.code).toBe(0);
    // Times 30, 90 (censored), 365, 10 days: S is 1/2 from 30 to 365, so the median is their midpoint,
    // as survfit(Surv(c(30, 90, 365, 10), c(1, 0, 1, 1)) ~ 1) prints (198 = 197.5 rounded).
    expect(JSON.parse(byColumn.stdout)).toMatchObject({ n: 4, events: 3, km: [{ median: 197.5 }] });
    const byDate = await runCli(
      'analyze',
      data,
      '--time',
      'end',
      '--event',
      'dead',
      '--origin',
      '2020-01-01',
    );
    expect(JSON.parse(byDate.stdout)).toMatchObject({ n: 4, events: 3 });
  });
});
