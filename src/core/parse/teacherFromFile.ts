/** The file name without its directory: errors and exports name files as the user sees them. */
export function baseName(file: string): string {
  return file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
}

/**
 * The teacher a file stands for when its records do not say: its name without directory and
 * data extension, and a `.gz` after it (`runs/teacher_noise.jsonl.gz` → `teacher_noise`), one file per teacher being the
 * usual layout.
 */
export function teacherFromFile(file: string): string {
  return baseName(file).replace(/\.gz$/i, '').replace(/\.(jsonl|ndjson|json|txt|parquet)$/i, '');
}

/**
 * Teachers of the files found in one folder, by path relative to it: each file's teacher is its
 * name (teacherFromFile), except in the RSR_data layout, `<teacher>/short-sys_5k_gen1.json`,
 * where folders hold files of the same names and the names cannot tell teachers apart: every
 * file of such a folder has the folder as its teacher.
 */
export function teachersOfPaths(paths: readonly string[]): Map<string, string> {
  const parts = (p: string) => p.split(/[\\/]/).filter(Boolean);
  const folder = (p: string) => parts(p).slice(0, -1).join('/');
  const foldersOf = new Map<string, Set<string>>();
  for (const p of paths) {
    const stem = teacherFromFile(p);
    if (!foldersOf.has(stem)) foldersOf.set(stem, new Set());
    foldersOf.get(stem)!.add(folder(p));
  }
  const teacherFolders = new Set<string>();
  for (const p of paths) if (folder(p) && foldersOf.get(teacherFromFile(p))!.size > 1) teacherFolders.add(folder(p));
  return new Map(paths.map((p) => [p, teacherFolders.has(folder(p)) ? parts(p).at(-2)! : teacherFromFile(p)]));
}
