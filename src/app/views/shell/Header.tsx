import { version } from '../../../../package.json';
import { useShallow } from 'zustand/react/shallow';
import { useLensStore } from '../../store/useLensStore';
import { RunStatusBar } from './RunStatusBar';

/** App name, the sidebar toggle, the run's status while scoring, and the version recorded with every result. */
export function Header() {
  const { isCollapsed, sidebarToggled } = useLensStore(useShallow((s) => ({ isCollapsed: s.isSidebarCollapsed || s.isFocused, sidebarToggled: s.sidebarToggled })));
  return (
    <header className="app-header">
      <button
        type="button"
        className="icon-button sidebar-toggle"
        aria-expanded={!isCollapsed}
        aria-controls="sidebar"
        aria-label={isCollapsed ? 'Show sidebar' : 'Hide sidebar'}
        title={isCollapsed ? 'Show the data and run sidebar' : 'Hide the sidebar (more room for the analysis)'}
        onClick={() => {
          useLensStore.getState().focusToggled(false);
          sidebarToggled(!isCollapsed);
        }}
      >
        ☰
      </button>
      <div className="brand">
        <span className="logo" aria-hidden="true">
          ◧
        </span>
        <h1>RSR Lens</h1>
      </div>
      <p className="tagline">Which teacher trajectories will teach your student best — per-token rank and surprisal, in your browser.</p>
      <RunStatusBar />
      <span className="muted version">v{version}</span>
    </header>
  );
}
