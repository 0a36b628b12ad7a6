import type { LoadRequest, ModelSource } from './protocol';

/**
 * The one short, stable name of a student source ("bundled:rsr-tiny-qwen3", "hub:<id>",
 * "files:<folder>", "server:<url>|<tokenizer's>"): the model half of the result cache key, and what the worker and its client
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
    case 'server':
      // The server and the tokenizer: the model is the one the server serves (checked at load).
      return `server:${source.url}|${modelKey(source.tokenizer)}`;
  }
}

/** A load request as one string: equal strings load the same student on the same device and dtype. */
export function loadKey(load: Pick<LoadRequest, 'model' | 'device' | 'dtype' | 'attention' | 'apiKey'>): string {
  // Another key is another load (the server is asked again), but the key itself is not in the string.
  return JSON.stringify([modelKey(load.model), load.device, load.dtype, load.attention ?? 'rewrite', ...(load.apiKey ? [keyFingerprint(load.apiKey)] : [])]);
}

/** A short non-reversible tag of a key: enough to notice a change, nothing to recover it from. */
function keyFingerprint(key: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return `key-${(h >>> 0).toString(36)}`;
}
