import { describe, expect, it } from 'vitest';
import type { ScoredTrajectory } from '../../core/types';
import { notableTokens } from './notableTokens';

const result = (surprisal: number[], rank: number[]): ScoredTrajectory =>
  ({
    tokens: { text: 'abcdef', offsets: [0, 1, 2, 3, 4, 5, 6], respPositions: [1, 2, 3, 4, 5], inputIds: [0, 1, 2, 3, 4, 5] },
    scores: { surprisal: Float32Array.from(surprisal), rank: Int32Array.from(rank) },
  }) as unknown as ScoredTrajectory;

describe('notableTokens', () => {
  it('notableTokens lists the most surprising tokens across results, highest first, with their place', () => {
    const { surprising } = notableTokens(
      [
        ['a:1', result([1, 9, 3, 2, 0], [1, 200, 3, 1, 1])],
        ['a:2', result([5, 1, 8, 1, 1], [150, 1, 1, 1, 1])],
      ],
      100,
      3,
    );
    expect(surprising.map((t) => [t.key, t.pos, t.text, t.surprisal])).toEqual([
      ['a:1', 2, 'c', 9],
      ['a:2', 3, 'd', 8],
      ['a:2', 1, 'b', 5],
    ]);
  });
  it('notableTokens counts every token ranked above R and lists the most extreme ranks', () => {
    const { clipped, clippedCount } = notableTokens([['a:1', result([1, 1, 1, 1, 1], [101, 500, 3, 100, 120])]], 100, 2);
    expect(clippedCount).toBe(3);
    expect(clipped.map((t) => t.rank)).toEqual([500, 120]);
  });
});
