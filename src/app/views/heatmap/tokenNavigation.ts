import type { TokenRow } from './tokenLines';

/** Where the tokens are: what keyboard navigation needs, with no DOM. */
export interface TokenLayout {
  rows: readonly TokenRow[];
  /** Row index of every token. */
  rowOfToken: Int32Array;
  /** Index into the scores of every token; -1 for a token that is not scored. */
  posToScore: Int32Array;
  /** Positions of the scored tokens, ascending. */
  respPositions: readonly number[];
  /** Character offsets of the tokens (length T + 1). */
  offsets: readonly number[];
}

/** The first scored token walking from `from` towards `to` (exclusive) in direction `dir`; -1 if none. */
export function firstScored(posToScore: Int32Array, from: number, to: number, dir: 1 | -1): number {
  for (let p = from; p !== to; p += dir) if (posToScore[p] >= 0) return p;
  return -1;
}

/** The scored token in a row `steps` rows up or down, nearest to the same character column; -1 if none. */
export function verticalNeighbour(layout: TokenLayout, pos: number, dir: 1 | -1, steps: number): number {
  const { rows, rowOfToken, posToScore, offsets } = layout;
  const r0 = rowOfToken[pos];
  const col = offsets[pos] - offsets[rows[r0].start];
  let r = Math.max(0, Math.min(rows.length - 1, r0 + dir * steps));
  for (; r >= 0 && r < rows.length; r += dir) {
    if (r === r0) continue;
    let best = -1;
    let bestDist = Infinity;
    for (let p = rows[r].start; p < rows[r].end; p++) {
      if (posToScore[p] < 0) continue;
      const d = Math.abs(offsets[p] - offsets[rows[r].start] - col);
      if (d < bestDist) {
        best = p;
        bestDist = d;
      }
    }
    if (best >= 0) return best;
  }
  return -1;
}

/**
 * The token a navigation key moves to from scored token `pos` (-1: nowhere to go), or undefined
 * for a key that does not navigate. Arrows step between scored tokens (left/right in text order,
 * up/down to the nearest column), PageUp/PageDown by `pageRows` rows, Home/End to the row's ends,
 * and with Ctrl or Cmd to the first or last scored token.
 */
export function tokenForKey(layout: TokenLayout, pos: number, key: string, isCtrl: boolean, pageRows: number): number | undefined {
  const { respPositions, posToScore, rows, rowOfToken } = layout;
  const si = posToScore[pos];
  const row = rows[rowOfToken[pos]];
  switch (key) {
    case 'ArrowRight':
      return si + 1 < respPositions.length ? respPositions[si + 1] : -1;
    case 'ArrowLeft':
      return si > 0 ? respPositions[si - 1] : -1;
    case 'ArrowDown':
      return verticalNeighbour(layout, pos, 1, 1);
    case 'ArrowUp':
      return verticalNeighbour(layout, pos, -1, 1);
    case 'PageDown':
      return verticalNeighbour(layout, pos, 1, pageRows);
    case 'PageUp':
      return verticalNeighbour(layout, pos, -1, pageRows);
    case 'Home':
      return isCtrl ? respPositions[0] : firstScored(posToScore, row.start, row.end, 1);
    case 'End':
      return isCtrl ? respPositions[respPositions.length - 1] : firstScored(posToScore, row.end - 1, row.start - 1, -1);
    default:
      return undefined;
  }
}

/**
 * The one token in the tab order (roving tabindex), given the drawn rows [firstRow, lastRow] and
 * the first row in view: the last one used if it is drawn, else the first scored token in view,
 * so Tab always lands on something visible. -1 when no scored token is drawn.
 */
export function tabbableToken(layout: TokenLayout, firstRow: number, lastRow: number, startRow: number, activePos: number): number {
  const { rows, rowOfToken, posToScore } = layout;
  if (activePos >= 0 && rowOfToken[activePos] >= firstRow && rowOfToken[activePos] <= lastRow) return activePos;
  for (let r = startRow; r <= lastRow; r++) {
    const p = firstScored(posToScore, rows[r].start, rows[r].end, 1);
    if (p >= 0) return p;
  }
  return -1;
}
