import { useState } from 'react';
import type { ScoredTrajectory } from '../../../core/types';
import type { HeatmapMetric } from '../../store/trajectoriesSlice';
import { downloadFile, safeFileName } from './downloadFile';
import { heatmapSvg } from './heatmapSvg';
import { svgToPng } from './svgToPng';

export interface HeatmapExportButtonsProps {
  result: ScoredTrajectory;
  metric: HeatmapMetric;
  clip: number;
}

/** "SVG" and "PNG" downloads of a trajectory's whole token heatmap, as currently coloured. */
export function HeatmapExportButtons({ result, metric, clip }: HeatmapExportButtonsProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const base = safeFileName(`${result.teacher}_${result.id}_${metric}`);
  return (
    <span className="export-buttons" role="group" aria-label="Export heatmap">
      <button type="button" className="button button-small" aria-label="Export heatmap as SVG" onClick={() => downloadFile(`${base}.svg`, heatmapSvg(result, metric, clip), 'image/svg+xml')}>
        SVG
      </button>
      <button
        type="button"
        className="button button-small"
        aria-label="Export heatmap as PNG"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          setError(null);
          svgToPng(heatmapSvg(result, metric, clip))
            .then((png) => downloadFile(`${base}.png`, png))
            .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))
            .finally(() => setBusy(false));
        }}
      >
        PNG
      </button>
      {error && <span className="error-text">PNG failed: {error}</span>}
    </span>
  );
}
