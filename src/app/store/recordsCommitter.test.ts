import { beforeEach, describe, expect, it } from 'vitest';
import type { Trajectory } from '../../core/types';
import { appendedSince } from './appendedList';
import { isCommitDue, recordsCommitter } from './recordsCommitter';
import { useLensStore } from './useLensStore';

const record = (file: string, line: number): Trajectory => ({
  id: `r${line}`,
  teacher: 't',
  messages: [
    { role: 'user', content: `q${line}` },
    { role: 'assistant', content: `a${line}` },
  ],
  source: { file, line, raw: '' },
});
const batchOf = (file: string, from: number, n: number) => {
  const trajectories = Array.from({ length: n }, (_, i) => record(file, from + i));
  return { trajectories, hashes: trajectories.map((t) => `h${t.source.line}`), errors: [] };
};

describe('isCommitDue', () => {
  it('commits 2,000 records at a time at first, then an eighth of what is in, never more than 20,000 at once', () => {
    expect(isCommitDue(1999, 0)).toBe(false);
    expect(isCommitDue(2000, 0)).toBe(true);
    expect(isCommitDue(2000, 16_000)).toBe(true);
    expect(isCommitDue(2000, 80_000)).toBe(false);
    expect(isCommitDue(10_000, 80_000)).toBe(true);
    expect(isCommitDue(19_999, 900_000)).toBe(false);
    expect(isCommitDue(20_000, 900_000)).toBe(true);
  });

  it('makes a million records in batches of 2,000 fewer than 100 commits, copying about 40 M references in all', () => {
    let committed = 0;
    let pending = 0;
    let commits = 0;
    let copied = 0;
    for (let i = 0; i < 500; i++) {
      pending += 2000;
      if (!isCommitDue(pending, committed)) continue;
      committed += pending;
      copied += committed;
      pending = 0;
      commits++;
    }
    expect(commits).toBeLessThan(100);
    expect(copied).toBeLessThan(50 * 1_000_000);
  });
});

describe('recordsCommitter', () => {
  beforeEach(() => useLensStore.getState().datasetCleared());

  it('shows the first batch at once, appends the rest as the list grows, and marks the file loaded when finished', () => {
    const s = () => useLensStore.getState();
    s().parseStarted('a.jsonl');
    const commit = recordsCommitter('a.jsonl', 'user');
    commit.add(batchOf('a.jsonl', 1, 500));
    expect(s().trajectories).toHaveLength(500);
    const first = s().trajectories;
    commit.add(batchOf('a.jsonl', 501, 500));
    expect(s().trajectories).toBe(first);
    commit.add(batchOf('a.jsonl', 1001, 1500));
    expect(s().trajectories).toHaveLength(2500);
    expect(appendedSince(first, s().trajectories)).toBe(500);
    expect(s().parsing).toEqual(['a.jsonl']);
    commit.add(batchOf('a.jsonl', 2501, 10));
    expect(commit.finish()).toEqual({ trajectories: 2510, errors: 0 });
    expect(s().parsing).toEqual([]);
    expect(s().files).toEqual([{ name: 'a.jsonl', origin: 'user', trajectories: 2510, errors: 0 }]);
    expect(s().trajectories.map((t) => t.source.line)).toEqual(Array.from({ length: 2510 }, (_, i) => i + 1));
    expect(s().byKey.get('a.jsonl:2510')).toBe(s().trajectories[2509]);
    expect(s().hashes.get('a.jsonl:1234')).toBe('h1234');
  });

  it('replaces a file read again, keeping its place among the others, and its old results go', () => {
    const s = () => useLensStore.getState();
    s().fileParsed('a.jsonl', batchOf('a.jsonl', 1, 3).trajectories, [], 'user');
    s().fileParsed('b.jsonl', batchOf('b.jsonl', 1, 2).trajectories, [], 'user');
    s().resultsRestored([['a.jsonl:1', { id: 'r1' } as never]]);
    const commit = recordsCommitter('a.jsonl', 'user');
    commit.add(batchOf('a.jsonl', 1, 1));
    expect(s().results.size).toBe(0);
    s().parseStarted('a.jsonl');
    commit.add({ ...batchOf('a.jsonl', 2, 1), errors: [{ file: 'a.jsonl', line: 3, reason: 'bad' }] });
    commit.add(batchOf('a.jsonl', 4, 2000));
    expect(s().parsing).toEqual(['a.jsonl']);
    commit.finish();
    expect(s().parsing).toEqual([]);
    expect(s().files.map((f) => [f.name, f.trajectories, f.errors])).toEqual([
      ['a.jsonl', 2002, 1],
      ['b.jsonl', 2, 0],
    ]);
    expect(s().trajectories.map((t) => `${t.source.file}:${t.source.line}`).filter((k) => !/^a\.jsonl:(\d{2,})$/.test(k))).toEqual(['a.jsonl:1', 'a.jsonl:2', 'a.jsonl:4', 'a.jsonl:5', 'a.jsonl:6', 'a.jsonl:7', 'a.jsonl:8', 'a.jsonl:9', 'b.jsonl:1', 'b.jsonl:2']);
    expect(s().byKey.get('a.jsonl:2003')).toBe(s().trajectories[2001]);
    expect(s().inputErrors).toEqual([{ file: 'a.jsonl', line: 3, reason: 'bad' }]);
  });

  it('a file emptied, with no batch at all, replaces the old one by nothing; batches after the data was cleared are dropped', () => {
    const s = () => useLensStore.getState();
    s().fileParsed('a.jsonl', batchOf('a.jsonl', 1, 3).trajectories, [], 'user');
    expect(recordsCommitter('a.jsonl', 'user').finish()).toEqual({ trajectories: 0, errors: 0 });
    expect(s().trajectories).toEqual([]);
    const commit = recordsCommitter('b.jsonl', 'user');
    commit.add(batchOf('b.jsonl', 1, 1));
    s().datasetCleared();
    commit.add(batchOf('b.jsonl', 2, 5000));
    commit.finish();
    expect(s().trajectories).toEqual([]);
  });
});
