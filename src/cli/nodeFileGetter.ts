import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { StudentError } from '../core/score/studentError';
import type { FileGetter, FileLocator } from '../core/score/studentFiles';

/** The bundled student, shipped in the app's public folder (the CLI's default). */
export const BUNDLED_MODEL_DIR = path.resolve(import.meta.dirname, '../../public/models/rsr-tiny-qwen3');

/** Files of a model folder on disk. */
export function dirFileGetter(dir: string): FileGetter {
  return async (file, optional) => {
    try {
      // The Buffer itself (a Uint8Array): a copy would double a 550 MB graph with its weights inside.
      return await fs.readFile(path.join(dir, file));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (optional && code === 'ENOENT') return undefined;
      if (code === 'ENOENT') throw new StudentError(`${file} is missing from ${dir}`);
      throw new StudentError(`cannot read ${path.join(dir, file)}: ${(err as Error).message}`);
    }
  };
}

/** Where a file of a model folder is on disk, and its size (external data is never read into JavaScript). */
export function dirFileLocator(dir: string): FileLocator {
  return async (file) => {
    const diskPath = path.resolve(dir, file);
    const stat = await fs.stat(diskPath).catch(() => undefined);
    return stat?.isFile() ? { diskPath, bytes: stat.size } : undefined;
  };
}

/**
 * Files of a Hugging Face Hub model, downloaded once into ~/.cache/rsr-lens/hub (the only network
 * use of the CLI, and only when a Hub id is named). HF_ENDPOINT points at a mirror, as in the
 * Python libraries. Downloads stream to disk (a weight file can be larger than memory): `get` then
 * reads a file, `locate` only says where it is, so external data is never read into JavaScript.
 */
export function hubFiles(id: string, onBytes?: (file: string, loaded: number, total: number) => void): { get: FileGetter; locate: FileLocator } {
  const endpoint = (process.env.HF_ENDPOINT ?? 'https://huggingface.co').replace(/\/$/, '');
  const cacheRoot = path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'rsr-lens', 'hub', id);
  const missing = new Set<string>();
  /** The file's path in the cache, downloaded first if needed; undefined when the Hub has no such file. */
  const download = async (file: string, optional: boolean): Promise<string | undefined> => {
    const cached = path.join(cacheRoot, file);
    if ((await fs.stat(cached).catch(() => undefined))?.isFile()) return cached;
    if (missing.has(file) && optional) return undefined;
    const url = `${endpoint}/${id}/resolve/main/${file}`;
    let response: Response;
    try {
      response = await fetch(url);
    } catch (err) {
      throw new StudentError(`cannot download ${file} of ${id} from ${url}: ${(err as Error).message} (offline? HF_ENDPOINT names a mirror)`);
    }
    if (response.status === 404 && optional) {
      missing.add(file);
      return undefined;
    }
    if (!response.ok || !response.body) throw new StudentError(`cannot download ${file} of ${id}: HTTP ${response.status} from ${url}`);
    const total = Number(response.headers.get('content-length') ?? 0);
    await fs.mkdir(path.dirname(cached), { recursive: true });
    // Written to a .part file, then renamed: an interrupted download never leaves a truncated cache entry.
    const out = await fs.open(cached + '.part', 'w');
    let loaded = 0;
    try {
      for await (const part of response.body as unknown as AsyncIterable<Uint8Array>) {
        await out.write(part);
        loaded += part.length;
        onBytes?.(file, loaded, total);
      }
    } finally {
      await out.close();
    }
    await fs.rename(cached + '.part', cached);
    return cached;
  };
  return {
    get: async (file, optional) => {
      const cached = await download(file, !!optional);
      return cached ? fs.readFile(cached) : undefined;
    },
    locate: async (file) => {
      const cached = await download(file, true);
      return cached ? { diskPath: cached, bytes: (await fs.stat(cached)).size } : undefined;
    },
  };
}

/** Every file under a model folder, as paths relative to it (so the dtype choice needs no probing). */
export async function listModelDir(dir: string): Promise<string[]> {
  // Followed by hand: readdir's `recursive` does not enter symlinked folders, and model folders are
  // often assembled from links (the Hub cache's snapshots, a shared onnx/ beside other files).
  const files: string[] = [];
  const walk = async (rel: string, depth: number): Promise<void> => {
    for (const e of await fs.readdir(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      const isDir = e.isDirectory() || (e.isSymbolicLink() && (await fs.stat(path.join(dir, child)).catch(() => undefined))?.isDirectory());
      if (isDir) {
        if (depth < 8) await walk(child, depth + 1);
      } else if (e.isFile() || e.isSymbolicLink()) files.push(child);
    }
  };
  await walk('', 0);
  return files;
}

/** A path to an existing folder is a local model; anything else is read as a Hub id. */
export async function isLocalModel(model: string): Promise<boolean> {
  try {
    return (await fs.stat(model)).isDirectory();
  } catch {
    return false;
  }
}
