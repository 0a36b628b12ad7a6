import { useShallow } from 'zustand/react/shallow';
import { useLensStore } from '../../store/useLensStore';
import { TokenHeatmap } from '../heatmap/TokenHeatmap';
import { ImportedRowPanel } from '../import/ImportedRowPanel';
import { HeatmapExportButtons } from '../select/HeatmapExportButtons';
import { formatCount } from '../ui/format';
import { ConversationPreview } from './ConversationPreview';
import { TrajectoryHeader } from './TrajectoryHeader';

/** The selected trajectory: its numbers and token heatmap, or its messages until it is scored. */
export function HeatmapPanel() {
  const s = useLensStore(
    useShallow((st) => {
      const key = st.selectedKey;
      return {
        trajectory: key ? st.byKey.get(key) : undefined,
        result: key ? st.results.get(key) : undefined,
        skipped: key ? st.skipped.get(key) : undefined,
        metric: st.heatmapMetric,
        heatmapMetricChanged: st.heatmapMetricChanged,
        runState: st.runState,
        key,
      };
    }),
  );
  const t = s.trajectory;
  if (!t) {
    if (s.key?.startsWith('import:')) return <ImportedRowPanel rowKey={s.key} />;
    return (
      <section className="panel heatmap-panel is-empty" aria-label="Token heatmap">
        <p className="empty">Select a trajectory in the table to read its tokens.</p>
      </section>
    );
  }
  const r = s.result;
  const m = r?.metrics;
  return (
    <section className="panel heatmap-panel" aria-labelledby="heatmap-heading">
      <TrajectoryHeader headingId="heatmap-heading" id={t.id} teacher={t.teacher} where={`${t.source.file}:${t.source.line}`} metrics={m} showEntropy>
        {r && <HeatmapExportButtons result={r} metric={s.metric} clip={r.provenance.clip} />}
      </TrajectoryHeader>
      {r?.tokens.truncated && (
        <p className="notice notice-warning">
          Truncated to {formatCount(r.tokens.inputIds.length)} of {formatCount(r.tokens.fullLength)} tokens (max tokens setting).
        </p>
      )}
      {r?.positionLimit !== undefined && (
        <p className="notice notice-warning" data-testid="position-limit">
          {formatCount(r.tokens.inputIds.length)} tokens, more than the student&rsquo;s max_position_embeddings ({formatCount(r.positionLimit)}): scored past
          the context it was trained on, as the reference does, so these numbers deserve doubt.
        </p>
      )}
      {r ? (
        <div className="heatmap-frame">
          <TokenHeatmap result={r} metric={s.metric} clip={r.provenance.clip} onMetricChange={s.heatmapMetricChanged} height="100%" />
        </div>
      ) : (
        <div className="preview-frame">
          <p className="muted">
            {s.skipped
              ? `Not scored: ${s.skipped.reason}`
              : s.runState === 'idle'
                ? 'Not scored yet. Press Score to colour its tokens.'
                : 'Waiting for its turn to be scored…'}
          </p>
          <ConversationPreview messages={t.messages} />
        </div>
      )}
    </section>
  );
}
