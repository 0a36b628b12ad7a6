import type { LoadRequest, ModelSource } from './protocol';

/**
 * The one short, stable name of a student source ("bundled:rsr-tiny-qwen3", "hub:<id>",
 * "files:<folder>"): the model half of the result cache key, and what the worker and its client
 * compare to know whether that student (or its tokenizer) is loaded already. A dropped folder is
 * known by its name: its contents live in memory only.
 */
export function modelKey(source: ModelSource): string {
  switch (source.kind) {
    case 'bundled':
      return `bundled:${source.name}`;
    case 'hub':
      return source.revision ? `hub:${source.id}@${source.revision}` : `hub:${source.id}`;
    case 'files':
      return `files:${source.name}`;
  }
}

/** A load request as one string: equal strings load the same student on the same device and dtype. */
export function loadKey(load: Pick<LoadRequest, 'model' | 'device' | 'dtype' | 'attention'>): string {
  return JSON.stringify([modelKey(load.model), load.device, load.dtype, load.attention ?? 'rewrite']);
}
