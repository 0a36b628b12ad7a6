import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { collectRows, DEMO_COUNT, foreignRequests, loadDemo, recordRequests, scoreAll } from './helpers';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DEMO = ['teacher_noise', 'teacher_paraphrase', 'teacher_reflective', 'teacher_student', 'teacher_terse'].map((t) => `public/samples/${t}.jsonl`);

/** The CLI's RSR per teacher + id, for the same files (onnxruntime-node, the same core). */
function cliRsr(): Map<string, number> {
  const out = join(mkdtempSync(join(tmpdir(), 'rsr-e2e-')), 'cli.jsonl');
  execFileSync('npx', ['tsx', 'src/cli/main.ts', 'score', ...DEMO, '--out', out], {
    cwd: ROOT,
    stdio: 'pipe',
    env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip' },
  });
  const rows = readFileSync(out, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { sample_id: string; teacher: string; rank_surprisal_ratio: number });
  return new Map(rows.map((r) => [`${r.teacher}\u0000${r.sample_id}`, r.rank_surprisal_ratio]));
}

test('the demo data scored in the browser on WASM: every RSR equals the CLI, and nothing leaves the origin', async ({ page, baseURL }) => {
  test.setTimeout(900_000);
  const expected = cliRsr();
  expect(expected.size).toBe(DEMO_COUNT);

  const requests = recordRequests(page);
  await page.goto('/?device=wasm');
  await loadDemo(page);
  await scoreAll(page, DEMO_COUNT, 800_000);
  await expect(page.getByText(/Loaded: .*· wasm ·/)).toBeVisible();

  const all = await collectRows(page);
  expect(all).toHaveLength(DEMO_COUNT);
  for (const r of all) {
    const want = expected.get(`${r.teacher}\u0000${r.id}`);
    expect(want, `${r.teacher}/${r.id} in the CLI output`).toBeDefined();
    const got = Number(r.rsr);
    expect(Math.abs(got - want!) / Math.abs(want!), `${r.teacher}/${r.id}: browser ${got}, CLI ${want}`).toBeLessThanOrEqual(1e-4);
  }

  // Sorting by RSR orders the scored rows by the number itself.
  await page.getByRole('columnheader', { name: 'RSR' }).getByRole('button').click();
  const sorted = (await collectRows(page)).map((r) => Number(r.rsr));
  expect(sorted).toEqual([...sorted].sort((a, b) => a - b));

  expect(requests.some((r) => r.url().includes('/models/rsr-tiny-qwen3/'))).toBe(true);
  expect(foreignRequests(requests, baseURL!)).toEqual([]);
});
