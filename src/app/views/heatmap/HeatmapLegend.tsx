import { max, scaleSqrt } from 'd3';
import { plural } from '../../../core/plural';
import { useMemo, type KeyboardEvent, type ReactNode } from 'react';
import type { HeatmapMetric } from '../../store/trajectoriesSlice';
import { CLIPPED_KEY, type MetricScale } from './heatmapScales';
import { MetricSwitch } from './MetricSwitch';

export interface HeatmapLegendProps {
  /** The shown metric's colour scale and bins. */
  scale: MetricScale;
  /** Response tokens per bin, parallel to scale.bins. */
  counts: readonly number[];
  /** Response tokens ranked above the clip R. */
  clippedCount: number;
  /** Rank clip R. */
  clip: number;
  /** Key of the highlighted bar (a bin key or CLIPPED_KEY), or null. */
  selected: string | null;
  /** Called with a bar's key when it is clicked, or null when the highlighted bar is clicked again. */
  onSelect: (key: string | null) => void;
  /** When given, the legend shows a switch between the three metrics. */
  onMetricChange?: (metric: HeatmapMetric) => void;
  /** Some tokens were inserted by the student's template: explain their mark. */
  hasTemplateTokens?: boolean;
  /** Tokens are marked where the text differs from the other side of a comparison: explain the mark. */
  hasDifferences?: boolean;
  /** A search is on: explain the match frame. */
  hasMatches?: boolean;
  /** Fold the key of marks (underline, hatch, prompt, …) behind a "Key" button: for narrow heatmaps, whose height goes to the text. */
  isKeyFolded?: boolean;
  /** What the text holds (its token counts, the clip): the key's first item, so it costs no line of its own. */
  summary?: ReactNode;
}

/** The tallest bar, as a share of the bar area (whose height is set in CSS, lower on short screens). */
const BAR_TOP = 100;

/**
 * The colour legend, drawn as a histogram of the shown metric: one button per bin, its bar in the
 * bin's colour and as tall as √count (most response tokens sit in the first bin; a linear scale would
 * flatten every other bar). Clicking a bar highlights its tokens in the heatmap; clicking it again clears.
 */
export function HeatmapLegend(props: HeatmapLegendProps) {
  const { scale, counts, clippedCount, clip, selected, onSelect, onMetricChange, hasTemplateTokens, hasDifferences, hasMatches, isKeyFolded, summary } = props;
  const showClipped = scale.metric !== 'surprisal';
  const height = useMemo(() => {
    const top = Math.max(1, max(showClipped ? [...counts, clippedCount] : counts) ?? 1);
    return scaleSqrt().domain([0, top]).range([0, BAR_TOP]);
  }, [counts, clippedCount, showClipped]);
  const total = counts.reduce((a, b) => a + b, 0);
  const toggle = (key: string) => onSelect(selected === key ? null : key);
  // A bin with any token stays visible, however low its share.
  const barHeight = (count: number) => (count > 0 ? `max(2px, ${height(count).toFixed(1)}%)` : 0);
  // The bars are one tab stop (the pressed bar, else the first); arrow keys move between them, so
  // keyboard users do not tab through 21 bars to reach the text.
  const keys = showClipped ? [...scale.bins.map((b) => b.key), CLIPPED_KEY] : scale.bins.map((b) => b.key);
  const tabStop = selected !== null && keys.includes(selected) ? selected : keys[0];
  const onBarsKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const buttons = Array.from(e.currentTarget.querySelectorAll<HTMLButtonElement>('button'));
    const i = buttons.indexOf(e.target as HTMLButtonElement);
    if (i < 0) return;
    const next = { ArrowRight: i + 1, ArrowDown: i + 1, ArrowLeft: i - 1, ArrowUp: i - 1, Home: 0, End: buttons.length - 1 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    buttons[Math.max(0, Math.min(buttons.length - 1, next))].focus();
  };

  const key = (
    <div className="rsr-hm-legend-keys">
      {summary}
      <span>
        <span className="rsr-hm-key-notable">abc</span> {scale.notableLabel}
      </span>
      {showClipped ? (
        <span>
          <span className="rsr-hm-key-clipped rsr-hm-hatch">abc</span> rank &gt; {clip} (clipped)
        </span>
      ) : null}
      <span>
        <span className="rsr-hm-key-prompt">abc</span> prompt / template: not scored
      </span>
      {hasTemplateTokens ? (
        <span>
          <span className="rsr-hm-key-template">abc</span> inserted by the student&rsquo;s template: scored, not the teacher&rsquo;s
        </span>
      ) : null}
      {hasDifferences ? (
        <span>
          <span className="rsr-hm-key-differs">abc</span> differs from the other side (unmarked: same text)
        </span>
      ) : null}
      {hasMatches ? (
        <span>
          <span className="rsr-hm-key-match">abc</span> search match
        </span>
      ) : null}
      <span>
        <span className="rsr-hm-ws">· ↵ →</span> space, newline, tab
      </span>
      <span>bars{scale.unit ? ` in ${scale.unit}` : ''}: height ∝ √count, click to highlight</span>
    </div>
  );

  // One row where there is room: the switch, the histogram and the key side by side; the text
  // below gets the height. Narrower, the parts wrap, and a folded key takes one line.
  return (
    <div className={`rsr-hm-legend${scale.isCategorical ? ' rsr-hm-legend-cat' : ''}`}>
      <div className="rsr-hm-legend-head">
        {onMetricChange ? (
          <MetricSwitch metric={scale.metric} onChange={onMetricChange} />
        ) : (
          <span className="rsr-hm-legend-name">{scale.name}</span>
        )}
      </div>
      <div
        className="rsr-hm-bars"
        role="toolbar"
        aria-label={`${scale.name} histogram of ${total.toLocaleString('en-US')} response tokens: highlight tokens by bin`}
        title={`${total.toLocaleString('en-US')} response tokens${scale.unit ? ` · ${scale.unit}` : ''} · bar height ∝ √count · click a bar to highlight its tokens`}
        onKeyDown={onBarsKeyDown}
      >
        {scale.bins.map((b, i) => (
          <button
            key={b.key}
            type="button"
            className={`rsr-hm-bar${b.overflow ? ` rsr-hm-bar-${b.overflow}` : ''}`}
            aria-pressed={selected === b.key}
            tabIndex={b.key === tabStop ? 0 : -1}
            aria-label={`${b.description}: ${plural(counts[i], 'token', 'tokens')}`}
            title={`${scale.name} ${b.label}: ${plural(counts[i], 'token', 'tokens')}`}
            data-dim={selected !== null && selected !== b.key ? 'true' : undefined}
            onClick={() => toggle(b.key)}
          >
            <span className="rsr-hm-bar-area">
              <span className="rsr-hm-bar-fill" style={{ height: barHeight(counts[i]), backgroundColor: b.color }} />
            </span>
            <span className="rsr-hm-bar-swatch" style={{ backgroundColor: b.color }} />
            <span className="rsr-hm-bar-tick" aria-hidden="true">
              {b.tick}
            </span>
          </button>
        ))}
        {showClipped ? (
          <button
            type="button"
            className="rsr-hm-bar rsr-hm-bar-clipped"
            aria-pressed={selected === CLIPPED_KEY}
            tabIndex={tabStop === CLIPPED_KEY ? 0 : -1}
            aria-label={`rank above ${clip}, clipped: ${plural(clippedCount, 'token', 'tokens')}`}
            title={`rank > ${clip} (clipped at R = ${clip}): ${plural(clippedCount, 'token', 'tokens')}`}
            data-dim={selected !== null && selected !== CLIPPED_KEY ? 'true' : undefined}
            onClick={() => toggle(CLIPPED_KEY)}
          >
            <span className="rsr-hm-bar-area">
              <span className="rsr-hm-bar-fill rsr-hm-hatch" style={{ height: barHeight(clippedCount) }} />
            </span>
            <span className="rsr-hm-bar-swatch rsr-hm-hatch" />
            <span className="rsr-hm-bar-tick" aria-hidden="true">
              &gt; R={clip}
            </span>
          </button>
        ) : null}
      </div>
      {isKeyFolded ? (
        <details className="rsr-hm-key-fold">
          <summary>Key</summary>
          {key}
        </details>
      ) : (
        key
      )}
    </div>
  );
}
