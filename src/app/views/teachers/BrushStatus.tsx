import { useShallow } from 'zustand/react/shallow';
import { useLensStore } from '../../store/useLensStore';
import { formatNumber, formatPlural } from '../ui/format';

export interface BrushStatusProps {
  /** Rows inside the brush, when the caller knows (the scatter does); omitted in the table, which counts its own. */
  count?: number;
  /** Offer to open the table (from the Teachers view). */
  showTableLink?: boolean;
}

/** What the scatter brush keeps, and a way out: shown above the scatter and in the table's toolbar. */
export function BrushStatus({ count, showTableLink }: BrushStatusProps) {
  const { brush, brushChanged, mainViewChanged } = useLensStore(
    useShallow((s) => ({ brush: s.brush, brushChanged: s.brushChanged, mainViewChanged: s.mainViewChanged })),
  );
  if (!brush) return null;
  return (
    <div className="brush-status" role="status" aria-label="Scatter brush">
      <span>
        <span className="muted">Brushed:</span> surprisal {formatNumber(brush.x0, 2)}–{formatNumber(brush.x1, 2)}, clipped rank{' '}
        {formatNumber(brush.y0, 1)}–{formatNumber(brush.y1, 1)}
        {count !== undefined && <> · {formatPlural(count, 'trajectory', 'trajectories')}</>}
      </span>
      {showTableLink && (
        <button type="button" className="button button-small" onClick={() => mainViewChanged('trajectories')}>
          Show in table
        </button>
      )}
      <button type="button" className="button button-small" onClick={() => brushChanged(null)}>
        Clear brush
      </button>
    </div>
  );
}
