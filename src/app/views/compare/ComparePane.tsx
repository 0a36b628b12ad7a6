import type { Ref } from 'react';
import type { AnalysisRow } from '../../analysis/analysisRows';
import type { HeatmapSearch } from '../../analysis/useSearchMatches';
import type { HeatmapMetric } from '../../store/trajectoriesSlice';
import { TokenHeatmap, type HeatmapControl } from '../heatmap/TokenHeatmap';
import { formatCount, formatNumber } from '../ui/format';
import { MiddleEllipsis } from '../ui/MiddleEllipsis';
import { Stat } from '../ui/Stat';

export interface ComparePaneProps {
  /** 'A' or 'B': the side's letter and colour. */
  side: 'A' | 'B';
  color: string;
  row: AnalysisRow;
  metric: HeatmapMetric;
  /** One clip for both sides, so token RSR is on the same scale. */
  clip: number;
  scrollRef: Ref<HTMLDivElement>;
  controlRef: Ref<HeatmapControl>;
  /** Token → 1 where this side's text differs from the other's (null while aligning). */
  differs?: Uint8Array;
  /** The table's search, to frame. */
  search: HeatmapSearch;
}

/**
 * One side of the comparison: who wrote it and its numbers, in the side's colour, above its token
 * heatmap. The metric switch is the view's (one for both sides) and the key folds away, so the
 * height goes to the text.
 */
export function ComparePane({ side, color, row, metric, clip, scrollRef, controlRef, differs, search }: ComparePaneProps) {
  const m = row.metrics;
  return (
    <section className="compare-pane" aria-label={`Teacher ${side}: ${row.teacher}`} data-side={side} style={{ ['--side-color' as string]: color }}>
      <header className="compare-pane-head">
        <div className="compare-pane-title">
          <span className="side-badge" aria-hidden="true">
            {side}
          </span>
          <MiddleEllipsis className="compare-teacher" text={row.teacher} />
          {row.isImported && <span className="badge badge-imported">imported</span>}
        </div>
        <dl className="stats stats-inline stats-compact">
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
          scrollRef={scrollRef}
          controlRef={controlRef}
          height="100%"
          differs={differs}
          differsColor={color}
          query={search.query}
          matches={search.matches}
          isKeyFolded
        />
      ) : (
        <p className="empty">Imported metrics only: no per-token scores to draw.</p>
      )}
    </section>
  );
}
