import fs from 'node:fs/promises';
import path from 'node:path';
import { hubIdProblem } from '../core/score/hubRepo';
import { checkModelPath } from '../core/score/modelPath';
import { StudentError } from '../core/score/studentError';
import { type FileGetter, type FileLocator, tooLargeError } from '../core/score/studentFiles';

/** The bundled student, shipped in the app's public folder (the CLI's default). */
export const BUNDLED_MODEL_DIR = path.resolve(import.meta.dirname, '../../public/models/rsr-tiny-qwen3');

/**
 * A file of a model folder on disk, by a name the model (or the core) gave: only a plain relative
 * path (modelPath.ts), so it is inside the folder by its name. Symbolic links inside the folder
 * are followed wherever they lead: whoever assembled the folder on this machine made them (a
 * Hugging Face cache snapshot is links into ../../blobs, a shared onnx/ is a link), while a
 * model's own files can only name paths, and those are checked.
 */
function inFolder(dir: string, file: string): string {
  return path.join(dir, checkModelPath(file, dir, 'the file'));
}

/** Files of a model folder on disk. */
export function dirFileGetter(dir: string): FileGetter {
  return async (file, optional, maxBytes) => {
    const where = inFolder(dir, file);
    try {
      if (maxBytes !== undefined) {
        const { size } = await fs.stat(where);
        if (size > maxBytes) throw tooLargeError(file, size, maxBytes);
      }
      // The Buffer itself (a Uint8Array): a copy would double a 550 MB graph with its weights inside.
      return await fs.readFile(where);
    } catch (err) {
      if (err instanceof StudentError) throw err;
      const code = (err as NodeJS.ErrnoException).code;
      if (optional && code === 'ENOENT') return undefined;
      if (code === 'ENOENT') throw new StudentError(`${file} is missing from ${dir}`);
      throw new StudentError(`cannot read ${where}: ${(err as Error).message}`);
    }
  };
}

/**
 * Where a file of a model folder is on disk, and its size (external data is never read into
 * JavaScript). The path handed on is the file's real path, links resolved, so that a hard link to
 * it (nodeSession.ts) is a link to the file itself, not to a relative symbolic link that would
 * point elsewhere from the temporary folder.
 */
export function dirFileLocator(dir: string): FileLocator {
  return async (file) => {
    const diskPath = await fs.realpath(inFolder(dir, file)).catch(() => undefined);
    const stat = diskPath ? await fs.stat(diskPath).catch(() => undefined) : undefined;
    return diskPath && stat?.isFile() ? { diskPath, bytes: stat.size } : undefined;
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

/** What `--model` names: a folder on disk, or a Hub model to download. */
export type ModelLocation = { kind: 'folder'; dir: string } | { kind: 'hub'; id: string };

/**
 * A path to an existing folder is a local model; a file is refused; anything else that reads as
 * a path (absolute, `./`, `~`, a backslash, more than one `/`) is a folder that was not found,
 * and never asked of the Hub. Only a string by the Hub's own id rules (hubRepo.ts) is a Hub id.
 */
export async function modelLocation(model: string): Promise<ModelLocation> {
  const stat = await fs.stat(model).catch(() => undefined);
  if (stat?.isDirectory()) return { kind: 'folder', dir: model };
  if (stat) throw new StudentError(`--model ${model} is a file, not a model folder: give the folder that holds config.json and onnx/ (or a Hub id)`, 'refused');
  const isPathLike = /^(\/|\.|~)|\\/.test(model) || model.split('/').length > 2 || model.endsWith('/');
  const problem = hubIdProblem(model);
  if (isPathLike || problem) {
    throw new StudentError(`--model ${model}: folder not found${isPathLike ? '' : `, and not a Hub id either (${problem})`}`, 'refused');
  }
  return { kind: 'hub', id: model };
}
