import { useId } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { SEARCH_LIMIT_MS } from '../../analysis/searchInWorker';
import { useLensStore } from '../../store/useLensStore';

/**
 * The table's text search: plain (case-insensitive, as typed) or a regular expression (".*"),
 * which runs in a worker and is stopped past a time limit. What is wrong with a pattern shows
 * under the toolbar, in words, and the table then stays unfiltered.
 */
export function SearchField() {
  const { textQuery, isRegex, problem, searchingFor } = useLensStore(
    useShallow((s) => ({ textQuery: s.textQuery, isRegex: s.isRegex, problem: s.searchProblem, searchingFor: s.searchingFor })),
  );
  const id = useId();
  const store = useLensStore.getState;
  return (
    <>
      <div className="field field-inline search-field" data-searching={searchingFor !== null || undefined}>
        <label htmlFor={id} className="visually-hidden">
          Search text
        </label>
        <input
          id={id}
          type="search"
          value={textQuery}
          placeholder={isRegex ? 'Search: regex' : 'Search text'}
          aria-invalid={isRegex && !!problem}
          aria-describedby={problem ? `${id}-problem` : undefined}
          title={
            isRegex
              ? `A JavaScript regular expression, case-insensitive, ^ and $ at line ends; stopped after ${SEARCH_LIMIT_MS / 1000} s. Keeps the trajectories whose messages match, and frames the matches in the heatmap`
              : 'Case-insensitive: keeps the trajectories whose messages contain it, and frames it in the heatmap'
          }
          onChange={(e) => store().textQueryChanged(e.currentTarget.value)}
        />
        <button
          type="button"
          className="regex-toggle"
          aria-pressed={isRegex}
          aria-label="Regular expression"
          title="Search with a regular expression"
          onClick={() => store().regexToggled(!isRegex)}
        >
          .*
        </button>
      </div>
      {problem && (
        <p id={`${id}-problem`} className="search-problem" role="alert" data-testid="search-problem">
          {problem}
        </p>
      )}
    </>
  );
}
