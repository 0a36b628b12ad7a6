import { checkHubId } from '../core/score/hubRepo';

/** The Hub the app downloads from (the only address it ever asks for a model). */
export const HUB = 'https://huggingface.co';

/**
 * Cache Storage for Hub downloads, keyed by their URL: the second load of a model is instant and
 * offline. Written by the model worker (modelFiles.ts) once a file is verified; read by the page
 * only to show and forget what a model holds there.
 */
export const HUB_CACHE = 'rsr-lens-hub-v1';

/** Every cached URL of a model starts so (any revision): the id is checked, so the prefix is exactly its files. */
const modelPrefix = (id: string) => `${HUB}/${checkHubId(id)}/resolve/`;

/** What a Hub model holds in the browser's cache: its files and their bytes (0 files when none). */
export async function hubDownload(id: string): Promise<{ files: number; bytes: number }> {
  if (typeof caches === 'undefined' || !(await caches.has(HUB_CACHE))) return { files: 0, bytes: 0 };
  const store = await caches.open(HUB_CACHE);
  const prefix = modelPrefix(id);
  let files = 0;
  let bytes = 0;
  for (const request of await store.keys()) {
    if (!request.url.startsWith(prefix)) continue;
    const response = await store.match(request);
    files++;
    // Content-Length when the Hub sent one (its size was checked on download); else the body's size.
    const length = Number(response?.headers.get('content-length') ?? NaN);
    bytes += Number.isFinite(length) ? length : response ? (await response.blob()).size : 0;
  }
  return { files, bytes };
}

/** Forgets a downloaded Hub model: every cached file of it is deleted, so the next load downloads it afresh. */
export async function forgetHubDownload(id: string): Promise<number> {
  if (typeof caches === 'undefined' || !(await caches.has(HUB_CACHE))) return 0;
  const store = await caches.open(HUB_CACHE);
  const prefix = modelPrefix(id);
  let removed = 0;
  for (const request of await store.keys()) if (request.url.startsWith(prefix) && (await store.delete(request))) removed++;
  return removed;
}
