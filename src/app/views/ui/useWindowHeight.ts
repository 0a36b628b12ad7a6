import { useSyncExternalStore } from 'react';

function onResize(callback: () => void): () => void {
  window.addEventListener('resize', callback);
  return () => window.removeEventListener('resize', callback);
}

/** The window's inner height, px, kept current on resize (720 where there is no window: server rendering, tests). */
export function useWindowHeight(): number {
  return useSyncExternalStore(onResize, () => window.innerHeight, () => 720);
}

/** Below this window height the heatmap's legend folds its key: on a laptop screen every line of it is a line less of text. */
export const SHORT_WINDOW = 820;
