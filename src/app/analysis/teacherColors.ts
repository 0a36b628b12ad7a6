/**
 * Okabe–Ito colours (colorblind-safe), minus yellow and black which vanish on one of the two
 * themes.
 */
const PALETTE = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#d55e00', '#56b4e9', '#8c6bb1', '#8a8a8a'];

/**
 * Teacher → colour. Teachers in `kept` keep theirs, so adding a file never repaints what is on
 * screen; new teachers take the unused colours in name order, so the same files get the same
 * colours whatever order they were dropped in. Past the palette, colours repeat (the name is
 * always beside them).
 */
export function teacherColors(teachers: Iterable<string>, kept: ReadonlyMap<string, string> = new Map()): Map<string, string> {
  const names = [...new Set(teachers)].sort((a, b) => a.localeCompare(b));
  const out = new Map<string, string>();
  for (const t of names) {
    const c = kept.get(t);
    if (c) out.set(t, c);
  }
  const used = new Set(out.values());
  let next = 0;
  for (const t of names) {
    if (out.has(t)) continue;
    const free = PALETTE.find((c) => !used.has(c));
    const color = free ?? PALETTE[next++ % PALETTE.length];
    used.add(color);
    out.set(t, color);
  }
  // Name order for the callers that list the teachers.
  return new Map(names.map((t) => [t, out.get(t)!]));
}
