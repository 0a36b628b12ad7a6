import type { ScoredTrajectory } from '../../core/types';

/** One place worth a look: a token of one trajectory, and how often the same token recurs there. */
export interface NotableToken {
  /** Key of its trajectory (file:line). */
  key: string;
  /** Position in the trajectory's tokens: its most extreme occurrence (the list jumps there). */
  pos: number;
  text: string;
  surprisal: number;
  rank: number;
  /**
   * Occurrences of the same token text in the same trajectory that would make the list too (scoring
   * at least the list's lowest entry): a repetition loop is one place with a count, not the whole list.
   */
  count: number;
}

/** A place in the making: its most extreme occurrence, and every occurrence's score. */
interface Place {
  top: NotableToken;
  scores: number[];
}

/**
 * The `n` highest-scoring places by `score`, where a place is one token text in one trajectory
 * (its most extreme occurrence stands for it). One pass per trajectory with a small sorted buffer
 * across them, so a teacher's 10⁶ tokens cost no sort of 10⁶.
 */
function topPlaces(results: Iterable<[string, ScoredTrajectory]>, n: number, score: (r: ScoredTrajectory, i: number) => number, isCandidate: (value: number) => boolean): Place[] {
  const best: Place[] = [];
  const value = (p: Place) => p.scores[0];
  for (const [key, r] of results) {
    const { respPositions, text, offsets } = r.tokens;
    const byText = new Map<string, Place>();
    for (let i = 0; i < respPositions.length; i++) {
      const s = score(r, i);
      if (!isCandidate(s)) continue;
      // Below the n-th place found so far, it cannot make the list, nor change a count that shows.
      if (best.length === n && s < value(best[n - 1])) continue;
      const pos = respPositions[i];
      const t = text.slice(offsets[pos], offsets[pos + 1]);
      const occurrence = { key, pos, text: t, surprisal: r.scores.surprisal[i], rank: r.scores.rank[i], count: 0 };
      const place = byText.get(t);
      if (!place) byText.set(t, { top: occurrence, scores: [s] });
      // The most extreme occurrence stands for the place (ties: the earlier); scores[0] is its score.
      else if (s > value(place)) {
        place.top = occurrence;
        place.scores.unshift(s);
      } else place.scores.push(s);
    }
    for (const place of byText.values()) {
      if (best.length === n && value(best[n - 1]) >= value(place)) continue;
      let at = best.length;
      while (at > 0 && value(best[at - 1]) < value(place)) at--;
      best.splice(at, 0, place);
      if (best.length > n) best.pop();
    }
  }
  return best;
}

/**
 * The `n` most surprising places of the results, highest first (ties: earlier first), and, apart,
 * those of tokens ranked above the clip R (most extreme rank first): the two lists an analyst reads
 * to see what a teacher does that the student does not expect. A place is one token text in one
 * trajectory, with a count of its occurrences that make the list: a repetition loop (one token
 * surprising fifteen times over) is one entry, "×15", not fifteen. `clippedCount` counts every
 * token above R.
 */
export function notableTokens(results: Iterable<[string, ScoredTrajectory]>, clip: number, n: number): { surprising: NotableToken[]; clipped: NotableToken[]; clippedCount: number } {
  const list = [...results];
  let clippedCount = 0;
  for (const [, r] of list) for (const rank of r.scores.rank) if (rank > clip) clippedCount++;
  const counted = (places: Place[]) => {
    const floor = Math.min(...places.map((p) => p.scores[0]));
    return places.map((p) => ({ ...p.top, count: p.scores.filter((s) => s >= floor).length }));
  };
  return {
    surprising: counted(topPlaces(list, n, (r, i) => r.scores.surprisal[i], () => true)),
    clipped: counted(topPlaces(list, n, (r, i) => r.scores.rank[i], (rank) => rank > clip)),
    clippedCount,
  };
}
