import { describe, expect, it } from 'vitest';
import { jsonLines, readJsonLines, recordId, recordTeacher } from './jsonLines';

describe('jsonLines', () => {
  it('jsonLines(text) yields each object with its 1-based line, skipping blank lines', () => {
    expect([...jsonLines('{"a":1}\n\n  \r\n{"b":2}\r\n')]).toEqual([
      { line: 1, record: { a: 1 } },
      { line: 4, record: { b: 2 } },
    ]);
  });

  it('jsonLines(text) reports invalid JSON and non-objects per line and goes on', () => {
    const lines = [...jsonLines('{"a":\n[1]\nnull\n3\n{"ok":true}')];
    expect(lines.map((l) => ('error' in l ? `${l.line}: ${l.error.split(':')[0]}` : `${l.line}: ok`))).toEqual([
      '1: invalid JSON',
      '2: expected a JSON object, found an array',
      '3: expected a JSON object, found null',
      '4: expected a JSON object, found number',
      '5: ok',
    ]);
  });

  it('jsonLines(text) reads Python’s bare NaN, Infinity and -Infinity as numbers', () => {
    const [first] = [...jsonLines('{"a": NaN, "b": [Infinity, -Infinity, 1], "c": "NaN and Infinity stay text"}')];
    expect(first).toEqual({ line: 1, record: { a: NaN, b: [Infinity, -Infinity, 1], c: 'NaN and Infinity stay text' } });
  });

  it('jsonLines(text) leaves escaped quotes and constants inside strings alone', () => {
    const [first] = [...jsonLines('{"s": "say \\"NaN\\"", "x": NaN}')];
    expect(first).toEqual({ line: 1, record: { s: 'say "NaN"', x: NaN } });
  });

  it('jsonLines(text) ignores a UTF-8 BOM', () => {
    expect([...jsonLines('\uFEFF{"a":1}')]).toEqual([{ line: 1, record: { a: 1 } }]);
  });
});

describe('readJsonLines', () => {
  it('keeps what the reader returns, and reports its strings and unparsable lines by line number', () => {
    const text = ['{"n": 1}', 'not json', '', '{"n": -2}', '[1]', '{"n": 3}'].join('\n');
    const { rows, errors } = readJsonLines(text, (record, line) => (Number(record.n) > 0 ? { n: record.n, line } : `n must be positive, got ${record.n}`));
    expect(rows).toEqual([
      { n: 1, line: 1 },
      { n: 3, line: 6 },
    ]);
    expect(errors.map((e) => e.line)).toEqual([2, 4, 5]);
    expect(errors[1].reason).toBe('n must be positive, got -2');
    expect(errors[0].reason).toMatch(/^invalid JSON/);
  });
});

describe('recordId', () => {
  it('recordId(record) prefers id, then _id, then sample_id', () => {
    expect(recordId({ id: 'x', _id: 'y', sample_id: 'z' })).toBe('x');
    expect(recordId({ _id: 'y', sample_id: 'z' })).toBe('y');
    expect(recordId({ sample_id: 'z' })).toBe('z');
  });

  it('recordId(record) turns numeric ids into text and rejects empty or other values', () => {
    expect(recordId({ id: 12 })).toBe('12');
    expect(recordId({ id: '', sample_id: 3 })).toBe('3');
    expect(recordId({ id: null })).toBeUndefined();
    expect(recordId({ id: { n: 1 } })).toBeUndefined();
  });
});

describe('recordTeacher', () => {
  it('recordTeacher(record, fallback) uses the record’s teacher, else the fallback', () => {
    expect(recordTeacher({ teacher: 'qwen' }, 'file')).toBe('qwen');
    expect(recordTeacher({ teacher: '' }, 'file')).toBe('file');
    expect(recordTeacher({}, 'file')).toBe('file');
  });
});
