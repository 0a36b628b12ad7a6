import { type DeviceLimits, FIT_ADVICE, fitProblem } from '../core/score/deviceLimits';
import { StudentError } from '../core/score/studentError';
import type { FileGetter } from '../core/score/studentFiles';
import { readWithProgress } from './fetchWithProgress';
import type { FileProgress, ModelSource, TokenizerSource } from './protocol';

const HUB = 'https://huggingface.co';
const HUB_CACHE = 'rsr-lens-hub-v1';

/**
 * Files come from the app itself (bundled), the Hub (the only network use, cached in Cache
 * Storage so the second load is instant) or a dropped folder (read from the user's disk only when
 * asked for). A file larger than `limits.maxFileBytes` is refused as soon as its size is known,
 * before its body is read.
 */
export function modelFileGetter(source: TokenizerSource, onProgress: (files: FileProgress[]) => void, limits?: DeviceLimits): FileGetter {
  const progress = new Map<string, FileProgress>();
  const report = (file: string, loaded: number, total: number) => {
    progress.set(file, { file, loaded, total });
    onProgress([...progress.values()]);
  };

  // The same check as before any download (studentFiles), now that this file's own size is known.
  const checkSize = (path: string, bytes: number) => {
    const problem = limits && fitProblem([{ path, bytes }], limits);
    if (problem) throw new StudentError(`${problem}: ${FIT_ADVICE}`, 'refused');
  };

  if (source.kind === 'files') {
    const byPath = new Map<string, Blob>();
    for (const [path, data] of Object.entries(source.files)) byPath.set(path.replace(/^\.?\//, ''), data);
    return async (path, optional) => {
      // A dropped folder keeps its own name as the first path segment: match on the suffix.
      const hit = byPath.get(path) ?? [...byPath].find(([p]) => p.endsWith('/' + path))?.[1];
      if (!hit) {
        if (optional) return undefined;
        throw new StudentError(`the dropped model folder has no ${path}`);
      }
      checkSize(path, hit.size);
      const bytes = new Uint8Array(await hit.arrayBuffer());
      report(path, bytes.length, bytes.length);
      return bytes;
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
      checkSize(path, Number(response.headers.get('content-length') ?? 0));
      if (store) {
        // The cache reads its own copy of the stream: no second buffer of the file in JavaScript.
        const cached = store.put(url, response.clone());
        const bytes = await readWithProgress(response, (l, t) => report(path, l, t));
        await cached;
        return bytes;
      }
    }
    checkSize(path, Number(response.headers.get('content-length') ?? 0));
    return readWithProgress(response, (l, t) => report(path, l, t));
  };
}

/**
 * A Hub repo's files and their sizes from its tree API, so that the dtype choice needs no probing
 * and a file that cannot fit the device is refused before its download; undefined where the API
 * does not answer (offline with cached files, a mirror without it), and files are then probed.
 */
export async function hubListing(source: Extract<ModelSource, { kind: 'hub' }>): Promise<{ paths: string[]; sizes: Map<string, number> } | undefined> {
  const sizes = new Map<string, number>();
  let url: string | undefined = `${HUB}/api/models/${source.id}/tree/${encodeURIComponent(source.revision ?? 'main')}?recursive=true`;
  try {
    for (let page = 0; url && page < 20; page++) {
      const response: Response = await fetch(url);
      if (!response.ok || !(response.headers.get('content-type') ?? '').includes('json')) return undefined;
      const entries = (await response.json()) as { type: string; path: string; size?: number; lfs?: { size?: number } }[];
      for (const e of entries) if (e.type === 'file') sizes.set(e.path, e.lfs?.size ?? e.size ?? 0);
      // Long listings come in pages: Link: <…>; rel="next".
      url = /<([^>]+)>;\s*rel="next"/.exec(response.headers.get('link') ?? '')?.[1];
    }
  } catch {
    return undefined;
  }
  return sizes.size ? { paths: [...sizes.keys()], sizes } : undefined;
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
  return source.kind === 'bundled' ? source.name : source.kind === 'hub' ? source.id : source.kind === 'server' ? source.url : source.name;
}
