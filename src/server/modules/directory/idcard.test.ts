import { describe, expect, it } from 'vitest';
import { checkChar, makeIdNumber, parseIdNumber } from './idcard.ts';

describe('GB 11643 ID numbers', () => {
  it('accepts the standard example and reads birth date and gender', () => {
    // the worked example of GB 11643-1999
    const r = parseIdNumber('11010519491231002X');
    expect(r).toEqual({ ok: true, value: '11010519491231002X', info: { birthDate: '1949-12-31', gender: 'F' } });
  });
  it('accepts a lower-case x and spaces around', () => {
    expect(parseIdNumber(' 11010519491231002x ').ok).toBe(true);
  });
  it.each([
    ['110105194912310021', 'id.check'],
    ['11010519491231002', 'id.length'],
    ['1101051949123100AX', 'id.chars'],
    ['110105194902300023', 'id.birth'],
  ])('%s → %s', (v, problem) => {
    expect(parseIdNumber(v)).toEqual({ ok: false, problem });
  });
  it('makes valid numbers that encode what was asked', () => {
    for (let i = 0; i < 50; i++) {
      const id = makeIdNumber('330205', '1985-03-07', i % 2 ? 'M' : 'F', i);
      const r = parseIdNumber(id);
      expect(r.ok).toBe(true);
      if (r.ok) expect(r.info).toEqual({ birthDate: '1985-03-07', gender: i % 2 ? 'M' : 'F' });
    }
    expect(checkChar('33020319900101123')).toMatch(/^[0-9X]$/);
  });
});
