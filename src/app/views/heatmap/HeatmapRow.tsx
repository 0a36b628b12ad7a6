import { memo, type ReactNode } from 'react';
import type { ScoredTrajectory } from '../../../core/types';
import type { HeatmapModel } from './heatmapModel';
import { UNKNOWN_COLOR } from './heatmapScales';
import { NO_BIN } from './histogram';
import { MARK_DIFFERS, MARK_MATCH, MARK_TEMPLATE } from '../../analysis/tokenMarks';
import type { TokenRow } from './tokenLines';
import { whitespaceGlyphs } from './whitespaceGlyphs';

/** Which tokens the legend highlights: one histogram bin, or every token whose rank exceeds R. */
export type BinHighlight = { bin: number } | { clipped: true };

export interface HeatmapRowProps {
  /** The tokens of this row. */
  row: TokenRow;
  /** Row index (the virtualizer reads it back from data-index when measuring). */
  index: number;
  /** Top of the row in the scrolling content, px. */
  top: number;
  result: ScoredTrajectory;
  model: HeatmapModel;
  /** Rank clip R: tokens ranked above it are hatched (not in surprisal mode, where rank is not shown). */
  clip: number;
  /** Legend selection, or null: tokens outside it are dimmed. */
  highlight: BinHighlight | null;
  /** The token position that is in the tab order (roving tabindex), or -1 when it is not in this row. */
  tabbablePos: number;
  /** The token whose tooltip is open, or -1 when it is not in this row. */
  activePos: number;
  /** id of the tooltip element, for aria-describedby on the active token. */
  tooltipId: string;
  /** The virtualizer's measuring ref. */
  measureRef: (el: HTMLElement | null) => void;
  /** Per-token mark bits (tokenMarks.ts): search matches, differences from the other side, template tokens. */
  marks: Uint8Array;
  /** The search match being shown: its tokens [start, end) get a stronger frame. */
  current: readonly [number, number] | null;
}

/**
 * One visual line of the heatmap. Memoised: hovering or focusing a token changes only the props of
 * the rows holding the old and new active token, so the other rows are not re-rendered.
 */
export const HeatmapRow = memo(function HeatmapRow(props: HeatmapRowProps) {
  const { row, index, top, result, model, clip, highlight, tabbablePos, activePos, tooltipId, measureRef, marks, current } = props;
  const { text, offsets } = result.tokens;
  const { rank, surprisal } = result.scores;
  const { scale, posToScore, colorIndex, notable, histogram } = model;
  const showClipped = scale.metric !== 'surprisal';
  const children: ReactNode[] = [];
  for (let p = row.start; p < row.end; p++) {
    if (p > row.start) children.push(<wbr key={`w${p}`} />);
    const content = tokenContent(text.slice(offsets[p], offsets[p + 1]));
    const si = posToScore[p];
    let markClass = '';
    const m = marks[p];
    if (m & MARK_MATCH) markClass += current && p >= current[0] && p < current[1] ? ' rsr-hm-match rsr-hm-match-current' : ' rsr-hm-match';
    if (m & MARK_DIFFERS) markClass += ' rsr-hm-differs';
    if (m & MARK_TEMPLATE) markClass += ' rsr-hm-template';
    if (si < 0) {
      children.push(
        <span key={p} className={`rsr-hm-tok rsr-hm-prompt${highlight ? ' rsr-hm-dim' : ''}${markClass}`} data-pos={p} data-scored="false">
          {content}
        </span>,
      );
      continue;
    }
    const ci = colorIndex[si];
    const isClipped = rank[si] > clip;
    const inHighlight =
      !highlight || ('clipped' in highlight ? isClipped : histogram.binOf[si] !== NO_BIN && histogram.binOf[si] === highlight.bin);
    let className = 'rsr-hm-tok rsr-hm-scored';
    if (notable[si]) className += ' rsr-hm-notable';
    if (showClipped && isClipped) className += ' rsr-hm-clipped';
    if (!inHighlight) className += ' rsr-hm-dim';
    if (p === activePos) className += ' rsr-hm-active';
    className += markClass;
    children.push(
      <span
        key={p}
        className={className}
        style={{
          backgroundColor: ci < 0 ? UNKNOWN_COLOR : scale.colors[ci],
          color: ci < 0 ? '#000' : scale.textColors[ci],
        }}
        data-testid="token"
        data-scored="true"
        data-pos={p}
        data-rank={rank[si]}
        data-surprisal={surprisal[si]}
        data-template={m & MARK_TEMPLATE ? 'true' : undefined}
        data-differs={m & MARK_DIFFERS ? 'true' : undefined}
        tabIndex={p === tabbablePos ? 0 : -1}
        aria-describedby={p === activePos ? tooltipId : undefined}
      >
        {content}
      </span>,
    );
  }
  return (
    <div className="rsr-hm-row" data-index={index} ref={measureRef} style={{ transform: `translateY(${top}px)` }}>
      <span className="rsr-hm-gutter" aria-hidden="true">
        {row.isContinuation ? '' : row.line + 1}
      </span>
      <span className="rsr-hm-line">{children}</span>
    </div>
  );
});

/** A token's text as React children: whitespace as muted glyphs; an empty range as a placeholder sliver. */
function tokenContent(s: string): ReactNode {
  if (s.length === 0) return <span className="rsr-hm-empty" />;
  const runs = whitespaceGlyphs(s);
  if (runs.length === 1 && !runs[0].isWhitespace) return runs[0].text;
  return runs.map((r, i) =>
    r.isWhitespace ? (
      <span key={i} className="rsr-hm-ws">
        {r.text}
      </span>
    ) : (
      r.text
    ),
  );
}
