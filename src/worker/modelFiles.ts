import { StudentError } from '../core/score/studentError';
import type { FileGetter } from '../core/score/studentFiles';
import { readWithProgress } from './fetchWithProgress';
import type { FileProgress, ModelSource } from './protocol';

const HUB = 'https://huggingface.co';
const HUB_CACHE = 'rsr-lens-hub-v1';

/**
 * Files come from the app itself (bundled), the Hub (the only network use, cached in Cache
 * Storage so the second load is instant) or a dropped folder (already in memory).
 */
export function modelFileGetter(source: ModelSource, onProgress: (files: FileProgress[]) => void): FileGetter {
  const progress = new Map<string, FileProgress>();
  const report = (file: string, loaded: number, total: number) => {
    progress.set(file, { file, loaded, total });
    onProgress([...progress.values()]);
  };

  if (source.kind === 'files') {
    const byPath = new Map<string, ArrayBuffer>();
    for (const [path, data] of Object.entries(source.files)) byPath.set(path.replace(/^\.?\//, ''), data);
    return async (path, optional) => {
      // A dropped folder keeps its own name as the first path segment: match on the suffix.
      const hit = byPath.get(path) ?? [...byPath].find(([p]) => p.endsWith('/' + path))?.[1];
      if (!hit) {
        if (optional) return undefined;
        throw new StudentError(`the dropped model folder has no ${path}`);
      }
      report(path, hit.byteLength, hit.byteLength);
      return new Uint8Array(hit);
    };
  }

  const base =
    source.kind === 'bundled'
      ? new URL(`${import.meta.env.BASE_URL}models/${source.name}/`, self.location.origin).href
      : `${HUB}/${source.id}/resolve/${encodeURIComponent(source.revision ?? 'main')}/`;
  const cache = source.kind === 'hub' && typeof caches !== 'undefined' ? caches.open(HUB_CACHE) : undefined;

  return async (path, optional) => {
    const url = base + path;
    const store = await cache;
    let response = await store?.match(url);
    if (!response) {
      try {
        response = await fetch(url);
      } catch (err) {
        throw new StudentError(`cannot download ${path} from ${url}: ${(err as Error).message} (offline, or the server is unreachable)`);
      }
      // A static host with an SPA fallback answers a missing file with index.html and 200.
      const isHtml = (response.headers.get('content-type') ?? '').includes('text/html');
      if ((response.status === 404 || isHtml) && optional) return undefined;
      if (!response.ok) throw new StudentError(`cannot download ${path}: HTTP ${response.status} from ${url}`);
      if (store) {
        const bytes = await readWithProgress(response, (l, t) => report(path, l, t));
        await store.put(url, new Response(bytes as BodyInit, { headers: { 'content-length': String(bytes.length) } }));
        return bytes;
      }
    }
    return readWithProgress(response, (l, t) => report(path, l, t));
  };
}

/**
 * The paths of a dropped folder relative to the model's root (the folder holding config.json or
 * genai_config.json), so the dtype choice reads the listing instead of probing; undefined for
 * sources that cannot list (the Hub, the app's own server).
 */
export function modelListing(source: ModelSource): string[] | undefined {
  if (source.kind !== 'files') return undefined;
  const paths = Object.keys(source.files).map((p) => p.replace(/^\.?\//, ''));
  const roots = paths.filter((p) => /(^|\/)(config|genai_config)\.json$/.test(p)).map((p) => p.slice(0, p.lastIndexOf('/') + 1));
  const root = roots.sort((a, b) => a.length - b.length)[0] ?? '';
  return paths.filter((p) => p.startsWith(root)).map((p) => p.slice(root.length));
}

export function modelName(source: ModelSource): string {
  return source.kind === 'bundled' ? source.name : source.kind === 'hub' ? source.id : source.name;
}
