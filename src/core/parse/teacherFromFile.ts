/** The file name without its directory: errors and exports name files as the user sees them. */
export function baseName(file: string): string {
  return file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
}

/**
 * The teacher a file stands for when its records do not say: its name without directory and
 * data extension (`runs/teacher_noise.jsonl` → `teacher_noise`), one file per teacher being the
 * usual layout.
 */
export function teacherFromFile(file: string): string {
  return baseName(file).replace(/\.(jsonl|ndjson|json|txt)$/i, '');
}
