import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { watchDerivedField } from './analysis/watchDerivedField';
import { watchRegexSearch } from './analysis/watchRegexSearch';
import { watchTeacherColors } from './analysis/watchTeacherColors';
import { restoreLastSession, watchSession } from './cache/sessions';
import { watchScoringIdentity } from './cache/watchScoringIdentity';
import { offerKeptModelFolder } from './input/keptModelFolder';
import { loadDemoData } from './input/loadDataset';
import { disposeWorker } from './scoring/modelWorker';
import { recoverKilledRun } from './scoring/recoverKilledRun';
import { clearRunJournalOnExit } from './scoring/runJournal';
import { watchTokenCounts } from './scoring/tokenCounter';
import { syncUrlState } from './store/syncUrlState';
import { AppErrorBoundary } from './views/shell/AppErrorBoundary';
import './styles.css';

// URL first, so the identity watcher starts from the settings the URL asked for.
const { wantsDemo } = syncUrlState();
watchScoringIdentity();
watchTeacherColors();
watchTokenCounts();
watchRegexSearch();
watchDerivedField();
// The last session comes back by itself; the demo flag only loads the demo when nothing did.
clearRunJournalOnExit();
void restoreLastSession().then((restored) => {
  watchSession();
  recoverKilledRun();
  void offerKeptModelFolder();
  if (wantsDemo && !restored) void loadDemoData();
});

if (import.meta.hot) import.meta.hot.dispose(disposeWorker);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AppErrorBoundary>
      <App />
    </AppErrorBoundary>
  </StrictMode>,
);
