import { useShallow } from 'zustand/react/shallow';
import { useLensStore } from './store/useLensStore';
import { ImportPanel } from './views/import/ImportPanel';
import { Header } from './views/shell/Header';
import { MainTabs } from './views/shell/MainTabs';
import { Notices } from './views/shell/Notices';
import { DataPanel } from './views/sidebar/DataPanel';
import { FieldMapPanel } from './views/sidebar/FieldMapPanel';
import { InputErrors } from './views/sidebar/InputErrors';
import { RunPanel } from './views/sidebar/RunPanel';
import { SessionPanel } from './views/sidebar/SessionPanel';
import { TeacherSummaryPanel } from './views/sidebar/TeacherSummaryPanel';
import { TrajectoriesView } from './views/trajectories/TrajectoriesView';

/**
 * Layout: data, run and imports in a sidebar that folds away (the header's ☰, and by itself for
 * Compare or focus mode); on the right the views as tabs, first the table above the selected
 * trajectory's heatmap, which takes the rest of the viewport.
 */
export function App() {
  const isCollapsed = useLensStore(useShallow((s) => s.isSidebarCollapsed || s.isFocused));
  return (
    <div className="app">
      <Header />
      <div className={`layout${isCollapsed ? ' is-collapsed' : ''}`}>
        <aside className="sidebar" id="sidebar" aria-label="Data and run" hidden={isCollapsed}>
          <DataPanel />
          <SessionPanel />
          <FieldMapPanel />
          <RunPanel />
          <ImportPanel />
          <InputErrors />
          <TeacherSummaryPanel />
        </aside>
        <main className="main">
          <Notices />
          <MainTabs trajectories={<TrajectoriesView />} />
        </main>
      </div>
    </div>
  );
}
