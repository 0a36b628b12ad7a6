import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import type { ScoredTrajectory } from '../../../core/types';
import { tokenRsr } from './heatmapScales';
import { whitespaceGlyphs } from './whitespaceGlyphs';

/** Where the token is on screen (viewport coordinates, as from getBoundingClientRect). */
export interface TooltipAnchor {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface TokenTooltipProps {
  /** Element id, referenced by the active token's aria-describedby. */
  id: string;
  result: ScoredTrajectory;
  /** Token position (0-based into inputIds) of the scored token to describe. */
  pos: number;
  /** Index of `pos` in respPositions (and the score arrays). */
  scoreIndex: number;
  /** Rank clip R. */
  clip: number;
  /** Token rectangle to sit next to; the tooltip is position: fixed. */
  anchor: TooltipAnchor;
  /** Pinned tooltips show a close button. */
  isPinned: boolean;
  /** Called by the close button. */
  onClose: () => void;
}

/** Gap between token and tooltip, and the tooltip's minimum distance to the viewport edge, px. */
const GAP = 6;
const MARGIN = 8;

/**
 * What the student thought of one response token: "previous → current", exact rank (and whether
 * the clip R cut it), probability, surprisal, entropy and the student's top-k alternatives with
 * the actual token's row highlighted. Sits below the token, or above when there is no room.
 */
export function TokenTooltip(props: TokenTooltipProps) {
  const { id, result, pos, scoreIndex: si, clip, anchor, isPinned, onClose } = props;
  const ref = useRef<HTMLDivElement>(null);
  const [placement, setPlacement] = useState<{ left: number; top: number } | null>(null);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const { width, height } = el.getBoundingClientRect();
    const vw = window.innerWidth;
    const vh = window.innerHeight;
    const below = anchor.bottom + GAP;
    const top = below + height + MARGIN <= vh || anchor.top - GAP - height < MARGIN ? below : anchor.top - GAP - height;
    const left = Math.max(MARGIN, Math.min(anchor.left, vw - width - MARGIN));
    setPlacement((old) => (old && old.left === left && old.top === top ? old : { left, top }));
  }, [anchor.left, anchor.top, anchor.right, anchor.bottom, pos]);

  const { text, offsets, inputIds } = result.tokens;
  const { rank: ranks, surprisal: surprisals, entropy, topIds, topProbs, topTexts, k } = result.scores;
  const rank = ranks[si];
  const s = surprisals[si];
  const actualId = inputIds[pos];
  const prev = pos > 0 ? text.slice(offsets[pos - 1], offsets[pos]) : null;
  const current = text.slice(offsets[pos], offsets[pos + 1]);
  const rows = [];
  let actualInTop = false;
  for (let j = 0; j < k; j++) {
    const tid = topIds[si * k + j];
    const isActual = tid === actualId;
    actualInTop ||= isActual;
    rows.push(
      <tr key={j} className={isActual ? 'rsr-hm-tt-actual' : undefined} aria-current={isActual ? 'true' : undefined}>
        <td className="rsr-hm-tt-num">{j + 1}</td>
        <td className="rsr-hm-tt-tok">{glyphText(topTexts[si * k + j] ?? '')}</td>
        <td className="rsr-hm-tt-bar" aria-hidden="true">
          <span style={{ width: `${Math.max(0, Math.min(1, topProbs[si * k + j])) * 100}%` }} />
        </td>
        <td className="rsr-hm-tt-num">{formatProbability(topProbs[si * k + j])}</td>
      </tr>,
    );
  }

  return (
    <div
      ref={ref}
      id={id}
      role="tooltip"
      data-testid="token-tooltip"
      data-pinned={isPinned ? 'true' : 'false'}
      className="rsr-hm-tooltip"
      style={{ left: placement?.left ?? anchor.left, top: placement?.top ?? anchor.bottom + GAP, visibility: placement ? 'visible' : 'hidden' }}
    >
      <div className="rsr-hm-tt-head">
        <span className="rsr-hm-tt-pair">
          {prev === null ? <span className="rsr-hm-tt-muted">(start)</span> : <span className="rsr-hm-tt-tokbox rsr-hm-tt-prev">{glyphText(prev)}</span>}
          <span className="rsr-hm-tt-arrow">{' → '}</span>
          <span className="rsr-hm-tt-tokbox rsr-hm-tt-cur">{glyphText(current)}</span>
        </span>
        {isPinned ? (
          <button type="button" className="rsr-hm-tt-close" aria-label="Close token details" onClick={onClose}>
            ×
          </button>
        ) : null}
      </div>
      {current.length === 0 ? <div className="rsr-hm-tt-note">No characters of its own: the tail bytes of the previous character.</div> : null}
      <dl className="rsr-hm-tt-stats">
        <dt>rank</dt>
        <dd>
          {rank.toLocaleString('en-US')}
          {rank > clip ? <span className="rsr-hm-tt-clip"> clipped at {clip}</span> : null}
        </dd>
        <dt>probability</dt>
        <dd>{formatProbability(Math.exp(-s))}</dd>
        <dt>surprisal</dt>
        <dd>{s.toFixed(4)} nats</dd>
        <dt>entropy</dt>
        {/* Imported per-token files carry no entropy (NaN) and no top-k (k = 0), nor does vLLM give an entropy: say so rather than show NaN. */}
        <dd>{Number.isFinite(entropy[si]) ? `${entropy[si].toFixed(4)} nats` : <span className="rsr-hm-tt-muted">{result.provenance.path === 'server' ? 'not given by the server' : 'not in the imported file'}</span>}</dd>
        <dt>token RSR</dt>
        <dd>{formatRsr(tokenRsr(rank, s, clip))}</dd>
      </dl>
      {k > 0 ? (
        <table className="rsr-hm-tt-top">
          <caption>Student's top {k}</caption>
          <tbody>{rows}</tbody>
        </table>
      ) : (
        <div className="rsr-hm-tt-note">No top-k alternatives: not in the imported file.</div>
      )}
      {k > 0 && !actualInTop ? (
        <div className="rsr-hm-tt-note">
          Actual token not in the top {k} (rank {rank.toLocaleString('en-US')}).
        </div>
      ) : null}
      <div className="rsr-hm-tt-foot">
        pos {pos.toLocaleString('en-US')} · {isPinned ? 'Esc or × to close' : 'click to pin · Esc to close'}
      </div>
    </div>
  );
}

/** Token text with whitespace as muted glyphs (React text, never HTML). */
function glyphText(s: string): ReactNode {
  if (s.length === 0) return <span className="rsr-hm-tt-muted">∅</span>;
  return whitespaceGlyphs(s).map((r, i) =>
    r.isWhitespace ? (
      <span key={i} className="rsr-hm-ws">
        {r.text}
      </span>
    ) : (
      <span key={i}>{r.text}</span>
    ),
  );
}

/** Four decimals down to 0.001, then two significant digits in exponent form, so tiny probabilities stay readable. */
function formatProbability(p: number): string {
  if (!Number.isFinite(p)) return String(p);
  if (p === 0) return '0';
  return p >= 0.001 ? p.toFixed(4) : p.toExponential(2);
}

function formatRsr(v: number): string {
  if (v === Infinity) return '∞ (surprisal 0)';
  return v >= 100 ? v.toFixed(0) : v.toPrecision(3);
}
