import { describe, expect, it } from 'vitest';
import { uuidv7, UUID_RE } from './ids.ts';

describe('uuidv7', () => {
  it('is a version-7 RFC 9562 UUID, unique and increasing within the process', () => {
    const ids = Array.from({ length: 5000 }, () => uuidv7());
    for (const id of ids) {
      expect(id).toMatch(UUID_RE);
      expect(id[14]).toBe('7');
      expect('89ab').toContain(id[19]);
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });
});
