import type { StateCreator } from 'zustand';
import type { TemplateMode } from '../../core/tokenize/responseMarkers';
import type { Device, Dtype, ModelSource } from '../../worker/protocol';
import type { LensState } from './useLensStore';

/** The embedded default student, served from `public/models/<name>/`. */
export const BUNDLED_MODEL = 'rsr-tiny-qwen3';

/** Hub students offered in the model id box (any other id can be typed). */
export const HUB_PRESETS = [
  'onnx-community/Qwen3-0.6B-ONNX',
  'onnx-community/Qwen2.5-0.5B-Instruct',
  'HuggingFaceTB/SmolLM2-135M-Instruct',
] as const;

export type StudentKind = ModelSource['kind'];

/** A model folder the user dropped, held in memory: relative path → contents. */
export interface DroppedModel {
  name: string;
  files: Record<string, ArrayBuffer>;
}

/** Everything the user can set in the run panel. All of it except the dropped model lives in the URL. */
export interface Settings {
  /** Which student source is chosen. */
  student: StudentKind;
  /** Hugging Face Hub model id, used when `student` is 'hub'. */
  hubId: string;
  device: Device | 'auto';
  dtype: Dtype | 'auto';
  /** Rank clip R of Eq. 7. */
  clip: number;
  /** Truncate each conversation to this many tokens; 0 = no limit. */
  maxTokens: number;
  template: TemplateMode;
  /** Memory budget for one chunk's logits, MiB. */
  chunkBudgetMiB: number;
}

export const DEFAULT_SETTINGS: Settings = {
  student: 'bundled',
  hubId: HUB_PRESETS[0],
  device: 'auto',
  dtype: 'auto',
  clip: 100,
  maxTokens: 0,
  template: 'auto',
  chunkBudgetMiB: 256,
};

export interface SettingsSlice extends Settings {
  droppedModel: DroppedModel | null;
  /** Change some settings. Callers keep them valid (the run panel clamps numbers). */
  settingsChanged: (patch: Partial<Settings>) => void;
  /** A model folder was dropped: remember it and make it the student. */
  modelFolderDropped: (model: DroppedModel) => void;
}

export const createSettingsSlice: StateCreator<LensState, [], [], SettingsSlice> = (set) => ({
  ...DEFAULT_SETTINGS,
  droppedModel: null,
  settingsChanged: (patch) => set(patch),
  modelFolderDropped: (model) => set({ droppedModel: model, student: 'files' }),
});

/** The worker's model source for the current settings (null when 'files' is chosen but nothing was dropped). */
export function modelSourceOf(s: Pick<LensState, 'student' | 'hubId' | 'droppedModel'>): ModelSource | null {
  switch (s.student) {
    case 'bundled':
      return { kind: 'bundled', name: BUNDLED_MODEL };
    case 'hub':
      return s.hubId.trim() ? { kind: 'hub', id: s.hubId.trim() } : null;
    case 'files':
      return s.droppedModel ? { kind: 'files', name: s.droppedModel.name, files: s.droppedModel.files } : null;
  }
}
