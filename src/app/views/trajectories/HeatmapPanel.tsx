import { useEffect, useMemo, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { notableTokens } from '../../analysis/notableTokens';
import { useSearchMatches } from '../../analysis/useSearchMatches';
import { useLensStore } from '../../store/useLensStore';
import { TokenHeatmap, type HeatmapControl } from '../heatmap/TokenHeatmap';
import { ImportedRowPanel } from '../import/ImportedRowPanel';
import { HeatmapExportButtons } from '../select/HeatmapExportButtons';
import { ConversationPreview } from './ConversationPreview';
import { NotableTokenList } from './NotableTokenList';
import { TrajectoryHeader } from './TrajectoryHeader';
import { formatCount } from '../ui/format';
import { SHORT_WINDOW, useWindowHeight } from '../ui/useWindowHeight';

/** Entries per token list: enough to read the pattern, short enough to scan. */
const LIST_LENGTH = 15;

/** The selected trajectory: its numbers, token heatmap and lists of notable tokens, or its messages until it is scored. */
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
        isFocused: st.isFocused,
        pendingJump: st.pendingJump,
      };
    }),
  );
  const control = useRef<HeatmapControl | null>(null);
  const isShortWindow = useWindowHeight() < SHORT_WINDOW;
  const search = useSearchMatches(s.result?.tokens.text);
  const r = s.result;
  const lists = useMemo(() => (r && s.key ? notableTokens([[s.key, r]], r.provenance.clip, LIST_LENGTH) : null), [r, s.key]);

  // A jump asked for from elsewhere (a teacher's token list): done once this trajectory's heatmap is drawn.
  useEffect(() => {
    const jump = s.pendingJump;
    if (!jump || jump.key !== s.key || !r) return;
    const id = requestAnimationFrame(() => {
      control.current?.jumpTo(jump.pos);
      useLensStore.getState().tokenJumpRequested(null);
    });
    return () => cancelAnimationFrame(id);
  }, [s.pendingJump, s.key, r]);

  const t = s.trajectory;
  if (!t) {
    if (s.key?.startsWith('import:')) return <ImportedRowPanel rowKey={s.key} />;
    return (
      <section className="panel heatmap-panel is-empty" aria-label="Token heatmap">
        <p className="empty">Select a trajectory in the table to read its tokens.</p>
      </section>
    );
  }
  const m = r?.metrics;
  const focusButton = (
    <button
      type="button"
      className="button button-small"
      aria-pressed={s.isFocused}
      title={s.isFocused ? 'Back to the table' : 'Give this trajectory the whole window (the table and sidebar fold away)'}
      onClick={() => useLensStore.getState().focusToggled()}
    >
      {s.isFocused ? 'Exit focus' : 'Focus'}
    </button>
  );
  return (
    <section className="panel heatmap-panel" aria-labelledby="heatmap-heading">
      <TrajectoryHeader headingId="heatmap-heading" id={t.id} teacher={t.teacher} where={`${t.source.file}:${t.source.line}`} metrics={m} showEntropy={!m || Number.isFinite(m.avgEntropy)}>
        {focusButton}
        {r && <HeatmapExportButtons result={r} metric={s.metric} clip={r.provenance.clip} />}
      </TrajectoryHeader>
      {r?.positionLimit !== undefined && (
        <p className="notice notice-warning" data-testid="position-limit">
          {formatCount(r.tokens.inputIds.length)} tokens, more than the student&rsquo;s max_position_embeddings ({formatCount(r.positionLimit)}): scored past
          the context it was trained on, as the reference does, so these numbers deserve doubt.
        </p>
      )}
      {r?.provenance.path === 'server' && r.provenance.approximate && (
        <p className="notice notice-warning" data-testid="server-ranks-open">
          Ranks from the server: {r.provenance.approximate}.
        </p>
      )}
      {r && lists ? (
        <div className="heatmap-frame">
          <TokenHeatmap result={r} metric={s.metric} clip={r.provenance.clip} onMetricChange={s.heatmapMetricChanged} height="100%" query={search.query} matches={search.matches} controlRef={control} isKeyFolded={isShortWindow} />
          <aside className="token-lists" aria-label="Notable tokens">
            <NotableTokenList title="Most surprising" tokens={lists.surprising} show="surprisal" onOpen={(x) => control.current?.jumpTo(x.pos)} />
            <NotableTokenList
              title={`Clipped at R = ${r.provenance.clip}`}
              tokens={lists.clipped}
              total={lists.clippedCount}
              show="rank"
              onOpen={(x) => control.current?.jumpTo(x.pos)}
            />
          </aside>
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
