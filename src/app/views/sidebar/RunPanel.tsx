import { useEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { TEMPLATE_MODES, type TemplateMode } from '../../../core/tokenize/responseMarkers';
import type { Trajectory } from '../../../core/types';
import type { Device } from '../../../worker/protocol';
import { clearCachedResults } from '../../cache/resultCache';
import { pickedFiles } from '../../input/collectDroppedFiles';
import { loadDroppedFiles } from '../../input/loadDroppedFiles';
import { trajectoryKey } from '../../input/trajectoryKey';
import { cancelScoring, startScoring } from '../../scoring/scoringRun';
import { DEVICE_CHOICES, DTYPE_CHOICES } from '../../store/settingsSlice';
import { BUNDLED_MODEL, type StudentKind } from '../../store/studentSource';
import { appendMemo } from '../../store/appendedList';
import { useLensStore } from '../../store/useLensStore';
import { formatCount } from '../ui/format';
import { NumberField } from '../ui/NumberField';
import { SelectField } from '../ui/SelectField';
import { runQuickRank } from '../teachers/QuickRankPanel';
import { HubStudentField } from './HubStudentField';
import { ScoringStatus } from './ScoringStatus';
import { ServerStudentField } from './ServerStudentField';

const DEVICE_LABELS: Record<Device | 'auto', string> = { auto: 'Auto', webgpu: 'WebGPU', wasm: 'WASM (CPU)' };
const TEMPLATE_LABELS: Record<TemplateMode, string> = { auto: 'Auto', qwen: 'Qwen / ChatML', llama3: 'Llama 3' };
const DEVICE_OPTIONS = DEVICE_CHOICES.map((value) => ({ value, label: DEVICE_LABELS[value] }));
// A dtype is its own label.
const DTYPE_OPTIONS = DTYPE_CHOICES.map((value) => ({ value, label: value === 'auto' ? 'Auto' : value }));
const TEMPLATE_OPTIONS = TEMPLATE_MODES.map((value) => ({ value, label: TEMPLATE_LABELS[value] }));

/**
 * Loaded trajectories without a result, and of those the ones the worker could not score. Kept as a
 * file's trajectories arrive (appendedList.ts); counted again from the first when results change.
 */
const scoringCounts = appendMemo(
  (
    previous: { unscored: number; unscorable: number } | undefined,
    trajectories: readonly Trajectory[],
    start: number,
    { results, skipped }: { results: ReadonlyMap<string, unknown>; skipped: ReadonlyMap<string, unknown> },
  ) => {
    let { unscored, unscorable } = previous ?? { unscored: 0, unscorable: 0 };
    // Nothing scored yet (a file arriving): every new trajectory is to score, no key needed.
    if (!results.size && !skipped.size) return { unscored: unscored + trajectories.length - start, unscorable };
    for (let i = start; i < trajectories.length; i++) {
      const key = trajectoryKey(trajectories[i]);
      if (results.has(key)) continue;
      if (skipped.has(key)) unscorable++;
      else unscored++;
    }
    return { unscored, unscorable };
  },
);

/** What is left: "all scored" only when every trajectory has a result; those that could not be scored are not. */
function runCount(total: number, unscored: number, unscorable: number): string {
  const notScored = unscorable ? ` · ${formatCount(unscorable)} could not be scored` : '';
  if (unscored) return `${formatCount(unscored)} of ${formatCount(total)} to score${notScored}`;
  return unscorable ? `${formatCount(total - unscorable)} of ${formatCount(total)} scored${notScored}` : `all ${formatCount(total)} scored`;
}

/** Student and scoring settings, Score / Cancel, progress, and the cache action. */
export function RunPanel() {
  const s = useLensStore(
    useShallow((st) => ({
      student: st.student,
      hubId: st.hubId,
      droppedModel: st.droppedModel,
      serverUrl: st.serverUrl,
      serverTokenizer: st.serverTokenizer,
      serverTokenizerId: st.serverTokenizerId,
      device: st.device,
      dtype: st.dtype,
      clip: st.clip,
      maxTokens: st.maxTokens,
      template: st.template,
      chunkBudgetMiB: st.chunkBudgetMiB,
      runState: st.runState,
      total: st.trajectories.length,
      settingsChanged: st.settingsChanged,
    })),
  );
  // A selector runs on every store change: counted once per change of its three inputs.
  const { unscored, unscorable } = useLensStore(useShallow((st) => scoringCounts(st.trajectories, { results: st.results, skipped: st.skipped })));
  const isIdle = s.runState === 'idle';
  const folderInput = useRef<HTMLInputElement>(null);
  useEffect(() => {
    // Not in React's typings: lets the picker choose a whole folder, with relative paths.
    folderInput.current?.setAttribute('webkitdirectory', '');
  }, [s.student]);

  const studentOptions: { value: StudentKind; label: string }[] = [
    { value: 'bundled', label: `${BUNDLED_MODEL} (bundled, offline)` },
    { value: 'hub', label: 'Hugging Face Hub model' },
    { value: 'files', label: s.droppedModel ? `Dropped folder: ${s.droppedModel.name}` : 'Dropped model folder' },
    { value: 'server', label: 'A server (vLLM or rsr-lens serve)' },
  ];
  const isServer = s.student === 'server';

  const clearCache = async () => {
    await clearCachedResults();
    const st = useLensStore.getState();
    st.resultsCleared();
    st.noticeAdded('info', 'Cached results cleared. Score to compute them again.');
  };

  return (
    <section className="panel" aria-labelledby="run-heading">
      <h2 id="run-heading">Student &amp; run</h2>
      <SelectField label="Student model" value={s.student} options={studentOptions} disabled={!isIdle} onChange={(student) => s.settingsChanged({ student })} />
      {s.student === 'hub' && <HubStudentField hubId={s.hubId} dtype={s.dtype} device={s.device} disabled={!isIdle} onChange={(hubId) => s.settingsChanged({ hubId })} />}
      {isServer && (
        <ServerStudentField
          url={s.serverUrl}
          tokenizer={s.serverTokenizer}
          tokenizerId={s.serverTokenizerId}
          droppedName={s.droppedModel?.name}
          disabled={!isIdle}
          onChange={s.settingsChanged}
        />
      )}
      {(s.student === 'files' || (isServer && s.serverTokenizer === 'files')) && !s.droppedModel && (
        <div className="field">
          <label className="button">
            Choose model folder…
            <input
              ref={folderInput}
              className="visually-hidden"
              type="file"
              multiple
              onChange={(e) => {
                const picked = pickedFiles(e.currentTarget.files);
                e.currentTarget.value = '';
                void loadDroppedFiles(picked);
              }}
            />
          </label>
          <span className="field-hint">A folder with config.json, tokenizer.json, tokenizer_config.json and onnx/*.onnx.</span>
        </div>
      )}
      <div className="field-grid">
        {/* A server computes in its own dtype, on its own device, without our chunks. */}
        {!isServer && <SelectField label="Device" value={s.device} options={DEVICE_OPTIONS} disabled={!isIdle} onChange={(device) => s.settingsChanged({ device })} />}
        {!isServer && <SelectField label="Dtype" value={s.dtype} options={DTYPE_OPTIONS} disabled={!isIdle} onChange={(dtype) => s.settingsChanged({ dtype })} />}
        <NumberField label="Clip R" value={s.clip} min={1} disabled={!isIdle} onCommit={(clip) => s.settingsChanged({ clip })} />
        <NumberField label="Max tokens" value={s.maxTokens} min={0} disabled={!isIdle} hint="0 = no limit" onCommit={(maxTokens) => s.settingsChanged({ maxTokens })} />
        <SelectField label="Template" value={s.template} options={TEMPLATE_OPTIONS} disabled={!isIdle} onChange={(template) => s.settingsChanged({ template })} />
        {!isServer && <NumberField label="Chunk budget (MiB)" value={s.chunkBudgetMiB} min={16} disabled={!isIdle} onCommit={(chunkBudgetMiB) => s.settingsChanged({ chunkBudgetMiB })} />}
      </div>
      {!isServer && <p className="hint">Auto uses WebGPU when a real adapter exists, else WASM, and a dtype that fits the device.</p>}
      {!isServer && !self.crossOriginIsolated && (
        <p className="notice notice-warning">
          This page is not cross-origin isolated (the server sends no COOP/COEP headers), so WASM runs on one thread: slower, same numbers.
        </p>
      )}
      <div className="button-row">
        <button type="button" className="button button-primary" disabled={!isIdle || unscored === 0} onClick={() => void startScoring()}>
          Score
        </button>
        <button type="button" className="button" disabled={s.runState !== 'running'} onClick={cancelScoring}>
          Cancel
        </button>
        <button type="button" className="button" disabled={!isIdle || unscored === 0} title="Score a seeded sample interleaved across teachers and stop once the ranking is clear" onClick={runQuickRank}>
          Quick rank
        </button>
        {s.total > 0 && (
          <span className="muted run-count">
            {runCount(s.total, unscored, unscorable)}
          </span>
        )}
      </div>
      <ScoringStatus />
      <button type="button" className="button button-quiet" disabled={!isIdle} onClick={() => void clearCache()}>
        Clear cached results
      </button>
    </section>
  );
}
