import { ImportPanel } from './importing/ImportPanel';
import { MainTabs } from './tabs/MainTabs';
import { DataPanel } from './views/DataPanel';
import { Header } from './views/Header';
import { HeatmapPanel } from './views/HeatmapPanel';
import { InputErrors } from './views/InputErrors';
import { Notices } from './views/Notices';
import { ProvenanceLine } from './views/ProvenanceLine';
import { RunPanel } from './views/RunPanel';
import { TeacherSummary } from './views/TeacherSummary';
import { TrajectoryTable } from './views/TrajectoryTable';

/** Layout: data, run and imports on the left; on the right the views as tabs, first the table above the selected trajectory's heatmap. */
export function App() {
  return (
    <div className="app">
      <Header />
      <div className="layout">
        <aside className="sidebar" aria-label="Data and run">
          <DataPanel />
          <RunPanel />
          <ImportPanel />
          <InputErrors />
          <TeacherSummary />
        </aside>
        <main className="main">
          <Notices />
          <MainTabs
            trajectories={
              <>
                <TrajectoryTable />
                <ProvenanceLine />
                <HeatmapPanel />
              </>
            }
          />
        </main>
      </div>
    </div>
  );
}
