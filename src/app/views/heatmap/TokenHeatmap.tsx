import { useCallback, useImperativeHandle, useLayoutEffect, useMemo, useRef, useState, type Ref } from 'react';
import { plural } from '../../../core/plural';
import { createPortal } from 'react-dom';
import type { ScoredTrajectory } from '../../../core/types';
import type { HeatmapMetric } from '../../store/trajectoriesSlice';
import { HeatmapLegend } from './HeatmapLegend';
import { heatmapModel } from './heatmapModel';
import { HeatmapOverview } from './HeatmapOverview';
import { HeatmapRow } from './HeatmapRow';
import { NO_BIN } from './histogram';
import { StepBar } from './StepBar';
import { MARK_DIFFERS, MARK_MATCH, MARK_TEMPLATE, markPositions, markRanges, runStarts, textMatches, tokenAt } from '../../analysis/tokenMarks';
import { TokenTooltip } from './TokenTooltip';
import { useHeatmapRows } from './useHeatmapRows';
import { useLegendSelection } from './useLegendSelection';
import { PROBE_TEXT, useRowChars } from './useRowChars';
import { useTokenKeyboard } from './useTokenKeyboard';
import { useTokenTooltip } from './useTokenTooltip';
import './TokenHeatmap.css';

/** What a heatmap's owner can ask of it (search hits, token lists, the other side of a comparison). */
export interface HeatmapControl {
  /** Scroll to token `pos` and focus it, so its tooltip opens. */
  jumpTo: (pos: number) => void;
  /** The first token of the row at the top of the view. */
  firstVisibleToken: () => number;
  /** Scroll so that token `pos`'s row is at the top, without moving focus (scroll sync). */
  scrollToToken: (pos: number) => void;
}

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
  /** Receives the heatmap's controls (jump to a token, scroll sync). */
  controlRef?: Ref<HeatmapControl>;
  /** Height of the whole heatmap, legend included (a CSS length); the text scrolls in what the legend leaves. '100%' fills a parent of definite height. Default '70vh'. */
  height?: string | number;
  /** Text to find (case-insensitive): its matches are framed, with next / previous. */
  query?: string;
  /** The query's matches in the rendered text, when the caller found them (a regex, run in a worker): `query` is then the pattern, shown as /query/. */
  matches?: readonly (readonly [number, number])[];
  /** Token → 1 where this text differs from the other side of a comparison (marked, and ticked on the overview). */
  differs?: Uint8Array;
  /** Colour of the difference marks (the side's colour). */
  differsColor?: string;
  /** Fold the legend's key of marks behind a button: a narrow heatmap gives its height to the text. */
  isKeyFolded?: boolean;
}

const MATCH_TICK = '#e4007c';

/**
 * The token heatmap of one scored trajectory: the rendered conversation as text, every response
 * token coloured by the chosen metric on a fixed domain, prompt and template tokens muted; a legend
 * that is a histogram above it; a tooltip per token (hover, focus or click to pin); an overview
 * strip of the whole text beside it.
 *
 * Only the visible rows exist in the DOM (useHeatmapRows), so a 30,000-token trajectory opens as
 * fast as a short one. The rows are the text's lines, wrapped at token boundaries to at most the
 * characters that fit the width (useRowChars), so every row has a bounded height. The tooltip
 * (useTokenTooltip) and keyboard navigation (useTokenKeyboard) have a hook each. Search matches,
 * differences and the tokens the student's template inserted are marked per token (tokenMarks.ts).
 */
export function TokenHeatmap(props: TokenHeatmapProps) {
  const { result, metric, clip, onMetricChange, scrollRef, controlRef, height = '70vh', query = '', matches, differs, differsColor = '#4684d7', isKeyFolded } = props;
  const { tokens } = result;
  const respPositions = tokens.respPositions;
  const model = useMemo(() => heatmapModel(result, metric, clip), [result, metric, clip]);

  const scrollEl = useRef<HTMLDivElement | null>(null);
  const [boxHeight, setBoxHeight] = useState(0);
  const setScrollEl = useCallback(
    (el: HTMLDivElement | null) => {
      scrollEl.current = el;
      assignRef(scrollRef, el);
    },
    [scrollRef],
  );
  const { rowChars, lineProbe, charProbe } = useRowChars(scrollEl);
  const { rows, rowOfToken, virtualizer, items, splitVersion } = useHeatmapRows(tokens, rowChars, scrollEl);
  const tooltip = useTokenTooltip({ result, scrollEl, rows, items });
  const { tipPos } = tooltip;
  const layout = useMemo(
    () => ({ rows, rowOfToken, posToScore: model.posToScore, respPositions, offsets: tokens.offsets }),
    [rows, rowOfToken, model, respPositions, tokens],
  );
  const { tabbablePos, onKeyDown, moveFocus } = useTokenKeyboard({ layout, scrollEl, virtualizer, drawnRows: items, activePos: tooltip.state.activePos, send: tooltip.send });
  const { selectedKey, highlight, onSelectBin } = useLegendSelection(metric, model);

  // Another trajectory starts at its top: the scroll offset of the last one means nothing here.
  useLayoutEffect(() => {
    if (scrollEl.current) scrollEl.current.scrollTop = 0;
    virtualizer.scrollToOffset(0);
  }, [result, virtualizer]);

  // Marks: matches of the query, differences from the other side, tokens the template inserted.
  const { marks, matchRanges } = useMemo(() => {
    const mask = new Uint8Array(tokens.inputIds.length);
    const found = matches ?? (query.trim() ? textMatches(tokens.text, query.trim()) : []);
    const firsts = markRanges(mask, tokens.offsets, found, MARK_MATCH);
    const lasts = found.map(([, b]) => tokenAt(tokens.offsets, b - 1));
    if (differs) for (let p = 0; p < mask.length && p < differs.length; p++) if (differs[p]) mask[p] |= MARK_DIFFERS;
    markPositions(mask, tokens.templatePositions, MARK_TEMPLATE);
    return { marks: mask, matchRanges: firsts.map((f, i) => [f, lasts[i] + 1] as [number, number]) };
  }, [tokens, query, matches, differs]);
  const [matchIndex, setMatchIndex] = useState(0);
  const [matchKey, setMatchKey] = useState({ tokens, query });
  if (matchKey.tokens !== tokens || matchKey.query !== query) {
    setMatchKey({ tokens, query });
    setMatchIndex(0);
  }
  const currentMatch = matchRanges.length ? matchRanges[Math.min(matchIndex, matchRanges.length - 1)] : null;

  // Tokens of the highlighted legend bar, to step through.
  const binTokens = useMemo(() => {
    if (!highlight) return [];
    const out: number[] = [];
    const { rank } = result.scores;
    for (let i = 0; i < respPositions.length; i++) {
      const inBin = 'clipped' in highlight ? rank[i] > clip : model.histogram.binOf[i] !== NO_BIN && model.histogram.binOf[i] === highlight.bin;
      if (inBin) out.push(respPositions[i]);
    }
    return out;
  }, [highlight, result, respPositions, clip, model]);
  const [binIndex, setBinIndex] = useState(-1);
  const [binKey, setBinKey] = useState(binTokens);
  if (binKey !== binTokens) {
    setBinKey(binTokens);
    setBinIndex(-1);
  }

  const ticks = useMemo(() => {
    const out: { pos: number; color: string }[] = [];
    if (differs) for (const p of runStarts(marks, MARK_DIFFERS)) out.push({ pos: p, color: differsColor });
    for (const [a] of matchRanges) out.push({ pos: a, color: MATCH_TICK });
    return out;
  }, [marks, matchRanges, differs, differsColor]);

  useImperativeHandle(
    controlRef,
    () => ({
      jumpTo: (pos) => showToken(Math.max(0, Math.min(tokens.inputIds.length - 1, pos))),
      firstVisibleToken: () => {
        const top = (scrollEl.current?.scrollTop ?? 0) + 8;
        const item = virtualizer.getVirtualItems().find((v) => v.end > top);
        return item ? (rows[item.index]?.start ?? 0) : 0;
      },
      scrollToToken: (pos) => {
        const row = rowOfToken[Math.max(0, Math.min(rowOfToken.length - 1, pos))];
        if (row !== undefined) virtualizer.scrollToIndex(row, { align: 'start' });
      },
    }),
    // showToken is declared below; it only reads model, virtualizer and rowOfToken, listed here.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [moveFocus, tokens, virtualizer, rows, rowOfToken, model],
  );

  // The overview's frame follows the scroll without re-rendering React.
  const viewport = useRef<HTMLDivElement | null>(null);
  const placeViewport = useCallback(() => {
    const el = scrollEl.current;
    const frame = viewport.current;
    if (!el || !frame || el.scrollHeight <= 0) return;
    frame.style.top = `${(el.scrollTop / el.scrollHeight) * 100}%`;
    frame.style.height = `${Math.max(1, (el.clientHeight / el.scrollHeight) * 100)}%`;
  }, []);
  useLayoutEffect(() => {
    const el = scrollEl.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => {
      setBoxHeight(el.clientHeight);
      placeViewport();
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, [placeViewport]);
  useLayoutEffect(placeViewport, [rows, items, placeViewport]);

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
        hasTemplateTokens={(tokens.templatePositions?.length ?? 0) > 0}
        hasDifferences={!!differs}
        hasMatches={!!query.trim()}
        isKeyFolded={isKeyFolded}
        summary={
          <span className="rsr-hm-summary">
            {plural(tokens.inputIds.length, 'token', 'tokens')}, {respPositions.length.toLocaleString('en-US')} scored · rank clip R = {clip}
          </span>
        }
      />
    ),
    [model, clip, selectedKey, onSelectBin, onMetricChange, tokens, differs, query, isKeyFolded, respPositions],
  );
  const nTokens = tokens.inputIds.length;
  const tipScore = tipPos === null ? -1 : model.posToScore[tipPos];
  /** Focus a scored token (its tooltip opens); a prompt token cannot take focus, so it is only scrolled to the middle. */
  const showToken = (pos: number) => {
    if (model.posToScore[pos] >= 0) moveFocus(pos);
    else virtualizer.scrollToIndex(rowOfToken[pos], { align: 'center' });
  };
  const stepMatch = (by: number) => {
    if (!matchRanges.length) return;
    const next = (Math.min(matchIndex, matchRanges.length - 1) + by + matchRanges.length) % matchRanges.length;
    setMatchIndex(next);
    showToken(matchRanges[next][0]);
  };
  const stepBin = (by: number) => {
    if (!binTokens.length) return;
    const next = binIndex < 0 ? (by > 0 ? 0 : binTokens.length - 1) : (binIndex + by + binTokens.length) % binTokens.length;
    setBinIndex(next);
    moveFocus(binTokens[next]);
  };

  return (
    <div className="rsr-heatmap" style={{ height }}>
      {legend}
      {/* What a reader acts on: a cut text, steps through search matches or a highlighted bar. Nothing to say, no line. */}
      {(tokens.truncated || query.trim() || highlight) && (
      <div className="rsr-hm-meta">
        {tokens.truncated ? (
          <span className="rsr-hm-warn">
            truncated to {nTokens.toLocaleString('en-US')} of {tokens.fullLength.toLocaleString('en-US')} tokens (max tokens setting)
          </span>
        ) : null}
        {query.trim() ? (
          <StepBar
            label={matches ? `/${query}/` : `“${query.trim()}”`}
            testId="match-steps"
            count={matchRanges.length}
            index={matchRanges.length ? Math.min(matchIndex, matchRanges.length - 1) : -1}
            noun={['match', 'matches']}
            prevLabel="Previous match"
            nextLabel="Next match"
            onStep={stepMatch}
          />
        ) : null}
        {highlight ? (
          <StepBar label="highlighted" testId="bin-steps" count={binTokens.length} index={binIndex} noun={['token', 'tokens']} prevLabel="Previous highlighted token" nextLabel="Next highlighted token" onStep={stepBin} />
        ) : null}
      </div>
      )}
      <div className="rsr-hm-body">
        <div
          ref={setScrollEl}
          className="rsr-hm-scroll"
          role="region"
          aria-label={`Token heatmap of ${result.id} (${result.teacher}), coloured by ${model.scale.name.toLowerCase()}; arrow keys move between tokens, Enter pins details`}
          tabIndex={tabbablePos < 0 ? 0 : -1}
          onKeyDown={onKeyDown}
          {...tooltip.handlers}
          onScroll={() => {
            tooltip.handlers.onScroll();
            placeViewport();
          }}
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
                  key={`${splitVersion}:${item.key}`}
                  row={row}
                  index={item.index}
                  top={item.start}
                  result={result}
                  model={model}
                  clip={clip}
                  highlight={highlight}
                  tabbablePos={inRow(tabbablePos) ? tabbablePos : -1}
                  activePos={tipPos !== null && inRow(tipPos) ? tipPos : -1}
                  tooltipId={tooltip.tooltipId}
                  measureRef={virtualizer.measureElement}
                  marks={marks}
                  current={currentMatch}
                />
              );
            })}
          </div>
        </div>
        <HeatmapOverview
          rows={rows}
          posToScore={model.posToScore}
          surprisal={result.scores.surprisal}
          rowOfToken={rowOfToken}
          ticks={ticks}
          height={boxHeight}
          viewportRef={viewport}
          onJump={(row) => virtualizer.scrollToIndex(row, { align: 'center' })}
        />
      </div>
      {tipPos !== null && tipScore >= 0 && tooltip.anchor && typeof document !== 'undefined'
        ? createPortal(
            <TokenTooltip
              id={tooltip.tooltipId}
              result={result}
              pos={tipPos}
              scoreIndex={tipScore}
              clip={clip}
              anchor={tooltip.anchor}
              isPinned={tooltip.state.pinned === tipPos}
              onClose={tooltip.close}
            />,
            document.body,
          )
        : null}
    </div>
  );
}

function assignRef<T>(ref: Ref<T> | undefined, value: T | null): void {
  if (typeof ref === 'function') ref(value);
  else if (ref) (ref as { current: T | null }).current = value;
}
