import { describe, expect, it } from 'vitest';
import type { ScoredTrajectory, Trajectory } from '../../core/types';
import { inSlice } from './sliceFields';
import { tableRows, withCountedLengths } from './tableRows';

const traj = (line: number, id: string, teacher: string): Trajectory => ({
  id,
  teacher,
  messages: [],
  source: { file: 'a.jsonl', line, raw: '' },
});

describe('tableRows', () => {
  const ts = [traj(1, 'p7-1', 'terse'), traj(2, 'p7-10', 'noise'), traj(3, 'p8-1', 'terse')];

  it('tableRows(…, teacher, id) keeps rows of that teacher whose id contains the text, any case', () => {
    expect(tableRows(ts, new Map(), new Map(), 'terse', '').map((r) => r.id)).toEqual(['p7-1', 'p8-1']);
    expect(tableRows(ts, new Map(), new Map(), '', 'P7-1').map((r) => r.id)).toEqual(['p7-1', 'p7-10']);
    expect(tableRows(ts, new Map(), new Map(), 'noise', 'p8')).toEqual([]);
  });

  it('tableRows marks rows scored, skipped or pending and carries the metrics of scored ones', () => {
    const metrics = { respTokenLength: 5, avgRankClip: 2, avgRank: 3, avgSurprisal: 1, avgEntropy: 0.5, rsr: 2 };
    const results = new Map([['a.jsonl:1', { metrics } as ScoredTrajectory]]);
    const skipped = new Map([['a.jsonl:2', { file: 'a.jsonl', line: 2, reason: 'empty response' }]]);
    const rows = tableRows(ts, results, skipped, '', '');
    expect(rows.map((r) => r.status)).toEqual(['scored', 'skipped', 'pending']);
    expect(rows[0]).toMatchObject({ key: 'a.jsonl:1', tokens: 5, rsr: 2, avgRankClip: 2, avgSurprisal: 1, avgEntropy: 0.5, order: 0 });
    expect(rows[2].rsr).toBeUndefined();
  });

  it('tableRows(…, { text, inSlice }) keeps rows whose messages contain the text (any case) and whose field is in the slice', () => {
    const t = (line: number, content: string, source: string): Trajectory => ({ id: `q${line}`, teacher: 't', messages: [{ role: 'assistant', content }], source: { file: 'a.jsonl', line, raw: '' }, fields: { source } });
    const all = [t(1, 'Wait, RECHECK this', 'aime'), t(2, 'recheck', 'amc'), t(3, 'done', 'aime')];
    expect(tableRows(all, new Map(), new Map(), '', '', { text: 'Recheck' }).map((r) => r.id)).toEqual(['q1', 'q2']);
    expect(tableRows(all, new Map(), new Map(), '', '', { text: 'recheck', inSlice: inSlice({ field: 'source', value: 'aime' }) }).map((r) => r.id)).toEqual(['q1']);
    expect(tableRows(all, new Map(), new Map(), '', '')[0].fields).toEqual({ source: 'aime' });
  });

  it('tableRows(…, lengths) gives every row its counted length, and pending rows their counted response tokens', () => {
    const metrics = { respTokenLength: 5, avgRankClip: 2, avgRank: 3, avgSurprisal: 1, avgEntropy: 0.5, rsr: 2 };
    const results = new Map([['a.jsonl:1', { metrics, tokens: { fullLength: 40 } } as ScoredTrajectory]]);
    const lengths = new Map([
      ['a.jsonl:1', { tokens: 40, response: 9 }],
      ['a.jsonl:3', { tokens: 12, response: 4 }],
    ]);
    const rows = tableRows(ts, results, new Map(), '', '', {}, lengths);
    // Scored: the scored response tokens (max tokens may have cut them), the counted length.
    expect(rows[0]).toMatchObject({ status: 'scored', tokens: 5, length: 40 });
    expect(rows[1]).toMatchObject({ status: 'pending', tokens: undefined, length: undefined });
    expect(rows[2]).toMatchObject({ status: 'pending', tokens: 4, length: 12 });
    // Without a count, a scored row's length comes from its result.
    expect(tableRows(ts, results, new Map(), '', '')[0].length).toBe(40);
  });
});

describe('withCountedLengths', () => {
  it('draws a row with its counted length first and its scored response tokens first, as tableRows would have made it', () => {
    const ts = [traj(1, 'p-1', 't'), traj(2, 'p-2', 't')];
    const metrics = { respTokenLength: 5, avgRankClip: 2, avgRank: 3, avgSurprisal: 1, avgEntropy: 0.5, rsr: 2 };
    const results = new Map([['a.jsonl:1', { metrics, tokens: { fullLength: 40 } } as ScoredTrajectory]]);
    const lengths = new Map([
      ['a.jsonl:1', { tokens: 42, response: 6 }],
      ['a.jsonl:2', { tokens: 9, response: 3 }],
    ]);
    const drawn = tableRows(ts, results, new Map(), '', '').map((r) => withCountedLengths(r, lengths));
    expect(drawn).toEqual(tableRows(ts, results, new Map(), '', '', {}, lengths));
    expect(drawn.map((r) => [r.length, r.tokens])).toEqual([
      [42, 5],
      [9, 3],
    ]);
  });
});
