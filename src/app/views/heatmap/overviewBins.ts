import type { TokenRow } from './tokenLines';

/**
 * The heatmap's rows squeezed into `height` pixel rows for the overview strip: per pixel row, the
 * highest surprisal of a scored token in the rows it stands for (NaN when none), so a single
 * surprising token in a thousand still shows. Pixel rows follow row index, as the scroll does.
 */
export function overviewBins(rows: readonly TokenRow[], posToScore: Int32Array, surprisal: ArrayLike<number>, height: number): Float32Array {
  const bins = new Float32Array(Math.max(0, Math.floor(height))).fill(NaN);
  if (!rows.length || !bins.length) return bins;
  for (let r = 0; r < rows.length; r++) {
    const b = Math.min(bins.length - 1, Math.floor((r / rows.length) * bins.length));
    for (let p = rows[r].start; p < rows[r].end; p++) {
      const si = posToScore[p];
      if (si < 0) continue;
      const s = surprisal[si];
      if (!(s <= bins[b])) bins[b] = Number.isNaN(bins[b]) ? s : Math.max(bins[b], s);
    }
  }
  return bins;
}
