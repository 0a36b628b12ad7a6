import { useVirtualizer } from '@tanstack/react-virtual';
import {
  useCallback,
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type FocusEvent,
  type KeyboardEvent,
  type MouseEvent,
  type Ref,
} from 'react';
import { createPortal } from 'react-dom';
import type { ScoredTrajectory } from '../../../core/types';
import { HeatmapLegend } from './HeatmapLegend';
import { heatmapModel } from './heatmapModel';
import { HeatmapRow, type BinHighlight } from './HeatmapRow';
import type { HeatmapMetric } from '../../store/trajectoriesSlice';
import { CLIPPED_KEY } from './heatmapScales';
import { tokenLines } from './tokenLines';
import { TokenTooltip, type TooltipAnchor } from './TokenTooltip';
import './TokenHeatmap.css';

export interface TokenHeatmapProps {
  /** The scored trajectory to draw: the whole rendered conversation, response tokens coloured. */
  result: ScoredTrajectory;
  /** What colours the response tokens. */
  metric: HeatmapMetric;
  /** Rank clip R: ranks above it are hatched and token RSR uses min(rank, R). */
  clip: number;
  /** Called when the user picks another metric in the legend; without it the legend has no switch. */
  onMetricChange?: (metric: HeatmapMetric) => void;
  /** Receives the scrolling element, e.g. to sync two heatmaps side by side. */
  scrollRef?: Ref<HTMLDivElement>;
  /** Height of the whole heatmap, legend included (a CSS length); the text scrolls in what the legend leaves. '100%' fills a parent of definite height. Default '70vh'. */
  height?: string | number;
}

/** Height of a one-line row, px: the line-height of .rsr-hm-row in TokenHeatmap.css. Rows that wrap are measured. */
const ROW_HEIGHT = 24;
/** Characters per row before the first measurement (and in tests, where nothing is measured). */
const DEFAULT_ROW_CHARS = 100;
/** Token padding and gaps make a row wider than its characters: leave this much slack so rows rarely wrap in CSS. */
const TOKEN_OVERHEAD = 1.2;
const PROBE_TEXT = '0000000000';

/**
 * The token heatmap of one scored trajectory: the rendered conversation as text, every response
 * token coloured by the chosen metric on a fixed domain, prompt and template tokens muted; a legend
 * that is a histogram above it; a tooltip per token (hover, focus or click to pin).
 *
 * Only the visible rows exist in the DOM (useVirtualizer), so a 30,000-token trajectory opens as
 * fast as a short one. The rows are the text's lines, wrapped at token boundaries to at most the
 * characters that fit the width, so every row has a bounded height.
 */
export function TokenHeatmap(props: TokenHeatmapProps) {
  const { result, metric, clip, onMetricChange, scrollRef, height = '70vh' } = props;
  const { tokens } = result;
  const respPositions = tokens.respPositions;
  const model = useMemo(() => heatmapModel(result, metric, clip), [result, metric, clip]);

  // In a browser, rows are split only once the width is known (in a layout effect, before the first
  // paint), so the first rows drawn are the final ones and are measured once. Without a DOM (tests,
  // server rendering) a default width is assumed.
  const [rowChars, setRowChars] = useState<number | null>(typeof window === 'undefined' ? DEFAULT_ROW_CHARS : null);
  const rows = useMemo(() => (rowChars === null ? [] : tokenLines(tokens.text, tokens.offsets, rowChars)), [tokens, rowChars]);
  const rowOfToken = useMemo(() => {
    const a = new Int32Array(tokens.inputIds.length);
    rows.forEach((r, i) => a.fill(i, r.start, r.end));
    return a;
  }, [rows, tokens]);

  const scrollEl = useRef<HTMLDivElement | null>(null);
  const lineProbe = useRef<HTMLSpanElement | null>(null);
  const charProbe = useRef<HTMLSpanElement | null>(null);
  const setScrollEl = useCallback(
    (el: HTMLDivElement | null) => {
      scrollEl.current = el;
      assignRef(scrollRef, el);
    },
    [scrollRef],
  );

  // Rows hold as many characters as fit the width; re-split when the width changes (O(T), cheap).
  useLayoutEffect(() => {
    const el = scrollEl.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const update = () => {
      const lineWidth = lineProbe.current?.clientWidth ?? 0;
      const charWidth = (charProbe.current?.getBoundingClientRect().width ?? 0) / PROBE_TEXT.length;
      if (lineWidth > 0 && charWidth > 0) setRowChars(Math.max(16, Math.floor(lineWidth / (charWidth * TOKEN_OVERHEAD))));
    };
    update();
    const ro = new ResizeObserver(update);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollEl.current,
    // Exact for a one-line row (CSS line-height is this many px), so most rows measure without a change.
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    paddingStart: 8,
    paddingEnd: 8,
    // Lets the very first render (and server rendering) draw rows before the element is measured.
    initialRect: { width: 0, height: 800 },
    useFlushSync: false,
  });
  // A new split (the width changed) invalidates every measured height: forget them, and remount the
  // rows (split.version in their React key) so each is measured again.
  // (React's "state from the previous render" pattern: setState during render, re-run at once.)
  const [split, setSplit] = useState({ rows, version: 0 });
  if (split.rows !== rows) setSplit({ rows, version: split.version + 1 });
  useLayoutEffect(() => virtualizer.measure(), [rows, virtualizer]);
  const items = virtualizer.getVirtualItems();

  // Tooltip state: a pinned token wins over the hovered one, which wins over the focused one.
  const tooltipId = useId();
  const [hovered, setHovered] = useState<number | null>(null);
  const [focused, setFocused] = useState<number | null>(null);
  const [pinned, setPinned] = useState<number | null>(null);
  const [dismissed, setDismissed] = useState<number | null>(null);
  const [activePos, setActivePos] = useState(-1);
  const tipPos = pinned ?? hovered ?? (focused !== dismissed ? focused : null);

  useEffect(() => {
    setHovered(null);
    setFocused(null);
    setPinned(null);
    setDismissed(null);
    setActivePos(-1);
  }, [result]);

  // The one token in the tab order (roving tabindex): the last one used if it is drawn, else the
  // first scored token in view, so Tab always lands on something visible.
  const range = virtualizer.range;
  let tabbablePos = -1;
  if (items.length > 0) {
    const first = items[0].index;
    const last = items[items.length - 1].index;
    if (activePos >= 0 && rowOfToken[activePos] >= first && rowOfToken[activePos] <= last) tabbablePos = activePos;
    else {
      for (let r = range?.startIndex ?? first; r <= last && tabbablePos < 0; r++)
        for (let p = rows[r].start; p < rows[r].end; p++)
          if (model.posToScore[p] >= 0) {
            tabbablePos = p;
            break;
          }
    }
  }

  // Legend selection, remembered per metric: switching metric clears it.
  const [selection, setSelection] = useState<{ metric: HeatmapMetric; key: string } | null>(null);
  const selectedKey = selection && selection.metric === metric ? selection.key : null;
  const highlight = useMemo<BinHighlight | null>(() => {
    if (selectedKey === null) return null;
    if (selectedKey === CLIPPED_KEY) return { clipped: true };
    const bin = model.scale.bins.findIndex((b) => b.key === selectedKey);
    return bin < 0 ? null : { bin };
  }, [selectedKey, model]);
  const onSelectBin = useCallback((key: string | null) => setSelection(key === null ? null : { metric, key }), [metric]);

  // Where the tooltip's token is on screen; re-read after scrolls (rAF-throttled) and re-layouts.
  const [anchor, setAnchor] = useState<TooltipAnchor | null>(null);
  const [scrollTick, setScrollTick] = useState(0);
  const tickPending = useRef(false);
  useLayoutEffect(() => {
    const box = scrollEl.current;
    const el = tipPos === null || !box ? null : findToken(box, tipPos);
    if (!box || !el) {
      setAnchor(null);
      return;
    }
    // A focused token that scrolled away unmounted without a blur event: if it is back but no longer
    // focused, its focus tooltip is stale.
    if (tipPos === focused && pinned === null && hovered === null && document.activeElement !== el) {
      setFocused(null);
      setAnchor(null);
      return;
    }
    const r = el.getBoundingClientRect();
    const b = box.getBoundingClientRect();
    const isVisible = r.bottom > b.top && r.top < b.bottom;
    const next = isVisible ? { left: r.left, top: r.top, right: r.right, bottom: r.bottom } : null;
    setAnchor((a) => (a && next && a.left === next.left && a.top === next.top && a.right === next.right ? a : next));
  }, [tipPos, scrollTick, rows, items, focused, pinned, hovered]);
  const onScroll = () => {
    // A hovered token may scroll away (and unmount, firing no mouseout): drop the hover; the browser
    // sends a new mouseover for whatever is under the pointer once the scroll settles.
    if (hovered !== null) setHovered(null);
    if (tipPos === null || tickPending.current) return;
    tickPending.current = true;
    requestAnimationFrame(() => {
      tickPending.current = false;
      setScrollTick((t) => t + 1);
    });
  };

  // Esc closes the tooltip wherever focus is; a press outside the heatmap and tooltip unpins it.
  useEffect(() => {
    if (tipPos === null) return;
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setPinned(null);
      setHovered(null);
      setDismissed(focused);
    };
    const onDown = (e: PointerEvent) => {
      const t = e.target as Node | null;
      if (!t || scrollEl.current?.contains(t) || document.getElementById(tooltipId)?.contains(t)) return;
      setPinned(null);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onDown);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onDown);
    };
  }, [tipPos, focused, tooltipId]);

  // Keyboard moves to a token that is not drawn yet scroll first, then focus once it renders.
  const pendingFocus = useRef<number | null>(null);
  useEffect(() => {
    const p = pendingFocus.current;
    if (p === null || !scrollEl.current) return;
    const el = findToken(scrollEl.current, p);
    if (el) {
      pendingFocus.current = null;
      el.focus();
    }
  });
  const moveFocus = (p: number) => {
    setActivePos(p);
    const el = scrollEl.current && findToken(scrollEl.current, p);
    if (el) el.focus();
    else {
      pendingFocus.current = p;
      virtualizer.scrollToIndex(rowOfToken[p], { align: 'center' });
    }
  };

  /** The scored token in a row `steps` rows up or down, nearest to the same character column; -1 if none. */
  const verticalNeighbour = (pos: number, dir: 1 | -1, steps: number): number => {
    const { offsets } = tokens;
    const r0 = rowOfToken[pos];
    const col = offsets[pos] - offsets[rows[r0].start];
    let r = Math.max(0, Math.min(rows.length - 1, r0 + dir * steps));
    for (; r >= 0 && r < rows.length; r += dir) {
      if (r === r0) continue;
      let best = -1;
      let bestDist = Infinity;
      for (let p = rows[r].start; p < rows[r].end; p++) {
        if (model.posToScore[p] < 0) continue;
        const d = Math.abs(offsets[p] - offsets[rows[r].start] - col);
        if (d < bestDist) {
          best = p;
          bestDist = d;
        }
      }
      if (best >= 0) return best;
    }
    return -1;
  };

  const scoredTokenOf = (target: EventTarget | null): number | null => {
    const el = (target as Element | null)?.closest?.('[data-scored="true"]') as HTMLElement | null;
    return el ? Number(el.dataset.pos) : null;
  };

  const togglePin = (pos: number) => {
    if (pinned === pos) {
      setPinned(null);
      setDismissed(pos);
    } else {
      setPinned(pos);
      setDismissed(null);
    }
    setActivePos(pos);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const pos = scoredTokenOf(e.target);
    if (pos === null) return;
    const si = model.posToScore[pos];
    const row = rows[rowOfToken[pos]];
    const page = Math.max(1, Math.floor((scrollEl.current?.clientHeight ?? 0) / ROW_HEIGHT) - 1);
    let next = -1;
    switch (e.key) {
      case 'ArrowRight':
        next = si + 1 < respPositions.length ? respPositions[si + 1] : -1;
        break;
      case 'ArrowLeft':
        next = si > 0 ? respPositions[si - 1] : -1;
        break;
      case 'ArrowDown':
        next = verticalNeighbour(pos, 1, 1);
        break;
      case 'ArrowUp':
        next = verticalNeighbour(pos, -1, 1);
        break;
      case 'PageDown':
        next = verticalNeighbour(pos, 1, page);
        break;
      case 'PageUp':
        next = verticalNeighbour(pos, -1, page);
        break;
      case 'Home':
        next = e.ctrlKey || e.metaKey ? respPositions[0] : firstScored(row.start, row.end, 1);
        break;
      case 'End':
        next = e.ctrlKey || e.metaKey ? respPositions[respPositions.length - 1] : firstScored(row.end - 1, row.start - 1, -1);
        break;
      case 'Enter':
      case ' ':
        e.preventDefault();
        togglePin(pos);
        return;
      default:
        return;
    }
    e.preventDefault();
    if (next >= 0 && next !== pos) moveFocus(next);
  };
  const firstScored = (from: number, to: number, dir: 1 | -1) => {
    for (let p = from; p !== to; p += dir) if (model.posToScore[p] >= 0) return p;
    return -1;
  };

  const onFocus = (e: FocusEvent<HTMLDivElement>) => {
    const pos = scoredTokenOf(e.target);
    if (pos === null) return;
    setFocused(pos);
    setActivePos(pos);
    // A new focus shows the tooltip again, even on the token whose tooltip Esc closed.
    setDismissed(null);
  };
  const onBlur = (e: FocusEvent<HTMLDivElement>) => {
    if (scoredTokenOf(e.relatedTarget) === null) setFocused(null);
  };
  const onMouseOver = (e: MouseEvent<HTMLDivElement>) => setHovered(scoredTokenOf(e.target));
  const onMouseLeave = () => setHovered(null);
  const onClick = (e: MouseEvent<HTMLDivElement>) => {
    const pos = scoredTokenOf(e.target);
    if (pos !== null) togglePin(pos);
  };

  // The legend does not change while scrolling: keep its element so React skips it on scroll renders.
  const legend = useMemo(
    () => (
      <HeatmapLegend
        scale={model.scale}
        counts={model.histogram.counts}
        clippedCount={model.histogram.clipped}
        clip={clip}
        selected={selectedKey}
        onSelect={onSelectBin}
        onMetricChange={onMetricChange}
      />
    ),
    [model, clip, selectedKey, onSelectBin, onMetricChange],
  );
  const nTokens = tokens.inputIds.length;
  const nScored = respPositions.length;
  const tipScore = tipPos === null ? -1 : model.posToScore[tipPos];

  return (
    <div className="rsr-heatmap" style={{ height }}>
      {legend}
      <div className="rsr-hm-meta">
        <span>
          {nTokens.toLocaleString('en-US')} tokens · {nScored.toLocaleString('en-US')} scored ·{' '}
          {(nTokens - nScored).toLocaleString('en-US')} prompt/template (not scored)
        </span>
        <span>rank clip R = {clip}</span>
        {tokens.truncated ? (
          <span className="rsr-hm-warn">truncated: {tokens.fullLength.toLocaleString('en-US')} tokens before the cut</span>
        ) : null}
      </div>
      <div
        ref={setScrollEl}
        className="rsr-hm-scroll"
        role="region"
        aria-label={`Token heatmap of ${result.id} (${result.teacher}), coloured by ${model.scale.name.toLowerCase()}; arrow keys move between tokens, Enter pins details`}
        tabIndex={tabbablePos < 0 ? 0 : -1}
        onScroll={onScroll}
        onKeyDown={onKeyDown}
        onFocus={onFocus}
        onBlur={onBlur}
        onMouseOver={onMouseOver}
        onMouseLeave={onMouseLeave}
        onClick={onClick}
      >
        <div className="rsr-hm-sizer" style={{ height: virtualizer.getTotalSize() }}>
          <div className="rsr-hm-row rsr-hm-probe" aria-hidden="true">
            <span className="rsr-hm-gutter" />
            <span className="rsr-hm-line" ref={lineProbe}>
              <span ref={charProbe}>{PROBE_TEXT}</span>
            </span>
          </div>
          {items.map((item) => {
            const row = rows[item.index];
            const inRow = (p: number) => p >= row.start && p < row.end;
            return (
              <HeatmapRow
                key={`${split.version}:${item.key}`}
                row={row}
                index={item.index}
                top={item.start}
                result={result}
                model={model}
                clip={clip}
                highlight={highlight}
                tabbablePos={inRow(tabbablePos) ? tabbablePos : -1}
                activePos={tipPos !== null && inRow(tipPos) ? tipPos : -1}
                tooltipId={tooltipId}
                measureRef={virtualizer.measureElement}
              />
            );
          })}
        </div>
      </div>
      {tipPos !== null && tipScore >= 0 && anchor && typeof document !== 'undefined'
        ? createPortal(
            <TokenTooltip
              id={tooltipId}
              result={result}
              pos={tipPos}
              scoreIndex={tipScore}
              clip={clip}
              anchor={anchor}
              isPinned={pinned === tipPos}
              onClose={() => {
                setPinned(null);
                setHovered(null);
                setDismissed(focused);
              }}
            />,
            document.body,
          )
        : null}
    </div>
  );
}

function findToken(box: HTMLElement, pos: number): HTMLElement | null {
  return box.querySelector<HTMLElement>(`[data-pos="${pos}"]`);
}

function assignRef<T>(ref: Ref<T> | undefined, value: T | null): void {
  if (typeof ref === 'function') ref(value);
  else if (ref) (ref as { current: T | null }).current = value;
}
