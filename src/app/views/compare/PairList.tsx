import { useEffect } from 'react';
import type { TeacherPair } from '../../../core/select/pairTeachers';
import type { AnalysisRow } from '../../analysis/analysisRows';
import type { PairSort, PairSortColumn } from '../../store/compareSlice';
import { textColorOn } from '../heatmap/heatmapScales';
import { formatNumber } from '../ui/format';
import { useGridRows } from '../ui/useGridRows';
import { diffColor } from './abColors';

export interface PairListProps {
  /** Pairs in display order. */
  pairs: readonly TeacherPair<AnalysisRow>[];
  sort: PairSort;
  onSort: (column: PairSortColumn) => void;
  /** The open problem id. */
  openId: string | null;
  onOpen: (id: string) => void;
  /** Step through the list from the keyboard (+1 next, −1 previous). */
  onStep: (step: number) => void;
}

const ROW_HEIGHT = 30;

const COLUMNS: { key: PairSortColumn; label: string; title: string; numeric: boolean }[] = [
  { key: 'id', label: 'Problem', title: 'Problem id both teachers answered', numeric: false },
  { key: 'rsrA', label: 'RSR A', title: "Teacher A's trajectory RSR (Eq. 7)", numeric: true },
  { key: 'rsrB', label: 'RSR B', title: "Teacher B's trajectory RSR (Eq. 7)", numeric: true },
  { key: 'diff', label: 'A − B', title: 'RSR(A) − RSR(B): negative (blue) where A suits the student better, positive (amber) where B does', numeric: true },
];

/** The problems both teachers answered, sortable, virtualized; the difference on a diverging A/B scale. */
export function PairList({ pairs, sort, onSort, openId, onOpen, onStep }: PairListProps) {
  const { scrollRef, virtualizer } = useGridRows(pairs.length, (i) => pairs[i].id, ROW_HEIGHT);
  const openIndex = pairs.findIndex((p) => p.id === openId);
  useEffect(() => {
    if (openIndex >= 0) virtualizer.scrollToIndex(openIndex, { align: 'auto' });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [openIndex]);

  return (
    <div className="grid pair-grid" role="grid" aria-label="Problems both teachers answered" aria-rowcount={pairs.length + 1}>
      <div className="grid-head" role="rowgroup">
        <div className="grid-row" role="row" aria-rowindex={1}>
          {COLUMNS.map((c) => {
            const isSorted = sort.column === c.key;
            return (
              <div key={c.key} role="columnheader" className={`grid-cell${c.numeric ? ' num' : ''}`} aria-sort={isSorted ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
                <button type="button" className="sort-button" title={c.title} onClick={() => onSort(c.key)}>
                  {c.label}
                  <span className="sort-mark" aria-hidden="true">
                    {isSorted ? (sort.descending ? '▼' : '▲') : ''}
                  </span>
                </button>
              </div>
            );
          })}
        </div>
      </div>
      <div
        className="grid-body"
        role="rowgroup"
        ref={scrollRef}
        onKeyDown={(e) => {
          const step = { ArrowDown: 1, ArrowUp: -1 }[e.key];
          if (step === undefined) return;
          e.preventDefault();
          onStep(step);
        }}
      >
        {pairs.length === 0 ? (
          <p className="empty">These two teachers share no scored problem id.</p>
        ) : (
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((v) => {
              const p = pairs[v.index];
              const isOpen = p.id === openId;
              const bg = diffColor(p.diff);
              return (
                <div
                  key={v.key}
                  role="row"
                  data-testid="pair-row"
                  data-id={p.id}
                  data-diff={String(p.diff)}
                  aria-rowindex={v.index + 2}
                  aria-selected={isOpen}
                  tabIndex={isOpen || (openIndex < 0 && v.index === 0) ? 0 : -1}
                  className={`grid-row body-row${isOpen ? ' is-selected' : ''}`}
                  style={{ transform: `translateY(${v.start}px)`, height: ROW_HEIGHT }}
                  onClick={() => onOpen(p.id)}
                >
                  <div role="gridcell" className="grid-cell mono">
                    {p.id}
                  </div>
                  <div role="gridcell" className="grid-cell num tabular">
                    {formatNumber(p.rsrA, 3)}
                  </div>
                  <div role="gridcell" className="grid-cell num tabular">
                    {formatNumber(p.rsrB, 3)}
                  </div>
                  <div role="gridcell" className="grid-cell num tabular">
                    <span className="diff-chip" style={bg ? { background: bg, color: textColorOn(bg) } : undefined}>
                      {Number.isNaN(p.diff) ? '—' : `${p.diff > 0 ? '+' : p.diff < 0 ? '−' : ''}${formatNumber(Math.abs(p.diff), 2)}`}
                    </span>
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
