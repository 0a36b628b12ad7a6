import { useId, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { teacherShares } from '../../../core/select/teacherShares';
import type { AnalysisRow } from '../../analysis/analysisRows';
import { useAnalysisRows } from '../../analysis/useAnalysisRows';
import { useBootstrapIntervals } from '../../analysis/useBootstrapIntervals';
import { useTeachers } from '../../analysis/useTeachers';
import { useTeacherSummaries } from '../../analysis/useTeacherSummaries';
import { useLensStore } from '../../store/useLensStore';
import { DemoModelNote } from '../ui/DemoModelNote';
import { TruncationNote } from '../ui/TruncationNote';
import { formatCount, formatPlural } from '../ui/format';
import { downloadFile } from './downloadFile';
import { resultsJsonl, selectionJsonl, summaryTsv } from './exportFiles';
import { HeatmapExportButtons } from './HeatmapExportButtons';
import { PickList } from './PickList';
import { resultsParquet } from './resultsParquet';
import { selectRows } from './selectRows';
import { TeacherShares } from './TeacherShares';

const JSONL = 'application/jsonl;charset=utf-8';

/**
 * Trajectory selection (the paper's second use) and every export: the picks as the user's own
 * input lines, all results with the reference's field names, the teacher summary, a heatmap.
 */
export function SelectView() {
  const rows = useAnalysisRows();
  const summaries = useTeacherSummaries(rows);
  const intervals = useBootstrapIntervals(rows);
  const { colors } = useTeachers();
  const s = useLensStore(
    useShallow((st) => ({
      mode: st.selectMode,
      topN: st.topN,
      maxRsr: st.maxRsr,
      selectModeChanged: st.selectModeChanged,
      topNChanged: st.topNChanged,
      maxRsrChanged: st.maxRsrChanged,
      trajectorySelected: st.trajectorySelected,
      mainViewChanged: st.mainViewChanged,
      selected: st.selectedKey ? st.results.get(st.selectedKey) : undefined,
      metric: st.heatmapMetric,
      pending: st.trajectories.length - st.results.size,
    })),
  );
  const withTokens = useMemo(() => rows.flatMap((r) => (r.result ? [{ key: r.key, result: r.result }] : [])), [rows]);
  const [isWritingParquet, setIsWritingParquet] = useState(false);
  const exportParquet = async () => {
    setIsWritingParquet(true);
    try {
      const st = useLensStore.getState();
      const bytes = await resultsParquet(withTokens, { hashes: st.hashes });
      downloadFile('rsr-results.parquet', new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/vnd.apache.parquet' }));
    } catch (e) {
      useLensStore.getState().noticeAdded('error', `Could not write the parquet export: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setIsWritingParquet(false);
    }
  };
  const picks = useMemo(() => selectRows(rows, { mode: s.mode, topN: s.topN, maxRsr: s.maxRsr }), [rows, s.mode, s.topN, s.maxRsr]);
  const shares = useMemo(() => teacherShares(picks, summaries.map((t) => t.teacher)), [picks, summaries]);
  const problems = useMemo(() => new Set(rows.map((r) => r.id)).size, [rows]);
  const exportable = useMemo(() => selectionJsonl(picks), [picks]);
  const nId = useId();
  const tId = useId();
  const openRow = (row: AnalysisRow) => {
    s.trajectorySelected(row.key);
    s.mainViewChanged('trajectories');
  };

  if (!rows.length) {
    return (
      <section className="panel" aria-label="Selection">
        <p className="empty">Score trajectories, or import results, to select the ones that suit this student.</p>
      </section>
    );
  }
  return (
    <div className="view-stack">
      <section className="panel" aria-labelledby="selection-heading">
        <div className="panel-head">
          <h2 id="selection-heading">Select trajectories</h2>
          <p className="hint">Lowest RSR first; ties broken by clipped rank, then teacher name, then input line — the same picks as <code>rsr-lens select</code>.</p>
        </div>
        <fieldset className="mode-picker">
          <legend className="visually-hidden">Selection mode</legend>
          <label className="check">
            <input type="radio" name="select-mode" checked={s.mode === 'perProblem'} onChange={() => s.selectModeChanged('perProblem')} />
            Per problem: the lowest-RSR answer to each problem id
          </label>
          <label className="check">
            <input type="radio" name="select-mode" checked={s.mode === 'topN'} onChange={() => s.selectModeChanged('topN')} />
            Top
            <input
              id={nId}
              type="number"
              className="inline-number"
              aria-label="N"
              min={1}
              step={1}
              value={s.topN}
              onChange={(e) => {
                const v = Math.floor(Number(e.currentTarget.value));
                if (v >= 1) s.topNChanged(v);
                s.selectModeChanged('topN');
              }}
            />
            by RSR
          </label>
          <label className="check">
            <input type="radio" name="select-mode" checked={s.mode === 'belowThreshold'} onChange={() => s.selectModeChanged('belowThreshold')} />
            RSR below
            <input
              id={tId}
              type="number"
              className="inline-number"
              aria-label="RSR threshold"
              min={0}
              step={0.1}
              value={s.maxRsr}
              onChange={(e) => {
                const v = Number(e.currentTarget.value);
                if (Number.isFinite(v) && v >= 0) s.maxRsrChanged(v);
                s.selectModeChanged('belowThreshold');
              }}
            />
          </label>
        </fieldset>
        <DemoModelNote rows={rows} />
        <TruncationNote rows={rows} />
        <p className="selection-count" role="status" data-testid="selection-count">
          Picked <strong>{formatCount(picks.length)}</strong> of {formatCount(rows.length)} scored {rows.length === 1 ? 'trajectory' : 'trajectories'} ({formatPlural(problems, 'problem id', 'problem ids')})
          {s.pending > 0 && <span className="muted"> · {formatCount(s.pending)} not scored yet {s.pending === 1 ? 'is' : 'are'} not considered</span>}
        </p>
        <div className="two-col two-col-narrow">
          <section aria-labelledby="shares-heading" className="subsection">
            <h3 id="shares-heading">Teacher shares</h3>
            <TeacherShares shares={shares} colors={colors} />
          </section>
          <section aria-label="Picks" className="subsection">
            <PickList picks={picks} colors={colors} onOpen={openRow} />
          </section>
        </div>
      </section>
      <section className="panel" aria-labelledby="export-heading">
        <h2 id="export-heading">Export</h2>
        <div className="export-grid">
          <button
            type="button"
            className="button button-primary"
            disabled={exportable.lines === 0}
            onClick={() => downloadFile(`selection-${s.mode}.jsonl`, exportable.text, JSONL)}
          >
            Export selection
          </button>
          <p className="hint">
            {formatPlural(exportable.lines, 'line', 'lines')}, each byte for byte the original input line (JSONL).
            {exportable.missing > 0 && ` ${exportable.missing === 1 ? '1 pick is an imported row whose input file is not loaded, and is' : `${formatCount(exportable.missing)} picks are imported rows whose input file is not loaded, and are`} left out.`}
          </p>
          <button type="button" className="button" onClick={() => downloadFile('rsr-results.jsonl', resultsJsonl(rows), JSONL)}>
            Export results
          </button>
          <p className="hint">All {formatPlural(rows.length, 'result', 'results')}, one JSON line each, with the reference&rsquo;s <code>_sample_metrics</code> field names.</p>
          <button type="button" className="button" disabled={!withTokens.length || isWritingParquet} onClick={() => void exportParquet()}>
            {isWritingParquet ? 'Writing parquet…' : 'Export parquet'}
          </button>
          <p className="hint">
            The {formatPlural(withTokens.length, 'result', 'results')} with tokens as parquet, with the per-token <code>resp_token_positions</code>, <code>probs</code>,{' '}
            <code>nlls</code>, <code>ranks</code> of the reference&rsquo;s <code>_inferred_data</code> (the CLI&rsquo;s <code>--out results.parquet</code>).
            {rows.length > withTokens.length && ` ${rows.length - withTokens.length === 1 ? '1 imported metrics row has no tokens and is' : `${formatCount(rows.length - withTokens.length)} imported metrics rows have no tokens and are`} left out.`}
          </p>
          <button type="button" className="button" onClick={() => downloadFile('rsr-teachers.tsv', summaryTsv(summaries, intervals, rows), 'text/tab-separated-values;charset=utf-8')}>
            Export teacher summary
          </button>
          <p className="hint">TSV: Eq. 9 RSR with its 95% bootstrap interval, n and the baselines, best first.</p>
          {s.selected ? (
            <HeatmapExportButtons result={s.selected} metric={s.metric} clip={s.selected.provenance.clip} />
          ) : (
            <span className="muted">Heatmap</span>
          )}
          <p className="hint">
            {s.selected ? (
              <>
                The open trajectory&rsquo;s heatmap (<span className="mono">{s.selected.id}</span>, {s.selected.teacher}) as SVG or PNG.
              </>
            ) : (
              'Open a scored trajectory in the table to export its heatmap as SVG or PNG.'
            )}
          </p>
        </div>
      </section>
    </div>
  );
}
