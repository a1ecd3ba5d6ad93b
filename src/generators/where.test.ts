import { describe, expect, it } from 'vitest';
import { parseSchema } from '../data/schema.js';
import { checkWhere, parseWhere } from './where.js';

describe('parseWhere', () => {
  it('reads values, alternatives and missing', () => {
    expect(parseWhere('eln2022=adverse, tp53=1|0 ,ldh=NA,')).toEqual([
      { column: 'eln2022', equals: 'adverse' },
      { column: 'tp53', in: ['1', '0'] },
      { column: 'ldh', missing: true },
    ]);
  });

  it('refuses empty conditions instead of sampling everyone, naming the option', () => {
    expect(() => parseWhere('')).toThrow(/^where expects column=value pairs/);
    expect(() => parseWhere(' , ')).toThrow(/^where expects column=value pairs/);
    expect(() => parseWhere('')).toThrow(expect.objectContaining({ option: 'where' }));
  });

  it('refuses an empty alternative, which would read as 0 for an integer column', () => {
    expect(() => parseWhere('age=50|')).toThrow(
      /^where: condition 'age=50\|' has an empty value between '\|'/,
    );
  });

  it('refuses a fractional value for an integer column', () => {
    const schema = parseSchema({ version: 1, columns: [{ name: 'age', kind: 'integer' }] });
    expect(() => checkWhere(parseWhere('age=1.5'), schema)).toThrow(
      /^where: the condition on 'age' expects whole numbers/,
    );
  });
});
