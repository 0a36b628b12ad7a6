/**
 * Names for files that may repeat (two dropped files both `teacher.jsonl`): the first keeps its
 * name, the next ones get ` (2)`, ` (3)`, … before the extension, so every file loads and keeps
 * its own rows. `renamed` lists (name, new name) for the notice.
 */
export function uniqueNames(paths: readonly string[]): { names: string[]; renamed: [string, string][] } {
  const taken = new Set(paths);
  const seen = new Set<string>();
  const renamed: [string, string][] = [];
  const names = paths.map((p) => {
    if (!seen.has(p)) {
      seen.add(p);
      return p;
    }
    const dot = p.search(/(\.[A-Za-z0-9]+)+$/);
    const [stem, ext] = dot > p.lastIndexOf('/') ? [p.slice(0, dot), p.slice(dot)] : [p, ''];
    let n = 2;
    while (taken.has(`${stem} (${n})${ext}`)) n++;
    const name = `${stem} (${n})${ext}`;
    taken.add(name);
    seen.add(name);
    renamed.push([p, name]);
    return name;
  });
  return { names, renamed };
}
