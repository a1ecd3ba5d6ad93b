import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { temporaryFile, temporaryFolder } from '../test-support/tables.js';
import { copyCsvRecords } from './copy-records.js';

describe('copyCsvRecords', () => {
  const copy = (content: string, part: number[]) => {
    const dir = temporaryFolder();
    const outputs = [join(dir, 'a.csv'), join(dir, 'b.csv')];
    copyCsvRecords(temporaryFile('in.csv', content), Uint8Array.from(part), outputs);
    return outputs.map((path) => readFileSync(path, 'utf8'));
  };

  it('keeps each line end as the file has it: LF, CRLF or old-Mac CR', () => {
    expect(copy('x,y\n1,a\n2,b', [0, 1])).toEqual(['x,y\n1,a\n', 'x,y\n2,b\n']);
    expect(copy('x,y\r\n1,a\r\n2,b\r\n', [1, 0])).toEqual(['x,y\r\n2,b\r\n', 'x,y\r\n1,a\r\n']);
    expect(copy('x,y\r1,a\r2,"b\rc"', [0, 0])).toEqual(['x,y\r1,a\r2,"b\rc"\r', 'x,y\r']);
    expect(copy('x,y\r\n1,a\r2,b\n', [0, 0])).toEqual(['x,y\r\n1,a\r2,b\n', 'x,y\r\n']);
  });
});
