import { HEATMAP_METRICS, type HeatmapMetric } from '../../store/trajectoriesSlice';

export interface MetricSwitchProps {
  /** The metric shown. */
  metric: HeatmapMetric;
  onChange: (metric: HeatmapMetric) => void;
}

const METRIC_LABELS: Record<HeatmapMetric, string> = { surprisal: 'Surprisal', rank: 'Rank', tokenRsr: 'Token RSR' };

/** Surprisal / Rank / Token RSR: what colours the tokens, for one heatmap's legend or for both sides of a comparison at once. */
export function MetricSwitch({ metric, onChange }: MetricSwitchProps) {
  return (
    <div className="rsr-hm-switch" role="group" aria-label="Colour tokens by">
      {HEATMAP_METRICS.map((m) => (
        <button key={m} type="button" aria-pressed={m === metric} onClick={() => m !== metric && onChange(m)}>
          {METRIC_LABELS[m]}
        </button>
      ))}
    </div>
  );
}
