import type { StateCreator } from 'zustand';
import type { ScoreSettings } from '../../core/run/scoreTrajectories';
import type { Dtype } from '../../core/score/dtype';
import type { AttentionMode, Device } from '../../worker/protocol';
import type { DroppedModel } from '../input/readModelFolder';
import { DTYPES } from '../../core/score/dtype';
import { HUB_PRESETS } from '../../core/score/hubPresets';
import type { ServerTokenizerKind, StudentKind } from './studentSource';
import type { LensState } from './useLensStore';

/** Every device choice, 'auto' first: what the run panel offers and the URL accepts. */
export const DEVICE_CHOICES: readonly (Device | 'auto')[] = ['auto', 'webgpu', 'wasm'];
/** Every dtype choice, 'auto' first: the core's dtypes (dtype.ts), as the CLI's --dtype takes them. */
export const DTYPE_CHOICES: readonly (Dtype | 'auto')[] = ['auto', ...DTYPES];

/** Everything the user can set in the run panel. All of it except the dropped model lives in the URL. */
export interface Settings extends Pick<ScoreSettings, 'clip' | 'maxTokens' | 'template'> {
  /** Which student source is chosen. */
  student: StudentKind;
  /** Hugging Face Hub model id, used when `student` is 'hub'. */
  hubId: string;
  /** The server's base URL, used when `student` is 'server' (its key is never a setting: serverKey.ts). */
  serverUrl: string;
  /** Where a server student's tokenizer comes from. */
  serverTokenizer: ServerTokenizerKind;
  /** Its Hub id, for serverTokenizer 'hub' (filled with the served model's id by a check). */
  serverTokenizerId: string;
  device: Device | 'auto';
  dtype: Dtype | 'auto';
  /** Memory budget for one chunk's logits, MiB. */
  chunkBudgetMiB: number;
  /** WebGPU GroupQueryAttention (LoadRequest.attention): set from the URL (`gqa=`) only, to measure the alternatives. */
  attention: AttentionMode;
}

export const DEFAULT_SETTINGS: Settings = {
  student: 'bundled',
  hubId: HUB_PRESETS[0].id,
  serverUrl: '',
  serverTokenizer: 'hub',
  serverTokenizerId: '',
  device: 'auto',
  dtype: 'auto',
  clip: 100,
  maxTokens: 0,
  template: 'auto',
  chunkBudgetMiB: 256,
  attention: 'rewrite',
};

export interface SettingsSlice extends Settings {
  droppedModel: DroppedModel | null;
  /** Change some settings. Callers keep them valid (the run panel clamps numbers). */
  settingsChanged: (patch: Partial<Settings>) => void;
  /** A model folder was dropped: remember it and make it the student (for a server student: its tokenizer). */
  modelFolderDropped: (model: DroppedModel) => void;
}

export const createSettingsSlice: StateCreator<LensState, [], [], SettingsSlice> = (set) => ({
  ...DEFAULT_SETTINGS,
  droppedModel: null,
  settingsChanged: (patch) => set(patch),
  modelFolderDropped: (model) => set((s) => (s.student === 'server' ? { droppedModel: model, serverTokenizer: 'files' } : { droppedModel: model, student: 'files' })),
});
