import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNodeStudent } from '../../cli/loadNodeStudent';
import { teacherSummaries } from '../metrics/teacherRsr';
import { parseText } from '../parse/parseInput';
import { type ScoreSettings, type Student, scoreTrajectories } from '../run/scoreTrajectories';
import type { ScoredTrajectory } from '../types';
import { DEFAULT_CHUNK_BUDGET } from './chunkLength';
import { type ReferenceSample, SURPRISAL_TOLERANCE, parityReport } from './parityAssert.fixture';

// The reference implementation's output on the bundled student (fixtures/parity/README.md).
const FIXTURE = 'fixtures/parity';
const reference = JSON.parse(fs.readFileSync(`${FIXTURE}/reference.json`, 'utf8')) as {
  rank_clip: number;
  samples: (ReferenceSample & { teacher: string })[];
  dataset_by_teacher: Record<string, { n: number; rank_surprisal_ratio: number }>;
};
const { trajectories } = parseText(fs.readFileSync(`${FIXTURE}/trajectories.jsonl`, 'utf8'), 'trajectories.jsonl');
const settings = (chunkPositions: number): ScoreSettings => ({
  clip: reference.rank_clip,
  template: 'qwen',
  maxTokens: 0,
  chunkBudgetBytes: DEFAULT_CHUNK_BUDGET,
  chunkLength: chunkPositions,
});

async function scoreAll(student: Student, chunkPositions: number): Promise<ScoredTrajectory[]> {
  const results: ScoredTrajectory[] = [];
  await scoreTrajectories(trajectories, student, settings(chunkPositions), { onScored: (_, r) => results.push(r) });
  return results;
}

function expectParity(results: ScoredTrajectory[]) {
  expect(results).toHaveLength(reference.samples.length);
  results.forEach((r, i) => {
    const ref = reference.samples[i];
    expect(r.id).toBe(ref.id);
    const report = parityReport(r, ref, reference.rank_clip);
    expect(report, r.id).toMatchObject({ idsEqual: true, positionsEqual: true, rankOffByOne: 0, rankWorse: 0 });
    expect(report.maxSurprisalDiff, r.id).toBeLessThanOrEqual(SURPRISAL_TOLERANCE);
    expect(report.rsrRelDiff, r.id).toBeLessThanOrEqual(1e-4);
  });
  for (const s of teacherSummaries(results)) {
    const expected = reference.dataset_by_teacher[s.teacher];
    expect(s.n, s.teacher).toBe(expected.n);
    expect(Math.abs(s.rsr - expected.rank_surprisal_ratio) / expected.rank_surprisal_ratio, s.teacher).toBeLessThanOrEqual(1e-4);
  }
}

describe('parity with the reference rsr_cal.py on the bundled student', () => {
  let graph: Student;
  let js: Student;
  let single: ScoredTrajectory[];
  beforeAll(async () => {
    graph = await loadNodeStudent({ dtype: 'fp32' });
    js = await loadNodeStudent({ dtype: 'fp32', path: 'js' });
    single = await scoreAll(graph, 4096);
  }, 120_000);
  afterAll(async () => {
    await graph?.scorer.release();
    await js?.scorer.release();
  });

  it('the bundled student scores in-graph', () => {
    expect(graph.scorer.path).toBe('graph');
    expect(js.scorer.path).toBe('js');
  });

  it('single pass: identical ids, spans and ranks; surprisal within 2e-4; RSR and teacher RSR within 1e-4', () => {
    expectParity(single);
  });

  it('chunks of 16 positions split every conversation and still match the reference', async () => {
    const longest = Math.max(...single.map((r) => r.tokens.inputIds.length));
    expect(longest).toBeGreaterThan(16 * 2);
    const chunked = await scoreAll(graph, 16);
    expectParity(chunked);
    // Chunked and single-pass runs compute the same numbers (the KV cache is exact).
    chunked.forEach((r, i) => {
      expect(Array.from(r.scores.rank)).toEqual(Array.from(single[i].scores.rank));
      r.scores.surprisal.forEach((s, j) => expect(Math.abs(s - single[i].scores.surprisal[j])).toBeLessThanOrEqual(1e-5));
    });
  }, 120_000);

  it('the plain JavaScript path agrees with the in-graph path', async () => {
    const plain = await scoreAll(js, 64);
    expectParity(plain);
    plain.forEach((r, i) => {
      const g = single[i];
      expect(Array.from(r.scores.rank)).toEqual(Array.from(g.scores.rank));
      r.scores.surprisal.forEach((s, j) => expect(Math.abs(s - g.scores.surprisal[j])).toBeLessThanOrEqual(5e-5));
      r.scores.entropy.forEach((h, j) => expect(Math.abs(h - g.scores.entropy[j])).toBeLessThanOrEqual(1e-3));
      expect(Array.from(r.scores.topIds)).toEqual(Array.from(g.scores.topIds));
      r.scores.topProbs.forEach((p, j) => expect(Math.abs(p - g.scores.topProbs[j])).toBeLessThanOrEqual(1e-4));
    });
  }, 120_000);

  it('the top-5 table starts with the argmax: rank 1 tokens are the first alternative', () => {
    for (const r of single) {
      r.scores.rank.forEach((rank, i) => {
        if (rank === 1) expect(r.scores.topIds[i * r.scores.k]).toBe(r.tokens.inputIds[r.tokens.respPositions[i]]);
      });
      expect(r.scores.topTexts).toHaveLength(r.scores.topIds.length);
    }
  });
});
