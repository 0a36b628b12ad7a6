import { describe, expect, it } from 'vitest';
import { zoomedDomain } from './zoomedDomain';

describe('zoomedDomain', () => {
  it('zoomedDomain fits the intervals with a margin instead of starting at 0', () => {
    const [lo, hi] = zoomedDomain([7.11, 7.0, 7.2, 7.21, 7.1, 7.3]);
    expect(lo).toBeGreaterThan(6.9);
    expect(lo).toBeLessThan(7.0);
    expect(hi).toBeGreaterThan(7.3);
    expect(hi).toBeLessThan(7.4);
  });
  it('zoomedDomain of one value, or none, is still a range', () => {
    const [lo, hi] = zoomedDomain([5]);
    expect(lo).toBeLessThan(5);
    expect(hi).toBeGreaterThan(5);
    expect(zoomedDomain([NaN])).toEqual([0, 1]);
  });
});
