import type { Message } from '../../core/types';
import { textMatches } from './tokenMarks';

/** Flags of every regex search: case-insensitive like the plain search, `^`/`$` at line ends, every match. */
export const REGEX_FLAGS = 'gim';

/** Matches are counted per trajectory up to this; more shows as "1,000+" (a pattern that matches every character would otherwise count for long). */
export const MAX_COUNTED = 1000;

/** Where a search matched in one trajectory: how often, and its first match (for the table's snippet). */
export interface SearchHit {
  /** Matches in all its messages, up to MAX_COUNTED. */
  count: number;
  /** The first match: the message's index and its [start, end) in that message's content. */
  message: number;
  start: number;
  end: number;
}

/**
 * A regex search pattern compiled, or what is wrong with it in a sentence for the search box
 * ("Unterminated group"). Compiling is safe on the page: only running a pattern can take long.
 */
export function compileSearch(pattern: string): { re: RegExp } | { error: string } {
  try {
    return { re: new RegExp(pattern, REGEX_FLAGS) };
  } catch (err) {
    // V8 says "Invalid regular expression: /(/gim: Unterminated group": keep the reason.
    const message = (err as Error).message;
    const reason = message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
    return { error: `Not a valid regular expression: ${reason}` };
  }
}

/** Non-empty matches of `re` in `text` as [start, end), at most `max`; an empty match (a lookahead, `x*`) steps one character on. */
export function regexRanges(text: string, re: RegExp, max = Infinity): [number, number][] {
  const g = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
  const out: [number, number][] = [];
  for (let m = g.exec(text); m && out.length < max; m = g.exec(text)) {
    if (m[0].length === 0) {
      g.lastIndex++;
      continue;
    }
    out.push([m.index, m.index + m[0].length]);
  }
  return out;
}

/** The search hit of one conversation's messages (their contents, in order), or undefined when nothing matches. */
export function regexHit(contents: readonly string[], re: RegExp): SearchHit | undefined {
  let hit: SearchHit | undefined;
  for (let i = 0; i < contents.length; i++) {
    const left = MAX_COUNTED - (hit?.count ?? 0);
    if (left <= 0) break;
    const ranges = regexRanges(contents[i], re, left);
    if (!ranges.length) continue;
    hit = hit ? { ...hit, count: hit.count + ranges.length } : { count: ranges.length, message: i, start: ranges[0][0], end: ranges[0][1] };
  }
  return hit;
}

/** The plain (case-insensitive) search's hit in a trajectory's messages, as regexHit gives it for a pattern. */
export function plainHit(messages: readonly Message[], query: string): SearchHit | undefined {
  let hit: SearchHit | undefined;
  messages.forEach((m, i) => {
    if ((hit?.count ?? 0) >= MAX_COUNTED) return;
    const found = textMatches(m.content, query);
    if (!found.length) return;
    const count = Math.min(MAX_COUNTED, (hit?.count ?? 0) + found.length);
    hit = hit ? { ...hit, count } : { count, message: i, start: found[0][0], end: found[0][1] };
  });
  return hit;
}

/** What a pattern derives from a text: its first group (or, without groups, the whole match); null when it does not match. */
export function derivedValue(text: string, re: RegExp): string | null {
  const m = new RegExp(re.source, re.flags.replace('g', '')).exec(text);
  if (!m) return null;
  return m.length > 1 ? (m.slice(1).find((g) => g !== undefined) ?? m[0]) : m[0];
}

/** A match in its context, for one line of a table cell: whitespace runs shown as one space, long context cut with "…". */
export interface Snippet {
  before: string;
  match: string;
  after: string;
}

/** `text[start, end)` with up to `context` characters before it and twice that after, on one line. */
export function matchSnippet(text: string, start: number, end: number, context = 32): Snippet {
  const flat = (s: string) => s.replace(/\s+/g, ' ');
  const from = Math.max(0, start - context);
  const to = Math.min(text.length, end + 2 * context);
  return {
    before: `${from > 0 ? '…' : ''}${flat(text.slice(from, start)).trimStart()}`,
    match: flat(text.slice(start, Math.min(end, start + 200))),
    after: `${flat(text.slice(end, to)).trimEnd()}${to < text.length ? '…' : ''}`,
  };
}
