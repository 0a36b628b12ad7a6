import { useEffect, useId, useState } from 'react';
import { formatSize } from '../../../core/score/deviceLimits';
import { formatPlural } from '../ui/format';
import { DTYPE_PREFERENCE, type Dtype, type ScoringDevice } from '../../../core/score/dtype';
import { hubIdProblem } from '../../../core/score/hubRepo';
import { HUB_PRESETS, type HubPreset, presetBytes, presetDefaultDtype, presetFits } from '../../../core/score/hubPresets';
import { forgetHubDownload, hubDownload } from '../../../worker/hubCache';
import type { Device } from '../../../worker/protocol';
import { useLensStore } from '../../store/useLensStore';

const OTHER = '';

/** The browser devices a choice of Device may end on: 'auto' may be either. */
const browserDevices = (device: Device | 'auto'): ScoringDevice[] => (device === 'wasm' ? ['wasm'] : device === 'webgpu' ? ['webgpu', 'webgpu-f16'] : ['wasm', 'webgpu', 'webgpu-f16']);
const DEVICE_NAMES: Record<ScoringDevice, string> = { cpu: 'CLI', cuda: 'CUDA', wasm: 'WASM', webgpu: 'WebGPU', 'webgpu-f16': 'WebGPU f16' };

interface HubStudentFieldProps {
  /** The Hub id typed or picked. */
  hubId: string;
  dtype: Dtype | 'auto';
  device: Device | 'auto';
  disabled: boolean;
  onChange: (hubId: string) => void;
}

/**
 * The Hub student: a preset (real students that fit a browser, core/score/hubPresets.ts) or any id.
 * For a preset, its download size per dtype and the dtype auto takes per device; a dtype asked for
 * that does not fit the device is named before anything is downloaded.
 */
export function HubStudentField({ hubId, dtype, device, disabled, onChange }: HubStudentFieldProps) {
  const pickerId = useId();
  const inputId = useId();
  const preset = HUB_PRESETS.find((p) => p.id === hubId.trim());
  return (
    <>
      <div className="field">
        <label htmlFor={pickerId}>Hub student</label>
        <select id={pickerId} value={preset?.id ?? OTHER} disabled={disabled} onChange={(e) => onChange(e.currentTarget.value)}>
          {HUB_PRESETS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
          <option value={OTHER}>Other Hub id…</option>
        </select>
      </div>
      {!preset && (
        <div className="field">
          <label htmlFor={inputId}>Hub model id</label>
          <input
            id={inputId}
            type="text"
            spellCheck={false}
            autoComplete="off"
            value={hubId}
            disabled={disabled}
            placeholder="owner/model-ONNX"
            onChange={(e) => onChange(e.currentTarget.value)}
          />
          <span className="field-hint">Downloads from huggingface.co once; the browser cache keeps it. Files that cannot fit this device are refused before they download.</span>
          {hubId.trim() && hubIdProblem(hubId.trim()) && (
            <p className="notice notice-warning" role="alert">
              Not a Hub model id: {hubIdProblem(hubId.trim())}.
            </p>
          )}
        </div>
      )}
      {preset && <PresetSizes preset={preset} dtype={dtype} device={device} />}
      {!hubIdProblem(hubId.trim()) && <HubDownload id={hubId.trim()} disabled={disabled} />}
    </>
  );
}

/** Download size per dtype, the dtype auto takes on each device, and a warning when the asked dtype cannot fit. */
function PresetSizes({ preset, dtype, device }: { preset: HubPreset; dtype: Dtype | 'auto'; device: Device | 'auto' }) {
  const sizes = presetBytes(preset);
  const devices = browserDevices(device);
  const defaults = devices.map((d) => `${presetDefaultDtype(preset, d) ?? 'none'} on ${DEVICE_NAMES[d]}`);
  const tooBig = dtype !== 'auto' && sizes[dtype] ? devices.filter((d) => !presetFits(preset, dtype, d)) : [];
  // What to pick instead: the dtypes that fit, in the order auto would try them.
  const fitting = DTYPE_PREFERENCE[devices[0]].filter((d) => preset.dtypes.includes(d) && presetFits(preset, d, devices[0]));
  return (
    <div className="preset-sizes" data-testid="preset-sizes">
      <span className="muted mono">{preset.id}</span>
      <span className="muted">Download per dtype{Object.values(sizes).some((s) => s?.estimated) ? ' (≈ estimated from its shapes)' : ''}:</span>
      <ul className="preset-dtypes">
        {preset.dtypes.map((d) => (
          <li key={d} data-dtype={d} className={d === dtype ? 'is-chosen' : undefined}>
            <span className="mono">{d}</span> {sizes[d]!.estimated ? '≈' : ''}
            {formatSize(sizes[d]!.bytes)}
          </li>
        ))}
      </ul>
      <span className="muted">Auto takes {defaults.join(', ')}.</span>
      {dtype !== 'auto' && !sizes[dtype] && <p className="notice notice-warning">This repo ships no {dtype} file: it has {preset.dtypes.join(', ')}.</p>}
      {dtype !== 'auto' && tooBig.length > 0 && (
        <p className="notice notice-warning" role="alert">
          {dtype} is {formatSize(sizes[dtype]!.bytes)}: more than {tooBig.map((d) => DEVICE_NAMES[d]).join(' or ')} can score with. Pick {fitting.slice(0, 2).join(' or ') || 'a smaller dtype'}, or score it with the
          CLI (<span className="mono">npx rsr-lens score FILES --model {preset.id}</span>).
        </p>
      )}
    </div>
  );
}

/**
 * What this browser keeps of the model (Cache Storage, filled by the model worker), and a control
 * to forget it: a download the user no longer wants, or wants afresh, goes without clearing the
 * whole site's data. Looked up again whenever a student finishes loading.
 */
function HubDownload({ id, disabled }: { id: string; disabled: boolean }) {
  const loaded = useLensStore((st) => st.loadedModel);
  const [held, setHeld] = useState<{ id: string; files: number; bytes: number } | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let isCurrent = true;
    hubDownload(id).then(
      (d) => isCurrent && setHeld({ id, ...d }),
      () => isCurrent && setHeld(null),
    );
    return () => {
      isCurrent = false;
    };
  }, [id, loaded, version]);
  if (!held || held.id !== id || held.files === 0) return null;
  return (
    <div className="field" data-testid="hub-download">
      <span className="field-hint">
        Kept in this browser: {formatPlural(held.files, 'file', 'files')}, {formatSize(held.bytes)}.
      </span>
      <button
        type="button"
        className="button"
        disabled={disabled}
        onClick={async () => {
          const removed = await forgetHubDownload(id);
          setVersion((v) => v + 1);
          useLensStore.getState().noticeAdded('info', `Forgot the download of ${id} (${formatPlural(removed, 'file', 'files')}): the next load downloads it again.`);
        }}
      >
        Forget download
      </button>
    </div>
  );
}
