import type { ReactNode } from 'react';
import type { TrajectoryMetrics } from '../../../core/types';
import { useTeachers } from '../../analysis/useTeachers';
import { formatCount, formatNumber } from '../ui/format';
import { MiddleEllipsis } from '../ui/MiddleEllipsis';
import { Stat } from '../ui/Stat';
import { Swatch } from '../ui/Swatch';

export interface TrajectoryHeaderProps {
  /** Id of the h2, for the panel's aria-labelledby. */
  headingId: string;
  id: string;
  teacher: string;
  /** Where the row came from: `file:line`. */
  where: string;
  /** Undefined until the trajectory is scored: the numbers are left out. */
  metrics?: TrajectoryMetrics;
  /** Imported metrics rows carry no entropy. */
  showEntropy?: boolean;
  /** Actions beside the title (exports). */
  children?: ReactNode;
}

/**
 * The head of a trajectory panel: id, teacher, source line, and its RSR and averages — one line
 * where the panel is wide, two where it is not; long names lose their middle, not their end.
 */
export function TrajectoryHeader({ headingId, id, teacher, where, metrics: m, showEntropy = false, children }: TrajectoryHeaderProps) {
  const { colors } = useTeachers();
  return (
    <header className="heatmap-header">
      <div className="heatmap-title">
        <h2 id={headingId}>
          <span className="mono">{id}</span>
        </h2>
        <span className="teacher-chip">
          <Swatch color={colors.get(teacher)} />
          <MiddleEllipsis text={teacher} />
        </span>
        <MiddleEllipsis className="muted mono heatmap-where" text={where} tail={18} />
        {children}
      </div>
      {m && (
        <dl className="stats stats-inline">
          <Stat label="RSR">{formatNumber(m.rsr, 4)}</Stat>
          <Stat label="Response tokens">{formatCount(m.respTokenLength)}</Stat>
          <Stat label="Avg rank (clipped)">{formatNumber(m.avgRankClip, 2)}</Stat>
          <Stat label="Avg surprisal">{formatNumber(m.avgSurprisal)}</Stat>
          {showEntropy && <Stat label="Avg entropy">{formatNumber(m.avgEntropy)}</Stat>}
        </dl>
      )}
    </header>
  );
}
