import { formatCount, formatNumber } from '../format';
import { useLensStore } from '../store/useLensStore';
import { useTeachers } from '../useTeachers';

export interface ImportedRowPanelProps {
  /** The selected table key; this panel draws only an imported metrics row (`import:<file>:<line>`). */
  rowKey: string;
}

/** In place of a heatmap for a row imported without per-token scores: its numbers and where they came from. */
export function ImportedRowPanel({ rowKey }: ImportedRowPanelProps) {
  const row = useLensStore((s) => s.importedRows.find((r) => r.key === rowKey));
  const { colors } = useTeachers();
  if (!row) return null;
  const m = row.metrics;
  const p = row.provenance;
  return (
    <section className="panel heatmap-panel is-empty" aria-labelledby="imported-row-heading">
      <header className="heatmap-header">
        <div className="heatmap-title">
          <h2 id="imported-row-heading">
            <span className="mono">{row.id}</span>
          </h2>
          <span className="teacher-chip">
            <span className="swatch" style={{ background: colors.get(row.teacher) }} aria-hidden="true" />
            {row.teacher}
          </span>
          <span className="muted mono">
            {row.file}:{row.line}
          </span>
        </div>
        <dl className="stats">
          <div>
            <dt>RSR</dt>
            <dd className="tabular">{formatNumber(m.rsr, 4)}</dd>
          </div>
          <div>
            <dt>Response tokens</dt>
            <dd className="tabular">{formatCount(m.respTokenLength)}</dd>
          </div>
          <div>
            <dt>Avg rank (clipped)</dt>
            <dd className="tabular">{formatNumber(m.avgRankClip, 2)}</dd>
          </div>
          <div>
            <dt>Avg surprisal</dt>
            <dd className="tabular">{formatNumber(m.avgSurprisal)}</dd>
          </div>
        </dl>
      </header>
      <p className="muted">
        Imported metrics{p.model ? ` (${[p.model, p.dtype, p.device].filter(Boolean).join(' · ')})` : ''}: no per-token scores to draw. Import the
        matching <code>_inferred_data</code> file, with the original trajectories loaded, for a heatmap.
      </p>
    </section>
  );
}
