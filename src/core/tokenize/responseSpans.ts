/**
 * Response positions exactly as the reference (rsr_cal.py): every token strictly after an
 * assistant header and before the next end marker, for every assistant turn. The end marker is not
 * scored. When truncation cut the end marker, the span runs to the end of the ids.
 * Matching is on token ids, as the reference matches the tokenized marker sequences.
 * `skipped` holds 0-based indexes of assistant spans (in order, empty ones counted) to leave out:
 * turns that are rendered as context only (see tokenizeTrajectory).
 */
export function responseSpans(ids: readonly number[], header: readonly number[], end: readonly number[], skipped?: ReadonlySet<number>): number[] {
  const positions: number[] = [];
  let p = 0;
  for (let span = 0; p < ids.length; span++) {
    const h = indexOfSeq(ids, header, p);
    if (h < 0) break;
    const start = h + header.length;
    const e = indexOfSeq(ids, end, start);
    const stop = e < 0 ? ids.length : e;
    if (!skipped?.has(span)) for (let q = start; q < stop; q++) positions.push(q);
    p = e < 0 ? ids.length : e + end.length;
  }
  return positions;
}

/** How many assistant spans (empty ones included) the ids hold. */
export function countResponseSpans(ids: readonly number[], header: readonly number[], end: readonly number[]): number {
  let n = 0;
  for (let p = 0; p < ids.length; n++) {
    const h = indexOfSeq(ids, header, p);
    if (h < 0) break;
    const e = indexOfSeq(ids, end, h + header.length);
    p = e < 0 ? ids.length : e + end.length;
  }
  return n;
}

function indexOfSeq(ids: readonly number[], seq: readonly number[], from: number): number {
  if (seq.length === 0) return -1;
  outer: for (let i = from; i + seq.length <= ids.length; i++) {
    for (let k = 0; k < seq.length; k++) if (ids[i + k] !== seq[k]) continue outer;
    return i;
  }
  return -1;
}
