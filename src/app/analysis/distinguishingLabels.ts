/** Marks text left out of a label. */
export const ELLIPSIS = '…';

/** Characters where a value may be cut into parts: path, id and file-name separators. */
const BOUNDARY = /[/:_\-.@ ]/;
/** Where MiddleEllipsis may start its tail: not after a dot, which is as often a decimal point ("2.5") as a separator. */
const TAIL_START = /[/:_\-@ ]/;

/** Common leading or trailing text shorter than this stays: ".jsonl" or "p7-" say something. */
const MIN_TRIM = 8;

/**
 * Short labels that tell a set of values apart, for lists where every value starts with the same
 * long text (eight sources named `NovaSky-AI/SkyThought:skythought/Qwen2.5-Math/evaluation/…`).
 * Values that are paths of the same depth keep only the path segments that separate them:
 * segments equal in every value go, and so does a segment that separates no value the kept
 * segments do not already separate (a file name that repeats the folder names). Other values lose
 * their common leading and trailing text, cut at a separator. What is left out becomes "…"; the
 * caller shows the full value on hover. Labels are unique whenever the values are.
 */
export function distinguishingLabels(values: readonly string[]): string[] {
  const distinct = [...new Set(values)];
  if (distinct.length < 2) return values.map((v) => v);
  const bySegments = segmentLabels(distinct);
  const labels = new Map(distinct.map((v, i) => [v, bySegments?.[i] ?? v]));
  if (!bySegments) {
    const trimmed = trimCommonEnds(distinct);
    distinct.forEach((v, i) => labels.set(v, trimmed[i]));
  }
  // A label that collides with another (never expected) falls back to the value itself.
  const seen = new Map<string, number>();
  for (const l of labels.values()) seen.set(l, (seen.get(l) ?? 0) + 1);
  return values.map((v) => {
    const l = labels.get(v)!;
    return seen.get(l)! > 1 ? v : l;
  });
}

/** Path values of one depth: the segments that separate them, in order, with "…" for the rest; null when the values are not such paths. */
function segmentLabels(values: readonly string[]): string[] | null {
  const split = values.map((v) => v.split('/'));
  const depth = split[0].length;
  if (depth < 3 || split.some((s) => s.length !== depth)) return null;
  const columns = Array.from({ length: depth }, (_, c) => split.map((s) => s[c]));
  const varying = columns.map((col, c) => ({ c, col })).filter(({ col }) => new Set(col).size > 1);
  // Among columns that split the values the same way, keep the most descriptive one (the longest,
  // up to a point: a 40-character hash is not more descriptive than a model name).
  const byPartition = new Map<string, { c: number; col: string[] }>();
  for (const v of varying) {
    const key = partitionKey(v.col);
    const kept = byPartition.get(key);
    if (!kept || descriptiveness(v.col) > descriptiveness(kept.col)) byPartition.set(key, v);
  }
  const candidates = [...byPartition.values()].sort((x, y) => x.c - y.c);
  // In path order, keep a column only while it tells more values apart than the kept ones do.
  const kept: number[] = [];
  let parts = 1;
  for (const { c } of candidates) {
    const next = new Set(split.map((s) => [...kept, c].map((k) => s[k]).join('\u0000'))).size;
    if (next > parts) {
      kept.push(c);
      parts = next;
    }
    if (parts === values.length) break;
  }
  if (parts < values.length) return null;
  return split.map((s) => {
    const out: string[] = [];
    for (let c = 0; c < depth; c++) {
      if (kept.includes(c)) out.push(s[c]);
      else if (out[out.length - 1] !== ELLIPSIS) out.push(ELLIPSIS);
    }
    return out.join('/');
  });
}

/** Values whose members fall in the same classes give the same key (first-seen numbering). */
function partitionKey(col: readonly string[]): string {
  const ids = new Map<string, number>();
  return col.map((v) => ids.get(v) ?? (ids.set(v, ids.size), ids.size - 1)).join(',');
}

function descriptiveness(col: readonly string[]): number {
  const mean = col.reduce((a, v) => a + v.length, 0) / col.length;
  return mean <= 32 ? mean : 64 - mean;
}

/** The values without the text they all start and end with, when that text is long; cut at a separator. */
function trimCommonEnds(values: readonly string[]): string[] {
  const first = values[0];
  // Cut at a separator, and keep the word before the difference ("…12-01", not "…01"): the label
  // still says what the differing part is.
  let head = commonPrefixLength(values);
  for (let words = 0; words < 2 && head > 0; words++) {
    head--;
    while (head > 0 && !BOUNDARY.test(first[head - 1])) head--;
  }
  const reversed = values.map((v) => [...v].reverse().join(''));
  const shortest = Math.min(...values.map((v) => v.length));
  let tail = Math.min(commonPrefixLength(reversed), shortest - head);
  for (let words = 0; words < 2 && tail > 0; words++) {
    tail--;
    while (tail > 0 && !BOUNDARY.test(first[first.length - tail])) tail--;
  }
  const cutHead = head >= MIN_TRIM ? head : 0;
  const cutTail = tail >= MIN_TRIM ? tail : 0;
  return values.map((v) => `${cutHead ? ELLIPSIS : ''}${v.slice(cutHead, v.length - cutTail)}${cutTail ? ELLIPSIS : ''}`);
}

function commonPrefixLength(values: readonly string[]): number {
  const first = values[0];
  let n = 0;
  while (n < first.length && values.every((v) => v[n] === first[n])) n++;
  return n;
}

/**
 * `text` cut to at most `max` characters by leaving out its middle, so that both its start and its
 * end (often the distinguishing part: a model size, a file's hash) stay: for `<option>`s and SVG
 * labels, which CSS cannot shorten in the middle (see MiddleEllipsis for HTML).
 */
export function middleEllipsis(text: string, max: number): string {
  if (text.length <= max || max < 3) return text;
  const keep = max - 1;
  const tail = Math.floor(keep / 2);
  return `${text.slice(0, keep - tail)}${ELLIPSIS}${text.slice(text.length - tail)}`;
}

/**
 * Where MiddleEllipsis splits `text`: the head may be cut at its end by CSS, the tail always
 * shows. The tail is the last `tailLength` characters, moved back to start at a separator when
 * one is near, so "Sky-T1-math-reflection-0.2-32B" keeps "0.2-32B" whole.
 */
export function middleSplit(text: string, tailLength = 12): [string, string] {
  if (text.length <= tailLength + 4) return [text, ''];
  const nominal = text.length - tailLength;
  const isStart = (i: number) => i > 0 && TAIL_START.test(text[i - 1]);
  // The nearest separator: a shorter tail first (more of the head shows), then a longer one.
  const forward = [0, 1, 2, 3, 4, 5, 6, 7, 8].map((d) => nominal + d).find((i) => isStart(i) && i < text.length - 2);
  const start = forward ?? [1, 2, 3, 4, 5, 6].map((d) => nominal - d).find(isStart) ?? nominal;
  return [text.slice(0, start), text.slice(start)];
}
