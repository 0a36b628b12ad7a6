import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { collectRows, DEMO_COUNT, foreignRequests, heatmapTokens, loadDemo, recordRequests, scoreAll } from './helpers';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DEMO = ['teacher_noise', 'teacher_paraphrase', 'teacher_reflective', 'teacher_student', 'teacher_terse'].map((t) => `public/samples/${t}.jsonl`);
const CLIP = 100;

interface CliRow {
  sample_id: string;
  teacher: string;
  rank_surprisal_ratio: number;
  resp_token_length: number;
  resp_token_positions: number[];
  nlls: number[];
  ranks: number[];
  token_ids: number[];
}

/** The CLI's rows, per-token scores included, for the same files (onnxruntime-node, the same core). */
function cliRows(): Map<string, CliRow> {
  const out = join(mkdtempSync(join(tmpdir(), 'rsr-e2e-')), 'cli.jsonl');
  execFileSync('npx', ['tsx', 'src/cli/main.ts', 'score', ...DEMO, '--tokens', '--out', out], {
    cwd: ROOT,
    stdio: 'pipe',
    env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip' },
  });
  const rows = readFileSync(out, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as CliRow);
  return new Map(rows.map((r) => [`${r.teacher}\u0000${r.sample_id}`, r]));
}

test('the demo data scored in the browser on WASM: every RSR equals the CLI, and nothing leaves the origin', async ({ page, baseURL }) => {
  test.setTimeout(900_000);
  const expected = cliRows();
  expect(expected.size).toBe(DEMO_COUNT);

  const requests = recordRequests(page);
  await page.goto('/?device=wasm');
  await loadDemo(page);
  await scoreAll(page, DEMO_COUNT, 800_000);
  await expect(page.getByText(/Loaded: .*· wasm ·/)).toBeVisible();
  // The worker's own account of the run: every trajectory, the CLI's conversation tokens, a rate.
  const lastRun = page.getByTestId('last-run');
  await expect(lastRun).toHaveAttribute('data-trajectories', String(DEMO_COUNT));
  await expect(lastRun).toHaveAttribute('data-tokens', String([...expected.values()].reduce((a, r) => a + r.token_ids.length, 0)));
  await expect(lastRun).toContainText(/tokens\/s on wasm/);

  const all = await collectRows(page);
  expect(all).toHaveLength(DEMO_COUNT);
  const off = all
    .map((r) => {
      const cli = expected.get(`${r.teacher}\u0000${r.id}`);
      const browser = Number(r.rsr);
      return { id: r.id, teacher: r.teacher, browser, cli: cli?.rank_surprisal_ratio, rel: cli ? Math.abs(browser - cli.rank_surprisal_ratio) / cli.rank_surprisal_ratio : NaN };
    })
    .filter((d) => !(d.rel <= 1e-4));

  // DESIGN's parity rule: at a float32 near-tie another logit sits within ~1e-6 of the target's and
  // ONNX Runtime's Node and WASM builds may rank it off by one. That alone may move a row's RSR
  // past 1e-4 (one clipped rank in a sum of a few thousand); it is allowed on at most 0.05% of
  // tokens, with every surprisal still within 2e-4 nats. Anything else is a failure.
  const totalTokens = [...expected.values()].reduce((a, r) => a + r.resp_token_length, 0);
  let nearTies = 0;
  const unexplained: unknown[] = [];
  for (const d of off) {
    const cli = expected.get(`${d.teacher}\u0000${d.id}`);
    if (!cli) {
      unexplained.push({ ...d, why: 'not in the CLI output' });
      continue;
    }
    const tokens = await heatmapTokens(page, d.id, d.teacher);
    const samePositions = tokens.map((t) => t.pos).join() === cli.resp_token_positions.join();
    const worstS = Math.max(...tokens.map((t, i) => Math.abs(t.surprisal - cli.nlls[i])));
    const rankOff = tokens.map((t, i) => Math.abs(Math.min(t.rank, CLIP) - Math.min(cli.ranks[i], CLIP))).filter((x) => x > 0);
    nearTies += rankOff.length;
    if (!samePositions || !(worstS <= 2e-4) || rankOff.some((x) => x > 1)) unexplained.push({ ...d, samePositions, worstS, rankOff });
  }
  expect(unexplained, 'rows whose browser RSR differs from the CLI beyond a near-tie rank').toEqual([]);
  expect(nearTies, `off-by-one clipped ranks among ${totalTokens} tokens`).toBeLessThanOrEqual(Math.ceil(totalTokens * 0.0005));

  // Sorting by RSR orders the scored rows by the number itself.
  await page.getByRole('columnheader', { name: 'RSR' }).getByRole('button').click();
  const sorted = (await collectRows(page)).map((r) => Number(r.rsr));
  expect(sorted).toEqual([...sorted].sort((a, b) => a - b));

  expect(requests.some((r) => r.url().includes('/models/rsr-tiny-qwen3/'))).toBe(true);
  expect(foreignRequests(requests, baseURL!)).toEqual([]);
});
