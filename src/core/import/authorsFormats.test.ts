import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rsrTsv } from '../export/authorsLayout';
import { bytesInputFile } from '../parse/readInputFile';
import { parquetRows } from '../parquet/parquetRows';
import { duckRun, sqlJson, sqlText } from '../parquet/duckDb.fixture';
import { parseInferredData, readInferredRecord } from './parseInferredData';
import { parseRsrTsv } from './parseRsrTsv';
import { parseSampleMetrics } from './parseSampleMetrics';
import { pickResultSources, readResultSource, resultSource } from './readResultFiles';
import { resultPath } from './resultPath';

const reference = JSON.parse(fs.readFileSync(new URL('../../../fixtures/parity/reference.json', import.meta.url), 'utf8'));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rsr-lens-authors-'));
const oldTokens = (s: any) => s.resp_token_positions.map((p: number, j: number) => ({ position: p - 1, prob: Math.exp(-s.nlls[j]), nll: s.nlls[j], rank: s.ranks[j] }));

describe('the reference’s schema before 2026-03-13 (sample_idx, tokens)', () => {
  it('a parquet row, tokens as JSON text, imports with position + 1 and its sample index', async () => {
    const file = path.join(tmp, 'old.parquet');
    const select = reference.samples.slice(0, 3).map((s: any, i: number) => `SELECT ${i}::BIGINT AS sample_idx, ${sqlText(JSON.stringify(oldTokens(s)))} AS tokens`);
    await duckRun(`COPY (${select.join(' UNION ALL ')}) TO ${sqlText(file)} (FORMAT parquet)`);
    const rows = [];
    for await (const { row, record } of parquetRows(bytesInputFile('old.parquet', new Uint8Array(fs.readFileSync(file))))) rows.push(readInferredRecord(record, row, 'old'));
    expect(rows.map((r) => (typeof r === 'string' ? r : [r.id, r.sampleIndex, r.line]))).toEqual([['0', 0, 1], ['1', 1, 2], ['2', 2, 3]]);
    rows.forEach((r, i) => {
      if (typeof r === 'string') throw new Error(r);
      expect(r.respPositions).toEqual(reference.samples[i].resp_token_positions);
      expect(r.nlls).toEqual(reference.samples[i].nlls);
      expect(r.ranks).toEqual(reference.samples[i].ranks);
      expect(r.record).toEqual({ sample_idx: i });
    });
  });

  it('a JSONL line, tokens as a list, imports the same; `_sample_metrics` lines with token_length too', () => {
    const s = reference.samples[4];
    const { rows, errors } = parseInferredData(JSON.stringify({ sample_idx: 4, tokens: oldTokens(s), metadata: {} }), { teacher: 't' });
    expect(errors).toEqual([]);
    expect(rows[0]).toMatchObject({ id: '4', sampleIndex: 4, respPositions: s.resp_token_positions, nlls: s.nlls, ranks: s.ranks });
    const bad = parseInferredData('{"sample_idx": 1, "tokens": "not json"}\n{"sample_idx": 2, "tokens": [{"position": 0.5, "nll": 1, "rank": 1}]}', { teacher: 't' });
    expect(bad.errors.map((e) => e.reason)).toEqual(['"tokens" is text but not JSON', 'resp_token_positions[0] = 1.5 is not an integer']);
    const metrics = parseSampleMetrics('{"sample_idx": 3, "token_length": 41, "avg_rank_clip": 1.5, "avg_surprisal": 0.5, "rank_surprisal_ratio": 3}', { teacher: 't' });
    expect(metrics.rows[0]).toMatchObject({ id: '3', metrics: { respTokenLength: 41, rsr: 3 } });
  });

  it('today’s parquet (sample_id, resp_token_positions, probs, nlls, ranks) reads as written', async () => {
    const file = path.join(tmp, 'new.parquet');
    const s = reference.samples[0];
    await duckRun(
      `COPY (SELECT ${sqlText(s.id)} AS sample_id, ${sqlJson(s.resp_token_positions, 'BIGINT[]')} AS resp_token_positions, ${sqlJson(s.nlls, 'DOUBLE[]')} AS probs, ${sqlJson(s.nlls, 'DOUBLE[]')} AS nlls, ${sqlJson(s.ranks, 'BIGINT[]')} AS ranks) TO ${sqlText(file)} (FORMAT parquet)`,
    );
    for await (const { row, record } of parquetRows(bytesInputFile('new.parquet', new Uint8Array(fs.readFileSync(file))))) {
      expect(readInferredRecord(record, row, 't')).toMatchObject({ id: s.id, respPositions: s.resp_token_positions, nlls: s.nlls, ranks: s.ranks, record: { sample_id: s.id } });
    }
  });
});

describe('resultPath', () => {
  it('resultPath(path) reads the reference’s tree: kind, model (with tag), dataset as <dir>__<stem>', () => {
    expect(resultPath('runs/_inferred_data/qwen-7b_dev0311/RSR_data/qwq/short-sys_5k_gen1.parquet')).toEqual({ kind: 'inferred', model: 'qwen-7b_dev0311', dataset: 'RSR_data__qwq__short-sys_5k_gen1', format: 'parquet' });
    expect(resultPath('_sample_metrics/m/a/b.jsonl')).toEqual({ kind: 'sampleMetrics', model: 'm', dataset: 'a__b', format: 'jsonl' });
    expect(resultPath('_infered_data/m/a_b.jsonl')).toEqual({ kind: 'inferred', model: 'm', dataset: 'a_b', format: 'jsonl' });
    expect(resultPath('out/rsr_qwen-7b.tsv')).toEqual({ kind: 'tsv', model: 'qwen-7b' });
    expect(resultPath('_sample_metrics/m/a.parquet')).toBeUndefined();
    expect(resultPath('teacher.jsonl')).toBeUndefined();
  });
});

describe('rsr_<model>.tsv', () => {
  it('parseRsrTsv(text) reads both column names of the average length, and rsrTsv upserts and sorts as upsert_tsv does', () => {
    const old = 'data_name\tavg_token_length\tavg_rank_clip\tavg_surprisal\trank_surprisal_ratio\nb\t10.00000\t2.00000\t1.00000\t2.00000\na\t\t1\t1\t1\n';
    expect(parseRsrTsv(old).rows.map((r) => [r.dataName, r.avgRespTokenLength, r.rsr])).toEqual([['b', 10, 2], ['a', NaN, 1]]);
    const summary = { teacher: 'b', n: 2, rsr: 4.123456, avgRankClip: 8, avgRank: NaN, avgSurprisal: 2, avgEntropy: NaN, avgLength: 5 };
    expect(rsrTsv([summary, { ...summary, teacher: '=c' }], old)).toBe(
      'data_name\tavg_resp_token_length\tavg_rank_clip\tavg_surprisal\trank_surprisal_ratio\tinfer_seconds\tmetrics_seconds\n' +
        "'=c\t5.00000\t8.00000\t2.00000\t4.12346\t\t\n" +
        'a\t\t1.00000\t1.00000\t1.00000\t\t\n' +
        'b\t5.00000\t8.00000\t2.00000\t4.12346\t\t\n',
    );
  });
});

describe('readResultFiles', () => {
  it('resultSource and pickResultSources read a dropped tree from (relative path, bytes): each dataset once, trajectories ignored', async () => {
    const enc = new TextEncoder();
    const s = reference.samples[0];
    const files = [
      ['out/_sample_metrics/m/d.jsonl', JSON.stringify({ sample_id: s.id, resp_token_length: s.ranks.length, avg_rank_clip: s.avg_rank_clip, avg_surprisal: s.avg_surprisal, rank_surprisal_ratio: s.rank_surprisal_ratio })],
      ['out/_inferred_data/m/d.jsonl', JSON.stringify({ sample_id: s.id, resp_token_positions: s.resp_token_positions, nlls: s.nlls, ranks: s.ranks, metadata: {} })],
      ['teacher_a.jsonl', JSON.stringify({ id: 'x', messages: [{ role: 'user', content: 'q' }, { role: 'assistant', content: 'a' }] })],
    ].map(([name, text]) => bytesInputFile(name, enc.encode(text + '\n')));
    const sources = (await Promise.all(files.map((f) => resultSource(f)))).filter((x) => x !== undefined);
    expect(sources.map((x) => [x.file.name, x.kind, x.model, x.teacher])).toEqual([
      ['out/_sample_metrics/m/d.jsonl', 'metrics', 'm', 'd'],
      ['out/_inferred_data/m/d.jsonl', 'inferred', 'm', 'd'],
    ]);
    const [picked] = pickResultSources(sources);
    expect(pickResultSources(sources)).toHaveLength(1);
    const items = [];
    for await (const item of readResultSource(picked)) items.push(item);
    expect(items).toMatchObject([{ kind: 'metrics', model: 'm', row: { id: s.id, teacher: 'd', metrics: { rsr: s.rank_surprisal_ratio } } }]);
    const inferred = [];
    for await (const item of readResultSource(sources[1])) inferred.push(item);
    expect(inferred).toMatchObject([{ kind: 'inferred', model: 'm', row: { id: s.id, respPositions: s.resp_token_positions } }]);
  });

  it('resultSource knows results by their bytes wherever they lie: an old-schema file outside the tree belongs to the dataset of its stem; both kinds in one line read as asked', async () => {
    const enc = new TextEncoder();
    const s = reference.samples[0];
    const old = bytesInputFile('run/old_schema/teacher_terse.jsonl', enc.encode(JSON.stringify({ sample_idx: 0, tokens: oldTokens(s) }) + '\n'));
    expect(await resultSource(old)).toMatchObject({ kind: 'inferred', teacher: 'teacher_terse', dataset: 'teacher_terse' });
    expect((await resultSource(old))?.model).toBeUndefined();
    const ours = bytesInputFile('results.jsonl', enc.encode(JSON.stringify({ sample_id: s.id, resp_token_length: 2, avg_rank_clip: 1, avg_surprisal: 1, nlls: [1, 1], ranks: [1, 1], resp_token_positions: [3, 4] }) + '\n'));
    expect((await resultSource(ours))?.kind).toBe('metrics');
    expect((await resultSource(ours, { prefer: 'inferred' }))?.kind).toBe('inferred');
    expect((await resultSource(ours))?.dataset).toBeUndefined();
  });
});
