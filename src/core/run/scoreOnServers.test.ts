import { beforeAll, describe, expect, it } from 'vitest';
import { BUNDLED_MODEL_DIR, dirFileGetter } from '../../cli/nodeFileGetter';
import { ServerError } from '../score/serverClient';
import { ServersLostError } from '../score/serverPool';
import type { ServerScores, ServerScorer } from '../score/serverScorer';
import { readTokenizerFiles } from '../score/studentFiles';
import { createStudentTokenizer, type StudentTokenizer } from '../tokenize/studentTokenizer';
import type { InputError, Trajectory } from '../types';
import { type Student, scoreTrajectories } from './scoreTrajectories';

// The run loop on servers (scoreTrajectories with a ServerScorer), with a fake scorer whose
// answers the test releases in any order: no HTTP, the real tokenizer.

const trajectory = (id: string, answer: string): Trajectory => ({
  id,
  teacher: 't',
  messages: [
    { role: 'user', content: `Question ${id}?` },
    { role: 'assistant', content: answer },
  ],
  source: { file: 't.jsonl', line: Number(id.slice(1)), raw: '' },
});
const trajectories = ['a few words', 'more words than that one has, by far', 'two', 'the last answer'].map((a, i) => trajectory(`p${i + 1}`, a));
const settings = { clip: 100, template: 'qwen' as const, maxTokens: 0, chunkBudgetBytes: 2 ** 28 };

/** A fake scorer: each call waits until the test settles it (by call order), and records the order of calls. */
function fakeScorer() {
  const calls: { ids: readonly number[]; resolve: (v: ServerScores) => void; reject: (e: unknown) => void }[] = [];
  let cancelled = 0;
  const scorer: ServerScorer = {
    kind: 'server',
    path: 'server',
    servers: [],
    engine: 'vllm 0.10.2',
    model: 'm',
    rankSemantics: 'vLLM #{≥}',
    topK: 5,
    window: 3,
    score: (ids, resp) =>
      new Promise((resolve, reject) =>
        calls.push({
          ids,
          resolve: (v) => resolve({ ...v, scores: { ...v.scores, surprisal: new Float32Array(resp.length).fill(1), rank: new Int32Array(resp.length).fill(2), entropy: new Float32Array(resp.length).fill(NaN) } }),
          reject,
        }),
      ),
    cancel: () => {
      cancelled++;
      for (const c of calls) c.reject(new Error('aborted'));
    },
    live: () => [],
    release: async () => {},
  };
  const answer = (i: number, openRanks = 0) => calls[i].resolve({ scores: { surprisal: new Float32Array(), rank: new Int32Array(), entropy: new Float32Array(), topIds: new Int32Array(), topProbs: new Float32Array(), topTexts: [], k: 0 }, openRanks, k: 20 });
  return { scorer, calls, answer, cancelled: () => cancelled };
}

const tick = () => new Promise((r) => setTimeout(r, 0));
const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
};

let tokenizer: StudentTokenizer;
beforeAll(async () => {
  tokenizer = createStudentTokenizer(await readTokenizerFiles(dirFileGetter(BUNDLED_MODEL_DIR)));
});
const studentOf = (scorer: ServerScorer): Student => ({ name: 'm', dtype: 'bfloat16', device: 'vllm', tokenizer, scorer });

describe('scoreTrajectories on servers', () => {
  it('hands results out in input order, whatever order the servers answer in, with at most `window` ahead', async () => {
    const f = fakeScorer();
    const order: string[] = [];
    const run = scoreTrajectories(trajectories, studentOf(f.scorer), settings, { onScored: (_, r) => order.push(r.id) });
    await until(() => f.calls.length === 3);
    expect(f.calls).toHaveLength(3); // the window
    f.answer(2);
    f.answer(1);
    await tick();
    expect(order).toEqual([]);
    f.answer(0, 3);
    await until(() => f.calls.length === 4);
    f.answer(3);
    const outcome = await run;
    expect(order).toEqual(['p1', 'p2', 'p3', 'p4']);
    expect(outcome).toMatchObject({ cancelled: false, stats: { trajectories: 4 } });
  });

  it('labels a trajectory whose ranks the server left open, and records the server in its provenance', async () => {
    const f = fakeScorer();
    const results = new Map<string, { approximate?: string; path: string; device: string }>();
    const run = scoreTrajectories(trajectories.slice(0, 2), studentOf(f.scorer), settings, { onScored: (_, r) => results.set(r.id, r.provenance) });
    await until(() => f.calls.length === 2);
    f.answer(0, 2);
    f.answer(1, 0);
    await run;
    expect(results.get('p1')).toMatchObject({ path: 'server', device: 'vllm 0.10.2', approximate: expect.stringMatching(/^2 of \d+ ranks are the server's tie-inclusive count #\{≥\}, an upper bound: its top 20 leave the strict rank between 21 and that count$/) });
    expect(results.get('p2')!.approximate).toBeUndefined();
  });

  it('skips a row the server cannot take, with its reason, and scores the rest', async () => {
    const f = fakeScorer();
    const scored: string[] = [];
    const skipped: InputError[] = [];
    const run = scoreTrajectories(trajectories.slice(0, 3), studentOf(f.scorer), settings, { onScored: (_, r) => scored.push(r.id), onSkipped: (_, e) => skipped.push(e) });
    await until(() => f.calls.length === 3);
    f.calls[1].reject(new ServerError('longer than the server’s context', 'row'));
    f.answer(0);
    f.answer(2);
    await run;
    expect(scored).toEqual(['p1', 'p3']);
    expect(skipped).toEqual([{ file: 't.jsonl', line: 2, reason: 'not scored by the server: longer than the server’s context' }]);
  });

  it('Cancel aborts what is in flight and hands out every result already back, even one after a missing one', async () => {
    const f = fakeScorer();
    const scored: string[] = [];
    let isCancelled = false;
    const run = scoreTrajectories(trajectories, studentOf(f.scorer), settings, { onScored: (_, r) => scored.push(r.id), isCancelled: () => isCancelled });
    await until(() => f.calls.length === 3);
    f.answer(1);
    await tick();
    isCancelled = true;
    const outcome = await run;
    expect(outcome.cancelled).toBe(true);
    expect(f.cancelled()).toBe(1);
    expect(scored).toEqual(['p2']);
  });

  it('losing every server stops the run, after handing out what is back', async () => {
    const f = fakeScorer();
    const scored: string[] = [];
    const run = scoreTrajectories(trajectories, studentOf(f.scorer), settings, { onScored: (_, r) => scored.push(r.id) });
    await until(() => f.calls.length === 3);
    f.answer(2);
    f.calls[0].reject(new ServersLostError(['http://gpu1 dropped: cannot reach it']));
    await expect(run).rejects.toThrow('no server is left to score with: http://gpu1 dropped: cannot reach it');
    expect(scored).toEqual(['p3']);
  });
});
