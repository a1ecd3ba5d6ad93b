import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
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
