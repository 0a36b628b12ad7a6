import { ImportPanel } from './views/import/ImportPanel';
import { Header } from './views/shell/Header';
import { MainTabs } from './views/shell/MainTabs';
import { Notices } from './views/shell/Notices';
import { DataPanel } from './views/sidebar/DataPanel';
import { FieldMapPanel } from './views/sidebar/FieldMapPanel';
import { InputErrors } from './views/sidebar/InputErrors';
import { RunPanel } from './views/sidebar/RunPanel';
import { TeacherSummaryPanel } from './views/sidebar/TeacherSummaryPanel';
import { HeatmapPanel } from './views/trajectories/HeatmapPanel';
import { ProvenanceLine } from './views/trajectories/ProvenanceLine';
import { TrajectoryTable } from './views/trajectories/TrajectoryTable';

/** Layout: data, run and imports on the left; on the right the views as tabs, first the table above the selected trajectory's heatmap. */
export function App() {
  return (
    <div className="app">
      <Header />
      <div className="layout">
        <aside className="sidebar" aria-label="Data and run">
          <DataPanel />
          <FieldMapPanel />
          <RunPanel />
          <ImportPanel />
          <InputErrors />
          <TeacherSummaryPanel />
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
