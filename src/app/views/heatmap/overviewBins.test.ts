import { describe, expect, it } from 'vitest';
import { overviewBins } from './overviewBins';

describe('overviewBins', () => {
  it('overviewBins keeps the highest surprisal of the rows each pixel stands for, NaN where nothing is scored', () => {
    const rows = [0, 1, 2, 3].map((i) => ({ start: i * 2, end: i * 2 + 2, line: i, isContinuation: false }));
    const posToScore = Int32Array.from([-1, -1, 0, 1, 2, 3, 4, 5]);
    const bins = overviewBins(rows, posToScore, [1, 7, 2, 3, 9, 0.5], 2);
    expect([...bins]).toEqual([7, 9]);
    expect(Number.isNaN(overviewBins(rows.slice(0, 1), posToScore, [1], 1)[0])).toBe(true);
  });
});
