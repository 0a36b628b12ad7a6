import { describe, expect, it } from 'vitest';
import { uniqueNames } from './uniqueNames';

describe('uniqueNames', () => {
  it('uniqueNames(paths) numbers the repeats before the extension, and says which it renamed', () => {
    expect(uniqueNames(['a/t.jsonl', 't.jsonl', 't.jsonl', 'b/t.jsonl.gz', 'b/t.jsonl.gz', 't.jsonl'])).toEqual({
      names: ['a/t.jsonl', 't.jsonl', 't (2).jsonl', 'b/t.jsonl.gz', 'b/t (2).jsonl.gz', 't (3).jsonl'],
      renamed: [
        ['t.jsonl', 't (2).jsonl'],
        ['b/t.jsonl.gz', 'b/t (2).jsonl.gz'],
        ['t.jsonl', 't (3).jsonl'],
      ],
    });
  });

  it('uniqueNames never gives a name another file already has', () => {
    expect(uniqueNames(['t.jsonl', 't.jsonl', 't (2).jsonl']).names).toEqual(['t.jsonl', 't (3).jsonl', 't (2).jsonl']);
    expect(uniqueNames(['data', 'data']).names).toEqual(['data', 'data (2)']);
  });
});
