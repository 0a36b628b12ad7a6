import { useShallow } from 'zustand/react/shallow';
import { pickedFiles } from '../../input/collectDroppedFiles';
import { importResultsFiles } from '../../input/importResultsFiles';
import { useLensStore } from '../../store/useLensStore';
import { formatCount } from '../ui/format';
import { MiddleEllipsis } from '../ui/MiddleEllipsis';

/** Results scored elsewhere: the reference's `_sample_metrics` / `_inferred_data`, or our CLI's output. */
export function ImportPanel() {
  const { reports, importing, isRunning, hasImports, importsCleared } = useLensStore(
    useShallow((s) => ({
      reports: s.importReports,
      importing: s.importing,
      isRunning: s.runState !== 'idle',
      hasImports: s.importReports.length > 0,
      importsCleared: s.importsCleared,
    })),
  );
  const isBusy = importing.length > 0;
  return (
    <section className="panel" aria-labelledby="import-heading">
      <h2 id="import-heading">Import results</h2>
      <p className="hint">
        Scored elsewhere (a GPU, the CLI): <code>_sample_metrics</code> adds rows without heatmaps; <code>_inferred_data</code> (per-token <code>nlls</code>,{' '}
        <code>ranks</code>; parquet or JSONL, either schema) is laid on the loaded trajectories with the current student&rsquo;s tokenizer to draw heatmaps.
        Or drop the reference&rsquo;s whole output folder, with the trajectories, on the data panel.
      </p>
      <div className="button-row">
        <label className={`button${isRunning || isBusy ? ' is-disabled' : ''}`}>
          {isBusy ? 'Importing…' : 'Import results…'}
          <input
            className="visually-hidden"
            type="file"
            multiple
            accept=".jsonl,.json,.ndjson,.parquet,.tsv"
            disabled={isRunning || isBusy}
            aria-label="Import results files"
            onChange={(e) => {
              const files = pickedFiles(e.currentTarget.files);
              e.currentTarget.value = '';
              void importResultsFiles(files);
            }}
          />
        </label>
        {hasImports && (
          <button type="button" className="button button-quiet" disabled={isRunning || isBusy} onClick={importsCleared}>
            Clear imports
          </button>
        )}
      </div>
      {reports.map((r) => (
        <div key={r.file} className="import-report" data-testid="import-report" data-file={r.file}>
          <div className="import-report-head">
            <MiddleEllipsis className="file-name" text={r.file} tail={24} />
            <span className="muted">
              {formatCount(r.imported)} {r.kind === 'tokens' ? `imported · ${formatCount(r.withHeatmap)} with heatmaps` : 'rows imported'}
            </span>
          </div>
          {r.notes.map((n) => (
            <p key={n} className="hint">
              {n}
            </p>
          ))}
          {r.problems.length > 0 && (
            <ul className="problem-list" aria-label={`Import problems in ${r.file}`}>
              {r.problems.map((p, i) => (
                <li key={i} className={p.severity === 'partial' ? 'problem-partial' : undefined}>
                  <code>
                    {r.file}
                    {p.line ? `:${p.line}` : ''}
                  </code>{' '}
                  — {p.reason}
                </li>
              ))}
            </ul>
          )}
        </div>
      ))}
    </section>
  );
}
