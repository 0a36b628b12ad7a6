import { type DeviceLimits, FIT_ADVICE, fitProblem } from '../core/score/deviceLimits';
import { downloadProblem, expectedDownload } from '../core/score/downloadProblem';
import { type HubFileInfo, hubFileUrl, hubTreeEntries, hubTreeUrl } from '../core/score/hubRepo';
import { checkModelPath } from '../core/score/modelPath';
import { StudentError } from '../core/score/studentError';
import { type FileGetter, tooLargeError } from '../core/score/studentFiles';
import { readWithProgress } from './fetchWithProgress';
import { HUB, HUB_CACHE } from './hubCache';
import type { FileProgress, ModelSource, TokenizerSource } from './protocol';

/** Hex sha256 of bytes in memory (Web Crypto: in workers and pages alike). */
async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Files come from the app itself (bundled), the Hub (the only network use, cached in Cache
 * Storage so the second load is instant) or a dropped folder (read from the user's disk only when
 * asked for). Every name is a plain relative path inside the model (modelPath.ts), whoever gave
 * it. A file larger than `limits.maxFileBytes` (or than `maxBytes`, for a file read whole) is
 * refused as soon as its size is known, before its body is read. A Hub download is kept only when
 * it is whole: its size against the Hub's file list (`listed`, from the tree API) or an unencoded
 * Content-Length, its sha256 where the list gives one, and never an HTML page; a cached file whose
 * size the list contradicts is fetched again.
 */
export function modelFileGetter(source: TokenizerSource, onProgress: (files: FileProgress[]) => void, limits?: DeviceLimits, listed?: ReadonlyMap<string, HubFileInfo>): FileGetter {
  const progress = new Map<string, FileProgress>();
  const report = (file: string, loaded: number, total: number) => {
    progress.set(file, { file, loaded, total });
    onProgress([...progress.values()]);
  };

  // The same check as before any download (studentFiles), now that this file's own size is known.
  const checkSize = (path: string, bytes: number, maxBytes?: number) => {
    if (maxBytes !== undefined && bytes > maxBytes) throw tooLargeError(path, bytes, maxBytes);
    const problem = limits && fitProblem([{ path, bytes }], limits);
    if (problem) throw new StudentError(`${problem}: ${FIT_ADVICE}`, 'refused');
  };
  const owner = source.kind === 'hub' ? source.id : source.name;

  if (source.kind === 'files') {
    const byPath = new Map<string, Blob>();
    for (const [path, data] of Object.entries(source.files)) byPath.set(path.replace(/^\.?\//, ''), data);
    return async (path, optional, maxBytes) => {
      checkModelPath(path, owner, 'the file');
      // A dropped folder keeps its own name as the first path segment: match on the suffix.
      const hit = byPath.get(path) ?? [...byPath].find(([p]) => p.endsWith('/' + path))?.[1];
      if (!hit) {
        if (optional) return undefined;
        throw new StudentError(`the dropped model folder has no ${path}`);
      }
      checkSize(path, hit.size, maxBytes);
      const bytes = new Uint8Array(await hit.arrayBuffer());
      report(path, bytes.length, bytes.length);
      return bytes;
    };
  }

  const urlOf = (path: string) =>
    source.kind === 'bundled'
      ? new URL(`${import.meta.env.BASE_URL}models/${source.name}/${checkModelPath(path, owner, 'the file')}`, self.location.origin).href
      : hubFileUrl(HUB, source.id, source.revision ?? 'main', path);
  const cache = source.kind === 'hub' && typeof caches !== 'undefined' ? caches.open(HUB_CACHE) : undefined;

  return async (path, optional, maxBytes) => {
    const url = urlOf(path);
    const info = listed?.get(path);
    // The Hub's own list says the file is not there: no request to find out.
    if (listed && !info && optional) return undefined;
    if (info) checkSize(path, info.size, maxBytes);
    const store = await cache;
    const cached = await store?.match(url);
    if (cached) {
      const bytes = await readWithProgress(cached, (l, t) => report(path, l, t));
      if (!info || bytes.length === info.size) {
        checkSize(path, bytes.length, maxBytes);
        return bytes;
      }
      // Cut short by an older version, which kept what came: the Hub's list says otherwise.
      await store!.delete(url);
    }
    let response: Response;
    try {
      response = await fetch(url);
    } catch (err) {
      throw new StudentError(`cannot download ${path} from ${url}: ${(err as Error).message} (offline, or the server is unreachable)`);
    }
    // A static host with an SPA fallback answers a missing file with index.html and 200.
    const isHtml = (response.headers.get('content-type') ?? '').includes('text/html');
    if ((response.status === 404 || isHtml) && optional) return undefined;
    if (!response.ok) throw new StudentError(`cannot download ${path}: HTTP ${response.status} from ${url}`);
    const expected = expectedDownload(info, [(name) => response.headers.get(name)]);
    checkSize(path, expected.bytes ?? 0, maxBytes);
    // The cache reads its own copy of the stream as it arrives (no second buffer of the file in
    // JavaScript); the entry is deleted again unless the download proves whole.
    const caching = store && !isHtml ? store.put(url, response.clone()).then(() => true, () => false) : undefined;
    let bytes: Uint8Array;
    try {
      bytes = await readWithProgress(response, (l, t) => report(path, l, t));
    } catch (err) {
      if (await caching) await store!.delete(url);
      throw new StudentError(`the download of ${path} stopped (${(err as Error).message}); nothing was kept: try again`);
    }
    const problem = downloadProblem(path, { bytes: bytes.length, contentType: response.headers.get('content-type'), ...(expected.sha256 && { sha256: await sha256Hex(bytes) }) }, expected);
    if (await caching) if (problem) await store!.delete(url);
    if (problem) throw new StudentError(`${problem}; nothing was kept: try again`);
    checkSize(path, bytes.length, maxBytes);
    return bytes;
  };
}

/**
 * A Hub repo's files with their sizes (and the sha256 of LFS files) from its tree API, so that the
 * dtype choice needs no probing, a file that cannot fit the device is refused before its download,
 * and every download is checked; undefined where the API does not answer (offline with cached
 * files, a mirror without it), and files are then probed.
 */
export async function hubListing(source: Extract<ModelSource, { kind: 'hub' }>): Promise<Map<string, HubFileInfo> | undefined> {
  const files = new Map<string, HubFileInfo>();
  let url: string | undefined = hubTreeUrl(HUB, source.id, source.revision ?? 'main');
  try {
    for (let page = 0; url && page < 20; page++) {
      const response: Response = await fetch(url);
      if (!response.ok || !(response.headers.get('content-type') ?? '').includes('json')) return undefined;
      for (const [path, info] of hubTreeEntries(await response.json())) files.set(path, info);
      // Long listings come in pages: Link: <…>; rel="next", followed only on the Hub itself.
      const next = /<([^>]+)>;\s*rel="next"/.exec(response.headers.get('link') ?? '')?.[1];
      url = next && new URL(next, url).origin === HUB ? new URL(next, url).href : undefined;
    }
  } catch {
    return undefined;
  }
  return files.size ? files : undefined;
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
