import { useId, useMemo, useState } from 'react';
import type { ScoredTrajectory } from '../../../core/types';
import type { AnalysisRow } from '../../analysis/analysisRows';
import { notableTokens } from '../../analysis/notableTokens';
import { useLensStore } from '../../store/useLensStore';
import { TeacherOptions } from '../ui/TeacherOptions';
import { NotableTokenList } from '../trajectories/NotableTokenList';

const LIST_LENGTH = 20;

/** A teacher's most surprising tokens and those clipped at R, across all its scored trajectories; each opens its trajectory at that token. */
export function TeacherTokens({ rows, teachers }: { rows: readonly AnalysisRow[]; teachers: readonly string[] }) {
  const [picked, setPicked] = useState('');
  const teacher = teachers.includes(picked) ? picked : (teachers[0] ?? '');
  const id = useId();
  const byKey = useMemo(() => new Map(rows.map((r) => [r.key, r])), [rows]);
  const lists = useMemo(() => {
    const results = rows.filter((r) => r.teacher === teacher && r.result).map((r) => [r.key, r.result] as [string, ScoredTrajectory]);
    const clip = results[0]?.[1].provenance.clip ?? 100;
    return { ...notableTokens(results, clip, LIST_LENGTH), clip };
  }, [rows, teacher]);
  const open = (key: string, pos: number) => {
    const s = useLensStore.getState();
    s.tokenJumpRequested({ key, pos });
    s.mainViewChanged('trajectories');
  };
  const where = (t: { key: string }) => byKey.get(t.key)?.id ?? t.key;
  if (!teachers.length) return null;
  return (
    <section className="panel" aria-labelledby="teacher-tokens-heading">
      <div className="panel-head">
        <h2 id="teacher-tokens-heading">Notable tokens</h2>
        <div className="field field-inline">
          <label htmlFor={id}>Teacher</label>
          <select id={id} value={teacher} onChange={(e) => setPicked(e.currentTarget.value)}>
            <TeacherOptions teachers={teachers} />
          </select>
        </div>
      </div>
      <div className="two-col two-col-narrow token-lists-wide">
        <NotableTokenList title="Most surprising" tokens={lists.surprising} show="surprisal" label={where} onOpen={(t) => open(t.key, t.pos)} />
        <NotableTokenList title={`Clipped at R = ${lists.clip}`} tokens={lists.clipped} total={lists.clippedCount} show="rank" label={where} onOpen={(t) => open(t.key, t.pos)} />
      </div>
    </section>
  );
}
