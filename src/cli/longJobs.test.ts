import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { duckRows, sqlText } from '../core/parquet/duckDb.fixture';

// Scoring at cluster scale, with the real CLI in real processes: parquet and the reference's layout
// read back by another engine (DuckDB), interrupted runs resumed, shards merged.
const BIN = path.resolve('bin/rsr-lens.mjs');
const PARITY = path.resolve('fixtures/parity/trajectories.jsonl');
const reference = JSON.parse(fs.readFileSync('fixtures/parity/reference.json', 'utf8'));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rsr-lens-jobs-'));
const SCORE = ['score', PARITY, '--template', 'qwen'];

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const lines = (file: string) => fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
const records = (file: string) => lines(file).map((l) => JSON.parse(l));
const countLines = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').length - 1 : 0);

/**
 * Starts `score`, waits until its journal holds `after` complete results, then sends `signal`.
 * Resolves with the exit code (null when killed) and stderr.
 */
function interruptAfter(args: string[], journal: string, after: number, signal: NodeJS.Signals) {
  return new Promise<{ code: number | null; stderr: string; linesAtSignal: number }>((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let linesAtSignal = -1;
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setInterval(() => {
      if (linesAtSignal < 0 && countLines(journal) >= after) {
        linesAtSignal = countLines(journal);
        child.kill(signal);
      }
    }, 20);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(timer);
      resolve({ code, stderr, linesAtSignal });
    });
  });
}

const n = reference.samples.length;
let one: ReturnType<typeof records>;

beforeAll(() => {
  const r = cli(...SCORE, '--out', path.join(tmp, 'one.jsonl'));
  expect(r.code, r.stderr).toBe(0);
  one = records(path.join(tmp, 'one.jsonl'));
}, 120_000);

describe('rsr-lens score --out results.parquet and --out-dir, read back by DuckDB', () => {
  const tree = path.join(tmp, 'tree');
  const parquet = path.join(tmp, 'results.parquet');
  beforeAll(() => {
    const r = cli(...SCORE, '--out', parquet, '--out-dir', tree);
    expect(r.code, r.stderr).toBe(0);
  }, 120_000);

  it('our parquet has the reference’s per-token columns and equals the JSONL of the same run, row for row', async () => {
    const rows = await duckRows(`SELECT * FROM read_parquet(${sqlText(parquet)})`);
    expect(rows).toHaveLength(n);
    rows.forEach((row, i) => {
      const ref = reference.samples[i];
      expect(row.sample_id).toBe(ref.id);
      expect(row.resp_token_positions).toEqual(ref.resp_token_positions);
      expect((row.ranks as number[]).map((r) => Math.min(r, 100))).toEqual(ref.ranks);
      expect(row.token_ids).toEqual(ref.input_ids);
      expect((row.probs as number[]).every((p, j) => Math.abs(p - Math.exp(-(row.nlls as number[])[j])) < 1e-15)).toBe(true);
      // Everything else as in the JSONL of a plain run.
      for (const key of ['teacher', 'resp_token_length', 'avg_rank_clip', 'avg_surprisal', 'rank_surprisal_ratio', 'model', 'dtype', 'rank_clip', 'content_hash', 'source_line']) {
        expect(row[key], key).toEqual(one[i][key]);
      }
    });
  });

  it('select reads our parquet results as it reads JSONL ones, and writes the original input lines', () => {
    const [fromParquet, fromJsonl] = ['pq', 'jsonl'].map((name) => path.join(tmp, `top-${name}.jsonl`));
    expect(cli('select', parquet, '--top', '3', '--out', fromParquet).code).toBe(0);
    expect(cli('select', path.join(tmp, 'one.jsonl'), '--top', '3', '--out', fromJsonl).code).toBe(0);
    expect(lines(fromParquet)).toEqual(lines(fromJsonl));
    const input = new Set(lines(PARITY));
    expect(lines(fromParquet).every((l) => input.has(l))).toBe(true);
  });

  it('--out-dir writes the reference’s layout, which DuckDB reads with the reference’s types and clipped ranks', async () => {
    const inferred = path.join(tree, '_inferred_data/rsr-tiny-qwen3/trajectories.parquet');
    const types = await duckRows(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet(${sqlText(inferred)}))`);
    expect(types).toEqual([
      { column_name: 'sample_id', column_type: 'VARCHAR' },
      { column_name: 'resp_token_positions', column_type: 'BIGINT[]' },
      { column_name: 'probs', column_type: 'DOUBLE[]' },
      { column_name: 'nlls', column_type: 'DOUBLE[]' },
      { column_name: 'ranks', column_type: 'BIGINT[]' },
    ]);
    const rows = await duckRows(`SELECT sample_id, resp_token_positions, ranks FROM read_parquet(${sqlText(inferred)})`);
    expect(rows.map((r) => [r.sample_id, r.resp_token_positions, r.ranks])).toEqual(reference.samples.map((s: any) => [s.id, s.resp_token_positions, s.ranks]));
    const metrics = await duckRows(`SELECT * FROM read_json(${sqlText(path.join(tree, '_sample_metrics/rsr-tiny-qwen3/trajectories.jsonl'))})`);
    expect(Object.keys(metrics[0])).toEqual(['sample_id', 'resp_token_length', 'avg_rank_clip', 'avg_surprisal', 'rank_surprisal_ratio']);
    expect(metrics.map((m) => m.rank_surprisal_ratio)).toEqual(one.map((r) => r.rank_surprisal_ratio));
    const tsv = await duckRows(`SELECT * FROM read_csv(${sqlText(path.join(tree, 'rsr_rsr-tiny-qwen3.tsv'))}, delim = '\t', header = true)`);
    expect(tsv).toHaveLength(1);
    expect(tsv[0].data_name).toBe('trajectories');
  });
});

describe('rsr-lens score, interrupted and resumed (reliability)', () => {
  it('reliability: Ctrl-C stops cleanly: exit 130, a valid output of what was scored, the summary; --resume then equals one run', async () => {
    const out = path.join(tmp, 'int.jsonl');
    const journal = `${out}.partial.jsonl`;
    const stopped = await interruptAfter([...SCORE, '--out', out], journal, 3, 'SIGINT');
    expect(stopped.code, stopped.stderr).toBe(130);
    const partial = records(out);
    expect(partial.length).toBeGreaterThanOrEqual(3);
    expect(partial.length).toBeLessThan(n);
    expect(partial).toEqual(one.slice(0, partial.length));
    expect(stopped.stderr).toContain('RSR (Eq. 9)');
    expect(stopped.stderr).toMatch(/interrupted: .*int\.jsonl holds what was scored; run the same command with --resume to continue/);
    const resumed = cli(...SCORE, '--out', out, '--resume');
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(`${n - partial.length} trajectories scored`);
    expect(resumed.stderr).toContain(`; ${partial.length} were already scored`);
    expect(lines(out)).toEqual(lines(path.join(tmp, 'one.jsonl')));
    expect(fs.existsSync(journal)).toBe(false);
  }, 120_000);

  it('reliability: a SIGKILL leaves whole lines plus at most one partial one, which --resume drops; the result equals one run', async () => {
    const out = path.join(tmp, 'killed.jsonl');
    const journal = `${out}.partial.jsonl`;
    const killed = await interruptAfter([...SCORE, '--out', out], journal, 2, 'SIGKILL');
    expect(killed.code).toBeNull();
    expect(fs.existsSync(out)).toBe(false);
    const text = fs.readFileSync(journal, 'utf8');
    const whole = text.slice(0, text.lastIndexOf('\n') + 1);
    for (const line of whole.split('\n').filter(Boolean)) expect(() => JSON.parse(line)).not.toThrow();
    // The kill landed between writes here; a kill inside one leaves half a line, as this one.
    fs.writeFileSync(journal, whole + JSON.stringify(one[5]).slice(0, 77));
    const again = cli(...SCORE, '--out', out);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('holds the results of an interrupted run: add --resume to continue it');
    const resumed = cli(...SCORE, '--out', out, '--resume');
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain('dropped a partial last line');
    expect(lines(out)).toEqual(lines(path.join(tmp, 'one.jsonl')));
  }, 120_000);

  it('--resume refuses to continue a file scored with other settings', () => {
    const r = cli(...SCORE, '--out', path.join(tmp, 'one.jsonl'), '--resume', '--clip', '50');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('was scored with rank_clip 100, this run uses 50');
  });
});

describe('rsr-lens score --shard I/N', () => {
  it('two shards are disjoint, together equal one run, and `summary` of both equals the summary of one run', () => {
    const shards = ['1/2', '2/2'].map((s, i) => {
      const out = path.join(tmp, `shard${i + 1}.jsonl`);
      const r = cli(...SCORE, '--shard', s, '--out', out);
      expect(r.code, r.stderr).toBe(0);
      return out;
    });
    const [a, b] = shards.map(records);
    expect(a.length).toBeGreaterThan(0);
    expect(b.length).toBeGreaterThan(0);
    const merged = [...a, ...b].sort((x, y) => x.source_line - y.source_line);
    expect(merged).toEqual(one);
    const picked = ['together', 'single'].map((name) => path.join(tmp, `picked-${name}.jsonl`));
    expect(cli('select', ...shards, '--per-problem', '--out', picked[0]).code).toBe(0);
    expect(cli('select', path.join(tmp, 'one.jsonl'), '--per-problem', '--out', picked[1]).code).toBe(0);
    // The same trajectories; in the order their results came.
    expect(lines(picked[0]).sort()).toEqual(lines(picked[1]).sort());
    const together = cli('summary', ...shards, '--json');
    const single = cli('summary', path.join(tmp, 'one.jsonl'), '--json');
    expect(together.code, together.stderr).toBe(0);
    // The same sums in another order: equal to the last bits of float64, not bit for bit.
    const [x, y] = [together, single].map((r) => JSON.parse(r.stdout) as Record<string, number | string>[]);
    expect(x.map((s) => [s.teacher, s.n])).toEqual(y.map((s) => [s.teacher, s.n]));
    x.forEach((s, i) => {
      for (const key of ["rank_surprisal_ratio", "avg_rank_clip", "avg_surprisal", "avg_resp_token_length"]) expect(s[key] as number).toBeCloseTo(y[i][key] as number, 12);
    });
  }, 120_000);
});
