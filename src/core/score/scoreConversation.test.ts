import { describe, expect, it } from 'vitest';
import type { RowScore } from './reduceLogits';
import { CancelledError, type ChunkRequest, type ForwardChunk, scoreConversation } from './scoreConversation';

/** The cache a fake model threads through: which call produced it and how many tokens it holds. */
interface FakeCache {
  call: number;
  length: number;
}

/**
 * A fake model that records every request and scores row r of a chunk starting at `start` with
 * values derived from the absolute position start + r, so results can be traced back to the row.
 */
function fakeForward(k = 2, topIdsPerRow = k) {
  const requests: ChunkRequest<FakeCache>[] = [];
  const forward: ForwardChunk<FakeCache> = async (req) => {
    requests.push({ ...req, ids: [...req.ids], rows: [...req.rows], labels: [...req.labels] });
    const rows: RowScore[] = req.rows.map((r) => {
      const p = req.start + r;
      return {
        surprisal: p + 0.5,
        greater: p * 10,
        entropy: p + 0.25,
        topIds: Array.from({ length: topIdsPerRow }, (_, q) => 1000 * p + q),
        topLogProbs: Array.from({ length: topIdsPerRow }, (_, q) => -q),
      };
    });
    return { rows, cache: { call: requests.length, length: (req.cache?.length ?? 0) + req.ids.length } };
  };
  return { forward, requests };
}

// ids[p] = 100 + p, so a label names the position it came from.
const ids = Array.from({ length: 20 }, (_, p) => 100 + p);
const resp = [5, 6, 7, 8, 9, 14, 15, 16, 17];

describe('scoreConversation', () => {
  it('scoreConversation feeds chunks of chunkLength and scores response position p on row p − 1, across chunk boundaries', async () => {
    const { forward, requests } = fakeForward();
    await scoreConversation(ids, resp, forward, { chunkLength: 4, k: 2 });
    const plain = requests.map(({ ids: chunk, start, rows, labels }) => ({ ids: chunk, start, rows, labels }));
    expect(plain).toEqual([
      { ids: [100, 101, 102, 103], start: 0, rows: [], labels: [] },
      { ids: [104, 105, 106, 107], start: 4, rows: [0, 1, 2, 3], labels: [105, 106, 107, 108] },
      { ids: [108, 109, 110, 111], start: 8, rows: [0], labels: [109] },
      { ids: [112, 113, 114, 115], start: 12, rows: [1, 2, 3], labels: [114, 115, 116] },
      { ids: [116], start: 16, rows: [0], labels: [117] },
    ]);
  });

  it('scoreConversation stops feeding after the last response position: later tokens are never sent', async () => {
    const { forward, requests } = fakeForward();
    const progress: number[] = [];
    await scoreConversation(ids, resp, forward, { chunkLength: 4, k: 2, onProgress: (n) => progress.push(n) });
    const fed = requests.flatMap((r) => r.ids);
    // Position 17 is the last response token: it is predicted by row 16, so ids 100..116 are fed.
    expect(fed).toEqual(ids.slice(0, 17));
    expect(progress).toEqual([4, 8, 12, 16, 17]);
  });

  it('scoreConversation threads the cache: null first, then exactly what the previous call returned', async () => {
    const { forward, requests } = fakeForward();
    const returned: FakeCache[] = [];
    const spy: ForwardChunk<FakeCache> = async (req) => {
      const out = await forward(req);
      returned.push(out.cache);
      return out;
    };
    await scoreConversation(ids, resp, spy, { chunkLength: 4, k: 2 });
    expect(requests[0].cache).toBeNull();
    for (let i = 1; i < requests.length; i++) expect(requests[i].cache).toBe(returned[i - 1]);
    expect(returned.at(-1)).toEqual({ call: 5, length: 17 });
  });

  it('scoreConversation puts each row back at its response index: rank = greater + 1, top probabilities = exp(log-prob)', async () => {
    const { forward } = fakeForward();
    const s = await scoreConversation(ids, resp, forward, { chunkLength: 4, k: 2 });
    const rows = resp.map((p) => p - 1);
    expect(Array.from(s.surprisal)).toEqual(rows.map((r) => r + 0.5));
    expect(Array.from(s.rank)).toEqual(rows.map((r) => r * 10 + 1));
    expect(Array.from(s.entropy)).toEqual(rows.map((r) => r + 0.25));
    expect(Array.from(s.topIds)).toEqual(rows.flatMap((r) => [1000 * r, 1000 * r + 1]));
    expect(s.topProbs[0]).toBe(1);
    expect(s.topProbs[1]).toBeCloseTo(Math.exp(-1), 7);
    expect(s.k).toBe(2);
    expect(s.topTexts).toEqual([]);
  });

  it('scoreConversation gives the same scores whatever the chunk length', async () => {
    const results = [];
    for (const chunkLength of [1, 3, 4, 16, 17, 1000]) {
      const { forward, requests } = fakeForward();
      results.push(await scoreConversation(ids, resp, forward, { chunkLength, k: 2 }));
      expect(requests, String(chunkLength)).toHaveLength(Math.ceil(17 / chunkLength));
    }
    for (const r of results) expect(r).toEqual(results[0]);
  });

  it('scoreConversation pads top-k with id −1 and probability 0 when a row has fewer than k alternatives', async () => {
    const { forward } = fakeForward(3, 1);
    const s = await scoreConversation(ids, [3], forward, { chunkLength: 8, k: 3 });
    expect(Array.from(s.topIds)).toEqual([2000, -1, -1]);
    expect(Array.from(s.topProbs)).toEqual([1, 0, 0]);
  });

  it('scoreConversation with no response positions returns empty scores without calling the model', async () => {
    const { forward, requests } = fakeForward();
    const s = await scoreConversation(ids, [], forward, { chunkLength: 4, k: 5 });
    expect(requests).toHaveLength(0);
    expect(s.surprisal).toHaveLength(0);
    expect(s.topIds).toHaveLength(0);
    expect(s.k).toBe(5);
  });

  it('scoreConversation throws for response position 0: no logits precede it', async () => {
    const { forward, requests } = fakeForward();
    await expect(scoreConversation(ids, [0, 1, 2], forward, { chunkLength: 4, k: 2 })).rejects.toThrow(/position 0/);
    expect(requests).toHaveLength(0);
  });

  it('scoreConversation checks isCancelled between chunks and throws CancelledError, calling the model no more', async () => {
    const { forward, requests } = fakeForward();
    let checks = 0;
    const run = scoreConversation(ids, resp, forward, { chunkLength: 4, k: 2, isCancelled: () => ++checks > 2 });
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    expect(requests.map((r) => r.start)).toEqual([0, 4]);
  });

  it('scoreConversation awaits an async isCancelled, so a worker can take its cancel message there', async () => {
    const { forward, requests } = fakeForward();
    let cancelled = false;
    // The cancel arrives as a macrotask while the loop waits between chunks.
    const isCancelled = async () => {
      if (requests.length === 1) setTimeout(() => (cancelled = true), 0);
      await new Promise((resolve) => setTimeout(resolve, 5));
      return cancelled;
    };
    await expect(scoreConversation(ids, resp, forward, { chunkLength: 4, k: 2, isCancelled })).rejects.toBeInstanceOf(CancelledError);
    expect(requests.map((r) => r.start)).toEqual([0]);
  });

  it('scoreConversation cancelled before the first chunk calls the model not at all', async () => {
    const { forward, requests } = fakeForward();
    await expect(scoreConversation(ids, resp, forward, { chunkLength: 4, k: 2, isCancelled: () => true })).rejects.toThrow(CancelledError);
    expect(requests).toHaveLength(0);
  });

  it('scoreConversation is not cancelled after the last chunk: a late cancel keeps a complete result', async () => {
    const { forward, requests } = fakeForward();
    let cancel = false;
    const spy: ForwardChunk<FakeCache> = async (req) => {
      const out = await forward(req);
      if (req.start + req.ids.length === 17) cancel = true;
      return out;
    };
    const s = await scoreConversation(ids, resp, spy, { chunkLength: 4, k: 2, isCancelled: () => cancel });
    expect(requests).toHaveLength(5);
    expect(s.rank.every((r) => r > 0)).toBe(true);
  });
});
