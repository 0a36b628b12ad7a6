import { describe, expect, it } from 'vitest';
import { distinguishingLabels, middleEllipsis, middleSplit } from './distinguishingLabels';

// The `source` values of fixtures/realdata: two teachers × two benchmarks, one long common prefix.
const ROOT = 'NovaSky-AI/SkyThought:skythought/Qwen2.5-Math/evaluation/outputs';
const SOURCES = [
  `${ROOT}/Qwen/Qwen2.5-14B-Instruct/aime24_eval/aime24/test_qwen25-math-cot_-1_seed0_t0.0_s0_e-1.jsonl@f7bcf0b4e7d4`,
  `${ROOT}/Qwen/Qwen2.5-14B-Instruct/amc23_eval/amc23/test_qwen25-math-cot_-1_seed0_t0.0_s0_e-1.jsonl@f7bcf0b4e7d4`,
  `${ROOT}/icml_models/Sky-T1-math-reflection-0.2-32B/amc23_eval/amc23/test_Sky-T1_-1_seed0_t0.0_s0_e-1.jsonl@e78bc0515831`,
  `${ROOT}/icml_models/Sky-T1-math-reflection-0.2-32B/aime24_eval/aime24/test_Sky-T1_-1_seed0_t0.0_s0_e-1.jsonl@e78bc0515831`,
];

describe('distinguishingLabels', () => {
  it('distinguishingLabels(paths) keeps only the path segments that tell the values apart', () => {
    expect(distinguishingLabels(SOURCES)).toEqual([
      '…/Qwen2.5-14B-Instruct/aime24_eval/…',
      '…/Qwen2.5-14B-Instruct/amc23_eval/…',
      '…/Sky-T1-math-reflection-0.2-32B/amc23_eval/…',
      '…/Sky-T1-math-reflection-0.2-32B/aime24_eval/…',
    ]);
  });

  it('distinguishingLabels(values) drops a long common start and end at a separator, keeping the word next to the difference', () => {
    expect(distinguishingLabels(['teacher_qwen2.5-14b-instruct.jsonl', 'teacher_sky-t1-math-reflection-0.2-32b.jsonl'])).toEqual([
      'teacher_qwen2.5-14b-instruct.jsonl',
      'teacher_sky-t1-math-reflection-0.2-32b.jsonl',
    ]);
    expect(distinguishingLabels(['p7-1.jsonl', 'p7-2.jsonl'])).toEqual(['p7-1.jsonl', 'p7-2.jsonl']);
    expect(distinguishingLabels(['NovaSky-AI/SkyThought-eval:aime', 'NovaSky-AI/SkyThought-eval:amc'])).toEqual(['…eval:aime', '…eval:amc']);
    expect(distinguishingLabels(['run-2026-12-01-long-suffix-a-common-tail', 'run-2026-12-02-long-suffix-a-common-tail'])).toEqual([
      '…12-01-long-suffix…',
      '…12-02-long-suffix…',
    ]);
  });

  it('distinguishingLabels(values) maps repeated values to one label, in the input order', () => {
    const labels = distinguishingLabels([SOURCES[1], SOURCES[0], SOURCES[1]]);
    expect(labels[0]).toBe(labels[2]);
    expect(labels[0]).not.toBe(labels[1]);
  });

  it('distinguishingLabels of one value, or of none, is the value itself', () => {
    expect(distinguishingLabels([SOURCES[0]])).toEqual([SOURCES[0]]);
    expect(distinguishingLabels([])).toEqual([]);
  });

  it('distinguishingLabels(paths of different depths) falls back to the common start and end', () => {
    expect(distinguishingLabels(['datasets/competition-math/aime/train.jsonl', 'datasets/competition-math/amc/x/train.jsonl'])).toEqual(['…math/aime/train.jsonl', '…math/amc/x/train.jsonl']);
  });
});

describe('middleEllipsis', () => {
  it('middleEllipsis(text, max) keeps the start and the end within max characters', () => {
    expect(middleEllipsis('Sky-T1-math-reflection-0.2-32B', 15)).toBe('Sky-T1-…0.2-32B');
    expect(middleEllipsis('Sky-T1-math-reflection-0.2-32B', 15)).toHaveLength(15);
    expect(middleEllipsis('short', 15)).toBe('short');
  });
});

describe('middleSplit', () => {
  it('middleSplit(text) puts the distinguishing end in the tail, from a separator', () => {
    expect(middleSplit('Sky-T1-math-reflection-0.2-32B')).toEqual(['Sky-T1-math-reflection-', '0.2-32B']);
    expect(middleSplit('Qwen/Qwen2.5-14B-Instruct')).toEqual(['Qwen/Qwen2.5-', '14B-Instruct']);
    expect(middleSplit('teacher_qwen2.5-14b-instruct.jsonl', 20)).toEqual(['teacher_qwen2.5-', '14b-instruct.jsonl']);
    expect(middleSplit('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa').join('')).toBe('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');
    expect(middleSplit('terse')).toEqual(['terse', '']);
  });
});
