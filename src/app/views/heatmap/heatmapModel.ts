import type { ScoredTrajectory } from '../../../core/types';
import type { HeatmapMetric } from '../../store/trajectoriesSlice';
import { heatmapScale, type MetricScale } from './heatmapScales';
import { histogram, type Histogram } from './histogram';

/** Per-token drawing data of one trajectory under one metric, computed once so rows render by lookup. */
export interface HeatmapModel {
  scale: MetricScale;
  /** posToScore[p] = index into respPositions (and the score arrays) of token p; -1 for a token that is not scored. */
  posToScore: Int32Array;
  /** Index into scale.colors per scored token; -1 when the value is NaN. */
  colorIndex: Int16Array;
  /** 1 when the scored token is underlined as notable under the shown metric. */
  notable: Uint8Array;
  /** The legend histogram (also each token's bin, for highlighting). */
  histogram: Histogram;
}

/**
 * Everything the heatmap rows look up per token, in O(T): a 30,000-token trajectory takes a few
 * milliseconds, so it is recomputed whole when the metric or the clip changes.
 */
export function heatmapModel(result: ScoredTrajectory, metric: HeatmapMetric, clip: number): HeatmapModel {
  const { respPositions, inputIds } = result.tokens;
  const { rank, surprisal } = result.scores;
  const scale = heatmapScale(metric, clip);
  const posToScore = new Int32Array(inputIds.length).fill(-1);
  for (let i = 0; i < respPositions.length; i++) posToScore[respPositions[i]] = i;
  const n = respPositions.length;
  const colorIndex = new Int16Array(n);
  const notable = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = scale.value(rank[i], surprisal[i]);
    colorIndex[i] = scale.colorIndex(v);
    notable[i] = scale.isNotable(v) ? 1 : 0;
  }
  return { scale, posToScore, colorIndex, notable, histogram: histogram(scale, rank, surprisal, clip) };
}
