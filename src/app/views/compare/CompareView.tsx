import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { pairTeachers } from '../../../core/select/pairTeachers';
import { useAnalysisRows } from '../../analysis/useAnalysisRows';
import { useLensStore } from '../../store/useLensStore';
import { formatCount, formatPlural } from '../ui/format';
import { TeacherOptions } from '../ui/TeacherOptions';
import { A_COLOR, B_COLOR, DIFF_DOMAIN } from './abColors';
import { ComparePane } from './ComparePane';
import { PairList } from './PairList';
import { sortPairs } from './sortPairs';
import { pairedDeltaRsr } from '../../../core/stats/pairedDeltaRsr';
import { differsMask, sharedFraction } from '../../analysis/differsMask';
import { DemoModelNote } from '../ui/DemoModelNote';
import { TruncationNote } from '../ui/TruncationNote';
import { MetricSwitch } from '../heatmap/MetricSwitch';
import { PairedSummary } from './PairedSummary';
import { SliceWins } from './SliceWins';
import { useAlignedScroll } from './useAlignedScroll';
import { useAlignment } from './useAlignment';
import { useSearchMatches } from '../../analysis/useSearchMatches';

/** Keys typed into these are text, not shortcuts. */
const isTyping = (el: Element | null) => !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || (el as HTMLElement).isContentEditable);

/**
 * Two teachers side by side on the problems both answered: the list of RSR(A), RSR(B) and their
 * difference, and the open problem's two token heatmaps on the same metric and colour scale,
 * scrolling together. j / k (or the arrow buttons) step through the list in its current order.
 */
export function CompareView() {
  const rows = useAnalysisRows();
  const s = useLensStore(
    useShallow((st) => ({
      compareA: st.compareA,
      compareB: st.compareB,
      compareId: st.compareId,
      pairSort: st.pairSort,
      metric: st.heatmapMetric,
      compareTeachersChanged: st.compareTeachersChanged,
      compareIdChanged: st.compareIdChanged,
      pairSortToggled: st.pairSortToggled,
      heatmapMetricChanged: st.heatmapMetricChanged,
    })),
  );
  const teachers = useMemo(() => [...new Set(rows.map((r) => r.teacher))].sort((a, b) => a.localeCompare(b)), [rows]);
  const a = s.compareA !== null && teachers.includes(s.compareA) ? s.compareA : (teachers[0] ?? '');
  const b = s.compareB !== null && teachers.includes(s.compareB) ? s.compareB : (teachers.find((t) => t !== a) ?? a);
  const paired = useMemo(() => pairTeachers(rows, a, b), [rows, a, b]);
  const pairs = useMemo(() => sortPairs(paired.pairs, s.pairSort), [paired, s.pairSort]);
  const openIndex = Math.max(0, pairs.findIndex((p) => p.id === s.compareId));
  const open = pairs[openIndex];

  const { compareIdChanged } = s;
  const step = useCallback(
    (by: number) => {
      if (!pairs.length) return;
      const next = Math.max(0, Math.min(pairs.length - 1, openIndex + by));
      compareIdChanged(pairs[next].id);
    },
    [pairs, openIndex, compareIdChanged],
  );
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || isTyping(document.activeElement)) return;
      if (e.key === 'j') step(1);
      else if (e.key === 'k') step(-1);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [step]);

  const [isSynced, setSynced] = useState(true);
  const resultA = open?.a.result;
  const resultB = open?.b.result;
  const { alignment, ms } = useAlignment(resultA?.tokens.text, resultB?.tokens.text);
  const { refA, refB, controlA, controlB } = useAlignedScroll({ isEnabled: isSynced, alignment, tokensA: resultA?.tokens, tokensB: resultB?.tokens });
  const masks = useMemo(
    () => (alignment && resultA && resultB ? { a: differsMask(alignment, 'a', resultA.tokens.offsets), b: differsMask(alignment, 'b', resultB.tokens.offsets) } : null),
    [alignment, resultA, resultB],
  );
  const delta = useMemo(() => pairedDeltaRsr(paired.pairs.map((p) => ({ a: p.a.metrics, b: p.b.metrics }))), [paired]);
  // The badge's verdict rests on both sides of every shared problem.
  const pairedRows = useMemo(() => paired.pairs.flatMap((p) => [p.a, p.b]), [paired]);
  const searchA = useSearchMatches(resultA?.tokens.text);
  const searchB = useSearchMatches(resultB?.tokens.text);
  const aId = useId();
  const bId = useId();

  if (teachers.length < 2) {
    return (
      <section className="panel" aria-label="Compare teachers">
        <p className="empty">Comparing needs scored trajectories from at least two teachers.</p>
      </section>
    );
  }
  const clip = open?.a.result?.provenance.clip ?? open?.b.result?.provenance.clip ?? 100;
  return (
    <div className="view-stack compare-view">
      <section className="panel compare-toolbar" aria-label="Compare teachers">
        <div className="field field-inline">
          <span className="side-badge side-a" aria-hidden="true">
            A
          </span>
          <label htmlFor={aId}>Teacher A</label>
          <select id={aId} value={a} onChange={(e) => s.compareTeachersChanged(e.currentTarget.value, b)}>
            <TeacherOptions teachers={teachers} />
          </select>
        </div>
        <button type="button" className="button button-small" aria-label="Swap teachers A and B" title="Swap A and B" onClick={() => s.compareTeachersChanged(b, a)}>
          ⇄
        </button>
        <div className="field field-inline">
          <span className="side-badge side-b" aria-hidden="true">
            B
          </span>
          <label htmlFor={bId}>Teacher B</label>
          <select id={bId} value={b} onChange={(e) => s.compareTeachersChanged(a, e.currentTarget.value)}>
            <TeacherOptions teachers={teachers} />
          </select>
        </div>
        <p className="muted compare-counts" role="status">
          {formatPlural(pairs.length, 'shared problem', 'shared problems')}
          {paired.onlyA.length > 0 && ` · ${formatCount(paired.onlyA.length)} only A`}
          {paired.onlyB.length > 0 && ` · ${formatCount(paired.onlyB.length)} only B`}
        </p>
        <PairedSummary paired={delta} a={a} b={b} />
        <TruncationNote rows={pairedRows} />
        <SliceWins pairs={paired.pairs} />
        <div className="diff-legend" aria-label={`Difference colours: blue where A is lower, amber where B is lower, full colour at ${DIFF_DOMAIN}`}>
          <span>A better</span>
          <span className="diff-ramp" aria-hidden="true" />
          <span>B better</span>
        </div>
        <DemoModelNote rows={rows} isCompact />
      </section>
      <div className="compare-body">
        <section className="panel table-panel pair-panel" aria-label="Shared problems">
          <PairList pairs={pairs} sort={s.pairSort} onSort={s.pairSortToggled} openId={open?.id ?? null} onOpen={s.compareIdChanged} onStep={step} />
        </section>
        <section className="panel compare-panel" aria-labelledby="compare-problem-heading">
          <div className="compare-nav">
            <h2 id="compare-problem-heading">
              Problem <span className="mono">{open?.id ?? '—'}</span>
            </h2>
            <span className="muted tabular">{pairs.length ? `${openIndex + 1} of ${pairs.length}` : ''}</span>
            <div className="button-row">
              <button type="button" className="button button-small" aria-label="Previous problem" title="Previous problem (k)" disabled={openIndex <= 0} onClick={() => step(-1)}>
                ↑ Prev
              </button>
              <button type="button" className="button button-small" aria-label="Next problem" title="Next problem (j)" disabled={openIndex >= pairs.length - 1} onClick={() => step(1)}>
                ↓ Next
              </button>
              {/* One switch for both sides: their colours are on one scale. */}
              <MetricSwitch metric={s.metric} onChange={s.heatmapMetricChanged} />
              <label className="check" title="The panes scroll on the text alignment: shared text stays side by side">
                <input type="checkbox" checked={isSynced} onChange={(e) => setSynced(e.currentTarget.checked)} /> Scroll together
              </label>
            </div>
            <span className="muted align-status" data-testid="align-status" data-ms={ms ?? undefined} title="▁ marks the text that differs from the other side">
              {resultA && resultB
                ? alignment
                  ? `Aligned by text: ${Math.round(sharedFraction(alignment, 'a') * 100)}% of A and ${Math.round(sharedFraction(alignment, 'b') * 100)}% of B shared`
                  : 'Aligning the two texts…'
                : ''}
            </span>
          </div>
          {open ? (
            <div className="compare-panes">
              <ComparePane side="A" color={A_COLOR} row={open.a} metric={s.metric} clip={clip} scrollRef={refA} controlRef={controlA} differs={masks?.a} search={searchA} />
              <ComparePane side="B" color={B_COLOR} row={open.b} metric={s.metric} clip={clip} scrollRef={refB} controlRef={controlB} differs={masks?.b} search={searchB} />
            </div>
          ) : (
            <p className="empty">Pick a problem in the list.</p>
          )}
        </section>
      </div>
    </div>
  );
}
