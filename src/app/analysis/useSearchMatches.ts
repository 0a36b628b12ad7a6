import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useLensStore } from '../store/useLensStore';
import { regexRangesInWorker } from './searchInWorker';

/** What a heatmap frames for the table's search: the query, and for a regex its matches in the heatmap's text. */
export interface HeatmapSearch {
  /** The plain text, or the regex pattern; '' when nothing is to be framed. */
  query: string;
  /** For a regex: its matches in the text, found in the search worker (none while it works); undefined for a plain search (the heatmap finds those itself). */
  matches?: readonly (readonly [number, number])[];
}

const NONE: readonly (readonly [number, number])[] = [];

/**
 * The table's search as one heatmap frames it. A regex runs in the search worker on this text
 * (the rendered conversation, not the messages the table searched), with the same time limit: a
 * pattern that can backtrack for ever never runs on the page.
 */
export function useSearchMatches(text: string | undefined): HeatmapSearch {
  const { textQuery, isRegex, problem } = useLensStore(useShallow((s) => ({ textQuery: s.textQuery, isRegex: s.isRegex, problem: s.searchProblem })));
  const isWanted = isRegex && !!textQuery.trim() && !problem && text !== undefined;
  const [found, setFound] = useState<{ text: string; pattern: string; ranges: [number, number][] } | null>(null);
  useEffect(() => {
    if (!isWanted) return;
    let isCurrent = true;
    const done = (ranges: [number, number][]) => isCurrent && setFound({ text: text!, pattern: textQuery, ranges });
    regexRangesInWorker(text!, textQuery).then(done, () => done([]));
    return () => {
      isCurrent = false;
    };
  }, [isWanted, text, textQuery]);
  if (!isRegex) return { query: textQuery };
  if (!isWanted) return { query: '' };
  return { query: textQuery, matches: found && found.text === text && found.pattern === textQuery ? found.ranges : NONE };
}
