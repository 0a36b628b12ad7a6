import type { NotableToken } from '../../analysis/notableTokens';
import { whitespaceGlyphs } from '../heatmap/whitespaceGlyphs';
import { formatCount, formatNumber } from '../ui/format';

export interface NotableTokenListProps {
  /** Heading of the list. */
  title: string;
  tokens: readonly NotableToken[];
  /** What each entry shows beside the token: its surprisal, or its rank. */
  show: 'surprisal' | 'rank';
  /** When some are left out: the full count. */
  total?: number;
  /** Name each entry's trajectory (lists across trajectories). */
  label?: (t: NotableToken) => string;
  onOpen: (t: NotableToken) => void;
}

/** A list of tokens (the most surprising, or those clipped at R), repeats of a token in one trajectory counted as one place; each entry jumps to its token in the heatmap. */
export function NotableTokenList({ title, tokens, show, total, label, onOpen }: NotableTokenListProps) {
  return (
    <section className="token-list" aria-label={title}>
      <h3>
        {title}
        {total !== undefined && total > tokens.length && <span className="muted"> (top {formatCount(tokens.length)} of {formatCount(total)})</span>}
      </h3>
      {tokens.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <ol>
          {tokens.map((t) => (
            <li key={`${t.key}:${t.pos}`}>
              <button type="button" className="token-list-item" data-pos={t.pos} data-key={t.key} onClick={() => onOpen(t)} title={`Token ${t.pos}: surprisal ${formatNumber(t.surprisal, 3)} nats, rank ${formatCount(t.rank)}`}>
                <span className="mono token-list-text">{whitespaceGlyphs(t.text).map((r) => r.text).join('') || '∅'}</span>
                <span className="muted tabular">
                  {show === 'surprisal' ? `${formatNumber(t.surprisal, 2)} nats` : `rank ${formatCount(t.rank)}`}
                  {t.count > 1 && (
                    <span className="token-list-count" data-count={t.count} title={`${t.count} occurrences of this token in this trajectory would make the list: shown once, at the most ${show === 'surprisal' ? 'surprising' : 'extreme'}`}>
                      {' '}×{formatCount(t.count)}
                    </span>
                  )}
                </span>
                {label && <span className="muted token-list-where">{label(t)}</span>}
              </button>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
