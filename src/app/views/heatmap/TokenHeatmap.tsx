import { useCallback, useMemo, useRef, type Ref } from 'react';
import { createPortal } from 'react-dom';
import type { ScoredTrajectory } from '../../../core/types';
import type { HeatmapMetric } from '../../store/trajectoriesSlice';
import { HeatmapLegend } from './HeatmapLegend';
import { heatmapModel } from './heatmapModel';
import { HeatmapRow } from './HeatmapRow';
import { TokenTooltip } from './TokenTooltip';
import { useHeatmapRows } from './useHeatmapRows';
import { useLegendSelection } from './useLegendSelection';
import { PROBE_TEXT, useRowChars } from './useRowChars';
import { useTokenKeyboard } from './useTokenKeyboard';
import { useTokenTooltip } from './useTokenTooltip';
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

/**
 * The token heatmap of one scored trajectory: the rendered conversation as text, every response
 * token coloured by the chosen metric on a fixed domain, prompt and template tokens muted; a legend
 * that is a histogram above it; a tooltip per token (hover, focus or click to pin).
 *
 * Only the visible rows exist in the DOM (useHeatmapRows), so a 30,000-token trajectory opens as
 * fast as a short one. The rows are the text's lines, wrapped at token boundaries to at most the
 * characters that fit the width (useRowChars), so every row has a bounded height. The tooltip
 * (useTokenTooltip) and keyboard navigation (useTokenKeyboard) have a hook each.
 */
export function TokenHeatmap(props: TokenHeatmapProps) {
  const { result, metric, clip, onMetricChange, scrollRef, height = '70vh' } = props;
  const { tokens } = result;
  const respPositions = tokens.respPositions;
  const model = useMemo(() => heatmapModel(result, metric, clip), [result, metric, clip]);

  const scrollEl = useRef<HTMLDivElement | null>(null);
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
  const { tabbablePos, onKeyDown } = useTokenKeyboard({ layout, scrollEl, virtualizer, drawnRows: items, activePos: tooltip.state.activePos, send: tooltip.send });
  const { selectedKey, highlight, onSelectBin } = useLegendSelection(metric, model);

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
        onKeyDown={onKeyDown}
        {...tooltip.handlers}
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
              />
            );
          })}
        </div>
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
