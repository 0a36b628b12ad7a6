import { describe, expect, it } from 'vitest';
import { rankAverage } from './rankAverage';

describe('rankAverage', () => {
  it('rankAverage(values) gives 1-based ranks in ascending order', () => {
    expect([...rankAverage([30, 10, 20])]).toEqual([3, 1, 2]);
  });

  it('rankAverage(values) gives tied values the mean of the ranks they span', () => {
    expect([...rankAverage([1, 2, 2, 3])]).toEqual([1, 2.5, 2.5, 4]);
    expect([...rankAverage([5, 5, 5])]).toEqual([2, 2, 2]);
    expect([...rankAverage([7, 1, 7, 1, 7])]).toEqual([4, 1.5, 4, 1.5, 4]);
  });

  it('rankAverage(values) gives NaN rank NaN and ranks the other values among themselves', () => {
    expect([...rankAverage([NaN, 3, 1, NaN])]).toEqual([NaN, 2, 1, NaN]);
  });

  it('rankAverage(values) ranks -Infinity first and Infinity last', () => {
    expect([...rankAverage([Infinity, 0, -Infinity])]).toEqual([3, 2, 1]);
  });

  it('rankAverage([]) is empty', () => {
    expect(rankAverage([]).length).toBe(0);
  });

  it('rankAverage(values) does not mutate its input', () => {
    const values = [3, 1, 2];
    rankAverage(values);
    expect(values).toEqual([3, 1, 2]);
  });
});
