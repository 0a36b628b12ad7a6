import { useCallback, useMemo, useState } from 'react';
import type { HeatmapMetric } from '../../store/trajectoriesSlice';
import type { HeatmapModel } from './heatmapModel';
import type { BinHighlight } from './HeatmapRow';
import { CLIPPED_KEY } from './heatmapScales';

/** The legend bar the user picked, remembered per metric (switching metric clears it), and the tokens it highlights. */
export function useLegendSelection(metric: HeatmapMetric, model: HeatmapModel) {
  const [selection, setSelection] = useState<{ metric: HeatmapMetric; key: string } | null>(null);
  const selectedKey = selection && selection.metric === metric ? selection.key : null;
  const highlight = useMemo<BinHighlight | null>(() => {
    if (selectedKey === null) return null;
    if (selectedKey === CLIPPED_KEY) return { clipped: true };
    const bin = model.scale.bins.findIndex((b) => b.key === selectedKey);
    return bin < 0 ? null : { bin };
  }, [selectedKey, model]);
  const onSelectBin = useCallback((key: string | null) => setSelection(key === null ? null : { metric, key }), [metric]);
  return { selectedKey, highlight, onSelectBin };
}
