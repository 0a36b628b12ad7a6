import { describe, expect, it } from 'vitest';
import { pairTeachers } from '../../core/select/pairTeachers';
import type { TrajectoryMetrics } from '../../core/types';
import { pairsBySlice } from './pairsBySlice';
import { ID_PREFIX, sliceField, type SliceRecord } from './sliceFields';

const metrics = (rsr: number): TrajectoryMetrics => ({ respTokenLength: 10, avgRankClip: rsr, avgRank: rsr, avgSurprisal: 1, avgEntropy: 1, rsr });
const row = (teacher: string, id: string, rsr: number, source?: string): SliceRecord & { teacher: string; metrics: TrajectoryMetrics } => ({
  key: `${teacher}:${id}`,
  id,
  teacher,
  metrics: metrics(rsr),
  ...(source && { fields: { source } }),
});

describe('pairsBySlice', () => {
  const rows = [row('A', 'aime24-0', 5), row('B', 'aime24-0', 6), row('A', 'aime24-1', 7), row('B', 'aime24-1', 6), row('A', 'amc23-0', 5), row('B', 'amc23-0', 9), row('A', 'gsm-only', 1)];

  it('pairsBySlice groups the shared problems by the value both answers have, largest group first', () => {
    const groups = pairsBySlice(pairTeachers(rows, 'A', 'B').pairs, sliceField(ID_PREFIX));
    expect(groups.map((g) => [g.value, g.pairs.map((p) => p.id)])).toEqual([
      ['aime24', ['aime24-0', 'aime24-1']],
      ['amc23', ['amc23-0']],
    ]);
  });

  it('pairsBySlice groups a pair whose two records differ under both values', () => {
    const withSource = [row('A', 'p-1', 5, 'a/aime'), row('B', 'p-1', 6, 'b/aime'), row('A', 'p-2', 5, 'a/amc'), row('B', 'p-2', 4)];
    const groups = pairsBySlice(pairTeachers(withSource, 'A', 'B').pairs, sliceField('source'));
    expect(groups.map((g) => g.value)).toEqual(['A: a/aime · B: b/aime', 'A: a/amc · B: —']);
  });

  it('pairsBySlice leaves out pairs without a value on either side, and keeps a field’s own order', () => {
    const mixed = [row('A', 'x-1', 5, 'long'), row('B', 'x-1', 6, 'long'), row('A', 'x-2', 5), row('B', 'x-2', 4), row('A', 'x-3', 5, 'short'), row('B', 'x-3', 4, 'short')];
    const field = { ...sliceField('source'), order: (a: string, b: string) => (a === 'short' ? -1 : b === 'short' ? 1 : 0) };
    const groups = pairsBySlice(pairTeachers(mixed, 'A', 'B').pairs, field);
    expect(groups.map((g) => [g.value, g.pairs.map((p) => p.id)])).toEqual([
      ['short', ['x-3']],
      ['long', ['x-1']],
    ]);
  });
});
