import type { AnalysisRow } from '../../analysis/analysisRows';
import { formatCount, formatNumber } from '../ui/format';
import { MiddleEllipsis } from '../ui/MiddleEllipsis';
import { Swatch } from '../ui/Swatch';
import { useGridRows } from '../ui/useGridRows';

export interface PickListProps {
  picks: readonly AnalysisRow[];
  colors: ReadonlyMap<string, string>;
  onOpen: (row: AnalysisRow) => void;
}

const ROW_HEIGHT = 30;

/** What was picked, from which teacher and where it came from; virtualized like every long list here. */
export function PickList({ picks, colors, onOpen }: PickListProps) {
  const { scrollRef, virtualizer } = useGridRows(picks.length, (i) => picks[i].key, ROW_HEIGHT);
  return (
    <div className="grid pick-grid" role="grid" aria-label="Picked trajectories" aria-rowcount={picks.length + 1}>
      <div className="grid-head" role="rowgroup">
        <div className="grid-row" role="row" aria-rowindex={1}>
          {['Problem', 'Teacher', 'RSR', 'Resp. tokens', 'Input line'].map((label, i) => (
            <div key={label} role="columnheader" className={`grid-cell head-label${i === 2 || i === 3 ? ' num' : ''}`}>
              {label}
            </div>
          ))}
        </div>
      </div>
      <div className="grid-body" role="rowgroup" ref={scrollRef}>
        {picks.length === 0 ? (
          <p className="empty">Nothing picked.</p>
        ) : (
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((v) => {
              const r = picks[v.index];
              return (
                <div
                  key={v.key}
                  role="row"
                  data-testid="pick-row"
                  data-id={r.id}
                  data-teacher={r.teacher}
                  data-rsr={String(r.metrics.rsr)}
                  aria-rowindex={v.index + 2}
                  className="grid-row body-row"
                  style={{ transform: `translateY(${v.start}px)`, height: ROW_HEIGHT }}
                  onClick={() => onOpen(r)}
                >
                  <div role="gridcell" className="grid-cell">
                    {r.id}
                  </div>
                  <div role="gridcell" className="grid-cell">
                    <Swatch color={colors.get(r.teacher)} />
                    <MiddleEllipsis text={r.teacher} />
                  </div>
                  <div role="gridcell" className="grid-cell num tabular">
                    {formatNumber(r.metrics.rsr, 4)}
                  </div>
                  <div role="gridcell" className="grid-cell num tabular">
                    {formatCount(r.metrics.respTokenLength)}
                  </div>
                  <div role="gridcell" className={`grid-cell mono${r.source ? '' : ' muted'}`}>
                    {r.source ? <MiddleEllipsis text={`${r.source.file}:${r.source.line}`} tail={18} /> : 'not loaded'}
                  </div>
                </div>
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}
