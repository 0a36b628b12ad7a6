import type { ScoredTrajectory } from '../../core/types';

/** One scored token worth a look, with where it is. */
export interface NotableToken {
  /** Key of its trajectory (file:line). */
  key: string;
  /** Position in the trajectory's tokens. */
  pos: number;
  text: string;
  surprisal: number;
  rank: number;
}

/**
 * The `n` most surprising response tokens of the results, highest first (ties: earlier first),
 * and, apart, the tokens ranked above the clip R (most extreme rank first): the two lists an
 * analyst reads to see what a teacher does that the student does not expect. One pass with a
 * small sorted buffer, so a teacher's 10⁶ tokens cost no sort of 10⁶.
 */
export function notableTokens(results: Iterable<[string, ScoredTrajectory]>, clip: number, n: number): { surprising: NotableToken[]; clipped: NotableToken[]; clippedCount: number } {
  const surprising: NotableToken[] = [];
  const clipped: NotableToken[] = [];
  let clippedCount = 0;
  const insert = (list: NotableToken[], t: NotableToken, score: (x: NotableToken) => number) => {
    if (list.length === n && score(list[n - 1]) >= score(t)) return;
    let i = list.length;
    while (i > 0 && score(list[i - 1]) < score(t)) i--;
    list.splice(i, 0, t);
    if (list.length > n) list.pop();
  };
  for (const [key, r] of results) {
    const { respPositions, text, offsets } = r.tokens;
    const { surprisal, rank } = r.scores;
    const make = (i: number): NotableToken => {
      const pos = respPositions[i];
      return { key, pos, text: text.slice(offsets[pos], offsets[pos + 1]), surprisal: surprisal[i], rank: rank[i] };
    };
    for (let i = 0; i < respPositions.length; i++) {
      if (surprising.length < n || surprisal[i] > surprising[surprising.length - 1].surprisal) insert(surprising, make(i), (x) => x.surprisal);
      if (rank[i] > clip) {
        clippedCount++;
        if (clipped.length < n || rank[i] > clipped[clipped.length - 1].rank) insert(clipped, make(i), (x) => x.rank);
      }
    }
  }
  return { surprising, clipped, clippedCount };
}
