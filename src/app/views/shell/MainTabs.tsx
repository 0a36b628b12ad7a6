import { lazy, Suspense, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { MAIN_VIEWS, type MainView } from '../../store/layoutSlice';
import { useLensStore } from '../../store/useLensStore';
import './analysis.css';

// The analysis tabs are fetched from the app when first opened: the first screen (load, score,
// read a trajectory) does without their ~60 kB, which kept the page's bundle over Vite's 500 kB.
const TeachersView = lazy(() => import('../teachers/TeachersView').then((m) => ({ default: m.TeachersView })));
const CompareView = lazy(() => import('../compare/CompareView').then((m) => ({ default: m.CompareView })));
const SelectView = lazy(() => import('../select/SelectView').then((m) => ({ default: m.SelectView })));

export interface MainTabsProps {
  /** The trajectory table and heatmap: the first tab, owned by the app shell. */
  trajectories: ReactNode;
}

const LABELS: Record<MainView, string> = { trajectories: 'Trajectories', teachers: 'Teachers', compare: 'Compare A/B', select: 'Select & export' };
const TABS = MAIN_VIEWS.map((view) => ({ view, label: LABELS[view] }));

/**
 * The main area's views as ARIA tabs (arrow keys move between tabs). Only the active view is
 * mounted: the others would otherwise recompute their charts on every streamed result.
 */
export function MainTabs({ trajectories }: MainTabsProps) {
  const { view, mainViewChanged } = useLensStore(useShallow((s) => ({ view: s.mainView, mainViewChanged: s.mainViewChanged })));
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const onKeyDown = (e: KeyboardEvent) => {
    const i = TABS.findIndex((t) => t.view === view);
    const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: TABS.length - 1 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    const j = (next + TABS.length) % TABS.length;
    mainViewChanged(TABS[j].view);
    refs.current[j]?.focus();
  };
  return (
    <>
      <div className="tabs" role="tablist" aria-label="Views" onKeyDown={onKeyDown}>
        {TABS.map((t, i) => (
          <button
            key={t.view}
            ref={(el) => {
              refs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`tab-${t.view}`}
            aria-selected={t.view === view}
            aria-controls={`tabpanel-${t.view}`}
            tabIndex={t.view === view ? 0 : -1}
            className="tab"
            onClick={() => mainViewChanged(t.view)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div className="tabpanel" role="tabpanel" id={`tabpanel-${view}`} aria-labelledby={`tab-${view}`}>
        <Suspense fallback={<p className="muted">Loading…</p>}>
          {view === 'trajectories' ? trajectories : view === 'teachers' ? <TeachersView /> : view === 'compare' ? <CompareView /> : <SelectView />}
        </Suspense>
      </div>
    </>
  );
}
