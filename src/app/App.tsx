import { DataPanel } from './views/DataPanel';
import { Header } from './views/Header';
import { HeatmapPanel } from './views/HeatmapPanel';
import { InputErrors } from './views/InputErrors';
import { Notices } from './views/Notices';
import { ProvenanceLine } from './views/ProvenanceLine';
import { RunPanel } from './views/RunPanel';
import { TeacherSummary } from './views/TeacherSummary';
import { TrajectoryTable } from './views/TrajectoryTable';

/** Layout: data and run on the left; the table above the selected trajectory's heatmap on the right. */
export function App() {
  return (
    <div className="app">
      <Header />
      <div className="layout">
        <aside className="sidebar" aria-label="Data and run">
          <DataPanel />
          <RunPanel />
          <InputErrors />
          <TeacherSummary />
        </aside>
        <main className="main">
          <Notices />
          <TrajectoryTable />
          <ProvenanceLine />
          <HeatmapPanel />
        </main>
      </div>
    </div>
  );
}
