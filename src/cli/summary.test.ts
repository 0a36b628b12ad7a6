import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { duckRun, sqlJson, sqlText } from '../core/parquet/duckDb.fixture';

// The reference's output tree, written by DuckDB (not by our writer) in the reference's exact
// schemas — today's and the one before 2026-03-13 — from the parity fixture's reference numbers.
const BIN = path.resolve('bin/rsr-lens.mjs');
const reference = JSON.parse(fs.readFileSync('fixtures/parity/reference.json', 'utf8'));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rsr-lens-summary-'));
const tree = path.join(tmp, 'outputs');

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

type Sample = { id: string; teacher: string; resp_token_positions: number[]; nlls: number[]; ranks: number[]; avg_rank_clip: number; avg_surprisal: number; rank_surprisal_ratio: number };
const samplesOf = (teacher: string): Sample[] => reference.samples.filter((s: Sample) => s.teacher === teacher);
const file = (rel: string) => {
  fs.mkdirSync(path.dirname(path.join(tree, rel)), { recursive: true });
  return sqlText(path.join(tree, rel));
};
const union = (rows: string[]) => rows.join(' UNION ALL ');

/** Today's `_inferred_data` row (save_inference_results): sample_id, resp_token_positions, probs, nlls, ranks. */
const inferredRow = (s: Sample) =>
  `SELECT ${sqlText(s.id)} AS sample_id, ${sqlJson(s.resp_token_positions, 'BIGINT[]')} AS resp_token_positions, ${sqlJson(s.nlls.map((x) => Math.exp(-x)), 'DOUBLE[]')} AS probs, ${sqlJson(s.nlls, 'DOUBLE[]')} AS nlls, ${sqlJson(s.ranks, 'BIGINT[]')} AS ranks`;
/** The old schema's tokens: position is the logit row, one before the token. */
const oldTokens = (s: Sample) => s.resp_token_positions.map((p, j) => ({ position: p - 1, prob: Math.exp(-s.nlls[j]), nll: s.nlls[j], rank: s.ranks[j] }));

beforeAll(async () => {
  await duckRun(
    // Today's schema, parquet (the reference's default) and JSONL (JSONL rows also carry "metadata").
    `COPY (${union(samplesOf('student').map(inferredRow))}) TO ${file('_inferred_data/rsr-tiny-qwen3/synthetic/student.parquet')} (FORMAT parquet)`,
    `COPY (${union(samplesOf('paraphrase').map((s) => `${inferredRow(s)}, {'x': 1} AS metadata`))}) TO ${file('_inferred_data/rsr-tiny-qwen3/synthetic/paraphrase.jsonl')} (FORMAT json)`,
    // Before 2026-03-13: `_infered_data`, flat `<data_name>.parquet`, sample_idx and tokens as JSON text.
    `COPY (${union(samplesOf('terse').map((s, i) => `SELECT ${i}::BIGINT AS sample_idx, ${sqlText(JSON.stringify(oldTokens(s)))} AS tokens`))}) TO ${file('_infered_data/rsr-tiny-qwen3/synthetic_terse.parquet')} (FORMAT parquet)`,
    // ... and as JSONL, where tokens is a list of objects.
    `COPY (${union(samplesOf('student').map((s, i) => `SELECT ${i}::BIGINT AS sample_idx, ${sqlJson(oldTokens(s), 'STRUCT(position BIGINT, prob DOUBLE, nll DOUBLE, rank BIGINT)[]')} AS tokens`))}) TO ${file('_infered_data/old-student/synthetic_student.jsonl')} (FORMAT json)`,
    // Per-sample metrics for the student dataset too: the summary must count it once, from these.
    `COPY (${union(samplesOf('student').map((s) => `SELECT ${sqlText(s.id)} AS sample_id, ${s.ranks.length} AS resp_token_length, ${s.avg_rank_clip}::DOUBLE AS avg_rank_clip, ${s.avg_surprisal}::DOUBLE AS avg_surprisal, ${s.rank_surprisal_ratio}::DOUBLE AS rank_surprisal_ratio`))}) TO ${file('_sample_metrics/rsr-tiny-qwen3/synthetic/student.jsonl')} (FORMAT json)`,
    // The TSV: aggregates only; a dataset present only there is shown without n.
    `COPY (SELECT 'synthetic__student' AS data_name, 40.9 AS avg_resp_token_length, 1.22321 AS avg_rank_clip, 0.14566 AS avg_surprisal, 8.39764 AS rank_surprisal_ratio, 1.5 AS infer_seconds, 0.01 AS metrics_seconds
           UNION ALL SELECT 'synthetic__only_tsv', 12.0, 3.0, 1.5, 2.0, NULL, NULL) TO ${file('rsr_rsr-tiny-qwen3.tsv')} (FORMAT csv, DELIMITER '\t', HEADER)`,
  );
}, 60_000);

describe('rsr-lens summary over the reference’s output tree', () => {
  it('reproduces the reference’s dataset_by_teacher from either schema, parquet and JSONL, each dataset counted once', () => {
    const r = cli('summary', tree, '--json');
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as Record<string, any>[];
    const byName = new Map(rows.map((row) => [`${row.model}/${row.teacher}`, row]));
    expect([...byName.keys()].sort()).toEqual([
      'old-student/synthetic_student',
      'rsr-tiny-qwen3/synthetic__only_tsv',
      'rsr-tiny-qwen3/synthetic__paraphrase',
      'rsr-tiny-qwen3/synthetic__student',
      'rsr-tiny-qwen3/synthetic_terse',
    ]);
    for (const [name, teacher] of [
      ['rsr-tiny-qwen3/synthetic__student', 'student'],
      ['rsr-tiny-qwen3/synthetic__paraphrase', 'paraphrase'],
      ['rsr-tiny-qwen3/synthetic_terse', 'terse'],
      ['old-student/synthetic_student', 'student'],
    ]) {
      const got = byName.get(name)!;
      const want = reference.dataset_by_teacher[teacher];
      expect(got.n, name).toBe(want.n);
      expect(got.rank_surprisal_ratio, name).toBeCloseTo(want.rank_surprisal_ratio, 12);
      expect(got.avg_rank_clip, name).toBeCloseTo(want.avg_rank_clip, 12);
      expect(got.avg_surprisal, name).toBeCloseTo(want.avg_surprisal, 12);
      const lengths = samplesOf(teacher).map((s) => s.ranks.length);
      expect(got.avg_resp_token_length, name).toBeCloseTo(lengths.reduce((a, b) => a + b, 0) / lengths.length, 12);
    }
    expect(byName.get('rsr-tiny-qwen3/synthetic__only_tsv')).toEqual({
      model: 'rsr-tiny-qwen3',
      teacher: 'synthetic__only_tsv',
      n: null,
      rank_surprisal_ratio: 2,
      avg_rank_clip: 3,
      avg_surprisal: 1.5,
      avg_resp_token_length: 12,
      // The reference's outputs do not say how their trajectories were cut.
      max_tokens: null,
      truncated: null,
      past_context: null,
    });
  });

  it('prints the table best first per student and writes --tsv', () => {
    const out = path.join(tmp, 'summary.tsv');
    const r = cli('summary', tree, '--tsv', out);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^student +teacher +n +RSR \(Eq\. 9\)/);
    const order = ['synthetic__only_tsv', 'synthetic_terse', 'synthetic__paraphrase', 'synthetic__student'].map((t) => r.stdout.indexOf(` ${t} `));
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const tsv = fs.readFileSync(out, 'utf8').split('\n');
    expect(tsv[0]).toBe('model\tteacher\tn\trank_surprisal_ratio\tavg_rank_clip\tavg_surprisal\tavg_resp_token_length\tavg_rank\tavg_entropy\tmax_tokens\ttruncated\tpast_context');
    expect(tsv).toHaveLength(5 + 2);
  });

  it('reports a broken line by file and line, and still summarises the rest (exit 1)', () => {
    const dir = path.join(tmp, 'broken');
    fs.mkdirSync(path.join(dir, '_sample_metrics/m'), { recursive: true });
    fs.writeFileSync(
      path.join(dir, '_sample_metrics/m/d.jsonl'),
      '{"sample_id": "a", "resp_token_length": 2, "avg_rank_clip": 2, "avg_surprisal": 1, "rank_surprisal_ratio": 2}\n{"sample_id": "b", "avg_rank_clip": 1}\n',
    );
    const r = cli('summary', dir, '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)[0]).toMatchObject({ model: 'm', teacher: 'd', n: 1, rank_surprisal_ratio: 2 });
    expect(r.stderr).toMatch(/_sample_metrics\/m\/d\.jsonl:2 — missing "resp_token_length"/);
  });
});
