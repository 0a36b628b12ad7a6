/**
 * Response positions exactly as the reference (rsr_cal.py): every token strictly after an
 * assistant header and before the next end marker, for every assistant turn. The end marker is not
 * scored. When truncation cut the end marker, the span runs to the end of the ids.
 * Matching is on token ids, as the reference matches the tokenized marker sequences.
 */
export function responseSpans(ids: readonly number[], header: readonly number[], end: readonly number[]): number[] {
  const positions: number[] = [];
  let p = 0;
  while (p < ids.length) {
    const h = indexOfSeq(ids, header, p);
    if (h < 0) break;
    const start = h + header.length;
    const e = indexOfSeq(ids, end, start);
    const stop = e < 0 ? ids.length : e;
    for (let q = start; q < stop; q++) positions.push(q);
    p = e < 0 ? ids.length : e + end.length;
  }
  return positions;
}

function indexOfSeq(ids: readonly number[], seq: readonly number[], from: number): number {
  if (seq.length === 0) return -1;
  outer: for (let i = from; i + seq.length <= ids.length; i++) {
    for (let k = 0; k < seq.length; k++) if (ids[i + k] !== seq[k]) continue outer;
    return i;
  }
  return -1;
}
