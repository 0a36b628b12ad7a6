import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pkg from '../../../package.json';
import { loadNodeStudent } from '../../cli/loadNodeStudent';
import { trajectoryMetrics } from '../metrics/trajectoryMetrics';
import { createStudentTokenizer } from '../tokenize/studentTokenizer';
import type { InputError, ScoredTrajectory, Trajectory } from '../types';
import { segmentWork } from './etaEstimator';
import { MAX_CONVERSATION_CHARS, type RunProgress, type ScoreSettings, type Student, scoreTrajectories } from './scoreTrajectories';

const trajectory = (id: string, line: number, messages: { role: string; content: string }[]): Trajectory => ({
  id,
  teacher: 'T',
  messages,
  source: { file: 'teacher_t.jsonl', line, raw: `{"id":"${id}"}` },
});
const qa = (id: string, line: number, question: string, answer: string) =>
  trajectory(id, line, [
    { role: 'user', content: question },
    { role: 'assistant', content: answer },
  ]);

const short1 = qa('short-1', 1, 'What is 2 + 3?', '<think>\n2 + 3 = 5.\n</think>\n\nThe answer is 5.');
// Its prompt alone is longer than maxTokens: the response is cut away entirely.
const longPrompt = qa('long-prompt', 2, 'Consider the following. '.repeat(40) + 'What is 1 + 1?', 'It is 2.');
const short2 = qa('short-2', 3, 'What is 4 * 6?', '<think>\n4 * 6 = 24.\n</think>\n\nThe answer is 24.');
// The response starts within maxTokens and is cut inside: scored up to the cut.
const longAnswer = qa('long-answer', 4, 'Count.', 'one two three four five six seven eight nine ten '.repeat(10));
const noAssistant = trajectory('no-assistant', 5, [{ role: 'user', content: 'Hello?' }]);

const MAX_TOKENS = 64;
const settings = (over: Partial<ScoreSettings> = {}): ScoreSettings => ({
  clip: 50,
  template: 'qwen',
  maxTokens: MAX_TOKENS,
  // 8 positions per chunk: several chunks per conversation.
  chunkBudgetBytes: 8 * 2 * 151936 * 4,
  chunkLength: 8,
  ...over,
});

let student: Student;
beforeAll(async () => {
  student = await loadNodeStudent({ dtype: 'fp32' });
});
afterAll(async () => {
  await student?.scorer.release();
});

async function run(trajectories: Trajectory[], s: ScoreSettings = settings(), isCancelled?: (scored: number) => boolean) {
  const scored: [number, ScoredTrajectory][] = [];
  const skipped: [number, InputError][] = [];
  const progress: RunProgress[] = [];
  const result = await scoreTrajectories(trajectories, student, s, {
    onScored: (i, r) => scored.push([i, r]),
    onSkipped: (i, e) => skipped.push([i, e]),
    onProgress: (p) => progress.push(p),
    isCancelled: isCancelled && (() => isCancelled(scored.length)),
  });
  return { result, scored, skipped, progress };
}

describe('scoreTrajectories with the bundled student (onnxruntime-node)', () => {
  it('a trajectory whose response maxTokens cuts away is skipped with a clear reason; the others are scored', async () => {
    const { result, scored, skipped } = await run([short1, longPrompt, short2, longAnswer]);
    expect(result.cancelled).toBe(false);
    expect(skipped).toEqual([[1, { file: 'teacher_t.jsonl', line: 2, reason: `no response tokens within the first ${MAX_TOKENS} tokens` }]]);
    expect(scored.map(([i, r]) => [i, r.id])).toEqual([
      [0, 'short-1'],
      [2, 'short-2'],
      [3, 'long-answer'],
    ]);
    for (const [, r] of scored) {
      expect(r.metrics.respTokenLength, r.id).toBe(r.tokens.respPositions.length);
      expect(r.metrics.respTokenLength, r.id).toBeGreaterThan(0);
      expect(Number.isFinite(r.metrics.rsr), r.id).toBe(true);
    }
  });

  it('a response cut inside by maxTokens is scored up to the cut, marked truncated', async () => {
    const { scored } = await run([longAnswer]);
    const r = scored[0][1];
    expect(r.tokens.truncated).toBe(true);
    expect(r.tokens.inputIds).toHaveLength(MAX_TOKENS);
    expect(r.tokens.fullLength).toBeGreaterThan(MAX_TOKENS);
    expect(r.tokens.respPositions.at(-1)).toBe(MAX_TOKENS - 1);
    expect(r.scores.rank).toHaveLength(r.tokens.respPositions.length);
  });

  it('a conversation without an assistant turn is skipped, and the reason says so', async () => {
    const { scored, skipped } = await run([noAssistant, short1], settings({ maxTokens: 0 }));
    expect(skipped).toEqual([[0, { file: 'teacher_t.jsonl', line: 5, reason: expect.stringMatching(/no assistant span/) }]]);
    expect(scored.map(([i]) => i)).toEqual([1]);
  });

  it('cancelling after the first result keeps that result and returns cancelled: true', async () => {
    const { result, scored, skipped } = await run([short1, short2, longAnswer], settings(), (n) => n >= 1);
    expect(result.cancelled).toBe(true);
    expect(scored).toHaveLength(1);
    expect(skipped).toHaveLength(0);
    const [index, first] = scored[0];
    expect(index).toBe(0);
    expect(first.id).toBe('short-1');
    // Complete: every response token scored.
    expect(first.scores.rank).toHaveLength(first.tokens.respPositions.length);
    expect(first.scores.rank.every((r) => r >= 1)).toBe(true);
  });

  it('a cancel between chunks of a conversation drops that conversation and returns cancelled: true', async () => {
    let polls = 0;
    const { result, scored } = await run([longAnswer], settings(), () => ++polls > 2);
    expect(result.cancelled).toBe(true);
    expect(scored).toHaveLength(0);
  });

  it('every result carries its provenance: model, dtype, device, version, clip, template, max tokens, path, file (no approximate: exact)', async () => {
    const { result, scored } = await run([short1, short2]);
    const provenance = { model: 'rsr-tiny-qwen3', dtype: 'fp32', device: 'cpu', version: pkg.version, clip: 50, template: 'qwen', maxTokens: MAX_TOKENS, path: 'graph', file: 'onnx/model.onnx' };
    expect(result.provenance).toEqual(provenance);
    for (const [, r] of scored) expect(r.provenance).toEqual(provenance);
  });

  it('results carry identity and source, metrics at the run clip, and a display text for each top-k id', async () => {
    const { scored } = await run([short1]);
    const r = scored[0][1];
    expect(r).toMatchObject({ id: 'short-1', teacher: 'T', source: short1.source });
    expect(r.metrics).toEqual(trajectoryMetrics(r.scores, 50));
    expect(r.scores.topTexts).toHaveLength(r.scores.topIds.length);
    r.scores.topIds.forEach((id, i) => expect(r.scores.topTexts[i]).toBe(student.tokenizer.displayText(id)));
  });

  it('progress counts fed tokens up, never past the estimated total', async () => {
    const { progress } = await run([short1, longPrompt, short2]);
    expect(progress.length).toBeGreaterThan(3);
    for (let i = 1; i < progress.length; i++) expect(progress[i].doneTokens).toBeGreaterThanOrEqual(progress[i - 1].doneTokens);
    for (const p of progress) expect(p.doneTokens).toBeLessThanOrEqual(p.totalTokens);
    expect(progress.map((p) => p.index)).toContain(2);
  });

  it('progress says what each call fed and what is left, for the ETA: together, every position up to the last response token', async () => {
    const { progress, scored } = await run([longAnswer], settings({ maxTokens: 0 }));
    const { inputIds, respPositions } = scored[0][1].tokens;
    const end = respPositions[respPositions.length - 1];
    // Chunks of 8 positions, fed up to the row that predicts the last response token.
    let fed = 0;
    for (const p of progress) {
      expect(p.work).toEqual(segmentWork(fed, Math.min(fed + 8, end)));
      fed = Math.min(fed + 8, end);
      expect(p.remaining).toEqual(segmentWork(fed, inputIds.length));
    }
    expect(fed).toBe(end);
  });

  it('reports what it scored for a tokens/s figure: trajectories, their conversation tokens, wall time', async () => {
    const { result, scored } = await run([short1, longPrompt, short2]);
    expect(result.stats.trajectories).toBe(2);
    expect(result.stats.tokens).toBe(scored.reduce((n, [, r]) => n + r.tokens.inputIds.length, 0));
    expect(result.stats.seconds).toBeGreaterThan(0);
    const cancelled = await run([short1, short2], settings(), (n) => n >= 1);
    expect(cancelled.result.stats.trajectories).toBe(1);
    expect(cancelled.result.stats.tokens).toBe(cancelled.scored[0][1].tokens.inputIds.length);
  });
});

describe('scoreTrajectories past max_position_embeddings (reliability)', () => {
  it('reliability: scores a conversation longer than the model’s max_position_embeddings, warns, and keeps the limit with the result', async () => {
    const warnings: [number, InputError][] = [];
    const scored: ScoredTrajectory[] = [];
    const tight = { ...student, maxPositions: 30 };
    await scoreTrajectories([short1, qa('tiny', 9, 'Hi', 'Yo.')], tight, settings({ maxTokens: 0 }), {
      onScored: (_, r) => scored.push(r),
      onWarning: (i, w) => warnings.push([i, w]),
    });
    expect(scored.map((r) => [r.id, r.positionLimit])).toEqual([['short-1', 30], ['tiny', undefined]]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0][0]).toBe(0);
    expect(warnings[0][1]).toMatchObject({ file: 'teacher_t.jsonl', line: 1 });
    expect(warnings[0][1].reason).toMatch(/^\d+ tokens, more than the model's max_position_embeddings \(30\): scored past the context it was trained on$/);
  });
});

describe('scoreTrajectories with a template that refuses a conversation (reliability)', () => {
  it('reliability: a conversation the chat template raises an exception on is skipped with its message; the run goes on', async () => {
    const config = JSON.parse(readFileSync(new URL('../../../public/models/rsr-tiny-qwen3/tokenizer_config.json', import.meta.url), 'utf8'));
    const tokenizerJson = JSON.parse(readFileSync(new URL('../../../public/models/rsr-tiny-qwen3/tokenizer.json', import.meta.url), 'utf8'));
    const refusing = `{%- for m in messages %}{%- if 'BOOM' in m.content %}{{- raise_exception('Conversation roles must alternate') }}{%- endif %}{%- endfor %}${config.chat_template}`;
    const picky = { ...student, tokenizer: createStudentTokenizer({ tokenizerJson, tokenizerConfig: config, chatTemplate: refusing }) };
    const scored: ScoredTrajectory[] = [];
    const skipped: [number, InputError][] = [];
    const { cancelled } = await scoreTrajectories([short1, qa('boom', 7, 'BOOM?', 'No.'), short2], picky, settings(), {
      onScored: (_, r) => scored.push(r),
      onSkipped: (i, e) => skipped.push([i, e]),
    });
    expect(cancelled).toBe(false);
    expect(scored.map((r) => r.id)).toEqual(['short-1', 'short-2']);
    expect(skipped).toHaveLength(1);
    expect(skipped[0][0]).toBe(1);
    expect(skipped[0][1]).toMatchObject({ file: 'teacher_t.jsonl', line: 7 });
    expect(skipped[0][1].reason).toMatch(/^not tokenized: .*Conversation roles must alternate/);
  });
});

describe('scoreTrajectories: a row past the limits is a skipped row, never the end of the run (reliability)', () => {
  it('reliability: a 34 M-character conversation among others is skipped with its id and size; the others are scored', async () => {
    const huge = qa('huge', 2, 'Repeat.', 'x'.repeat(34 * 2 ** 20));
    const { scored, skipped, result } = await run([short1, huge, short2], settings({ maxTokens: 0 }));
    expect(result.cancelled).toBe(false);
    expect(scored.map(([i]) => i)).toEqual([0, 2]);
    expect(skipped).toEqual([
      [1, { file: 'teacher_t.jsonl', line: 2, reason: `huge is 35,651,591 characters long, more than the ${MAX_CONVERSATION_CHARS.toLocaleString('en-US')} a conversation may have (shorten or split it)` }],
    ]);
  });
});
