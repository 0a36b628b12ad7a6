import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StandIn, startVllmStandIn } from './vllmStandIn.fixture';

// The real CLI in a real process against stand-in vLLM servers in this one. The child runs
// asynchronously (spawn, not spawnSync), so the servers here keep answering it.
const BIN = path.resolve('bin/rsr-lens.mjs');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rsr-lens-servers-'));
const INPUT = path.join(tmp, 'parity6.jsonl');
fs.writeFileSync(INPUT, fs.readFileSync('fixtures/parity/trajectories.jsonl', 'utf8').split('\n').slice(0, 6).join('\n') + '\n');

function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

const score = (out: string, ...args: string[]) => ['score', INPUT, '--template', 'qwen', '--tokens', '--out', out, ...args];
const lines = (file: string) => fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

describe('rsr-lens score --server', () => {
  const started: StandIn[] = [];
  const standIn = async (options: Parameters<typeof startVllmStandIn>[0] = {}) => {
    const s = await startVllmStandIn(options);
    started.push(s);
    return s;
  };
  const one = path.join(tmp, 'one.jsonl');
  let oneRun: Awaited<ReturnType<typeof cli>>;
  beforeAll(async () => {
    oneRun = await cli(score(one, '--server', (await standIn()).url));
  }, 180_000);
  afterAll(async () => {
    for (const s of started) await s.close().catch(() => {});
  });

  it('scores on one server: every row, with the server in the provenance', () => {
    expect(oneRun.code, oneRun.stderr).toBe(0);
    const rows = lines(one).map((l) => JSON.parse(l));
    expect(rows).toHaveLength(6);
    expect(rows[0]).toMatchObject({ model: 'rsr-tiny-qwen3', device: 'vllm 0.10.2', dtype: 'unreported', scoring_path: 'server', avg_entropy: null });
    expect(rows[0].rank_semantics).toMatch(/^vLLM #\{≥\}/);
    expect(oneRun.stderr).toMatch(/6 trajectories scored .* with rsr-tiny-qwen3 \(unreported, vllm 0\.10\.2, server scoring, R = 100/);
    expect(oneRun.stderr).toMatch(/— by http:\/\/127\.0\.0\.1:\d+; ranks: vLLM #\{≥\}/);
  });

  it('two servers give the same output as one, even when one of them dies mid-run', async () => {
    let dying: StandIn | undefined;
    dying = await standIn({ onCompletion: (n) => n === 2 && void dying!.close() });
    const other = await standIn();
    const two = path.join(tmp, 'two.jsonl');
    const run = await cli(score(two, '--server', `${dying.url},${other.url}`, '--in-flight', '1'));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(new RegExp(`note: ${dying.url} dropped: cannot reach ${dying.url}/v1/completions: [^;]+; its work goes to the others`));
    expect(dying.completions()).toBe(2);
    expect(other.completions()).toBeGreaterThanOrEqual(5);
    expect(lines(two)).toEqual(lines(one));
  });

  it('a refused key stops before anything is scored (exit 2), and the key is taken from RSR_LENS_API_KEY', async () => {
    const locked = await standIn({ apiKey: 'sesame' });
    const wrong = await cli(score(path.join(tmp, 'wrong.jsonl'), '--server', locked.url, '--api-key', 'nope'));
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain(`rsr-lens: no server to score with: ${locked.url} refused the request (401 Unauthorized): the API key is wrong`);
    expect(locked.completions()).toBe(0);
    const right = await cli(score(path.join(tmp, 'right.jsonl'), '--server', locked.url), { RSR_LENS_API_KEY: 'sesame' });
    expect(right.code, right.stderr).toBe(0);
  });

  it('a server that cannot be reached is named (exit 2)', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const run = await cli(score(path.join(tmp, 'dead.jsonl'), '--server', url));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`rsr-lens: no server to score with: cannot reach ${url}/v1/models: ECONNREFUSED`);
  });

  it('a conversation longer than the server’s context is skipped with the reason; the others are scored (exit 1)', async () => {
    const short = await standIn({ maxModelLen: 70 });
    const out = path.join(tmp, 'short.jsonl');
    const run = await cli(score(out, '--server', short.url));
    expect(run.code, run.stderr).toBe(1);
    const kept = lines(out).map((l) => JSON.parse(l).sample_id);
    const all = lines(one).map((l) => JSON.parse(l));
    expect(kept).toEqual(all.filter((r) => Math.max(...r.resp_token_positions) + 1 <= 69).map((r) => r.sample_id));
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(6);
    expect(run.stderr).toMatch(/parity6\.jsonl:\d+ — not scored by the server: \d+ tokens up to the last response token, more than the server takes \(max_model_len 70 = prompt \+ 1\)/);
  });

  it('when the last server dies the run stops and keeps what was scored; --resume on another server completes it', async () => {
    let dying: StandIn | undefined;
    // Answers two, and goes away as the third request arrives.
    dying = await standIn({ onCompletion: (n) => n === 3 && void dying!.close() });
    const out = path.join(tmp, 'resumed.jsonl');
    const first = await cli(score(out, '--server', dying.url, '--in-flight', '1'));
    expect(first.code, first.stderr).toBe(1);
    expect(first.stderr).toMatch(new RegExp(`rsr-lens: stopped: no server is left to score with: ${dying.url} dropped: cannot reach ${dying.url}/v1/completions`));
    expect(first.stderr).toMatch(/fix the cause, then run the same command with --resume/);
    // The two answered are kept: in the journal, and written out.
    expect(lines(out)).toHaveLength(2);
    expect(lines(`${out}.partial.jsonl`)).toHaveLength(2);
    const resumed = await cli(score(out, '--server', (await standIn()).url, '--resume'));
    expect(resumed.code, resumed.stderr).toBe(0);
    // The same lines as one run; the two scored before the stop come first.
    expect([...lines(out)].sort()).toEqual([...lines(one)].sort());
  });
});
