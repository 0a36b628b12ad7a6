import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib, { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { duckRun, sqlJson, sqlText } from '../parquet/duckDb.fixture';
import type { InputError, Trajectory } from '../types';
import { jsonArraySplitter } from './jsonArraySplitter';
import { lineSplitter } from './lineSplitter';
import { bytesInputFile, readInputFile, sampleRecord } from './readInputFile';
import { MAX_RECORD_CHARS } from './recordLimit';
import { recordSplitter } from './recordSplitter';
import { teachersOfPaths } from './teacherFromFile';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rsr-lens-input-'));
const encoder = new TextEncoder();
const chat = (id: string) => ({ id, messages: [{ role: 'user', content: `question ${id} ✓` }, { role: 'assistant', content: `answer ${id} 𝒜` }] });
const jsonl = (...ids: string[]) => ids.map((id) => JSON.stringify(chat(id))).join('\n') + '\n';

async function read(name: string, bytes: Uint8Array, options = {}) {
  const trajectories: Trajectory[] = [];
  const errors: InputError[] = [];
  for await (const item of readInputFile(bytesInputFile(name, bytes), options)) {
    if (item.kind === 'trajectory') trajectories.push(item.trajectory);
    else errors.push(item.error);
  }
  return { trajectories, errors };
}

function utf16(text: string, endian: 'le' | 'be'): Uint8Array {
  const out = new Uint8Array(2 + text.length * 2);
  out.set(endian === 'le' ? [0xff, 0xfe] : [0xfe, 0xff]);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[2 + 2 * i + (endian === 'le' ? 0 : 1)] = c & 0xff;
    out[2 + 2 * i + (endian === 'le' ? 1 : 0)] = c >> 8;
  }
  return out;
}

describe('readInputFile: encodings and wrappers (reliability)', () => {
  it('reliability: decodes UTF-16 LE and BE by their byte-order mark, characters outside the BMP included', async () => {
    for (const endian of ['le', 'be'] as const) {
      const { trajectories, errors } = await read('t.jsonl', utf16(jsonl('a', 'b'), endian));
      expect(errors, endian).toEqual([]);
      expect(trajectories.map((t) => t.messages[1].content)).toEqual(['answer a 𝒜', 'answer b 𝒜']);
      expect(trajectories[0].source.raw).toBe(JSON.stringify(chat('a')));
    }
  });

  it('reliability: drops a UTF-8 byte-order mark', async () => {
    const { trajectories, errors } = await read('t.jsonl', new Uint8Array([0xef, 0xbb, 0xbf, ...encoder.encode(jsonl('a'))]));
    expect(errors).toEqual([]);
    expect(trajectories[0].id).toBe('a');
  });

  it('reliability: reads .jsonl.gz transparently, and names the teacher without both extensions', async () => {
    const { trajectories, errors } = await read('runs/teacher_x.jsonl.gz', gzipSync(jsonl('a', 'b', 'c')));
    expect(errors).toEqual([]);
    expect(trajectories.map((t) => [t.id, t.teacher, t.source.file, t.source.line])).toEqual([
      ['a', 'teacher_x', 'teacher_x.jsonl.gz', 1],
      ['b', 'teacher_x', 'teacher_x.jsonl.gz', 2],
      ['c', 'teacher_x', 'teacher_x.jsonl.gz', 3],
    ]);
  });

  it('reliability: a gzip file cut short keeps the records before the cut and says what happened', async () => {
    const whole = gzipSync(jsonl(...Array.from({ length: 200 }, (_, i) => `r${i}`)));
    const { trajectories, errors } = await read('t.jsonl.gz', whole.subarray(0, whole.length - 40));
    expect(trajectories.length).toBeGreaterThan(150);
    expect(errors.at(-1)).toMatchObject({ file: 't.jsonl.gz', line: 0 });
    expect(errors.at(-1)!.reason).toMatch(/^gzip error: /);
  });

  it('reliability: reads a single pretty-printed object as one record, and a file of several', async () => {
    const one = JSON.stringify(chat('only'), null, 2);
    const a = await read('one.json', encoder.encode(one + '\n'));
    expect(a.errors).toEqual([]);
    expect(a.trajectories.map((t) => [t.id, t.source.line, t.source.raw])).toEqual([['only', 1, one]]);
    const two = `${JSON.stringify(chat('x'), null, 2)}\n${JSON.stringify(chat('y'), null, 4)}`;
    const b = await read('two.json', encoder.encode(two));
    expect(b.trajectories.map((t) => [t.id, t.source.line])).toEqual([['x', 1], ['y', one.split('\n').length + 1]]);
  });

  it('reads a JSON array with the same parser as before', async () => {
    const { trajectories } = await read('a.json', encoder.encode(JSON.stringify([chat('a'), chat('b')], null, 1)));
    expect(trajectories.map((t) => t.id)).toEqual(['a', 'b']);
  });
});

describe('readInputFile: parquet written by DuckDB', () => {
  const messages = [chat('m1'), chat('m2')].map((r) => r.messages);
  const file = (name: string) => path.join(tmp, name);
  const bytes = (name: string) => new Uint8Array(fs.readFileSync(file(name)));

  it('reads a `messages` column (list of structs), ids as BIGINT, and compressed with zstd', async () => {
    await duckRun(
      `COPY (SELECT * FROM (VALUES (7::BIGINT, ${sqlJson(messages[0], 'STRUCT(role VARCHAR, content VARCHAR)[]')}), (8, ${sqlJson(messages[1], 'STRUCT(role VARCHAR, content VARCHAR)[]')})) t(id, messages))
       TO ${sqlText(file('chat.parquet'))} (FORMAT parquet, COMPRESSION zstd)`,
    );
    const { trajectories, errors } = await read('teacher_q.parquet', bytes('chat.parquet'));
    expect(errors).toEqual([]);
    expect(trajectories.map((t) => [t.id, t.teacher, t.source.line])).toEqual([['7', 'teacher_q', 1], ['8', 'teacher_q', 2]]);
    expect(trajectories[1].messages).toEqual(messages[1]);
    expect(JSON.parse(trajectories[0].source.raw)).toEqual({ id: 7, messages: messages[0] });
  });

  it('reads ShareGPT `conversations` and prompt/response columns, and reports a bad row by its row number', async () => {
    await duckRun(
      `COPY (SELECT * FROM (VALUES ('s1', ${sqlJson([{ from: 'human', value: 'q' }, { from: 'gpt', value: 'a' }], 'STRUCT("from" VARCHAR, value VARCHAR)[]')}),
                                    ('s2', ${sqlJson([{ from: 'human', value: 'q' }], 'STRUCT("from" VARCHAR, value VARCHAR)[]')})) t(id, conversations))
       TO ${sqlText(file('sharegpt.parquet'))} (FORMAT parquet)`,
      `COPY (SELECT 'u' || i AS uid, 'What is ' || i || '?' AS question, 'It is ' || i || '.' AS teacher_output, 'model-' || (i % 2) AS model FROM range(1, 4) r(i))
       TO ${sqlText(file('custom.parquet'))} (FORMAT parquet, ROW_GROUP_SIZE 2)`,
    );
    const share = await read('share.parquet', bytes('sharegpt.parquet'));
    expect(share.trajectories.map((t) => t.id)).toEqual(['s1']);
    expect(share.errors).toEqual([{ file: 'share.parquet', line: 2, reason: 'no assistant turn' }]);
    const fieldMap = { prompt: 'question', response: 'teacher_output', id: 'uid', teacher: 'model' };
    const custom = await read('custom.parquet', bytes('custom.parquet'), { fieldMap });
    expect(custom.errors).toEqual([]);
    expect(custom.trajectories.map((t) => [t.id, t.teacher, t.messages.map((m) => m.content).join(' | ')])).toEqual([
      ['u1', 'model-1', 'What is 1? | It is 1.'],
      ['u2', 'model-0', 'What is 2? | It is 2.'],
      ['u3', 'model-1', 'What is 3? | It is 3.'],
    ]);
  });

  it('reports a file that starts like parquet but is not one, as a whole-file error', async () => {
    const { trajectories, errors } = await read('broken.parquet', encoder.encode('PAR1 not really'));
    expect(trajectories).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: 'broken.parquet', line: 0 });
    expect(errors[0].reason).toMatch(/^not a readable parquet file/);
  });
});

describe('sampleRecord', () => {
  it('sampleRecord(file) is the first record, whatever the wrapper: gzipped pretty-printed JSON, UTF-16, parquet', async () => {
    const record = { uid: 'u1', question: 'q', teacher_output: 'a' };
    expect(await sampleRecord(bytesInputFile('a.json.gz', gzipSync(JSON.stringify(record, null, 2))))).toEqual(record);
    expect(await sampleRecord(bytesInputFile('a.jsonl', utf16(`${JSON.stringify(record)}\n{"uid": "u2"}\n`, 'le')))).toEqual(record);
    const parquet = path.join(tmp, 'sample.parquet');
    await duckRun(`COPY (SELECT 'u' || i AS uid, i AS n FROM range(1, 3) r(i)) TO ${sqlText(parquet)} (FORMAT parquet)`);
    expect(await sampleRecord(bytesInputFile('sample.parquet', new Uint8Array(fs.readFileSync(parquet))))).toEqual({ uid: 'u1', n: 1 });
  });

  it('sampleRecord(file) is undefined for a file with no record or one that cannot be read', async () => {
    expect(await sampleRecord(bytesInputFile('e.jsonl', encoder.encode('\n\n')))).toBeUndefined();
    expect(await sampleRecord(bytesInputFile('b.jsonl', encoder.encode('{not json')))).toBeUndefined();
    expect(await sampleRecord(bytesInputFile('b.parquet', encoder.encode('PAR1 not really')))).toBeUndefined();
  });
});

describe('teachersOfPaths', () => {
  it('teachersOfPaths(paths) names a teacher by its file, or by its folder where several folders hold the same file names (RSR_data)', () => {
    const rsrData = ['qwq-32b/short-sys_5k_gen1.json', 'qwq-32b/short-sys_5k_gen2.json', 'deepseek-r1/short-sys_5k_gen1.json'];
    expect([...teachersOfPaths(rsrData).values()]).toEqual(['qwq-32b', 'qwq-32b', 'deepseek-r1']);
    expect([...teachersOfPaths(['teacher_a.jsonl', 'more/teacher_b.jsonl.gz']).values()]).toEqual(['teacher_a', 'teacher_b']);
  });
});

/** Gzipped bytes of `before`, then `repeat` × `chunk` (never held whole), then `after`: a huge input in a small file. */
function gzipped(before: string, chunk: Uint8Array, repeat: number, after: string): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const gzip = zlib.createGzip({ level: 1 });
    const parts: Buffer[] = [];
    gzip.on('data', (d: Buffer) => parts.push(d));
    gzip.on('end', () => resolve(Buffer.concat(parts)));
    gzip.on('error', reject);
    (async () => {
      const write = (data: string | Uint8Array) => (gzip.write(data) ? undefined : new Promise((r) => gzip.once('drain', r)));
      await write(before);
      for (let i = 0; i < repeat; i++) await write(chunk);
      await write(after);
      gzip.end();
    })();
  });
}

describe('readInputFile: records past the limits (reliability)', () => {
  it('reliability: a line longer than V8’s string limit is one error, and the records after it load', async () => {
    // 2^29 characters: past the longest string V8 can make (2^29 − 24), in a gzip of under a megabyte.
    const a = new Uint8Array(2 ** 20).fill(0x61);
    const gz = await gzipped(JSON.stringify(chat('before')) + '\n{"id": "huge", "messages": "', a, 2 ** 9, '"}\n' + JSON.stringify(chat('after')) + '\n');
    const { trajectories, errors } = await read('huge.jsonl.gz', gz);
    expect(trajectories.map((t) => t.id)).toEqual(['before', 'after']);
    expect(errors).toEqual([{ file: 'huge.jsonl.gz', line: 2, reason: `the record is ${(2 ** 29 + 30).toLocaleString('en-US')} characters long, more than the ${MAX_RECORD_CHARS.toLocaleString('en-US')} one record may have: skipped, and the records after it are read` }]);
  }, 60_000);

  it('reliability: the same for an element of a JSON array and a pretty-printed object: counted, skipped, the rest loads', () => {
    const big = 'x'.repeat(300);
    const array = jsonArraySplitter({ maxChars: 200 });
    const pieces = [...array.push(`[${JSON.stringify(chat('a'))},\n{"id": "big", "t": "${big}"},`), ...array.push(`\n${JSON.stringify(chat('c'))}]`), ...array.end()];
    expect(pieces.map((p) => (p.kind === 'record' ? JSON.parse(p.raw).id : `${p.line}: ${/^the record is (\d+) characters long, more than the 200/.exec(p.reason)?.[1]}`))).toEqual(['a', `2: ${`{"id": "big", "t": "${big}"}`.length}`, 'c']);
    const lines = lineSplitter({ maxChars: 200 });
    const out = [...lines.push(`{"id": "a"}\n{"t": "${big.slice(0, 150)}`), ...lines.push(`${big.slice(150)}"}\r\n{"id": "c"}`), ...lines.end()];
    expect(out.map((p) => (p.kind === 'record' ? p.raw : `${p.line}: error`))).toEqual(['{"id": "a"}', '2: error', '{"id": "c"}']);
  });

  it('reliability: a first line of 2 MB arriving in 1 kB pieces is split in one pass (it was a pass per piece: 124 s for 32 MB)', () => {
    // Measured on this machine under load: 8 MB took 861 s before, 0.3 s after; at 2 MB, about a minute before.
    const line = JSON.stringify({ id: 'long', messages: [{ role: 'user', content: 'q' }, { role: 'assistant', content: 'y'.repeat(2 * 2 ** 20) }] });
    const started = performance.now();
    const splitter = recordSplitter();
    const pieces = [];
    for (let at = 0; at < line.length; at += 1024) pieces.push(...splitter.push(line.slice(at, at + 1024)));
    pieces.push(...splitter.push('\n{"id": "next"}\n'), ...splitter.end());
    // Linear: well under a second here. Quadratic, as before: minutes. The bound is one only that crosses.
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(pieces.map((p) => p.kind === 'record' && p.raw.length)).toEqual([line.length, 14]);
  });

  it('reliability: gzipped parquet that opens to more than 1 GiB is refused in one line, before it is opened', async () => {
    const zeros = new Uint8Array(2 ** 20);
    const gz = await gzipped('PAR1', zeros, 1100, '');
    const started = performance.now();
    const { trajectories, errors } = await read('bomb.parquet.gz', gz);
    expect(trajectories).toEqual([]);
    expect(errors).toEqual([
      { file: 'bomb.parquet.gz', line: 0, reason: `bomb.parquet.gz is gzipped parquet that opens to ${(1100 * 2 ** 20 + 4).toLocaleString('en-US')} bytes, more than the 1 GiB it may take in memory: gunzip it first (a parquet file is read by ranges from disk, and compresses its own pages)` },
    ]);
    expect(performance.now() - started, 'refused from its size, not by opening it').toBeLessThan(5_000);
  }, 60_000);

  it('reliability: a damaged row group costs its own rows, each reported, and the groups after it load', async () => {
    const file = path.join(tmp, 'groups.parquet');
    // DuckDB writes row groups of at least 2,048 rows: three groups.
    await duckRun(`COPY (SELECT 'g' || i AS id, 'question ' || i AS prompt, 'answer ' || i AS response FROM range(1, 6001) r(i)) TO ${sqlText(file)} (FORMAT parquet, ROW_GROUP_SIZE 2048, COMPRESSION zstd)`);
    const bytes = new Uint8Array(fs.readFileSync(file));
    const { parquetMetadata } = await import('hyparquet');
    const groups = parquetMetadata(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length)).row_groups;
    expect(groups.map((g) => Number(g.num_rows))).toEqual([2048, 2048, 1904]);
    // Garbage over the second group's first column chunk.
    const chunk = groups[1].columns[0].meta_data!;
    const at = Number(chunk.data_page_offset) + 20;
    bytes.fill(0xff, at, at + 64);
    const { trajectories, errors } = await read('groups.parquet', bytes);
    const ids = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `g${from + i}`);
    expect(trajectories.map((t) => t.id)).toEqual([...ids(1, 2048), ...ids(4097, 6000)]);
    expect(errors.map((e) => e.line)).toEqual(Array.from({ length: 2048 }, (_, i) => 2049 + i));
    expect(errors[0].reason).toMatch(/^row group 2 \(rows 2,049–4,096, 2,048 rows\) could not be read: /);
  });
});
