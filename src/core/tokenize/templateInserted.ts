/**
 * Response positions whose text the student's chat template wrote, not the teacher: e.g. Qwen3's
 * template puts an empty `<think>\n\n</think>\n\n` before a last assistant answer that has no
 * thinking. The reference scores these tokens like any other (they are strictly inside the
 * assistant span), so they stay scored; this only lets the views mark them.
 *
 * Each run of consecutive response positions is one assistant turn, matched in order to
 * `assistantContents`. A turn's rendered text holds its content either whole (then what lies
 * before and after it is the template's) or as an unchanged prefix and suffix around an insertion.
 * A template that rewrites the content some other way gives no positions for that turn: nothing is
 * marked that cannot be told apart. A token is the template's when all its characters are; a token
 * covering no characters (the tail bytes of a character) goes with the token before it.
 */
export function templateInsertedPositions(text: string, offsets: readonly number[], respPositions: readonly number[], assistantContents: readonly string[]): number[] {
  const out: number[] = [];
  const runs = positionRuns(respPositions);
  runs.forEach((run, turn) => {
    const content = assistantContents[turn];
    if (content === undefined || !run.length) return;
    const spanStart = offsets[run[0]];
    const spanText = text.slice(spanStart, offsets[run[run.length - 1] + 1]);
    const inserted = insertedRanges(spanText, content) ?? insertedRanges(spanText, content.normalize('NFC'));
    if (!inserted?.length) return;
    const isInserted = (a: number, b: number) => inserted.some(([lo, hi]) => a >= lo && b <= hi);
    let previous = false;
    for (const p of run) {
      const a = offsets[p] - spanStart;
      const b = offsets[p + 1] - spanStart;
      previous = b > a ? isInserted(a, b) : previous;
      if (previous) out.push(p);
    }
  });
  return out;
}

/** Consecutive positions grouped: one group per assistant span. */
function positionRuns(positions: readonly number[]): number[][] {
  const runs: number[][] = [];
  for (const p of positions) {
    const last = runs[runs.length - 1];
    if (last && last[last.length - 1] === p - 1) last.push(p);
    else runs.push([p]);
  }
  return runs;
}

/** Character ranges [lo, hi) of `span` that are not `content`; null when the content cannot be found in it. */
function insertedRanges(span: string, content: string): [number, number][] | null {
  const at = span.indexOf(content);
  if (at >= 0) {
    return [
      [0, at],
      [at + content.length, span.length],
    ].filter(([lo, hi]) => hi > lo) as [number, number][];
  }
  // A truncated span ends inside the content: what precedes its start is still the template's.
  const head = content.slice(0, 8);
  for (let start = head ? span.indexOf(head) : -1; start >= 0; start = span.indexOf(head, start + 1)) {
    if (content.startsWith(span.slice(start))) return start > 0 ? [[0, start]] : [];
  }
  // An insertion inside the content: an unchanged prefix and suffix that together make the content.
  let prefix = 0;
  const max = Math.min(span.length, content.length);
  while (prefix < max && span[prefix] === content[prefix]) prefix++;
  let suffix = 0;
  while (suffix < max - prefix && span[span.length - 1 - suffix] === content[content.length - 1 - suffix]) suffix++;
  if (prefix + suffix !== content.length) return null;
  return span.length - suffix > prefix ? [[prefix, span.length - suffix]] : [];
}
