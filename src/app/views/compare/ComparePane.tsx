import type { Ref } from 'react';
import type { AnalysisRow } from '../../analysis/analysisRows';
import type { HeatmapMetric } from '../../store/trajectoriesSlice';
import { TokenHeatmap, type HeatmapControl } from '../heatmap/TokenHeatmap';
import { formatCount, formatNumber } from '../ui/format';
import { Stat } from '../ui/Stat';

export interface ComparePaneProps {
  /** 'A' or 'B': the side's letter and colour. */
  side: 'A' | 'B';
  color: string;
  row: AnalysisRow;
  metric: HeatmapMetric;
  /** One clip for both sides, so token RSR is on the same scale. */
  clip: number;
  onMetricChange: (metric: HeatmapMetric) => void;
  scrollRef: Ref<HTMLDivElement>;
  controlRef: Ref<HeatmapControl>;
  /** Token → 1 where this side's text differs from the other's (null while aligning). */
  differs?: Uint8Array;
  /** Search text to frame. */
  query: string;
}

/** One side of the comparison: who wrote it and its numbers, in the side's colour, above its token heatmap. */
export function ComparePane({ side, color, row, metric, clip, onMetricChange, scrollRef, controlRef, differs, query }: ComparePaneProps) {
  const m = row.metrics;
  return (
    <section className="compare-pane" aria-label={`Teacher ${side}: ${row.teacher}`} data-side={side} style={{ ['--side-color' as string]: color }}>
      <header className="compare-pane-head">
        <div className="compare-pane-title">
          <span className="side-badge" aria-hidden="true">
            {side}
          </span>
          <span className="compare-teacher" title={row.teacher}>
            {row.teacher}
          </span>
          {row.isImported && <span className="badge badge-imported">imported</span>}
        </div>
        <dl className="stats stats-compact">
          <Stat label="RSR" testId={`rsr-${side}`}>
            {formatNumber(m.rsr, 4)}
          </Stat>
          <Stat label="Avg rank (clipped)">{formatNumber(m.avgRankClip, 2)}</Stat>
          <Stat label="Avg surprisal">{formatNumber(m.avgSurprisal, 3)}</Stat>
          <Stat label="Length">{formatCount(m.respTokenLength)}</Stat>
        </dl>
      </header>
      {row.result ? (
        <TokenHeatmap
          result={row.result}
          metric={metric}
          clip={clip}
          onMetricChange={onMetricChange}
          scrollRef={scrollRef}
          controlRef={controlRef}
          height="100%"
          differs={differs}
          differsColor={color}
          query={query}
        />
      ) : (
        <p className="empty">Imported metrics only: no per-token scores to draw.</p>
      )}
    </section>
  );
}
