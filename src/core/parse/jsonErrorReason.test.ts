import { describe, expect, it } from 'vitest';
import { jsonErrorReason } from './jsonErrorReason';

describe('jsonErrorReason', () => {
  it('jsonErrorReason names the column only, never the parser’s own line 1 (Chromium’s message)', () => {
    const reason = jsonErrorReason(`Expected ',' or '}' after property value in JSON at position 68 (line 1 column 69)`, 'x'.repeat(100), 2);
    expect(reason).toBe(`invalid JSON at column 69: Expected ',' or '}' after property value`);
  });
  it('jsonErrorReason counts the column from the position when the message has no line (Node’s V8)', () => {
    expect(jsonErrorReason('Expected property name or \'}\' in JSON at position 1', '{not json', 5)).toBe(
      "invalid JSON at column 2: Expected property name or '}'",
    );
  });
  it('jsonErrorReason gives the file line of an error deeper inside a multi-line record', () => {
    const raw = '{\n  "id": 1,\n  "x": }';
    expect(jsonErrorReason(`Unexpected token '}' in JSON at position ${raw.indexOf('}')} (line 3 column 8)`, raw, 10)).toBe(
      "invalid JSON at line 12, column 8: Unexpected token '}'",
    );
  });
  it('jsonErrorReason rewrites Firefox’s "at line L column C of the JSON data" the same way', () => {
    expect(jsonErrorReason("JSON.parse: expected property name or '}' at line 1 column 2 of the JSON data", '{x', 4)).toBe(
      "invalid JSON at column 2: JSON.parse: expected property name or '}'",
    );
  });
  it('jsonErrorReason keeps a message without a position, shortened', () => {
    expect(jsonErrorReason('Unexpected end of JSON input', '{', 1)).toBe('invalid JSON: Unexpected end of JSON input');
    expect(jsonErrorReason('y'.repeat(500), '{', 1).length).toBe('invalid JSON: '.length + 201);
  });
});
