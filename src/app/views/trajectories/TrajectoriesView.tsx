import { useRef, type KeyboardEvent, type PointerEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { autoTableHeight, TABLE_HEIGHT } from '../../store/layoutSlice';
import { useLensStore } from '../../store/useLensStore';
import { useWindowHeight } from '../ui/useWindowHeight';
import { HeatmapPanel } from './HeatmapPanel';
import { ProvenanceLine } from './ProvenanceLine';
import { TrajectoryTable } from './TrajectoryTable';

/**
 * The first tab: the table above the open trajectory, split by a handle the user drags (or moves
 * with the arrow keys) so the heatmap gets whatever the table does not need. In focus mode the
 * table goes and the trajectory takes the whole main area.
 */
export function TrajectoriesView() {
  const { isFocused, chosenHeight, tableHeightChanged } = useLensStore(
    useShallow((s) => ({ isFocused: s.isFocused, chosenHeight: s.tableHeight, tableHeightChanged: s.tableHeightChanged })),
  );
  const windowHeight = useWindowHeight();
  const tableHeight = chosenHeight ?? autoTableHeight(windowHeight);
  const drag = useRef<{ y: number; height: number } | null>(null);
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    drag.current = { y: e.clientY, height: tableHeight };
    e.currentTarget.setPointerCapture(e.pointerId);
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (drag.current) tableHeightChanged(drag.current.height + e.clientY - drag.current.y);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const step = { ArrowUp: -24, ArrowDown: 24, PageUp: -120, PageDown: 120 }[e.key];
    if (step === undefined) return;
    e.preventDefault();
    tableHeightChanged(tableHeight + step);
  };
  return (
    <div className={`trajectories-view${isFocused ? ' is-focused' : ''}`} style={{ ['--table-height' as string]: `${tableHeight}px` }}>
      {!isFocused && (
        <>
          <TrajectoryTable />
          <ProvenanceLine />
          <div
            className="split-handle"
            role="separator"
            aria-orientation="horizontal"
            aria-label="Resize the table and the heatmap"
            aria-valuemin={TABLE_HEIGHT.min}
            aria-valuemax={TABLE_HEIGHT.max}
            aria-valuenow={tableHeight}
            tabIndex={0}
            onPointerDown={onPointerDown}
            onPointerMove={onPointerMove}
            onPointerUp={() => (drag.current = null)}
            onKeyDown={onKeyDown}
          />
        </>
      )}
      <HeatmapPanel />
    </div>
  );
}
