import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliIo } from './io.js';
import { progressFor } from './io.js';
import { main } from './main.js';
import { tempDir } from './test-support/run-cli.js';

function fakeIo(tty: boolean): CliIo & { err: () => string } {
  let err = '';
  return {
    stdout: () => {},
    stderr: (text) => {
      err += text;
    },
    stderrIsTty: tty,
    err: () => err,
  };
}

describe('progress on stderr', () => {
  it('updates one line in place with counts and elapsed time, at most every 100 ms', () => {
    const io = fakeIo(true);
    let clock = 0;
    const progress = progressFor(io, false, () => clock);
    for (let done = 1; done <= 67; done++) {
      clock += 20;
      progress.hook({ task: 'fitting cart', unit: 'column', done, total: 67, item: `c${done}` });
    }
    progress.step('validating');
    const redraws = io.err().split('\r\x1b[K').slice(1);
    // 67 events 20 ms apart: the first, one per 100 ms after it, and always the last.
    expect(redraws.length).toBeGreaterThanOrEqual(13);
    expect(redraws.length).toBeLessThanOrEqual(15);
    expect(redraws[0]).toBe('… fitting cart: column 1/67 c1, 0.0 s');
    expect(redraws.at(-1)).toBe('… fitting cart: column 67/67 c67, 1.3 s\n… validating\n');
  });

  it('starts a new line and a new clock for a new task, and ends an open line', () => {
    const io = fakeIo(true);
    let clock = 0;
    const progress = progressFor(io, false, () => clock);
    progress.hook({ task: 'fitting cart', unit: 'column', done: 1, total: 1 });
    clock = 5000;
    progress.hook({ task: 'sampling cart', unit: 'column', done: 1, total: 2, item: 'age' });
    progress.end();
    progress.end();
    expect(io.err()).toBe(
      '\r\x1b[K… fitting cart: column 1/1, 0.0 s\n\r\x1b[K… sampling cart: column 1/2 age, 0.0 s\n',
    );
  });

  it('is silent with quiet or when stderr is not a terminal', () => {
    for (const [tty, quiet] of [
      [true, true],
      [false, false],
    ] as const) {
      const io = fakeIo(tty);
      const progress = progressFor(io, quiet);
      progress.step('fitting');
      progress.hook({ task: 'fitting cart', unit: 'column', done: 1, total: 2 });
      progress.end();
      expect(io.err()).toBe('');
    }
  });

  it('shows fitting and sampling per column and validation per part on a terminal, nothing with --quiet', async () => {
    const dir = tempDir();
    const synthetic = join(dir, 's.csv');
    const generate = [
      'generate',
      'datasets/lung.csv',
      '--model',
      'cart',
      '--rows',
      '200',
      '--out',
      synthetic,
    ];
    const tty = fakeIo(true);
    expect(await main(generate, tty)).toBe(0);
    expect(tty.err()).toMatch(/fitting cart: column 10\/10 \S+, \d+\.\d s/);
    expect(tty.err()).toMatch(/sampling cart: column 10\/10 \S+, \d+\.\d s/);
    // What the command prints afterwards starts on a line of its own.
    expect(tty.err()).toMatch(/\d s\n\S*s\.csv: 200 rows/);
    const quiet = fakeIo(true);
    expect(await main([...generate, '--quiet'], quiet)).toBe(0);
    expect(quiet.err()).not.toMatch(/…/);
    const piped = fakeIo(false);
    expect(await main(generate, piped)).toBe(0);
    expect(piped.err()).not.toMatch(/…/);

    const validate = fakeIo(true);
    const argv = [
      'validate',
      '--real',
      'datasets/lung.csv',
      '--synthetic',
      synthetic,
      '--out',
      join(dir, 'r'),
    ];
    expect(await main([...argv, '--survival', 'time:status:2'], validate)).toBe(0);
    expect(validate.err()).toMatch(/validating: part (\d)\/\1 \w+, \d+\.\d s\n/);
  });
});
