import { beforeEach, describe, expect, it } from 'vitest';
import type { ScoredTrajectory, Trajectory } from '../../core/types';
import { useLensStore } from './useLensStore';

const traj = (file: string, line: number, id = `${file}-${line}`): Trajectory => ({
  id,
  teacher: file,
  messages: [{ role: 'user', content: id }],
  source: { file, line, raw: '' },
});

describe('useLensStore cross-slice actions', () => {
  beforeEach(() => useLensStore.getState().datasetCleared());

  it('fileParsed for a file loaded before replaces it in place, with its errors and results', () => {
    const s = useLensStore.getState();
    s.fileParsed('a.jsonl', [traj('a.jsonl', 1), traj('a.jsonl', 2)], [{ file: 'a.jsonl', line: 3, reason: 'bad' }], 'user');
    s.fileParsed('b.jsonl', [traj('b.jsonl', 1)], [], 'user');
    useLensStore.getState().resultsArrived([
      ['a.jsonl:1', {} as ScoredTrajectory],
      ['b.jsonl:1', {} as ScoredTrajectory],
    ]);
    useLensStore.getState().fileParsed('a.jsonl', [traj('a.jsonl', 1, 'new')], [], 'user');
    const after = useLensStore.getState();
    expect(after.files.map((f) => f.name)).toEqual(['a.jsonl', 'b.jsonl']);
    expect(after.trajectories.map((t) => t.id)).toEqual(['new', 'b.jsonl-1']);
    expect(after.inputErrors).toEqual([]);
    expect([...after.results.keys()]).toEqual(['b.jsonl:1']);
    expect(after.byKey.get('a.jsonl:1')?.id).toBe('new');
  });

  it('datasetCleared forgets data, results and the selection', () => {
    const s = useLensStore.getState();
    s.fileParsed('a.jsonl', [traj('a.jsonl', 1)], [], 'demo');
    s.trajectorySelected('a.jsonl:1');
    useLensStore.getState().datasetCleared();
    const after = useLensStore.getState();
    expect(after.trajectories).toEqual([]);
    expect(after.files).toEqual([]);
    expect(after.selectedKey).toBeNull();
  });

  it('importsCleared forgets imported rows and results built from imports, and keeps the scored ones', () => {
    const s = useLensStore.getState();
    s.fileParsed('a.jsonl', [traj('a.jsonl', 1), traj('a.jsonl', 2)], [], 'user');
    s.resultsArrived([
      ['a.jsonl:1', { provenance: { device: 'wasm' } } as ScoredTrajectory],
      ['a.jsonl:2', { provenance: { device: 'imported' } } as ScoredTrajectory],
    ]);
    s.importFinished({ file: 'm.jsonl', kind: 'metrics', imported: 1, withHeatmap: 0, problems: [], notes: [] }, [
      { key: 'import:m.jsonl:1', id: 'q', teacher: 't', metrics: {} as ScoredTrajectory['metrics'], provenance: {}, file: 'm.jsonl', line: 1 },
    ]);
    useLensStore.getState().importsCleared();
    const after = useLensStore.getState();
    expect([...after.results.keys()]).toEqual(['a.jsonl:1']);
    expect(after.importedRows).toEqual([]);
    expect(after.importReports).toEqual([]);
  });

  it('fileParsed keeps the hashes that came with the records, and drops those of the records it replaces', () => {
    const s = useLensStore.getState();
    s.fileParsed('a.jsonl', [traj('a.jsonl', 1), traj('a.jsonl', 2)], [], 'user', ['h1', 'h2']);
    expect([...useLensStore.getState().hashes]).toEqual([['a.jsonl:1', 'h1'], ['a.jsonl:2', 'h2']]);
    useLensStore.getState().fileParsed('a.jsonl', [traj('a.jsonl', 1)], [], 'user', ['h3']);
    expect([...useLensStore.getState().hashes]).toEqual([['a.jsonl:1', 'h3']]);
  });
});

describe('scoringSlice batchArrived', () => {
  beforeEach(() => useLensStore.getState().datasetCleared());

  it('reliability: batchArrived commits a batch of 10,000 skips and results as one update, and counts them all as finished', () => {
    const s = useLensStore.getState();
    s.runStarted(10_001);
    let updates = 0;
    const stop = useLensStore.subscribe(() => updates++);
    const skipped = Array.from({ length: 10_000 }, (_, i) => [`a.jsonl:${i + 2}`, { file: 'a.jsonl', line: i + 2, reason: 'no response tokens' }] as [string, { file: string; line: number; reason: string }]);
    useLensStore.getState().batchArrived([['a.jsonl:1', {} as ScoredTrajectory]], skipped);
    stop();
    const after = useLensStore.getState();
    expect(updates).toBe(1);
    expect(after.skipped.size).toBe(10_000);
    expect(after.results.size).toBe(1);
    expect(after.progress?.finished).toBe(10_001);
    useLensStore.getState().runFinished();
  });
});

describe('useLensStore: remove a file, undo', () => {
  beforeEach(() => useLensStore.getState().datasetCleared());

  it('fileRemoved unloads one file with its errors and results, and snapshotRestored undoes it', () => {
    const s = useLensStore.getState();
    s.fileParsed('a.jsonl', [traj('a.jsonl', 1)], [{ file: 'a.jsonl', line: 2, reason: 'bad' }], 'user');
    s.fileParsed('b.jsonl', [traj('b.jsonl', 1)], [], 'user');
    useLensStore.getState().resultsArrived([['a.jsonl:1', {} as ScoredTrajectory]]);
    useLensStore.getState().trajectorySelected('a.jsonl:1');
    const snapshot = useLensStore.getState().fileRemoved('a.jsonl');
    let after = useLensStore.getState();
    expect(after.files.map((f) => f.name)).toEqual(['b.jsonl']);
    expect(after.trajectories.map((t) => t.source.file)).toEqual(['b.jsonl']);
    expect([after.inputErrors, [...after.results.keys()], after.selectedKey]).toEqual([[], [], null]);
    after.snapshotRestored(snapshot);
    after = useLensStore.getState();
    expect(after.files.map((f) => f.name)).toEqual(['a.jsonl', 'b.jsonl']);
    expect([...after.results.keys()]).toEqual(['a.jsonl:1']);
    expect(after.selectedKey).toBe('a.jsonl:1');
  });

  it('datasetCleared returns what Undo needs to bring the data and results back', () => {
    const s = useLensStore.getState();
    s.fileParsed('a.jsonl', [traj('a.jsonl', 1)], [], 'user');
    s.resultsArrived([['a.jsonl:1', {} as ScoredTrajectory]]);
    const snapshot = useLensStore.getState().datasetCleared();
    expect(useLensStore.getState().trajectories).toEqual([]);
    useLensStore.getState().snapshotRestored(snapshot);
    expect(useLensStore.getState().trajectories).toHaveLength(1);
    expect(useLensStore.getState().results.size).toBe(1);
  });
});

describe('useLensStore: notices on a topic', () => {
  it('a notice replaces the older one on its topic, and topicResolved removes them', () => {
    const s = useLensStore.getState();
    s.noticeAdded('info', 'Cancelled. 14 left.', { topic: 'run-left' });
    s.noticeAdded('info', 'Cancelled. 9 left.', { topic: 'run-left' });
    s.noticeAdded('info', 'Other');
    expect(useLensStore.getState().notices.map((n) => n.text).slice(-2)).toEqual(['Cancelled. 9 left.', 'Other']);
    useLensStore.getState().topicResolved('run-left');
    expect(useLensStore.getState().notices.some((n) => n.topic === 'run-left')).toBe(false);
  });
});
