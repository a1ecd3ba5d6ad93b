import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AtomicFileWriter, makeFolder, writeFileAtomic } from './atomic-write.js';

const fresh = () => mkdtempSync(join(tmpdir(), 'synthcohort-atomic-'));

describe('writeFileAtomic', () => {
  it('makes the missing folders and leaves no temporary file', () => {
    const dir = fresh();
    const path = join(dir, 'a', 'b', 'out.json');
    writeFileAtomic(path, '{}');
    expect(readFileSync(path, 'utf8')).toBe('{}');
    expect(readdirSync(join(dir, 'a', 'b'))).toEqual(['out.json']);
  });

  it('fails, without leaving anything, when a parent is a file', () => {
    const dir = fresh();
    writeFileSync(join(dir, 'file'), 'x');
    expect(() => writeFileAtomic(join(dir, 'file', 'sub', 'out.json'), '{}')).toThrow(/ENOTDIR/);
    expect(readdirSync(dir)).toEqual(['file']);
  });

  it.runIf(existsSync('/proc/self'))(
    'fails instead of looping where a folder cannot be made (Node mkdir -p spins under /proc)',
    () => {
      expect(() => makeFolder('/proc/synthcohort-no-such/sub')).toThrow(/ENOENT|EACCES|EPERM/);
    },
  );
});

describe('AtomicFileWriter', () => {
  it('shows nothing at the target until commit, then every byte, small and large writes alike', () => {
    const dir = fresh();
    const path = join(dir, 'sub', 'out.txt');
    const writer = new AtomicFileWriter(path, 8);
    for (const piece of ['abc', 'defgh', 'a piece longer than the buffer', '!'])
      writer.write(Buffer.from(piece));
    expect(existsSync(path)).toBe(false);
    writer.commit();
    expect(readFileSync(path, 'utf8')).toBe('abcdefgha piece longer than the buffer!');
    expect(readdirSync(join(dir, 'sub'))).toEqual(['out.txt']);
  });

  it('leaves no file behind when aborted, even twice', () => {
    const dir = fresh();
    const writer = new AtomicFileWriter(join(dir, 'out.txt'));
    writer.write(Buffer.from('partial'));
    writer.abort();
    writer.abort();
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('atomic writes: targets, names and messages', () => {
  it('names its temporary file recognisably, beside the target', () => {
    const dir = fresh();
    const writer = new AtomicFileWriter(join(dir, 'synth.csv'));
    expect(readdirSync(dir)).toEqual([
      expect.stringMatching(/^\.synth\.csv\.synthcohort-\d+-[0-9a-f]{8}\.tmp$/),
    ]);
    writer.abort();
  });

  it('refuses a folder, a FIFO or a device as the target and leaves it alone', () => {
    const dir = fresh();
    mkdirSync(join(dir, 'folder'));
    expect(() => writeFileAtomic(join(dir, 'folder'), 'x')).toThrow(/folder: is a directory/);
    // A link to a device: were the check to fail, only the link would be replaced, never the device.
    symlinkSync('/dev/null', join(dir, 'null-link'));
    expect(() => writeFileAtomic(join(dir, 'null-link'), 'x')).toThrow(/null-link: is a character device/);
    expect(() => new AtomicFileWriter(join(dir, 'null-link'))).toThrow(/character device/);
    expect(lstatSync(join(dir, 'null-link')).isSymbolicLink()).toBe(true);
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    expect(() => writeFileAtomic(join(dir, 'fifo'), 'x')).toThrow(/fifo: is a FIFO/);
    expect(lstatSync(join(dir, 'fifo')).isFIFO()).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['fifo', 'folder', 'null-link']);
  });

  it('names the path it was given, never the temporary file, when the write fails', () => {
    const dir = fresh();
    const target = join(dir, `${'x'.repeat(300)}.csv`);
    let caught: NodeJS.ErrnoException | undefined;
    try {
      writeFileAtomic(target, 'a\n1\n');
    } catch (error) {
      caught = error as NodeJS.ErrnoException;
    }
    expect(caught?.code).toBe('ENAMETOOLONG');
    expect(caught?.path).toBe(target);
    expect(caught?.message).not.toMatch(/synthcohort-\d+/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('clears temporary files of killed runs from the folder it writes to, and only those', () => {
    const dir = fresh();
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    const alive = process.ppid;
    const names = {
      dead: `.a.csv.synthcohort-${dead}-0123abcd.tmp`,
      alive: `.b.csv.synthcohort-${alive}-0123abcd.tmp`,
      old: `.c.csv.synthcohort-${alive}-89abcdef.tmp`,
      user: '.d.csv.1234.0123abcd.tmp',
    };
    for (const name of Object.values(names)) writeFileSync(join(dir, name), 'partial');
    const hoursAgo = (Date.now() - 7 * 3600 * 1000) / 1000;
    utimesSync(join(dir, names.old), hoursAgo, hoursAgo);
    writeFileAtomic(join(dir, 'out.json'), '{}');
    expect(readdirSync(dir).sort()).toEqual([names.alive, names.user, 'out.json'].sort());
  });
});
