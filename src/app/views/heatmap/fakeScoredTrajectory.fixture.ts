import type { ScoredTrajectory } from '../../../core/types';

/** One token of a fake trajectory: its text, and its scores when it is a response token. */
export interface FakeToken {
  text: string;
  /** Present for response (scored) tokens. */
  score?: { rank: number; surprisal: number; entropy?: number };
}

/** k of the fake top-k tables. */
const K = 5;

/**
 * A small ScoredTrajectory for tests, built token by token: ids are 1000 + position, offsets follow
 * the texts, and each scored token's top-5 lists the actual token at its rank when rank ≤ 5.
 */
export function fakeScoredTrajectory(tokens: readonly FakeToken[], id = 'fake-1'): ScoredTrajectory {
  const offsets = [0];
  for (const t of tokens) offsets.push(offsets[offsets.length - 1] + t.text.length);
  const respPositions = tokens.flatMap((t, p) => (t.score ? [p] : []));
  const n = respPositions.length;
  const topIds = new Int32Array(n * K);
  const topProbs = new Float32Array(n * K);
  const topTexts: string[] = [];
  respPositions.forEach((p, i) => {
    const { rank } = tokens[p].score!;
    for (let j = 0; j < K; j++) {
      const isActual = rank === j + 1;
      topIds[i * K + j] = isActual ? 1000 + p : 1 + j;
      topProbs[i * K + j] = 0.5 / 2 ** j;
      topTexts.push(isActual ? tokens[p].text : ` alt${j + 1}`);
    }
  });
  const rank = Int32Array.from(respPositions, (p) => tokens[p].score!.rank);
  const surprisal = Float32Array.from(respPositions, (p) => tokens[p].score!.surprisal);
  const entropy = Float32Array.from(respPositions, (p) => tokens[p].score!.entropy ?? 1);
  return {
    id,
    teacher: 'fake',
    source: { file: 'fake.jsonl', line: 1, raw: '{}' },
    tokens: {
      text: tokens.map((t) => t.text).join(''),
      inputIds: tokens.map((_, p) => 1000 + p),
      offsets,
      respPositions,
      fullLength: tokens.length,
      truncated: false,
    },
    scores: { surprisal, rank, entropy, topIds, topProbs, topTexts, k: K },
    metrics: { respTokenLength: n, avgRankClip: NaN, avgRank: NaN, avgSurprisal: NaN, avgEntropy: NaN, rsr: NaN },
    provenance: { model: 'fake', dtype: 'fp32', device: 'cpu', version: 'test', clip: 100, template: 'chatml', path: 'graph' },
  };
}
