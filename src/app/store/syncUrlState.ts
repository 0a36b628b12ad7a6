import { readUrlState, urlSearchOf } from './urlState';
import { useLensStore } from './useLensStore';

/**
 * Apply the URL to the store once, then keep the URL following the store (replaceState: settings
 * tweaks should not flood the back button). Returns the unsubscribe function, and whether the URL
 * asks for the demo data (loaded by the caller, once it knows no saved session brings data back).
 */
export function syncUrlState(): { unsubscribe: () => void; wantsDemo: boolean } {
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
  s.textQueryChanged(initial.textQuery);
  s.regexToggled(initial.isRegex);
  s.fieldSliceChanged(initial.fieldSlice);
  s.fieldColumnsChanged(initial.fieldColumns);
  s.derivedSpecChanged(initial.derivedSpec);

  let last = window.location.search.replace(/^\?/, '');
  const unsubscribe = useLensStore.subscribe((state) => {
    // Files still parsing: wait, or the demo flag would briefly drop out of the URL.
    if (state.parsing.length) return;
    const next = urlSearchOf(state);
    if (next === last) return;
    last = next;
    const url = `${window.location.pathname}${next ? `?${next}` : ''}${window.location.hash}`;
    window.history.replaceState(window.history.state, '', url);
  });
  return { unsubscribe, wantsDemo: initial.demo };
}
