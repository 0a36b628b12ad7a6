import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { watchTeacherColors } from './analysis/watchTeacherColors';
import { watchScoringIdentity } from './cache/watchScoringIdentity';
import { disposeWorker } from './scoring/modelWorker';
import { syncUrlState } from './store/syncUrlState';
import './styles.css';

// URL first, so the identity watcher starts from the settings the URL asked for.
syncUrlState();
watchScoringIdentity();
watchTeacherColors();

if (import.meta.hot) import.meta.hot.dispose(disposeWorker);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
