import { describe, expect, it } from 'vitest';
import { type PositionLogprobs, ServerProtocolError, deriveStrictRank, promptLogprobsRequest, readPosition, readPromptLogprobs } from './promptLogprobs';

/**
 * One position as vLLM builds it (vllm/logprobs.py): a dict filled with the actual token first
 * (rank #{≥}), then the top k by descending logprob with ranks 1…k — an actual token among them
 * is overwritten with its top-k position. Ties among the top k keep the lower id first.
 */
function vllmPosition(logprobs: readonly number[], target: number, k: number): PositionLogprobs {
  const lt = logprobs[target];
  const dict = new Map<number, { logprob: number; rank: number }>();
  dict.set(target, { logprob: lt, rank: logprobs.filter((l) => l >= lt).length });
  const order = logprobs.map((l, id) => [id, l] as const).sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  order.slice(0, k).forEach(([id, l], q) => dict.set(id, { logprob: l, rank: q + 1 }));
  return Object.fromEntries([...dict].map(([id, e]) => [String(id), e]));
}

const strictRank = (logprobs: readonly number[], target: number) => 1 + logprobs.filter((l) => l > logprobs[target]).length;

/** A seeded generator (mulberry32): the property test is the same on every run. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('deriveStrictRank', () => {
  it('deriveStrictRank(t in the top K) counts the entries strictly above it, ties not counted', () => {
    expect(deriveStrictRank(-1, [-0.5, -1, -1, -2], 2, true)).toEqual({ rank: 2, rankLow: 2 });
  });

  it('deriveStrictRank(t outside, nothing unseen) is 1 + the entries above', () => {
    // vLLM counted 3 ≥ (two above, itself): all are in the top 2.
    expect(deriveStrictRank(-3, [-1, -2], 3, false)).toEqual({ rank: 3, rankLow: 3 });
  });

  it('deriveStrictRank(t outside, the top K ends on its value) knows the unseen ones are ties', () => {
    // 7 ≥ it: 1 above, 1 equal in the top 2, 4 unseen — at most the last value, which is its own.
    expect(deriveStrictRank(-3, [-1, -3], 7, false)).toEqual({ rank: 2, rankLow: 2 });
  });

  it('deriveStrictRank(t outside, unseen tokens between) leaves the rank in [K + 1, vLLM rank]', () => {
    expect(deriveStrictRank(-5, [-1, -2], 7, false)).toEqual({ rank: 7, rankLow: 3 });
  });
});

describe('readPosition', () => {
  it('readPosition takes the overwritten entry of a token inside the top K by id, and lists the K alternatives best first', () => {
    const logprobs = [-3, -0.5, -2, -0.5, -4];
    const row = readPosition(vllmPosition(logprobs, 3, 3), 3, 3, 'vllm', 'p');
    expect(row).toMatchObject({ surprisal: 0.5, rank: 1, rankLow: 1 });
    expect(row.topIds).toEqual([1, 3, 2]);
  });

  it('readPosition reads a strict server rank as it is', () => {
    const row = readPosition({ '4': { logprob: -2, rank: 9 }, '1': { logprob: -0.1, rank: 1 } }, 4, 1, 'strict', 'p');
    expect(row).toMatchObject({ rank: 9, rankLow: 9, topIds: [1] });
  });

  it('readPosition takes a strict count (vLLM’s V0 engine) where the token ties with the last of the top K', () => {
    // Token 4 ties with 1 at the top; top-1 returned id 1; V0 said rank 1 (1 + #{>}).
    const row = readPosition({ '4': { logprob: -0.7, rank: 1 }, '1': { logprob: -0.7, rank: 1 } }, 4, 1, 'vllm', 'p');
    expect(row).toMatchObject({ rank: 1, rankLow: 1 });
  });

  it('readPosition refuses a position without the prompt token, and a count that is not vLLM’s', () => {
    expect(() => readPosition({ '1': { logprob: -1, rank: 1 } }, 4, 1, 'vllm', 'p[3]')).toThrow(/p\[3\]: no log-probability for the prompt's own token 4/);
    expect(() => readPosition({ '4': { logprob: -2, rank: 1 }, '1': { logprob: -0.1, rank: 1 } }, 4, 1, 'vllm', 'p')).toThrow(ServerProtocolError);
  });

  it('readPosition derives the strict rank wherever the top K determines it and bounds it elsewhere (ties as bf16 makes them)', () => {
    const next = random(7);
    let open = 0;
    let exact = 0;
    for (let trial = 0; trial < 3000; trial++) {
      const v = 8 + Math.floor(next() * 60);
      // Few distinct values: ties everywhere, as bf16 logits give.
      const levels = 1 + Math.floor(next() * 12);
      const logprobs = Array.from({ length: v }, () => -Math.floor(next() * levels) / 4);
      const target = Math.floor(next() * v);
      const k = 1 + Math.floor(next() * 6);
      const row = readPosition(vllmPosition(logprobs, target, k), target, k, 'vllm', 'p');
      const truth = strictRank(logprobs, target);
      expect(row.surprisal).toBe(-logprobs[target]);
      expect(truth).toBeGreaterThanOrEqual(row.rankLow);
      expect(truth).toBeLessThanOrEqual(row.rank);
      if (row.rankLow === row.rank) {
        expect(row.rank).toBe(truth);
        exact++;
      } else {
        expect(row.rankLow).toBe(k + 1);
        expect(row.rank).toBe(logprobs.filter((l) => l >= logprobs[target]).length);
        open++;
      }
    }
    // Both cases occur, so both branches were checked.
    expect(exact).toBeGreaterThan(500);
    expect(open).toBeGreaterThan(500);
  });
});

describe('readPromptLogprobs', () => {
  const ids = [5, 1, 2, 3];
  const logprobs = [-0.2, -1.5, -3, -9];
  const body = (patch: Record<string, unknown> = {}) => ({
    choices: [{ prompt_token_ids: ids, prompt_logprobs: [null, ...ids.slice(1).map((t) => vllmPosition(logprobs, t, 2))], ...patch }],
    usage: { prompt_tokens: ids.length },
  });

  it('readPromptLogprobs reads the asked positions, entropy absent (NaN)', () => {
    const rows = readPromptLogprobs(body(), ids, [2, 3], 2, 'vllm');
    expect(rows.map((r) => [r.surprisal, r.rank])).toEqual([
      [3, 3],
      [9, 4],
    ]);
    expect(rows.every((r) => Number.isNaN(r.entropy))).toBe(true);
  });

  it('readPromptLogprobs takes rsr-lens serve’s entropy extension', () => {
    const rows = readPromptLogprobs(body({ rsr_lens: { rank: 'strict', entropy: [null, 0.5, 0.25, 0.125] } }), ids, [2], 2, 'strict');
    expect(rows[0].entropy).toBe(0.25);
  });

  it('readPromptLogprobs refuses an echo of other tokens, another token count, a first position that is not null, and no prompt_logprobs', () => {
    expect(() => readPromptLogprobs(body({ prompt_token_ids: [5, 1, 9, 3] }), ids, [2], 2, 'vllm')).toThrow(/first difference at position 2/);
    expect(() => readPromptLogprobs({ ...body(), usage: { prompt_tokens: 5 } }, ids, [2], 2, 'vllm')).toThrow(/counted 5 prompt tokens for the 4 sent/);
    expect(() => readPromptLogprobs(body({ prompt_logprobs: [{}, null, null, null] }), ids, [2], 2, 'vllm')).toThrow(/\[0\] is not null/);
    expect(() => readPromptLogprobs(body({ prompt_logprobs: undefined }), ids, [2], 2, 'vllm')).toThrow(/is it vLLM/);
  });

  it('promptLogprobsRequest sends ids with max_tokens 1, prompt_logprobs K and return_token_ids, positions only when asked', () => {
    expect(promptLogprobsRequest('m', [1, 2], 20)).toEqual({ model: 'm', prompt: [1, 2], max_tokens: 1, prompt_logprobs: 20, return_token_ids: true, temperature: 0, add_special_tokens: false });
    expect(promptLogprobsRequest('m', [1, 2], 5, [1])).toMatchObject({ rsr_lens: { positions: [1] } });
  });
});
