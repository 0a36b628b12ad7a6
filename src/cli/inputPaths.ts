import fs from 'node:fs';
import path from 'node:path';
import type { DatasetPath } from '../core/export/authorsLayout';
import { teacherFromFile, teachersOfPaths } from '../core/parse/teacherFromFile';
import { UsageError } from './usageError';

/** One input file of a run, and how it is named. */
export interface InputPath {
  /** Where it is on disk. */
  path: string;
  /** How results and errors name it: the file name, or its path relative to the folder given. */
  name: string;
  /** Its teacher when its records name none. */
  teacher: string;
  /** Its dataset as the reference names it (folders under the folder given, and the stem). */
  dataset: DatasetPath;
}

const DATA_FILE = /\.(jsonl|ndjson|json|parquet)(\.gz)?$/i;
/** Output folders of the reference (and of `--out-dir`): results, not trajectories. */
const SKIPPED_DIRS = new Set(['_inferred_data', '_infered_data', '_sample_metrics', 'node_modules']);

/**
 * Data files under a folder, recursively and sorted, as the reference's `sorted(rglob(...))`.
 * Symbolic links to folders are followed (datasets are often assembled from links), each real
 * folder once: a link back into a folder already read is skipped, and so is a link that leads
 * nowhere, each with a note.
 */
function walk(dir: string, onNote: (note: string) => void, rel = '', seen = new Set([fs.realpathSync(dir)])): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const child = rel ? `${rel}/${entry.name}` : entry.name;
    let isDir = entry.isDirectory();
    if (entry.isSymbolicLink()) {
      const target = fs.statSync(path.join(dir, child), { throwIfNoEntry: false });
      if (!target) {
        if (DATA_FILE.test(entry.name) || !path.extname(entry.name)) onNote(`skipped ${path.join(dir, child)}: a link to nothing`);
        continue;
      }
      isDir = target.isDirectory();
      if (isDir && !SKIPPED_DIRS.has(entry.name)) {
        const real = fs.realpathSync(path.join(dir, child));
        if (seen.has(real)) {
          onNote(`skipped ${path.join(dir, child)}: a link to ${real}, which is read already`);
          continue;
        }
        seen.add(real);
      }
    }
    if (isDir) {
      if (!SKIPPED_DIRS.has(entry.name)) out.push(...walk(dir, onNote, child, seen));
    } else if (DATA_FILE.test(entry.name) && !/\.partial\.jsonl$/i.test(entry.name)) out.push(child);
  }
  return out.sort();
}

const stemOf = (file: string) => teacherFromFile(file);

/**
 * The files of `score`: each argument a file, or a folder read recursively (JSON, JSONL and
 * parquet, gzipped or not; the reference's own output folders are skipped). A folder's files are
 * named by their path under it, and in the RSR_data layout take their folder as teacher. A pipe
 * or a device (`/dev/stdin`, `<(zcat f)`) is refused: every input is read twice, once to count
 * (progress, --shard, --resume) and once to score, and a pipe can be read only once.
 */
export function inputPaths(args: readonly string[], onNote: (note: string) => void = () => {}): InputPath[] {
  const out: InputPath[] = [];
  for (const arg of args) {
    const stat = fs.statSync(arg, { throwIfNoEntry: false });
    if (!stat) throw new UsageError(`no such file or folder: ${arg}`);
    if (!stat.isDirectory() && !stat.isFile()) {
      const what = stat.isFIFO() ? 'a pipe' : stat.isSocket() ? 'a socket' : 'a device';
      throw new UsageError(`${arg} is ${what}, not a file: rsr-lens reads each input twice (to count, then to score); save it to a file first, e.g. cat … > input.jsonl (a .jsonl.gz is read as it is)`);
    }
    if (!stat.isDirectory()) {
      out.push({ path: arg, name: path.basename(arg), teacher: teacherFromFile(arg), dataset: { dirs: [], stem: stemOf(arg) } });
      continue;
    }
    const files = walk(arg, onNote);
    if (!files.length) throw new UsageError(`no .json, .jsonl or .parquet files in the folder ${arg}`);
    const teachers = teachersOfPaths(files);
    for (const rel of files) {
      const parts = rel.split('/');
      out.push({ path: path.join(arg, rel), name: rel, teacher: teachers.get(rel)!, dataset: { dirs: parts.slice(0, -1), stem: stemOf(rel) } });
    }
  }
  return out;
}
