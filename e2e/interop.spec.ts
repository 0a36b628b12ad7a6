import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, type Page, test } from '@playwright/test';
import { duckRun, sqlJson, sqlText } from '../src/core/parquet/duckDb.fixture';
import { collectRows, parityFixture, pickFiles, FIXTURES, tableStatus, type TokenData } from './helpers';

const { samples } = parityFixture();
const TRAJECTORIES = fileURLToPath(new URL('parity/trajectories.jsonl', FIXTURES));
const MODEL = 'rsr-tiny-qwen3';

/** Every scored token the heatmap of the row with this key (and id) draws. */
async function heatmapOf(page: Page, key: string, id: string): Promise<TokenData[]> {
  // Filtered to the id, so the row is among the few the virtualized table draws.
  await page.getByLabel('Filter by id').fill(id);
  await page.locator(`[data-testid="trajectory-row"][data-key="${key}"]`).click();
  await expect(page.locator('[data-testid="token"]').first()).toBeVisible();
  return page.locator('[data-testid="token"]').evaluateAll((els) =>
    els.map((e) => ({ pos: Number(e.getAttribute('data-pos')), rank: Number(e.getAttribute('data-rank')), surprisal: Number(e.getAttribute('data-surprisal')) })),
  );
}

/**
 * The reference's output folder for the parity fixture, written by DuckDB (not by the hyparquet
 * the app reads with): `data/` holds the trajectories twice (as parquet, and as JSONL), the tree
 * the first in today's schema and the second in the schema before 2026-03-13.
 */
async function outputFolder(): Promise<string> {
  const run = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rsr-lens-tree-')), 'run');
  const dirs = ['data', `_inferred_data/${MODEL}`, `_infered_data/${MODEL}`, `_sample_metrics/${MODEL}`];
  for (const d of dirs) fs.mkdirSync(path.join(run, d), { recursive: true });
  fs.copyFileSync(TRAJECTORIES, path.join(run, 'data/old.jsonl'));
  const now = samples.map((s) => `SELECT ${sqlText(s.id)} AS sample_id, ${sqlJson(s.resp_token_positions, 'BIGINT[]')} AS resp_token_positions, ${sqlJson(s.nlls.map((x) => Math.exp(-x)), 'DOUBLE[]')} AS probs, ${sqlJson(s.nlls, 'DOUBLE[]')} AS nlls, ${sqlJson(s.ranks, 'BIGINT[]')} AS ranks`);
  // The old schema: the sample's index in its file, and `tokens` as JSON text whose position is the logit row (target − 1).
  const old = samples.map((s, i) => {
    const tokens = s.resp_token_positions.map((p, j) => ({ position: p - 1, prob: Math.exp(-s.nlls[j]), nll: s.nlls[j], rank: s.ranks[j] }));
    return `SELECT ${i}::BIGINT AS sample_idx, ${sqlText(JSON.stringify(tokens))} AS tokens`;
  });
  await duckRun(
    `COPY (SELECT * FROM read_json(${sqlText(TRAJECTORIES)}, format = 'newline_delimited')) TO ${sqlText(path.join(run, 'data/trajectories.parquet'))} (FORMAT parquet)`,
    `COPY (${now.join(' UNION ALL ')}) TO ${sqlText(path.join(run, `_inferred_data/${MODEL}/trajectories.parquet`))} (FORMAT parquet)`,
    `COPY (${old.join(' UNION ALL ')}) TO ${sqlText(path.join(run, `_infered_data/${MODEL}/old.parquet`))} (FORMAT parquet)`,
  );
  fs.writeFileSync(path.join(run, `_sample_metrics/${MODEL}/trajectories.jsonl`), samples.map((s) => JSON.stringify({ sample_id: s.id, resp_token_length: s.nlls.length, avg_rank_clip: 1, avg_surprisal: 1, rank_surprisal_ratio: 1 })).join('\n') + '\n');
  fs.writeFileSync(path.join(run, `rsr_${MODEL}.tsv`), 'data_name\tavg_resp_token_length\tavg_rank_clip\tavg_surprisal\trank_surprisal_ratio\ntrajectories\t50.00000\t3.00000\t1.50000\t2.00000\n');
  return run;
}

test('a dropped output folder of the reference (DuckDB-written parquet, both schemas) draws the reference’s per-token values on the parquet and JSONL trajectories beside it', async ({ page }) => {
  const run = await outputFolder();
  await page.goto('/');
  await page.getByLabel('Choose folder…').setInputFiles(run);
  await expect(tableStatus(page)).toContainText('50 trajectories');
  const report = (file: string) => page.locator(`[data-testid="import-report"][data-file="${file}"]`);
  await expect(report(`run/_inferred_data/${MODEL}/trajectories.parquet`)).toContainText('25 imported · 25 with heatmaps', { timeout: 60_000 });
  await expect(report(`run/_infered_data/${MODEL}/old.parquet`)).toContainText('25 imported · 25 with heatmaps');
  await expect(report(`run/_sample_metrics/${MODEL}/trajectories.jsonl`)).toContainText(`not read: the same dataset's run/_inferred_data/${MODEL}/trajectories.parquet is read instead`);
  await expect(report(`run/rsr_${MODEL}.tsv`)).toContainText('the TSV keeps each dataset');

  const rows = await collectRows(page);
  expect(rows.every((r) => r.status === 'imported')).toBe(true);
  // The parquet trajectories are numbered by row, the JSONL ones by line; the last sample has two assistant turns.
  for (const [key, sample] of [
    ['run/data/trajectories.parquet:1', samples[0]],
    ['run/data/trajectories.parquet:25', samples[24]],
    ['run/data/old.jsonl:9', samples[8]],
    ['run/data/old.jsonl:25', samples[24]],
  ] as const) {
    const tokens = await heatmapOf(page, key, sample.id);
    expect(tokens.map((t) => t.pos), key).toEqual(sample.resp_token_positions);
    expect(tokens.map((t) => t.rank), key).toEqual(sample.ranks);
    tokens.forEach((t, i) => expect(Math.abs(t.surprisal - sample.nlls[i]), key).toBeLessThanOrEqual(1e-6 * Math.max(1, sample.nlls[i])));
  }
  expect(rows.find((r) => r.key === 'run/data/old.jsonl:9')?.teacher).toBe(samples[8].teacher);
});

test('a file whose fields are not recognised shows a sample record; the fields picked load it, as the CLI’s --map does', async ({ page }) => {
  const records = [
    { uid: 'u1', question: 'What is 2 + 2?', teacher_output: 'It is 4.', model: 'gpt-x' },
    { uid: 'u2', question: 'What is 3 + 3?', teacher_output: 'It is 6.', model: 'gpt-y' },
  ];
  await page.goto('/');
  await pickFiles(page, [{ name: 'custom.jsonl', text: records.map((r) => JSON.stringify(r)).join('\n') }]);
  const panel = page.getByRole('region', { name: 'Fields of custom.jsonl' });
  await expect(panel.getByLabel('Sample record')).toContainText('"teacher_output": "It is 4."');
  await expect(panel.getByRole('button', { name: 'Load with these fields' })).toBeDisabled();
  await panel.getByLabel('Prompt (text)').selectOption('question');
  await panel.getByLabel('Response (text)').selectOption('teacher_output');
  await panel.getByLabel('Id').selectOption('uid');
  await panel.getByLabel('Teacher').selectOption('model');
  await expect(panel).toContainText('--map prompt=question,response=teacher_output,id=uid,teacher=model');
  await panel.getByRole('button', { name: 'Load with these fields' }).click();
  await expect(tableStatus(page)).toContainText('2 trajectories');
  await expect(panel).toHaveCount(0);
  expect((await collectRows(page)).map((r) => [r.id, r.teacher])).toEqual([
    ['u1', 'gpt-x'],
    ['u2', 'gpt-y'],
  ]);
});
