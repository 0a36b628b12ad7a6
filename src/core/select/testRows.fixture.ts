import type { TrajectoryMetrics } from '../types';
import type { SelectableRow } from './compareRows';

/** A row for selection tests: only RSR (and optionally avgRankClip) matter to the order. */
export function row(id: string, teacher: string, rsr: number, extra: { avgRankClip?: number; line?: number; file?: string } = {}): SelectableRow {
  const metrics: TrajectoryMetrics = {
    respTokenLength: 10,
    avgRankClip: extra.avgRankClip ?? rsr,
    avgRank: rsr,
    avgSurprisal: 1,
    avgEntropy: 1,
    rsr,
  };
  const source = extra.line === undefined ? undefined : { file: extra.file ?? `${teacher}.jsonl`, line: extra.line, raw: '' };
  return { id, teacher, metrics, ...(source && { source }) };
}
