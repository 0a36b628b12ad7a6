import { describe, expect, it } from 'vitest';
import { quickRankSample } from './quickRankSample';

const items = [
  ...Array.from({ length: 10 }, (_, i) => ({ t: 'b', id: `p${i}` })),
  ...Array.from({ length: 4 }, (_, i) => ({ t: 'a', id: `p${i}` })),
];
const teacher = (x: { t: string }) => x.t;
const id = (x: { id: string }) => x.id;

describe('quickRankSample', () => {
  it('quickRankSample interleaves the teachers in name order, one of each in turn, until a teacher runs out', () => {
    const s = quickRankSample(items, teacher, id, 6, 1);
    expect(s.map((x) => x.t).join('')).toBe('ababababbb');
  });
  it('quickRankSample samples teachers on the same problems, in the same order', () => {
    const s = quickRankSample(items, teacher, id, 10, 3);
    const idsA = s.filter((x) => x.t === 'a').map(id);
    const idsB = s.filter((x) => x.t === 'b').map(id);
    // a answered p0–p3 only: those come in b's order too.
    expect(idsA).toEqual(idsB.filter((x) => idsA.includes(x)));
  });
  it('quickRankSample takes at most perTeacher of each, without repeats', () => {
    const s = quickRankSample(items, teacher, id, 3, 1);
    expect(s.filter((x) => x.t === 'b')).toHaveLength(3);
    expect(new Set(s).size).toBe(s.length);
  });
  it('quickRankSample is the same for the same seed, another for another seed, and does not reorder its input', () => {
    const before = items.map(id);
    expect(quickRankSample(items, teacher, id, 5, 7)).toEqual(quickRankSample(items, teacher, id, 5, 7));
    expect(quickRankSample(items, teacher, id, 5, 7)).not.toEqual(quickRankSample(items, teacher, id, 5, 8));
    expect(items.map(id)).toEqual(before);
  });
});
