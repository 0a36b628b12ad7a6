import { useLensStore } from '../../store/useLensStore';
import { TrajectoryHeader } from '../trajectories/TrajectoryHeader';

export interface ImportedRowPanelProps {
  /** The selected table key; this panel draws only an imported metrics row (`import:<file>:<line>`). */
  rowKey: string;
}

/** In place of a heatmap for a row imported without per-token scores: its numbers and where they came from. */
export function ImportedRowPanel({ rowKey }: ImportedRowPanelProps) {
  const row = useLensStore((s) => s.importedRows.find((r) => r.key === rowKey));
  if (!row) return null;
  const p = row.provenance;
  return (
    <section className="panel heatmap-panel is-empty" aria-labelledby="imported-row-heading">
      <TrajectoryHeader headingId="imported-row-heading" id={row.id} teacher={row.teacher} where={`${row.file}:${row.line}`} metrics={row.metrics} />
      <p className="muted">
        Imported metrics{p.model ? ` (${[p.model, p.dtype, p.device].filter(Boolean).join(' · ')})` : ''}: no per-token scores to draw. Import the
        matching <code>_inferred_data</code> file, with the original trajectories loaded, for a heatmap.
      </p>
    </section>
  );
}
