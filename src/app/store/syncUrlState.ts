import { loadDemoData } from '../input/loadDataset';
import { readUrlState, urlSearchOf } from './urlState';
import { useLensStore } from './useLensStore';

/**
 * Apply the URL to the store once, then keep the URL following the store (replaceState: settings
 * tweaks should not flood the back button). Returns the unsubscribe function.
 */
export function syncUrlState(): () => void {
  const initial = readUrlState(window.location.search);
  const s = useLensStore.getState();
  s.settingsChanged(initial.settings);
  s.trajectorySelected(initial.selectedKey);
  s.teacherFilterChanged(initial.teacherFilter);
  s.idFilterChanged(initial.idFilter);
  s.sortChanged(initial.sort);
  s.heatmapMetricChanged(initial.heatmapMetric);
  s.mainViewChanged(initial.view);
  s.compareTeachersChanged(initial.compareA, initial.compareB);
  s.compareIdChanged(initial.compareId);
  if (initial.demo) void loadDemoData();

  let last = window.location.search.replace(/^\?/, '');
  return useLensStore.subscribe((state) => {
    // Files still parsing: wait, or the demo flag would briefly drop out of the URL.
    if (state.parsing.length) return;
    const next = urlSearchOf(state);
    if (next === last) return;
    last = next;
    const url = `${window.location.pathname}${next ? `?${next}` : ''}${window.location.hash}`;
    window.history.replaceState(window.history.state, '', url);
  });
}
