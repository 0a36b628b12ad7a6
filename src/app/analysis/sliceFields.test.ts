import { describe, expect, it } from 'vitest';
import { MAX_SLICE_VALUES } from './recordFields';
import {
  DERIVED,
  ID_PREFIX,
  idPrefix,
  inSlice,
  LENGTH,
  lengthBucket,
  NO_MATCH,
  recordValueCounts,
  sliceField,
  sliceFields,
  sliceGroups,
  sliceValues,
  type RecordValueCounts,
  type SliceContext,
  type SliceRecord,
} from './sliceFields';

const rec = (key: string, id: string, fields?: SliceRecord['fields']): SliceRecord => ({ key, id, ...(fields && { fields }) });
// Ids as the real data has them: AIME and AMC problems, one numbered family each.
const records = [rec('a:1', 'aime24-0', { source: 's1' }), rec('a:2', 'aime24-17', { source: 's1' }), rec('a:3', 'amc23-5', { source: 's2' }), rec('a:4', 'amc23-12')];

describe('idPrefix', () => {
  it('idPrefix(id) drops the trailing number and its separator', () => {
    expect(['aime24-0', 'amc23_12', 'p7-1', 'gsm8k 123', 'q.5', 'problem12'].map(idPrefix)).toEqual(['aime24', 'amc23', 'p7', 'gsm8k', 'q', 'problem']);
  });

  it('idPrefix of an id that is a number, or has no number to drop, is undefined', () => {
    expect(idPrefix('123')).toBeUndefined();
    expect(idPrefix('intro')).toBeUndefined();
  });
});

describe('lengthBucket', () => {
  it('lengthBucket(tokens) puts a length between powers of two, from 512 up', () => {
    expect([100, 512, 1500, 4096, 20_000, 40_000].map(lengthBucket)).toEqual(['< 512 tokens', '512–1k tokens', '1k–2k tokens', '4k–8k tokens', '16k–32k tokens', '≥ 32k tokens']);
    expect(lengthBucket(undefined)).toBeUndefined();
  });
});

describe('sliceFields', () => {
  it('sliceFields offers the id prefix (AIME vs AMC from aime24-0 / amc23-5) before the records’ own fields', () => {
    const fields = sliceFields(records);
    expect(fields.map((f) => f.name)).toEqual([ID_PREFIX, 'source']);
    expect(sliceValues(records, fields[0])).toEqual([
      { value: 'aime24', count: 2 },
      { value: 'amc23', count: 2 },
    ]);
  });

  it('sliceFields offers length buckets once lengths are counted, short to long', () => {
    const lengths = new Map([
      ['a:1', { tokens: 20_000, response: 1 }],
      ['a:2', { tokens: 300, response: 1 }],
      ['a:3', { tokens: 3000, response: 1 }],
      ['a:4', { tokens: 600, response: 1 }],
    ]);
    const field = sliceFields(records, { lengths }).find((f) => f.name === LENGTH)!;
    expect(sliceValues(records, field)!.map((v) => v.value)).toEqual(['< 512 tokens', '512–1k tokens', '2k–4k tokens', '16k–32k tokens']);
  });

  it('sliceFields offers a derived pattern’s values, even a single one', () => {
    const values = new Map([
      ['a:1', 'aime'],
      ['a:2', 'aime'],
    ]);
    const field = sliceFields(records, { derived: { spec: { field: 'id', pattern: '^[a-z]+' }, values } }).find((f) => f.name === DERIVED)!;
    expect(field.label).toBe('id ~ /^[a-z]+/');
    expect(sliceValues(records, field)).toEqual([{ value: 'aime', count: 2 }]);
    expect(NO_MATCH).toBe('(no match)');
  });

  it('sliceFields leaves out an id prefix with one value (it splits nothing) and a field with too many (an id, not a group); a record’s own field stays with one value, as before', () => {
    const same = [rec('b:1', 'x-1', { split: 'train' }), rec('b:2', 'x-2', { split: 'train' })];
    expect(sliceFields(same).map((f) => f.name)).toEqual(['split']);
    const many = Array.from({ length: 60 }, (_, i) => rec(`c:${i}`, `family${i}-1`));
    expect(sliceFields(many)).toEqual([]);
  });
});

describe('inSlice', () => {
  it('inSlice(slice) keeps the records whose field has the value, derived or not', () => {
    expect(records.filter(inSlice({ field: ID_PREFIX, value: 'amc23' })).map((r) => r.id)).toEqual(['amc23-5', 'amc23-12']);
    expect(records.filter(inSlice({ field: 'source', value: 's1' })).map((r) => r.id)).toEqual(['aime24-0', 'aime24-17']);
    expect(records.filter(inSlice(null))).toHaveLength(4);
    expect(sliceField('source').valueOf(records[3])).toBeUndefined();
  });
});

describe('sliceValues', () => {
  it('sliceValues counts each value as text, most common first, and gives up on id-like fields', () => {
    const rs = [rec('d:1', 'x', { correct: true }), rec('d:2', 'y', { correct: false }), rec('d:3', 'z', { correct: true }), rec('d:4', 'w')];
    expect(sliceValues(rs, sliceField('correct'))).toEqual([
      { value: 'true', count: 2 },
      { value: 'false', count: 1 },
    ]);
    const many = Array.from({ length: MAX_SLICE_VALUES + 1 }, (_, i) => rec(`e:${i}`, 'x', { n: i }));
    expect(sliceValues(many, sliceField('n'))).toBeNull();
  });

  it('inSlice compares a record field’s value as text', () => {
    expect(inSlice({ field: 'level', value: '3' })(rec('f:1', 'x', { level: 3 }))).toBe(true);
    expect(inSlice({ field: 'level', value: '3' })(rec('f:2', 'x', { level: 2 }))).toBe(false);
  });
});

describe('recordValueCounts and sliceGroups', () => {
  const many: SliceRecord[] = Array.from({ length: 120 }, (_, i) => ({
    key: `f:${i + 1}`,
    id: `${['aime', 'amc', 'gsm'][i % 3]}-${i}`,
    fields: { level: i % 4, ...(i >= 50 && { source: i % 2 ? 'web' : 'book' }), ...(i >= 70 && { uid: `u${i}` }) },
  }));
  const expected = (ctx: SliceContext) => sliceFields(many, ctx).map((field) => ({ name: field.name, values: sliceValues(many, field) }));
  const actual = (counts: RecordValueCounts, ctx: SliceContext) => sliceGroups(counts, () => many, ctx).map((g) => ({ name: g.field.name, values: g.values }));

  it('gives the fields and values sliceFields and sliceValues give, counted in one go or batch by batch', () => {
    const ctx: SliceContext = { lengths: new Map(many.map((r, i) => [r.key, { tokens: i < 60 ? 100 : 3000 }])) };
    const whole = recordValueCounts(undefined, many, 0);
    let grown: RecordValueCounts | undefined;
    let start = 0;
    for (const end of [1, 40, 55, 71, 120]) {
      grown = recordValueCounts(grown, many.slice(0, end), start);
      start = end;
    }
    expect(actual(whole, ctx)).toEqual(expected(ctx));
    expect(actual(grown!, ctx)).toEqual(expected(ctx));
    expect(actual(whole, {})).toEqual(expected({}));
    expect(actual(whole, {}).map((g) => g.name)).toEqual([ID_PREFIX, 'level', 'source']);
  });
});
