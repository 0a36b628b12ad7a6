import { describe, expect, it } from 'vitest';
import { fakeScoredTrajectory } from './fakeScoredTrajectory.fixture';
import { heatmapModel } from './heatmapModel';

const result = fakeScoredTrajectory([
  { text: 'user: hi\n' },
  { text: 'The', score: { rank: 1, surprisal: 0.01 } },
  { text: ' answer', score: { rank: 30, surprisal: 6 } },
  { text: '<end>' },
]);

describe('heatmapModel', () => {
  it('heatmapModel maps token positions to score indices, -1 for tokens that are not scored', () => {
    expect(Array.from(heatmapModel(result, 'surprisal', 100).posToScore)).toEqual([-1, 0, 1, -1]);
  });

  it('heatmapModel marks notable tokens under the shown metric', () => {
    expect(Array.from(heatmapModel(result, 'surprisal', 100).notable)).toEqual([0, 1]);
    expect(Array.from(heatmapModel(result, 'rank', 100).notable)).toEqual([0, 1]);
  });

  it('heatmapModel colours by the metric: rank 30 is the 11–100 bucket', () => {
    const m = heatmapModel(result, 'rank', 100);
    expect(m.scale.colors[m.colorIndex[1]]).toBe('#31688e');
  });
});
