import { pinyin } from 'pinyin-pro';

/** Full pinyin without tones ('zhanghuimin') and initials ('zhm') of a Chinese name, for search. */
export function namePinyin(name: string): { full: string; initials: string } {
  const clean = name.replace(/\s+/g, '');
  const full = pinyin(clean, { toneType: 'none', type: 'array', surname: 'head', nonZh: 'consecutive', v: true });
  const initials = pinyin(clean, { pattern: 'first', toneType: 'none', type: 'array', surname: 'head', nonZh: 'consecutive' });
  const norm = (xs: string[]) => xs.join('').toLowerCase().replace(/[^a-z0-9]/g, '');
  return { full: norm(full), initials: norm(initials) };
}
