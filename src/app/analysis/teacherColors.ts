/**
 * Okabe–Ito colours (colorblind-safe), minus yellow and black which vanish on one of the two
 * themes. Teachers are coloured in name order, so the same data always gets the same colours
 * whatever order the files were dropped in.
 */
const PALETTE = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#d55e00', '#56b4e9', '#8c6bb1', '#8a8a8a'];

export function teacherColors(teachers: Iterable<string>): Map<string, string> {
  const names = [...new Set(teachers)].sort((a, b) => a.localeCompare(b));
  return new Map(names.map((t, i) => [t, PALETTE[i % PALETTE.length]]));
}
