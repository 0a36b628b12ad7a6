import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { downloadProblem, expectedDownload } from '../core/score/downloadProblem';
import { type HubFileInfo, checkHubId, hubFileUrl, hubTreeEntries, hubTreeUrl } from '../core/score/hubRepo';
import { checkModelPath } from '../core/score/modelPath';
import { StudentError } from '../core/score/studentError';
import { type FileGetter, type FileLocator, tooLargeError } from '../core/score/studentFiles';

/** The Hub's address: huggingface.co, or a mirror named by HF_ENDPOINT as in the Python libraries. */
export const hubEndpoint = () => (process.env.HF_ENDPOINT ?? 'https://huggingface.co').replace(/\/+$/, '');

/** Where downloaded models are kept: `$XDG_CACHE_HOME/rsr-lens/hub`, else `~/.cache/rsr-lens/hub`. */
export const hubCacheRoot = () => path.resolve(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'rsr-lens', 'hub');

const FOLDER_PREFIX = 'models--';

/**
 * A model's folder in the cache, `models--<namespace>--<name>` as huggingface_hub names its own:
 * one folder per model, built from a checked id (no `--` or `..` in it, hubRepo.ts), so it maps
 * back to exactly one id and always sits directly under the cache root (checked again here).
 */
export function hubModelDir(id: string): string {
  const root = hubCacheRoot();
  const dir = path.join(root, FOLDER_PREFIX + checkHubId(id).split('/').join('--'));
  if (path.dirname(dir) !== root) throw new StudentError(`the cache folder of ${id} would leave ${root}: refused`, 'refused');
  return dir;
}

/** The id a cache folder holds, or undefined for a folder that is not one of ours. */
const idOfFolder = (name: string) => (name.startsWith(FOLDER_PREFIX) ? name.slice(FOLDER_PREFIX.length).split('--').join('/') : undefined);

/**
 * Files of a Hugging Face Hub model, downloaded once into the cache (the only network use of the
 * CLI, and only when a Hub id is named). Downloads stream to disk (a weight file can be larger
 * than memory): `get` then reads a file, `locate` only says where it is, so external data is never
 * read into JavaScript. Every file name is a plain relative path, its cache path is checked to
 * stay in the model's folder (links resolved: the cache holds none of its own), and a download
 * enters the cache only once it is verified: its size against the Hub's file list, its
 * `x-linked-size` or an unencoded Content-Length, its sha256 where the Hub gives one, and never an
 * HTML page. A cut-short download is refused and nothing is kept.
 */
export function hubFiles(id: string, onBytes?: (file: string, loaded: number, total: number) => void): { get: FileGetter; locate: FileLocator; listing: () => Promise<string[] | undefined>; dir: string } {
  const endpoint = hubEndpoint();
  const dir = hubModelDir(id);
  const root = hubCacheRoot();
  const missing = new Set<string>();

  // The tree API lists every file with its size (and an LFS file's sha256): the dtype choice needs
  // no probing, and downloads are checked against it. Undefined when it does not answer (offline
  // with a full cache, a mirror without the API): files are then probed, and checked by headers.
  let tree: Promise<Map<string, HubFileInfo> | undefined> | undefined;
  const listed = () =>
    (tree ??= (async () => {
      const files = new Map<string, HubFileInfo>();
      let url: string | undefined = hubTreeUrl(endpoint, id, 'main');
      try {
        for (let page = 0; url && page < 50; page++) {
          const response: Response = await fetch(url);
          if (response.status === 404 && response.headers.get('x-error-code') === 'RepoNotFound') throw notFound('its file list');
          if (!response.ok || !(response.headers.get('content-type') ?? '').includes('json')) return undefined;
          for (const [p, info] of hubTreeEntries(await response.json())) files.set(p, info);
          const next = /<([^>]+)>;\s*rel="next"/.exec(response.headers.get('link') ?? '')?.[1];
          url = next && new URL(next, url).origin === new URL(endpoint).origin ? new URL(next, url).href : undefined;
        }
      } catch (err) {
        if (err instanceof StudentError) throw err;
        return undefined;
      }
      return files;
    })());

  const notFound = (what: string) =>
    new StudentError(`there is no folder of that name here, and ${endpoint} has no model ${id} (HTTP 404 for ${what}): check the path or the id`);

  /**
   * The file's path in the cache, inside the model's folder. The cache holds no links of its own:
   * one that leads out of it (the file, or a folder on the way, the nearest one that exists) is
   * refused rather than read or written through.
   */
  const cachePath = async (file: string) => {
    const cached = path.join(dir, checkModelPath(file, id, 'the file'));
    const realRoot = await fs.realpath(root).catch(() => root);
    let real: string | undefined;
    for (let at = cached; !real && at.length > root.length; at = path.dirname(at)) real = await fs.realpath(at).catch(() => undefined);
    if (real && (real === realRoot ? false : path.relative(realRoot, real).startsWith('..') || path.isAbsolute(path.relative(realRoot, real)))) {
      throw new StudentError(`${cached} leads out of the cache (${root}) through a link: refused; rsr-lens cache rm ${id} clears it`, 'refused');
    }
    return cached;
  };

  /** The file's path in the cache, downloaded first if needed; undefined when the Hub has no such file. */
  const download = async (file: string, optional: boolean, maxBytes?: number): Promise<string | undefined> => {
    const cached = await cachePath(file);
    const files = await listed();
    const info = files?.get(file);
    const onDisk = await fs.stat(cached).catch(() => undefined);
    // A cached file is used as it is, unless the Hub's list says it should have another size (a
    // download cut short by an older version): then it is fetched again.
    if (onDisk?.isFile() && (!info || info.size === onDisk.size)) {
      if (maxBytes !== undefined && onDisk.size > maxBytes) throw tooLargeError(file, onDisk.size, maxBytes);
      return cached;
    }
    if (files && !info) {
      if (optional) return undefined;
      throw new StudentError(`${file} is not among the files of ${id} on ${endpoint}`);
    }
    if (missing.has(file) && optional) return undefined;
    if (info && maxBytes !== undefined && info.size > maxBytes) throw tooLargeError(file, info.size, maxBytes);

    // Redirects are followed by hand: the Hub's answer for an LFS file is a redirect that carries
    // the file's size and sha256 (x-linked-size, x-linked-etag), which the final answer lacks.
    let url = hubFileUrl(endpoint, id, 'main', file);
    const hops: Response[] = [];
    let response: Response;
    try {
      for (;;) {
        response = await fetch(url, { redirect: 'manual' });
        hops.push(response);
        const next = response.headers.get('location');
        if (response.status < 300 || response.status >= 400 || !next || hops.length > 5) break;
        url = new URL(next, url).href;
      }
    } catch (err) {
      throw new StudentError(`cannot download ${file} of ${id} from ${url}: ${(err as Error).message} (offline? HF_ENDPOINT names a mirror)`);
    }
    if (response.status === 404) {
      if (response.headers.get('x-error-code') === 'RepoNotFound') throw notFound(file);
      if (optional) {
        missing.add(file);
        return undefined;
      }
    }
    if (!response.ok || !response.body) throw new StudentError(`cannot download ${file} of ${id}: HTTP ${response.status} from ${url}`);
    const expected = expectedDownload(info, hops.map((h) => (name: string) => h.headers.get(name)));
    if (maxBytes !== undefined && expected.bytes !== undefined && expected.bytes > maxBytes) throw tooLargeError(file, expected.bytes, maxBytes);
    await fs.mkdir(path.dirname(cached), { recursive: true });
    // Written to a file of this process, renamed once verified: a download cut short, or two runs
    // downloading at once, never leave a damaged file where the cache entry goes.
    const part = `${cached}.part-${process.pid}`;
    const out = await fs.open(part, 'w');
    const hash = expected.sha256 ? createHash('sha256') : undefined;
    let loaded = 0;
    let problem: string | undefined;
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        await out.write(chunk);
        hash?.update(chunk);
        loaded += chunk.length;
        onBytes?.(file, loaded, expected.bytes ?? 0);
        if (maxBytes !== undefined && loaded > maxBytes) throw tooLargeError(file, loaded, maxBytes);
      }
      problem = downloadProblem(file, { bytes: loaded, contentType: response.headers.get('content-type'), sha256: hash?.digest('hex') }, expected);
    } catch (err) {
      await fs.rm(part, { force: true });
      if (err instanceof StudentError) throw err;
      throw new StudentError(`the download of ${file} of ${id} stopped after ${loaded.toLocaleString('en-US')} bytes (${(err as Error).message}); nothing was kept in the cache (${dir}): run again to retry`);
    } finally {
      await out.close();
    }
    if (problem) {
      await fs.rm(part, { force: true });
      throw new StudentError(`${problem}; nothing was kept in the cache (${dir}): run again to retry`);
    }
    await fs.rename(part, cached);
    return cached;
  };
  return {
    dir,
    get: async (file, optional, maxBytes) => {
      const cached = await download(file, !!optional, maxBytes);
      return cached ? fs.readFile(cached) : undefined;
    },
    locate: async (file) => {
      const cached = await download(file, true);
      return cached ? { diskPath: cached, bytes: (await fs.stat(cached)).size } : undefined;
    },
    listing: async () => {
      const files = await listed();
      return files && [...files.keys()];
    },
  };
}

/** A model in the cache: its id, folder, files and bytes. */
export interface CachedModel {
  id: string;
  dir: string;
  files: number;
  bytes: number;
}

/** The models in the cache, by id. Downloads in progress (`.part-<pid>`) are counted with their model. */
export async function cachedModels(): Promise<CachedModel[]> {
  const root = hubCacheRoot();
  const entries = await fs.readdir(root, { withFileTypes: true }).catch(() => []);
  const models: CachedModel[] = [];
  for (const e of entries) {
    const id = e.isDirectory() ? idOfFolder(e.name) : undefined;
    if (!id) continue;
    const dir = path.join(root, e.name);
    let files = 0;
    let bytes = 0;
    for (const f of await fs.readdir(dir, { recursive: true, withFileTypes: true })) {
      if (!f.isFile()) continue;
      files++;
      bytes += (await fs.stat(path.join(f.parentPath, f.name))).size;
    }
    models.push({ id, dir, files, bytes });
  }
  return models.sort((a, b) => a.id.localeCompare(b.id));
}

/** Forgets a downloaded model: its folder in the cache, removed. Returns what was removed, or undefined when it was not there. */
export async function removeCachedModel(id: string): Promise<CachedModel | undefined> {
  const dir = hubModelDir(id);
  const model = (await cachedModels()).find((m) => m.dir === dir);
  if (!model) return undefined;
  await fs.rm(dir, { recursive: true, force: true });
  return model;
}
