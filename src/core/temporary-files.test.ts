import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as turn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { AtomicFileWriter } from './atomic-write.js';
import { isListeningForSignals, removeTemporariesOnSignals } from './temporary-files.js';

describe('temporary files on SIGINT and SIGTERM', () => {
  it('listens only while a write is pending, removes its temporary file and exits 143 or 130', async () => {
    const exits: number[] = [];
    removeTemporariesOnSignals({ exit: (code) => exits.push(code) });
    const dir = mkdtempSync(join(tmpdir(), 'synthcohort-signal-'));
    expect(isListeningForSignals()).toBe(false);

    const writer = new AtomicFileWriter(join(dir, 'synth.csv'));
    writer.write(Buffer.from('a,b\n'));
    expect(isListeningForSignals()).toBe(true);
    process.emit('SIGTERM');
    expect(exits).toEqual([143]);
    expect(readdirSync(dir)).toEqual([]);

    const second = new AtomicFileWriter(join(dir, 'synth.csv'));
    process.emit('SIGINT');
    expect(exits).toEqual([143, 130]);
    expect(readdirSync(dir)).toEqual([]);
    second.abort();

    // Still listening for a turn or two: a signal queued during a synchronous write is not lost.
    expect(isListeningForSignals()).toBe(true);
    await turn();
    await turn();
    await turn();
    expect(isListeningForSignals()).toBe(false);
    expect(existsSync(join(dir, 'synth.csv'))).toBe(false);
  });
});
