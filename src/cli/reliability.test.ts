import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { duckRun, sqlJson, sqlText } from '../core/parquet/duckDb.fixture';

// The "reliability" group for the CLI (issue 13): hostile and careless input, with the real CLI in a real process.
const BIN = path.resolve('bin/rsr-lens.mjs');
const MODEL = path.resolve('public/models/rsr-tiny-qwen3');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rsr-lens-reliability-'));

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const chat = (id: string, answer = `The answer to ${id} is 4.`, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ id, ...extra, messages: [{ role: 'user', content: `What is 2 + 2? (${id})` }, { role: 'assistant', content: answer }] });
const write = (name: string, text: string | Uint8Array) => {
  const file = path.join(tmp, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
};
const records = (file: string) => fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));

/** The bundled student with one file changed: its weights and tokenizer linked, not copied. */
function studentWith(name: string, change: { config?: Record<string, unknown>; chatTemplate?: string }) {
  const dir = path.join(tmp, name);
  fs.mkdirSync(dir, { recursive: true });
  for (const f of ['onnx', 'tokenizer.json', 'generation_config.json']) fs.symlinkSync(path.join(MODEL, f), path.join(dir, f));
  const config = JSON.parse(fs.readFileSync(path.join(MODEL, 'config.json'), 'utf8'));
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ ...config, ...change.config }));
  const tokenizerConfig = JSON.parse(fs.readFileSync(path.join(MODEL, 'tokenizer_config.json'), 'utf8'));
  fs.writeFileSync(path.join(dir, 'tokenizer_config.json'), JSON.stringify({ ...tokenizerConfig, ...(change.chatTemplate && { chat_template: change.chatTemplate }) }));
  return dir;
}

describe('rsr-lens: outputs never destroy inputs (reliability)', () => {
  it('reliability: score X --out X and select X --out X exit 2 and leave X as it was', () => {
    const input = write('same.jsonl', `${chat('a')}\n${chat('b')}\n`);
    const before = fs.readFileSync(input, 'utf8');
    const score = cli('score', input, '--out', input);
    expect(score.code).toBe(2);
    expect(score.stderr).toContain(`the output ${input} is the input ${input}: writing it would destroy the input`);
    const viaOtherPath = cli('score', input, '--out', path.join(tmp, '.', 'same.jsonl'));
    expect(viaOtherPath.code).toBe(2);
    const select = cli('select', input, '--top', '1', '--out', input);
    expect(select.code).toBe(2);
    expect(fs.readFileSync(input, 'utf8')).toBe(before);
  });
});

describe('rsr-lens: hostile text and plain logs (reliability)', () => {
  it('reliability: control characters from file names, teachers and bad lines reach the terminal escaped; progress to a pipe is plain lines; a long skip list goes to a file', () => {
    const noAnswer = Array.from({ length: 60 }, (_, i) => JSON.stringify({ id: `bad-${i}`, messages: [{ role: 'user', content: 'q' }] }));
    const input = write('esc\u001b]0;pwned\u0007.jsonl', [chat('ok-1', undefined, { teacher: 'evil\u001b[2J\u001b[31m' }), '{"messages": [\u001b[31m', chat('ok-2'), ...noAnswer].join('\n'));
    const out = path.join(tmp, 'esc-out.jsonl');
    const r = cli('score', input, '--out', out);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`61 rows not scored:`);
    expect(r.stderr).toContain(`… and 11 more, all listed in ${out}.skipped.tsv`);
    const skipped = fs.readFileSync(`${out}.skipped.tsv`, 'utf8').split('\n').filter(Boolean);
    expect(skipped).toHaveLength(62);
    expect(skipped[0]).toBe('file\tline\treason');
    expect(skipped.at(-1)).toBe(`esc\u001b]0;pwned\u0007.jsonl\t63\tno assistant turn`);
    expect(r.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(r.stderr).toContain('esc\\x1b]0;pwned\\x07.jsonl:2 — invalid JSON');
    expect(r.stderr).toContain('evil\\x1b[2J\\x1b[31m');
    expect(r.stderr).not.toContain('█');
    expect(r.stderr).toMatch(/^progress \d+\.\d%  [\d,]+\/[\d,]+ tokens/m);
  }, 60_000);

  it('reliability: a teacher named as a spreadsheet formula is escaped in the TSV of `summary --tsv`', () => {
    const line = { sample_id: 'x', teacher: '=HYPERLINK("http://evil","click")', resp_token_length: 3, avg_rank_clip: 2, avg_surprisal: 1, rank_surprisal_ratio: 2 };
    const results = write('formula.jsonl', JSON.stringify(line) + '\n');
    const tsv = path.join(tmp, 'formula.tsv');
    expect(cli('summary', results, '--tsv', tsv).code).toBe(0);
    expect(fs.readFileSync(tsv, 'utf8').split('\n')[1]).toBe(`\t'=HYPERLINK("http://evil","click")\t1\t2\t2\t1\t3\t\t\t\t\t`);
  });
});

describe('rsr-lens: broken or hostile models (reliability)', () => {
  it('reliability: a chat template that builds a huge string stops with a clear error (exit 1), not a V8 crash', () => {
    const model = studentWith('huge-template', { chatTemplate: "{% set ns = namespace(s='x') %}{% for i in range(64) %}{% set ns.s = ns.s + ns.s %}{% endfor %}{{ ns.s }}" });
    const r = cli('score', write('two.jsonl', `${chat('a')}\n${chat('b')}\n`), '--model', model, '--template', 'qwen', '--out', path.join(tmp, 'huge.jsonl'));
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/rsr-lens: stopped: the student's chat template built a string of [\d,]+ \(limit 33,554,432\) while rendering one conversation; rendering stopped/);
    expect(r.stderr).not.toMatch(/FATAL|heap out of memory/i);
  }, 60_000);

  it('reliability: a conversation past max_position_embeddings is scored with a warning and the limit in its row', () => {
    const model = studentWith('short-context', { config: { max_position_embeddings: 48 } });
    const long = 'Counting on: ' + Array.from({ length: 30 }, (_, i) => String(i)).join(', ') + '.';
    const out = path.join(tmp, 'context.jsonl');
    const r = cli('score', write('context-in.jsonl', `${chat('short', '4.')}\n${chat('long', long)}\n`), '--model', model, '--template', 'qwen', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const rows = records(out);
    expect(rows.map((row) => [row.sample_id, row.max_position_embeddings])).toEqual([['short', undefined], ['long', 48]]);
    expect(r.stderr).toMatch(/1 row scored past the model’s context \(max_position_embeddings is in the row\):\n {2}context-in\.jsonl:2 — \d+ tokens, more than the model's max_position_embeddings \(48\)/);
  }, 60_000);

  it('reliability: --device cuda without onnxruntime-node’s CUDA provider says what is missing and how to install it (exit 2)', () => {
    const r = cli('score', write('one.jsonl', chat('a') + '\n'), '--device', 'cuda');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--device cuda: onnxruntime-node's CUDA provider is not installed \(no libonnxruntime_providers_cuda\.so in .*\)/);
    expect(r.stderr).toContain('(cd node_modules/onnxruntime-node && ONNXRUNTIME_NODE_INSTALL=cuda12 node script/install)');
  });
});

describe('rsr-lens score: folders and formats', () => {
  it('reads a folder recursively — RSR_data layout, UTF-16, gzip, a pretty-printed object, parquet — with teachers from the layout', async () => {
    const root = path.join(tmp, 'RSR_data');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(JSON.stringify([JSON.parse(chat('q1')), JSON.parse(chat('q2'))]), 'utf16le')]);
    write('RSR_data/qwq/short-sys_5k_gen1.json', utf16);
    write('RSR_data/qwq/short-sys_5k_gen2.json', JSON.stringify(JSON.parse(chat('q3')), null, 2));
    write('RSR_data/r1/short-sys_5k_gen1.json.gz', gzipSync(JSON.stringify([JSON.parse(chat('r1'))])));
    fs.mkdirSync(path.join(root, 'extra'), { recursive: true });
    await duckRun(
      `COPY (SELECT 'p1' AS id, ${sqlJson(JSON.parse(chat('p1')).messages, 'STRUCT(role VARCHAR, content VARCHAR)[]')} AS messages) TO ${sqlText(path.join(root, 'extra/teacher_pq.parquet'))} (FORMAT parquet)`,
    );
    const out = path.join(tmp, 'folder.jsonl');
    const r = cli('score', root, '--out', out);
    expect(r.code, r.stderr).toBe(0);
    expect(records(out).map((row) => [row.teacher, row.sample_id, row.dataset])).toEqual([
      ['teacher_pq', 'p1', 'extra__teacher_pq'],
      ['qwq', 'q1', 'qwq__short-sys_5k_gen1'],
      ['qwq', 'q2', 'qwq__short-sys_5k_gen1'],
      ['qwq', 'q3', 'qwq__short-sys_5k_gen2'],
      ['r1', 'r1', 'r1__short-sys_5k_gen1'],
    ]);
  }, 60_000);

  it('--map reads another schema; a bad --map is a usage error', () => {
    const input = write('custom.jsonl', ['a', 'b'].map((id) => JSON.stringify({ uid: id, question: `What is ${id}?`, teacher_output: `It is ${id}.`, model: 'gpt-x' })).join('\n'));
    const out = path.join(tmp, 'custom-out.jsonl');
    const r = cli('score', input, '--map', 'prompt=question,response=teacher_output,id=uid,teacher=model', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    expect(records(out).map((row) => [row.sample_id, row.teacher])).toEqual([['a', 'gpt-x'], ['b', 'gpt-x']]);
    const bad = cli('score', input, '--map', 'answer=teacher_output');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--map: "answer" is not one of id, teacher, prompt, response, system, messages, conversations');
  }, 60_000);
});
