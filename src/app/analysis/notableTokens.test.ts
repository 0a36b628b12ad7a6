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
  it('notableTokens shows a token repeated in one trajectory (a repetition loop) as one place with a count, so distinct places fill the list', () => {
    // 'b' loops: four times more surprising than anything else; 'c' and 'd' each once.
    const looping = {
      tokens: { text: 'abbbbcd', offsets: [0, 1, 2, 3, 4, 5, 6, 7], respPositions: [1, 2, 3, 4, 5, 6], inputIds: [0, 1, 1, 1, 1, 2, 3] },
      scores: { surprisal: Float32Array.from([12, 14, 13, 12, 3, 2]), rank: Int32Array.from([900, 950, 910, 905, 120, 1]) },
    } as unknown as ScoredTrajectory;
    const { surprising, clipped } = notableTokens([['loop:1', looping], ['a:2', result([5, 1, 1, 1, 1], [1, 1, 1, 1, 1])]], 100, 3);
    expect(surprising.map((t) => [t.key, t.pos, t.text, t.surprisal, t.count])).toEqual([
      ['loop:1', 2, 'b', 14, 4],
      ['a:2', 1, 'b', 5, 1],
      ['loop:1', 5, 'c', 3, 1],
    ]);
    expect(clipped.map((t) => [t.text, t.rank, t.count])).toEqual([
      ['b', 950, 4],
      ['c', 120, 1],
    ]);
  });
  it('notableTokens counts every token ranked above R and lists the most extreme ranks', () => {
    const { clipped, clippedCount } = notableTokens([['a:1', result([1, 1, 1, 1, 1], [101, 500, 3, 100, 120])]], 100, 2);
    expect(clippedCount).toBe(3);
    expect(clipped.map((t) => t.rank)).toEqual([500, 120]);
  });
});
