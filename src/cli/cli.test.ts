import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

// The real CLI in a real process: exit codes, files and stderr are part of its contract.
const BIN = path.resolve('bin/rsr-lens.mjs');
const PARITY = path.resolve('fixtures/parity');
const reference = JSON.parse(fs.readFileSync(`${PARITY}/reference.json`, 'utf8'));

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const readLines = (file: string) => fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rsr-lens-cli-'));

/** Two teachers answering the same three problems, from the demo data. */
function writeTeachers(): string[] {
  return ['teacher_student', 'teacher_terse'].map((name) => {
    const lines = readLines(`public/samples/${name}.jsonl`).slice(0, 3);
    const file = path.join(tmp, `${name}.jsonl`);
    fs.writeFileSync(file, lines.join('\n') + '\n');
    return file;
  });
}

describe('rsr-lens score', () => {
  let run: ReturnType<typeof cli>;
  const out = path.join(tmp, 'parity.jsonl');
  beforeAll(() => {
    run = cli('score', `${PARITY}/trajectories.jsonl`, '--template', 'qwen', '--out', out, '--tokens');
  }, 120_000);

  it('exits 0 and writes one line per trajectory with the reference field names and provenance', () => {
    expect(run.code, run.stderr).toBe(0);
    const lines = readLines(out).map((l) => JSON.parse(l));
    expect(lines).toHaveLength(reference.samples.length);
    for (const key of ['sample_id', 'teacher', 'resp_token_length', 'avg_rank_clip', 'avg_surprisal', 'rank_surprisal_ratio', 'avg_rank', 'avg_entropy', 'model', 'dtype', 'device', 'version']) {
      expect(lines[0]).toHaveProperty(key);
    }
    expect(lines[0]).toMatchObject({ model: 'rsr-tiny-qwen3', dtype: 'fp32', device: 'cpu', version: '0.1.0', scoring_path: 'graph' });
  });

  it('its RSR equals the reference implementation within relative 1e-4', () => {
    const lines = readLines(out).map((l) => JSON.parse(l));
    lines.forEach((line, i) => {
      const ref = reference.samples[i];
      expect(line.sample_id).toBe(ref.id);
      expect(line.resp_token_length).toBe(ref.resp_token_positions.length);
      expect(Math.abs(line.rank_surprisal_ratio - ref.rank_surprisal_ratio) / ref.rank_surprisal_ratio).toBeLessThanOrEqual(1e-4);
    });
  });

  it('--tokens adds positions, surprisals, unclipped ranks and token ids', () => {
    const line = JSON.parse(readLines(out)[0]);
    const ref = reference.samples[0];
    expect(line.resp_token_positions).toEqual(ref.resp_token_positions);
    expect(line.token_ids).toEqual(ref.input_ids);
    expect(line.nlls).toHaveLength(ref.nlls.length);
    expect(line.ranks.map((r: number) => Math.min(r, 100))).toEqual(ref.ranks);
    const noisy = readLines(out).map((l) => JSON.parse(l)).find((l) => l.ranks.some((r: number) => r > 100));
    expect(noisy, 'some rank above the clip is written unclipped').toBeDefined();
  });

  it('prints the per-teacher Eq. 9 summary, best first', () => {
    const table = run.stderr.slice(run.stderr.indexOf('RSR (Eq. 9)'));
    const order = ['terse', 'paraphrase', 'student'].map((t) => table.indexOf(`\n${t} `));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(table).toContain(reference.dataset_by_teacher.terse.rank_surprisal_ratio.toFixed(4));
  });

  it('says how many tokens it scored and how fast', () => {
    const tokens = reference.samples.reduce((n: number, s: { input_ids: number[] }) => n + s.input_ids.length, 0);
    const said = run.stderr.match(/(\d+) trajectories scored \(([\d,]+) tokens in ([\d.]+) s, ([\d,]+) tokens\/s\)/);
    expect(said, run.stderr).not.toBeNull();
    expect(Number(said![1])).toBe(reference.samples.length);
    expect(Number(said![2].replaceAll(',', ''))).toBe(tokens);
    expect(Number(said![4].replaceAll(',', ''))).toBeGreaterThan(0);
  });
});

describe('rsr-lens score with bad input', () => {
  it('exits 1, lists the bad rows as file:line — reason, and still writes the good rows', () => {
    const file = path.join(tmp, 'mixed.jsonl');
    const good = readLines('public/samples/teacher_terse.jsonl').slice(0, 2);
    fs.writeFileSync(file, [good[0], '{"messages": [', good[1], '{"messages": [{"role": "user", "content": "hi"}]}'].join('\n'));
    const out = path.join(tmp, 'mixed-out.jsonl');
    const run = cli('score', file, '--out', out);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/mixed\.jsonl:2 — invalid JSON/);
    expect(run.stderr).toMatch(/mixed\.jsonl:4 — no assistant turn/);
    expect(readLines(out).map((l) => JSON.parse(l).sample_id)).toEqual(['p7-0', 'p7-1']);
  }, 60_000);

  it('reports a trajectory whose response is truncated away, scores the rest, and says that the teacher’s RSR rests on truncated rows (lines, summary, summary --json / --tsv)', () => {
    const file = path.join(tmp, 'long-prompt.jsonl');
    const answer = 'First, 3 * 4 = 12. Then 12 + 5 = 17. So the answer is 17, which we check once more: 12 + 5 = 17.';
    fs.writeFileSync(
      file,
      [
        { id: 'long-prompt', messages: [{ role: 'user', content: 'Please read carefully. '.repeat(30) }, { role: 'assistant', content: answer }] },
        { id: 'short-prompt', messages: [{ role: 'user', content: 'What is 3 * 4 + 5?' }, { role: 'assistant', content: answer }] },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n'),
    );
    const out = path.join(tmp, 'truncated.jsonl');
    const run = cli('score', file, '--max-tokens', '40', '--out', out);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('long-prompt.jsonl:1 — no response tokens within the first 40 tokens');
    const lines = readLines(out).map((l) => JSON.parse(l));
    expect(lines.map((l) => l.sample_id)).toEqual(['short-prompt']);
    expect(lines[0]).toMatchObject({ truncated: true, max_tokens: 40 });
    expect(run.stderr).toMatch(/^teacher +n +RSR \(Eq\. 9\).* max tokens +truncated$/m);
    expect(run.stderr).toMatch(/^long-prompt +1 +[\d.]+ .* 40 +1$/m);
    expect(run.stderr).toContain('these RSRs rest on truncated trajectories');
    expect(run.stderr).toContain('long-prompt: 1 of 1 trajectory cut at 40 tokens');

    const tsv = path.join(tmp, 'truncated.tsv');
    const summary = cli('summary', out, '--json', '--tsv', tsv);
    expect(summary.code, summary.stderr).toBe(0);
    expect(JSON.parse(summary.stdout)).toEqual([expect.objectContaining({ teacher: 'long-prompt', n: 1, max_tokens: 40, truncated: 1, past_context: 0 })]);
    expect(readLines(tsv)[1].split('\t').slice(-3)).toEqual(['40', '1', '0']);
    expect(summary.stderr).toContain('long-prompt: 1 of 1 trajectory cut at 40 tokens');
  }, 60_000);

  it('exits 2 on bad usage', () => {
    expect(cli().code).toBe(2);
    expect(cli('frobnicate').code).toBe(2);
    expect(cli('score').code).toBe(2);
    const clip = cli('score', 'x.jsonl', '--clip', 'many');
    expect(clip.code).toBe(2);
    expect(clip.stderr).toContain('--clip must be');
    expect(cli('score', path.join(tmp, 'does-not-exist.jsonl')).stderr).toContain('no such file');
    expect(cli('select', 'x.jsonl', '--out', 'y').stderr).toContain('exactly one of');
  });
});

describe('rsr-lens select', () => {
  let files: string[];
  let results: string;
  beforeAll(() => {
    files = writeTeachers();
    results = path.join(tmp, 'two-teachers.jsonl');
    expect(cli('score', ...files, '--out', results).code).toBe(0);
  }, 120_000);

  it('--per-problem keeps the lowest-RSR answer of each problem, as the original input lines byte for byte', () => {
    const out = path.join(tmp, 'picked.jsonl');
    const run = cli('select', results, '--per-problem', '--out', out);
    expect(run.code, run.stderr).toBe(0);
    const scored = readLines(results).map((l) => JSON.parse(l));
    const inputLines = new Map(files.flatMap((f) => readLines(f).map((l, i) => [`${path.basename(f)}:${i + 1}`, l] as const)));
    const expected = [...new Set(scored.map((s) => s.sample_id))].map((id) => {
      const best = scored.filter((s) => s.sample_id === id).sort((a, b) => a.rank_surprisal_ratio - b.rank_surprisal_ratio)[0];
      return inputLines.get(`${path.basename(best.source_file)}:${best.source_line}`);
    });
    expect(readLines(out)).toEqual(expected);
    expect(run.stderr).toMatch(/3 of 6 trajectories selected/);
  });

  it('--top N and --max-rsr X select by RSR; raw trajectory files are scored first', () => {
    const top = path.join(tmp, 'top.jsonl');
    expect(cli('select', ...files, '--top', '2', '--out', top).code).toBe(0);
    const scored = readLines(results).map((l) => JSON.parse(l)).sort((a, b) => a.rank_surprisal_ratio - b.rank_surprisal_ratio);
    expect(readLines(top).map((l) => JSON.parse(l).id)).toEqual(scored.slice(0, 2).map((s) => s.sample_id));

    const threshold = scored[3].rank_surprisal_ratio;
    const below = path.join(tmp, 'below.jsonl');
    expect(cli('select', results, '--max-rsr', String(threshold), '--out', below).code).toBe(0);
    expect(readLines(below)).toHaveLength(3);
  }, 120_000);
});
