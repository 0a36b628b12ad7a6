import { matchSnippet, MAX_COUNTED, type SearchHit } from '../../analysis/textSearch';
import type { Message } from '../../../core/types';
import { formatCount } from '../ui/format';

export interface MatchCellProps {
  /** Where the search matched; nothing to show without one. */
  hit: SearchHit | undefined;
  /** The trajectory's messages, the hit's text. */
  messages: readonly Message[] | undefined;
}

/** A search's first match in its context on one line of a table row, with how many more there are. */
export function MatchCell({ hit, messages }: MatchCellProps) {
  const content = hit && messages?.[hit.message]?.content;
  if (!hit || content === undefined) return null;
  const s = matchSnippet(content, hit.start, hit.end, 14);
  return (
    <span className="match-cell" title={`${s.before}${s.match}${s.after}`}>
      {hit.count > 1 && <span className="match-count">×{hit.count >= MAX_COUNTED ? `${formatCount(MAX_COUNTED)}+` : formatCount(hit.count)}</span>}
      <span className="match-text">
        <span className="muted">{s.before}</span>
        <mark>{s.match}</mark>
        <span className="muted">{s.after}</span>
      </span>
    </span>
  );
}
