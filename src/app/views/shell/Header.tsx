import { version } from '../../../../package.json';

/** App name, what it is for, and the version recorded with every result. */
export function Header() {
  return (
    <header className="app-header">
      <div className="brand">
        <span className="logo" aria-hidden="true">
          ◧
        </span>
        <h1>RSR Lens</h1>
      </div>
      <p className="tagline">Which teacher trajectories will teach your student best — per-token rank and surprisal, in your browser.</p>
      <span className="muted version">v{version}</span>
    </header>
  );
}
