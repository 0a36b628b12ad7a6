import { describe, expect, it } from 'vitest';
import { parseScoresCsv } from './parseScoresCsv';

const entries = (text: string) => [...parseScoresCsv(text).scores];

describe('parseScoresCsv', () => {
  it('parseScoresCsv(text) reads teacher,score rows', () => {
    expect(entries('qwen,71.5\nllama,64\n')).toEqual([['qwen', 71.5], ['llama', 64]]);
  });

  it('parseScoresCsv(text) skips a header row whose score field is not a number', () => {
    const { scores, errors } = parseScoresCsv('teacher,score\nqwen,71.5\n');
    expect([...scores]).toEqual([['qwen', 71.5]]);
    expect(errors).toEqual([]);
  });

  it('parseScoresCsv(text) treats only the first record as a possible header', () => {
    const { scores, errors } = parseScoresCsv('qwen,71.5\nteacher,score\n');
    expect([...scores]).toEqual([['qwen', 71.5]]);
    expect(errors).toEqual([{ line: 2, reason: 'score "score" is not a number' }]);
  });

  it('parseScoresCsv(text) reads tab-separated text, commas in names included', () => {
    expect(entries('teacher\tscore\r\nQwen, 14B\t0.7\r\nSky-T1\t0.8')).toEqual([['Qwen, 14B', 0.7], ['Sky-T1', 0.8]]);
  });

  it('parseScoresCsv(text) handles CRLF, lone CR, a BOM and trailing blank lines', () => {
    expect(entries('\uFEFFa,1\r\nb,2\rc,3\r\n\r\n\n')).toEqual([['a', 1], ['b', 2], ['c', 3]]);
  });

  it('parseScoresCsv(text) reads quoted fields with delimiters, doubled quotes and line breaks', () => {
    const { scores, errors } = parseScoresCsv('"teacher","score"\n"a, b",1\n"say ""hi""","2"\n"two\nlines",3\nlast,4\n');
    expect([...scores]).toEqual([['a, b', 1], ['say "hi"', 2], ['two\nlines', 3], ['last', 4]]);
    expect(errors).toEqual([]);
  });

  it('parseScoresCsv(text) numbers errors by the line a record starts on, after multi-line fields', () => {
    const { errors } = parseScoresCsv('"multi\r\nline",1\r\nbad,x\r\n');
    expect(errors).toEqual([{ line: 3, reason: 'score "x" is not a number' }]);
  });

  it('parseScoresCsv(text) trims fields and ignores columns after the second', () => {
    expect(entries(' a , 1 ,note\nb,2,,\n')).toEqual([['a', 1], ['b', 2]]);
  });

  it('parseScoresCsv(text) accepts signs, decimals and exponents but not hex, Infinity or percentages', () => {
    const { scores, errors } = parseScoresCsv('a,-1.5\nb,.5\nc,1e-3\nd,0x10\ne,Infinity\nf,85%\n');
    expect([...scores]).toEqual([['a', -1.5], ['b', 0.5], ['c', 0.001]]);
    expect(errors.map((e) => e.line)).toEqual([4, 5, 6]);
  });

  it('parseScoresCsv(text) reports bad rows with their line and still loads the rest', () => {
    const { scores, errors } = parseScoresCsv('teacher,score\na,1\nb\n,3\nc,\nd,4\n');
    expect([...scores]).toEqual([['a', 1], ['d', 4]]);
    expect(errors).toEqual([
      { line: 3, reason: 'expected "teacher,score", found one field' },
      { line: 4, reason: 'missing teacher name' },
      { line: 5, reason: 'missing score' },
    ]);
  });

  it('parseScoresCsv(text) keeps the first score of a repeated teacher and reports the repeat', () => {
    const { scores, errors } = parseScoresCsv('a,1\nb,2\na,3\n');
    expect([...scores]).toEqual([['a', 1], ['b', 2]]);
    expect(errors).toEqual([{ line: 3, reason: 'duplicate teacher "a" (first on line 1); the first score is kept' }]);
  });

  it('parseScoresCsv(text) reports an unterminated quote', () => {
    const { scores, errors } = parseScoresCsv('a,1\n"b,2\nc,3\n');
    expect([...scores]).toEqual([['a', 1]]);
    expect(errors).toEqual([{ line: 2, reason: 'unterminated quoted field (a " is never closed)' }]);
  });

  it('parseScoresCsv("") is empty without errors', () => {
    expect(parseScoresCsv('')).toEqual({ scores: new Map(), errors: [] });
  });
});
