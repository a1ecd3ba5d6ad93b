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
});
