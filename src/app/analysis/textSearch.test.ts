import { describe, expect, it } from 'vitest';
import { compileSearch, derivedValue, matchSnippet, MAX_COUNTED, plainHit, regexHit, regexRanges } from './textSearch';

const re = (pattern: string) => {
  const c = compileSearch(pattern);
  if ('error' in c) throw new Error(c.error);
  return c.re;
};

describe('compileSearch', () => {
  it('compileSearch(pattern) says what is wrong with an invalid pattern, in a sentence', () => {
    expect(compileSearch('(wait')).toEqual({ error: 'Not a valid regular expression: Unterminated group' });
    expect(compileSearch('a**')).toEqual({ error: 'Not a valid regular expression: Nothing to repeat' });
  });

  it('compileSearch(pattern) is case-insensitive with ^ and $ at line ends', () => {
    const r = re('^wait');
    expect(regexRanges('Ok.\nWAIT, no', r)).toEqual([[4, 8]]);
  });
});

describe('regexRanges', () => {
  it('regexRanges(text, re) returns every non-empty match and steps over empty ones', () => {
    expect(regexRanges('aXbXXc', re('x*'))).toEqual([
      [1, 2],
      [3, 5],
    ]);
    expect(regexRanges('abc', re('(?=b)'))).toEqual([]);
  });

  it('regexRanges(text, re, max) stops at max', () => {
    expect(regexRanges('a'.repeat(50), re('a'), 3)).toHaveLength(3);
  });
});

describe('regexHit', () => {
  it('regexHit(contents, re) counts matches across messages and places the first', () => {
    expect(regexHit(['no match here', 'Wait. Let me recheck. wait'], re('wait'))).toEqual({ count: 2, message: 1, start: 0, end: 4 });
    expect(regexHit(['nothing'], re('wait'))).toBeUndefined();
  });

  it('regexHit caps its count at MAX_COUNTED', () => {
    expect(regexHit(['x'.repeat(MAX_COUNTED + 50)], re('x'))?.count).toBe(MAX_COUNTED);
  });
});

describe('plainHit', () => {
  it('plainHit(messages, query) is the plain search as a hit: case-insensitive, first match placed', () => {
    const messages = [
      { role: 'user' as const, content: 'Find x.' },
      { role: 'assistant' as const, content: 'First, FIND the sum; then find it again.' },
    ];
    expect(plainHit(messages, 'find')).toEqual({ count: 3, message: 0, start: 0, end: 4 });
    expect(plainHit(messages, 'sum;')).toEqual({ count: 1, message: 1, start: 16, end: 20 });
    expect(plainHit(messages, 'absent')).toBeUndefined();
  });
});

describe('matchSnippet', () => {
  it('matchSnippet(text, start, end) shows the match in its context on one line, cut with an ellipsis', () => {
    const text = `${'a'.repeat(50)} before\n\n the MATCH after it ${'b'.repeat(100)}`;
    const start = text.indexOf('MATCH');
    const s = matchSnippet(text, start, start + 5, 12);
    expect(s.match).toBe('MATCH');
    expect(s.before).toBe('…efore the ');
    expect(s.after).toBe(' after it bbbbbbbbbbbbbb…');
  });

  it('matchSnippet at the start of a short text adds no ellipsis', () => {
    expect(matchSnippet('wait here', 0, 4)).toEqual({ before: '', match: 'wait', after: ' here' });
  });
});

describe('derivedValue', () => {
  it('derivedValue(text, re) is the first group that took part, or the whole match without groups; null without a match', () => {
    const path = 'outputs/Qwen/aime24_eval/aime24/test.jsonl';
    expect(derivedValue(path, re('(\\w+)_eval'))).toBe('aime24');
    expect(derivedValue('amc23-5', re('^(?:(aime)|(amc))'))).toBe('amc');
    expect(derivedValue('AMC23-5', re('^[a-z]+'))).toBe('AMC');
    expect(derivedValue('p7-1', re('aime'))).toBeNull();
  });

  it('derivedValue ignores where an earlier global search left the pattern', () => {
    const g = new RegExp('a(\\d)', 'gi');
    g.exec('a1 a2');
    expect(derivedValue('a1 a2', g)).toBe('1');
  });
});
