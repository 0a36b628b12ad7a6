/** The names of the files being worked on (parsed, imported), with `file` added last, once. */
export function busyWith(files: readonly string[], file: string): string[] {
  return [...files.filter((f) => f !== file), file];
}

/** The names of the files being worked on, without `file` (it is done, or failed). */
export function busyWithout(files: readonly string[], file: string): string[] {
  return files.filter((f) => f !== file);
}
